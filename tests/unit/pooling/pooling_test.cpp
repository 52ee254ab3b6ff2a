// Every pooling variant against the reference on seeded random shapes around the 4-channel word
// and the 16-lane Helium vector (channel tails 1..15 after 0, 1 or 2 full vectors), with guard
// bytes around the output; windows up to the 16-bit sum limit of avgpool_s8.mve with extreme
// inputs; and the parameter checks.
#include <cstring>

#include "cmnn/pooling.h"
#include "test.h"
#include "test_data.h"

using namespace cmnn;

namespace {
test::Xorshift32 g_rng(12345u);

PoolParams random_params(bool s16) {
  PoolParams p;
  p.batches = g_rng.pick(1, 2);
  p.input_h = g_rng.pick(1, 9);
  p.input_w = g_rng.pick(1, 9);
  // Mostly small depths (4-lane words), else around 16 and 32 (MVE vectors and tails).
  p.channels = g_rng.next() % 2 == 0 ? g_rng.pick(1, 13) : g_rng.pick(14, 40);
  p.filter_h = g_rng.pick(1, p.input_h + 1);
  p.filter_w = g_rng.pick(1, p.input_w + 1);
  p.stride_h = g_rng.pick(1, 3);
  p.stride_w = g_rng.pick(1, 3);
  p.pad_top = g_rng.pick(0, p.filter_h - 1);
  p.pad_left = g_rng.pick(0, p.filter_w - 1);
  p.output_h = (p.input_h + p.pad_top - 1) / p.stride_h + 1;
  p.output_w = (p.input_w + p.pad_left - 1) / p.stride_w + 1;
  const int32_t lo = s16 ? -32768 : -128, hi = s16 ? 32767 : 127;
  p.activation_min = g_rng.next() % 3 == 0 ? g_rng.pick(lo, 0) : lo;
  p.activation_max = g_rng.next() % 3 == 0 ? g_rng.pick(p.activation_min, hi) : hi;
  return p;
}

template <typename T>
int differential(const Variant<PoolParams, PoolArgs<T>>* (*variants)(size_t*),
                 Status (*run)(const Variant<PoolParams, PoolArgs<T>>&, const PoolParams&, const PoolArgs<T>&, void*, size_t)) {
  int compared = 0;
  for (int iter = 0; iter < 150; ++iter) {
    const size_t mark = test::arena_mark();
    const PoolParams p = random_params(sizeof(T) == 2);
    const size_t in_n = static_cast<size_t>(p.batches) * p.input_h * p.input_w * p.channels;
    const size_t out_n = static_cast<size_t>(p.batches) * p.output_h * p.output_w * p.channels;
    T* in = test::arena_alloc<T>(in_n);
    const bool extremes = iter % 5 == 0;
    for (size_t i = 0; i < in_n; ++i) in[i] = static_cast<T>(extremes ? (g_rng.next() & 1 ? -32768 : 32767) >> (sizeof(T) == 1 ? 8 : 0) : static_cast<T>(g_rng.next()));
    T* want = test::arena_alloc<T>(out_n);
    T* got = test::guarded_array<T>(out_n);
    size_t count = 0;
    const auto* table = variants(&count);
    const auto& ref = table[count - 1];
    if (run(ref, p, PoolArgs<T>{in, want}, nullptr, 0) != Status::kOk) {
      EXPECT_TRUE(false);
      return compared;
    }
    for (size_t v = 0; v + 1 < count; ++v) {
      if (!isa_runnable(table[v].isa) || !table[v].supports(p)) continue;
      // Refilled per variant: one that writes nothing must not pass on the previous one's bytes.
      std::memset(got, 0x77, out_n * sizeof(T));
      EXPECT_EQ(run(table[v], p, PoolArgs<T>{in, got}, nullptr, 0), Status::kOk);
      EXPECT_BYTES_EQ(got, want, out_n * sizeof(T));
      EXPECT_TRUE(test::guards_intact(got, out_n));
      ++compared;
    }
    test::arena_rewind(mark);
    if (test::current_failed()) return compared;
  }
  return compared;
}
}  // namespace

