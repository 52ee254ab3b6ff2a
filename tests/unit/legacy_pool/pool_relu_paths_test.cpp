// The legacy pooling and ReLU DSP paths (four channels / lanes per word) against their portable
// paths: random shapes, offsets and sizes, edge values (-128, 127, -1, 0), in place and not, guard
// bytes around every output, the input left unchanged. The portable paths are checked against
// hand-computed and independent references in tests/unit/legacy/pool_activation_test.cpp.
#include <cstring>
#include <initializer_list>

#include "cmnn/legacy/activations.h"
#include "cmnn/legacy/pooling.h"
#include "test.h"
#include "test_data.h"

using namespace cmnn;
using namespace cmnn::legacy;
using test::Xorshift32;

namespace {

bool dsp_runnable() { return isa_runnable(Isa::kDsp); }

// Mostly uniform bytes, a quarter of them edge values.
int32_t edge_or_uniform(Xorshift32& rng, int32_t lo, int32_t hi) {
  if (rng.next() % 4 != 0) return rng.pick(lo, hi);
  const int32_t edges[] = {lo, hi, -1, 0, 1, lo + 1};
  return edges[rng.next() % 6];
}

// A shape whose every window keeps a pixel: pad < ker, last window starts inside the image.
PoolShape random_shape(Xorshift32& rng, int max_dim, int max_ker, int max_ch) {
  PoolShape s{};
  s.in_x = rng.pick(1, max_dim);
  s.in_y = rng.pick(1, max_dim);
  s.ch = rng.pick(1, max_ch);
  s.ker_x = rng.pick(1, max_ker);
  s.ker_y = rng.pick(1, max_ker);
  s.stride_x = rng.pick(1, 3);
  s.stride_y = rng.pick(1, 3);
  s.pad_x = rng.pick(0, s.ker_x - 1);
  s.pad_y = rng.pick(0, s.ker_y - 1);
  s.out_x = (s.in_x + s.pad_x - 1) / s.stride_x + 1;
  s.out_y = (s.in_y + s.pad_y - 1) / s.stride_y + 1;
  return s;
}

enum class Pool { kMax, kAvgExact, kAvgSeparable };

Status run_pool(Pool kind, const PoolShape& s, const q7_t* in, q7_t* out, Path path) {
  if (kind == Pool::kMax) return maxpool_q7_hwc(s, in, out, path);
  return avepool_q7_hwc(s, in, out, kind == Pool::kAvgExact ? AvgRounding::kExact : AvgRounding::kSeparable, path);
}

// Runs both paths on one shape; returns false (after reporting) on any difference.
bool compare_pool(Pool kind, const PoolShape& s, Xorshift32& rng, int32_t fill_lo, int32_t fill_hi) {
  const size_t mark = test::arena_mark();
  const size_t in_n = static_cast<size_t>(s.in_x) * s.in_y * s.ch, out_n = static_cast<size_t>(s.out_x) * s.out_y * s.ch;
  // One byte of offset makes the 32-bit loads and stores unaligned half of the time.
  const size_t skew = rng.next() % 2;
  auto* in = reinterpret_cast<q7_t*>(test::guarded_alloc(in_n + skew)) + skew;
  auto* copy = test::arena_alloc<q7_t>(in_n);
  auto* expected = reinterpret_cast<q7_t*>(test::guarded_alloc(out_n));
  auto* actual = reinterpret_cast<q7_t*>(test::guarded_alloc(out_n + skew)) + skew;
  bool ok = in != nullptr && copy != nullptr && expected != nullptr && actual != nullptr;
  EXPECT_TRUE(ok);
  if (ok) {
    for (size_t i = 0; i < in_n; ++i) in[i] = static_cast<q7_t>(edge_or_uniform(rng, fill_lo, fill_hi));
    std::memcpy(copy, in, in_n);
    EXPECT_EQ(run_pool(kind, s, in, expected, Path::kPortable), Status::kOk);
    EXPECT_EQ(run_pool(kind, s, in, actual, Path::kDsp), Status::kOk);
    const bool same = std::memcmp(expected, actual, out_n) == 0;
    const bool guards = test::guards_intact(reinterpret_cast<uint8_t*>(actual - skew), out_n + skew);
    const bool untouched = std::memcmp(in, copy, in_n) == 0;
    EXPECT_TRUE(same);
    EXPECT_TRUE(guards);
    EXPECT_TRUE(untouched);
    if (!same || !guards || !untouched) {
      platform::print("  pool kind %d in %dx%dx%d ker %dx%d pad %d,%d stride %d,%d out %dx%d\n", static_cast<int>(kind),
                      s.in_x, s.in_y, s.ch, s.ker_x, s.ker_y, s.pad_x, s.pad_y, s.stride_x, s.stride_y, s.out_x,
                      s.out_y);
      ok = false;
    }
  }
  test::arena_rewind(mark);
  return ok;
}

}  // namespace