TEST(Pooling, VariantsMatchReference) {
  const int a = differential<int8_t>(avgpool_s8_variants, avgpool_s8_run_variant);
  const int m = differential<int8_t>(maxpool_s8_variants, maxpool_s8_run_variant);
  const int a16 = differential<int16_t>(avgpool_s16_variants, avgpool_s16_run_variant);
  const int m16 = differential<int16_t>(maxpool_s16_variants, maxpool_s16_run_variant);
  platform::print("  compared: avgpool_s8 %d, maxpool_s8 %d, s16 %d/%d (150 shapes each)\n", a, m, a16, m16);
  // The s16 tables have Helium variants only (avgpool_s16.mve: windows <= 256, all of these).
  if (isa_runnable(Isa::kMve)) {
    EXPECT_EQ(a16, 150);
    EXPECT_EQ(m16, 150);
  }
  // Only the DSP variants differ from ref; on a core without DSP (M3) nothing is compared.
  if (isa_runnable(Isa::kDsp)) {
    EXPECT_GT(a, 100);
    EXPECT_GT(m, 100);
  } else {
    EXPECT_EQ(a, 0);
    EXPECT_EQ(m, 0);
  }
}

TEST(Pooling, LargeWindowsExtremeValues) {
  // Windows of 256 positions (the 16-bit sum limit of avgpool_s8.mve: 256 * -128 = -32768) and
  // one more (mve unsupported, the others still compared), all -128, all 127 or random, with
  // padding so border windows have other counts.
  int compared = 0, mve_runs = 0;
  const int32_t shapes[][2] = {{16, 16}, {32, 8}, {17, 16}, {9, 9}};
  const int32_t depths[] = {16, 23, 8, 33};
  for (const auto& f : shapes) {
    for (int fill = 0; fill < 3; ++fill) {
      for (int32_t channels : depths) {
        const size_t mark = test::arena_mark();
        PoolParams p;
        p.input_h = f[0] + 2;
        p.input_w = f[1] + 1;
        p.channels = channels;
        p.filter_h = f[0];
        p.filter_w = f[1];
        p.stride_h = 2;
        p.stride_w = 1;
        p.pad_top = 1;
        p.pad_left = 1;
        p.output_h = (p.input_h + p.pad_top - 1) / p.stride_h + 1;
        p.output_w = (p.input_w + p.pad_left - 1) / p.stride_w + 1;
        const size_t in_n = static_cast<size_t>(p.input_h) * p.input_w * p.channels;
        const size_t out_n = static_cast<size_t>(p.output_h) * p.output_w * p.channels;
        int8_t* in = test::arena_alloc<int8_t>(in_n);
        for (size_t i = 0; i < in_n; ++i) in[i] = static_cast<int8_t>(fill == 0 ? -128 : fill == 1 ? 127 : static_cast<int32_t>(g_rng.next()));
        int8_t* want = test::arena_alloc<int8_t>(out_n);
        int8_t* got = test::guarded_array<int8_t>(out_n);
        for (int op = 0; op < 2; ++op) {
          size_t count = 0;
          const auto* table = op == 0 ? avgpool_s8_variants(&count) : maxpool_s8_variants(&count);
          auto run = op == 0 ? avgpool_s8_run_variant : maxpool_s8_run_variant;
          ASSERT_EQ(run(table[count - 1], p, PoolArgs<int8_t>{in, want}, nullptr, 0), Status::kOk);
          for (size_t v = 0; v + 1 < count; ++v) {
            if (!isa_runnable(table[v].isa) || !table[v].supports(p)) continue;
            std::memset(got, 0x77, out_n);
            EXPECT_EQ(run(table[v], p, PoolArgs<int8_t>{in, got}, nullptr, 0), Status::kOk);
            EXPECT_BYTES_EQ(got, want, out_n);
            EXPECT_TRUE(test::guards_intact(got, out_n));
            ++compared;
            if (table[v].isa == Isa::kMve) ++mve_runs;
          }
        }
        test::arena_rewind(mark);
        if (test::current_failed()) return;
      }
    }
  }
  platform::print("  compared: %d runs (%d mve)\n", compared, mve_runs);
  if (isa_runnable(Isa::kMve)) {
    EXPECT_EQ(mve_runs, 4 * 3 * 4 * 2 - 3 * 4);  // avgpool_s8.mve skips the 17x16 window
    EXPECT_FALSE(avgpool_s8_find_variant("avgpool_s8.mve")->supports([] {
      PoolParams q;
      q.filter_h = 17;
      q.filter_w = 16;
      return q;
    }()));
  }
}