TEST(legacy_pool_paths, dsp_unsupported_without_dsp) {
  if (dsp_runnable()) SKIP("the DSP path runs in this build");
  const PoolShape s{2, 2, 4, 2, 2, 0, 0, 2, 2, 1, 1};
  q7_t in[16] = {}, out[4];
  EXPECT_EQ(maxpool_q7_hwc(s, in, out, Path::kDsp), Status::kUnsupported);
  EXPECT_EQ(avepool_q7_hwc(s, in, out, AvgRounding::kExact, Path::kDsp), Status::kUnsupported);
  EXPECT_EQ(relu_q7(in, 16, in, Path::kDsp), Status::kUnsupported);
  EXPECT_EQ(relu_q15(reinterpret_cast<q15_t*>(in), 8, reinterpret_cast<q15_t*>(in), Path::kDsp), Status::kUnsupported);
}

TEST(legacy_pool_paths, random_shapes_match_portable) {
  if (!dsp_runnable()) SKIP("no DSP path in this build");
  Xorshift32 rng(0x5EEDu);
  int cases = 0;
  for (Pool kind : {Pool::kMax, Pool::kAvgExact, Pool::kAvgSeparable}) {
    for (int n = 0; n < 60; ++n) {
      const PoolShape s = random_shape(rng, 12, 5, 13);
      ASSERT_TRUE(compare_pool(kind, s, rng, -128, 127));
      ++cases;
    }
  }
  platform::print("  %d random pooling shapes, dsp == portable\n", cases);
}

TEST(legacy_pool_paths, paper_network_shapes) {
  if (!dsp_runnable()) SKIP("no DSP path in this build");
  // CIFAR-10 example: 3x3 stride 2 windows on 32x32x32, 16x16x32 and 8x8x64 (clipped at the far edge).
  const PoolShape shapes[] = {{32, 32, 32, 3, 3, 0, 0, 2, 2, 16, 16},
                              {16, 16, 32, 3, 3, 0, 0, 2, 2, 8, 8},
                              {8, 8, 64, 3, 3, 0, 0, 2, 2, 4, 4}};
  Xorshift32 rng(0xC1FAu);
  int cases = 0;
  for (const PoolShape& s : shapes) {
    for (Pool kind : {Pool::kMax, Pool::kAvgExact, Pool::kAvgSeparable}) {
      ASSERT_TRUE(compare_pool(kind, s, rng, -128, 127));
      ++cases;
    }
  }
  platform::print("  %d paper pooling layers, dsp == portable\n", cases);
}

TEST(legacy_pool_paths, constant_extremes_and_lane_limits) {
  if (!dsp_runnable()) SKIP("no DSP path in this build");
  // All -128 or all 127 over 256-pixel windows (the most a 16-bit lane sum takes: -32768), and
  // windows above the limit (the portable fallback) at both extremes.
  int cases = 0;
  Xorshift32 rng(1u);
  for (int32_t v : {-128, 127}) {
    for (int ker : {16, 17}) {
      const PoolShape s{ker + 3, ker, 5, ker, ker, 0, 0, 1, 1, 4, 1};
      for (Pool kind : {Pool::kMax, Pool::kAvgExact, Pool::kAvgSeparable}) {
        ASSERT_TRUE(compare_pool(kind, s, rng, v, v));
        ++cases;
      }
    }
  }
  // Exact average of a 16x16 window of -128 is -128 on both paths.
  const PoolShape s{16, 16, 4, 16, 16, 0, 0, 1, 1, 1, 1};
  auto* in = test::arena_alloc<q7_t>(16 * 16 * 4);
  ASSERT_TRUE(in != nullptr);
  for (int i = 0; i < 16 * 16 * 4; ++i) in[i] = -128;
  q7_t out[4];
  ASSERT_EQ(avepool_q7_hwc(s, in, out, AvgRounding::kExact, Path::kDsp), Status::kOk);
  for (q7_t o : out) EXPECT_EQ(o, -128);
  platform::print("  %d extreme-value pooling cases\n", cases + 1);
}

TEST(legacy_relu_paths, q7_and_q15_match_portable) {
  if (!dsp_runnable()) SKIP("no DSP path in this build");
  Xorshift32 rng(0xBEEFu);
  int cases = 0;
  for (int size = 1; size <= 70; ++size) {
    for (int offset = 0; offset < 4; ++offset) {
      for (bool in_place : {false, true}) {
        const size_t mark = test::arena_mark();
        // q7
        auto* src = test::arena_alloc<q7_t>(static_cast<size_t>(size) + 4);
        auto* expected = test::arena_alloc<q7_t>(static_cast<size_t>(size));
        auto* buf = reinterpret_cast<q7_t*>(test::guarded_alloc(static_cast<size_t>(size) + 4));
        ASSERT_TRUE(src != nullptr && expected != nullptr && buf != nullptr);
        q7_t* x = src + offset;
        for (int i = 0; i < size; ++i) x[i] = static_cast<q7_t>(edge_or_uniform(rng, -128, 127));
        ASSERT_EQ(relu_q7(x, size, expected, Path::kPortable), Status::kOk);
        q7_t* out = buf + offset;
        if (in_place) std::memcpy(out, x, static_cast<size_t>(size));
        ASSERT_EQ(relu_q7(in_place ? out : x, size, out, Path::kDsp), Status::kOk);
        EXPECT_BYTES_EQ(out, expected, static_cast<size_t>(size));
        for (int i = 0; i < offset; ++i) EXPECT_EQ(static_cast<uint8_t>(buf[i]), test::kGuardPattern);
        EXPECT_TRUE(test::guards_intact(reinterpret_cast<uint8_t*>(buf), static_cast<size_t>(size) + 4));
        // q15 (offsets in elements of 2 bytes: odd byte addresses are never q15 data)
        auto* src15 = test::arena_alloc<q15_t>(static_cast<size_t>(size) + 4);
        auto* expected15 = test::arena_alloc<q15_t>(static_cast<size_t>(size));
        auto* buf15 = reinterpret_cast<q15_t*>(test::guarded_alloc(2 * (static_cast<size_t>(size) + 4)));
        ASSERT_TRUE(src15 != nullptr && expected15 != nullptr && buf15 != nullptr);
        q15_t* x15 = src15 + offset;
        for (int i = 0; i < size; ++i) x15[i] = static_cast<q15_t>(edge_or_uniform(rng, -32768, 32767));
        ASSERT_EQ(relu_q15(x15, size, expected15, Path::kPortable), Status::kOk);
        q15_t* out15 = buf15 + offset;
        if (in_place) std::memcpy(out15, x15, 2 * static_cast<size_t>(size));
        ASSERT_EQ(relu_q15(in_place ? out15 : x15, size, out15, Path::kDsp), Status::kOk);
        EXPECT_BYTES_EQ(out15, expected15, 2 * static_cast<size_t>(size));
        EXPECT_TRUE(test::guards_intact(reinterpret_cast<uint8_t*>(buf15), 2 * (static_cast<size_t>(size) + 4)));
        test::arena_rewind(mark);
        cases += 2;
      }
    }
  }
  platform::print("  %d relu cases, dsp == portable\n", cases);
}

TEST(legacy_relu_paths, every_q7_value) {
  // All 256 values through both paths, against max(x, 0) directly.
  q7_t in[256], out[256];
  for (int i = 0; i < 256; ++i) in[i] = static_cast<q7_t>(i - 128);
  Path paths[2] = {Path::kPortable, Path::kDsp};
  int runs = 0;
  for (Path p : paths) {
    if (p == Path::kDsp && !dsp_runnable()) continue;
    ASSERT_EQ(relu_q7(in, 256, out, p), Status::kOk);
    for (int i = 0; i < 256; ++i) EXPECT_EQ(out[i], in[i] < 0 ? 0 : in[i]);
    ++runs;
  }
  platform::print("  256 q7 values on %d path(s)\n", runs);
}