TEST(Pooling, KnownAverageRounding) {
  // 2x1 window: (1 + 2) / 2 = 1.5 -> 2; (-1 - 2) / 2 = -1.5 -> -2 (half away from zero).
  const int8_t in[4] = {1, -1, 2, -2};
  int8_t out[2] = {0, 0};
  PoolParams p;
  p.input_h = 2;
  p.input_w = 1;
  p.channels = 2;
  p.filter_h = 2;
  p.filter_w = 1;
  p.output_h = 1;
  p.output_w = 1;
  ASSERT_EQ(avgpool_s8(p, PoolArgs<int8_t>{in, out}, nullptr, 0), Status::kOk);
  EXPECT_EQ(out[0], 2);
  EXPECT_EQ(out[1], -2);
}

TEST(Pooling, ParameterChecks) {
  int8_t buf[64] = {};
  PoolParams p;
  p.input_h = p.input_w = 4;
  p.channels = 2;
  p.filter_h = p.filter_w = 2;
  p.stride_h = p.stride_w = 2;
  p.output_h = p.output_w = 2;
  EXPECT_EQ(maxpool_s8(p, PoolArgs<int8_t>{buf, buf + 32}, nullptr, 0), Status::kOk);
  EXPECT_EQ(maxpool_s8(p, PoolArgs<int8_t>{nullptr, buf}, nullptr, 0), Status::kNullPointer);
  PoolParams q = p;
  q.stride_h = 0;
  EXPECT_EQ(avgpool_s8(q, PoolArgs<int8_t>{buf, buf + 32}, nullptr, 0), Status::kBadParameter);
  q = p;
  q.output_h = 3;  // last window starts below the input
  EXPECT_EQ(avgpool_s8(q, PoolArgs<int8_t>{buf, buf + 32}, nullptr, 0), Status::kBadShape);
  q = p;
  q.channels = 0;
  EXPECT_EQ(avgpool_s8(q, PoolArgs<int8_t>{buf, buf + 32}, nullptr, 0), Status::kBadShape);
  q = p;
  q.activation_min = 10;
  q.activation_max = 5;
  EXPECT_EQ(maxpool_s8(q, PoolArgs<int8_t>{buf, buf + 32}, nullptr, 0), Status::kBadParameter);
  q = p;
  q.batches = 1 << 20;
  q.input_h = 1 << 12;
  EXPECT_EQ(maxpool_s8(q, PoolArgs<int8_t>{buf, buf + 32}, nullptr, 0), Status::kBadShape);
  size_t n = 0;
  maxpool_s8_variants(&n);
  EXPECT_EQ(n, size_t{3});
  EXPECT_TRUE(maxpool_s8_find_variant("maxpool_s8.mve") != nullptr);
  EXPECT_TRUE(maxpool_s8_find_variant("maxpool_s8.dsp") != nullptr);
  EXPECT_TRUE(maxpool_s8_find_variant("nope") == nullptr);
}
