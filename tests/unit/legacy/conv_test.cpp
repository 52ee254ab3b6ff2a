// Legacy convolutions: every optimised variant (each code path, partial and full im2col) equals
// convolve_hwc_*_basic byte for byte on seeded random shapes; basic itself is checked by hand.
#include "cmnn/legacy/convolution.h"

#include <initializer_list>

#include "legacy_test_util.h"

using namespace cmnn;
using namespace cmnn::legacy;
using legacy_test::Random;

namespace {

ConvShape random_shape(Random& rng, int in_ch, int out_ch, bool square) {
  ConvShape s{};
  s.in_x = rng.range(1, 9);
  s.in_y = square ? s.in_x : rng.range(1, 9);
  s.in_ch = in_ch;
  s.out_ch = out_ch;
  s.ker_x = rng.range(1, 5);
  s.ker_y = square ? s.ker_x : rng.range(1, 5);
  s.pad_x = rng.range(0, 2);
  s.pad_y = square ? s.pad_x : rng.range(0, 2);
  s.stride_x = rng.range(1, 3);
  s.stride_y = square ? s.stride_x : rng.range(1, 3);
  const int ox = (s.in_x + 2 * s.pad_x - s.ker_x) / s.stride_x + 1;
  const int oy = (s.in_y + 2 * s.pad_y - s.ker_y) / s.stride_y + 1;
  s.out_x = ox < 1 ? 1 : ox;
  s.out_y = oy < 1 ? 1 : oy;
  return s;
}

enum class Q7Variant { kFast, kRgb, k1x1 };

Status run_q7(Q7Variant v, const ConvShape& s, const q7_t* in, const q7_t* wt, const q7_t* b, Shifts sh, q7_t* out,
              void* scratch, size_t size, Path p, Im2col m) {
  switch (v) {
    case Q7Variant::kFast: return convolve_hwc_q7_fast(s, in, wt, b, sh, out, scratch, size, p, m);
    case Q7Variant::kRgb: return convolve_hwc_q7_rgb(s, in, wt, b, sh, out, scratch, size, p, m);
    case Q7Variant::k1x1: return convolve_1x1_hwc_q7_fast(s, in, wt, b, sh, out, scratch, size, p, m);
  }
  return Status::kUnsupported;
}

// Returns the number of (shape, path, mode) comparisons made.
int compare_q7(Q7Variant variant, uint32_t seed, int shapes) {
  Random rng(seed);
  Path paths[2];
  const int path_count = legacy_test::runnable_paths(paths);
  int compared = 0;
  for (int n = 0; n < shapes; ++n) {
    test::arena_reset();
    const int in_ch = variant == Q7Variant::kRgb ? 3 : 4 * rng.range(1, 4);
    const int out_ch = variant == Q7Variant::kRgb ? rng.range(1, 7) : 2 * rng.range(1, 4);
    ConvShape s = random_shape(rng, in_ch, out_ch, n % 2 == 0);
    if (variant == Q7Variant::k1x1) {
      s.ker_x = s.ker_y = 1;
      s.pad_x = s.pad_y = 0;
      s.stride_x = s.stride_y = 1;
      s.out_x = s.in_x;
      s.out_y = s.in_y;
    }
    const Shifts sh{rng.range(0, 6), rng.range(0, 12)};
    const long in_n = long{s.in_x} * s.in_y * s.in_ch, out_n = long{s.out_x} * s.out_y * s.out_ch;
    const long wt_n = long{s.out_ch} * s.ker_x * s.ker_y * s.in_ch;
    auto* in = legacy_test::alloc<q7_t>(in_n);
    auto* wt = legacy_test::alloc<q7_t>(wt_n);
    auto* bias = legacy_test::alloc<q7_t>(s.out_ch);
    rng.fill(in, static_cast<int>(in_n), -128, 127);
    rng.fill(wt, static_cast<int>(wt_n), -128, 127);
    rng.fill(bias, s.out_ch, -128, 127);
    auto* expected = legacy_test::alloc<q7_t>(out_n);
    auto* actual = legacy_test::alloc<q7_t>(out_n);
    if (convolve_hwc_q7_basic(s, in, wt, bias, sh, expected) != Status::kOk) return -1;
    for (Im2col mode : {Im2col::kPartial, Im2col::kFull}) {
      const size_t bytes = conv_q7_scratch_bytes(s, mode);
      void* scratch = test::arena_alloc_bytes(bytes);
      for (int p = 0; p < path_count; ++p) {
        for (long i = 0; i < out_n; ++i) actual[i] = 0x55;
        const Status st = run_q7(variant, s, in, wt, bias, sh, actual, scratch, bytes, paths[p], mode);
        EXPECT_EQ(st, Status::kOk);
        EXPECT_BYTES_EQ(actual, expected, static_cast<size_t>(out_n));
        if (test::current_failed()) {
          platform::print("    shape %dx%dx%d -> %dx%dx%d k%dx%d p%d,%d s%d,%d path %s mode %d\n", s.in_x, s.in_y,
                          s.in_ch, s.out_x, s.out_y, s.out_ch, s.ker_x, s.ker_y, s.pad_x, s.pad_y, s.stride_x,
                          s.stride_y, legacy_test::path_name(paths[p]), static_cast<int>(mode));
          return -1;
        }
        ++compared;
      }
    }
  }
  return compared;
}

}  // namespace

TEST(legacy_conv, basic_by_hand) {
  // 3x3 single-channel input, 2x2 kernel, stride 1, pad 0 -> 2x2 output; two output channels.
  const q7_t in[9] = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  const q7_t wt[8] = {1, 0, 0, 1, /* ch1 */ -1, 2, 3, -4};
  const q7_t bias[2] = {3, -1};
  const ConvShape s{3, 3, 1, 2, 2, 2, 0, 0, 1, 1, 2, 2};
  q7_t out[8] = {};
  // shifts {1, 1}: accumulator = (bias << 1) + 1 + sum, output = accumulator >> 1.
  // ch0 sums a + d of each 2x2 window; ch1 sums -a + 2b + 3c - 4d (= -5 in every window).
  ASSERT_EQ(convolve_hwc_q7_basic(s, in, wt, bias, Shifts{1, 1}, out), Status::kOk);
  const q7_t expected[8] = {6, -3, 7, -3, 9, -3, 10, -3};  // e.g. (6 + 1 + 1 + 5) >> 1 = 6, (-2 + 1 - 5) >> 1 = -3
  EXPECT_BYTES_EQ(out, expected, 8);
  // Saturation: a large bias shift saturates to 127 / -128.
  ASSERT_EQ(convolve_hwc_q7_basic(s, in, wt, bias, Shifts{16, 0}, out), Status::kOk);
  EXPECT_EQ(out[0], 127);
  EXPECT_EQ(out[1], -128);
}

TEST(legacy_conv, padding_and_stride_by_hand) {
  // 2x2 input, 3x3 kernel of ones, pad 1, stride 2 -> 1x1 output = sum of all 4 inputs.
  const q7_t in[4] = {10, 20, 30, 40};
  q7_t wt[9];
  for (auto& w : wt) w = 1;
  const q7_t bias[1] = {0};
  const ConvShape s{2, 2, 1, 1, 3, 3, 1, 1, 2, 2, 1, 1};
  q7_t out[1] = {};
  ASSERT_EQ(convolve_hwc_q7_basic(s, in, wt, bias, Shifts{0, 2}, out), Status::kOk);
  EXPECT_EQ(out[0], 25);  // (100 + 2) >> 2
}

TEST(legacy_conv, rejects_bad_parameters) {
  const ConvShape s{4, 4, 3, 2, 3, 3, 1, 1, 1, 1, 4, 4};
  q7_t buf[64] = {};
  int16_t scratch[64] = {};
  EXPECT_EQ(convolve_hwc_q7_fast(s, buf, buf, buf, Shifts{0, 7}, buf, scratch, sizeof scratch), Status::kUnsupported);
  ConvShape bad = s;
  bad.stride_x = 0;
  EXPECT_EQ(convolve_hwc_q7_basic(bad, buf, buf, buf, Shifts{0, 7}, buf), Status::kBadShape);
  EXPECT_EQ(convolve_hwc_q7_basic(s, nullptr, buf, buf, Shifts{0, 7}, buf), Status::kNullPointer);
  EXPECT_EQ(convolve_hwc_q7_basic(s, buf, buf, buf, Shifts{0, 40}, buf), Status::kBadParameter);
  EXPECT_EQ(convolve_hwc_q7_rgb(s, buf, buf, buf, Shifts{0, 7}, buf, scratch, 4), Status::kScratchTooSmall);
  // Partial im2col needs 2 columns of in_ch * ker_x * ker_y q15; full needs one per output pixel.
  EXPECT_EQ(conv_q7_scratch_bytes(s, Im2col::kPartial), size_t{2 * 27 * 2});
  EXPECT_EQ(conv_q7_scratch_bytes(s, Im2col::kFull), size_t{16 * 27 * 2});
}

TEST(legacy_conv, fast_equals_basic) {
  const int n = compare_q7(Q7Variant::kFast, 0x1234u, 24);
  ASSERT_GT(n, 0);
  platform::print("    convolve_hwc_q7_fast: %d comparisons with basic\n", n);
}

TEST(legacy_conv, rgb_equals_basic) {
  const int n = compare_q7(Q7Variant::kRgb, 0x2345u, 24);
  ASSERT_GT(n, 0);
  platform::print("    convolve_hwc_q7_rgb: %d comparisons with basic\n", n);
}

TEST(legacy_conv, conv_1x1_equals_basic) {
  const int n = compare_q7(Q7Variant::k1x1, 0x3456u, 16);
  ASSERT_GT(n, 0);
  platform::print("    convolve_1x1_hwc_q7_fast: %d comparisons with basic\n", n);
}

TEST(legacy_conv, q15_fast_equals_basic) {
  Random rng(0x4567u);
  Path paths[2];
  const int path_count = legacy_test::runnable_paths(paths);
  int compared = 0;
  for (int n = 0; n < 20; ++n) {
    test::arena_reset();
    const ConvShape s = random_shape(rng, 2 * rng.range(1, 4), 2 * rng.range(1, 3), n % 2 == 0);
    const Shifts sh{rng.range(0, 8), rng.range(0, 20)};
    const long in_n = long{s.in_x} * s.in_y * s.in_ch, out_n = long{s.out_x} * s.out_y * s.out_ch;
    const long wt_n = long{s.out_ch} * s.ker_x * s.ker_y * s.in_ch;
    auto* in = legacy_test::alloc<q15_t>(in_n);
    auto* wt = legacy_test::alloc<q15_t>(wt_n);
    auto* bias = legacy_test::alloc<q15_t>(s.out_ch);
    // Full-range q15 values: sums wrap in 32 bits, which every path must do identically.
    rng.fill(in, static_cast<int>(in_n), -32768, 32767);
    rng.fill(wt, static_cast<int>(wt_n), -32768, 32767);
    rng.fill(bias, s.out_ch, -32768, 32767);
    auto* expected = legacy_test::alloc<q15_t>(out_n);
    auto* actual = legacy_test::alloc<q15_t>(out_n);
    ASSERT_EQ(convolve_hwc_q15_basic(s, in, wt, bias, sh, expected), Status::kOk);
    for (Im2col mode : {Im2col::kPartial, Im2col::kFull}) {
      const size_t bytes = conv_q15_scratch_bytes(s, mode);
      void* scratch = test::arena_alloc_bytes(bytes);
      for (int p = 0; p < path_count; ++p) {
        ASSERT_EQ(convolve_hwc_q15_fast(s, in, wt, bias, sh, actual, scratch, bytes, paths[p], mode), Status::kOk);
        ASSERT_BYTES_EQ(actual, expected, static_cast<size_t>(out_n) * 2);
        ++compared;
      }
    }
  }
  platform::print("    convolve_hwc_q15_fast: %d comparisons with basic\n", compared);
}

TEST(legacy_conv, q15_basic_by_hand) {
  const q15_t in[2] = {1000, -2000};
  const q15_t wt[2] = {300, 100};
  const q15_t bias[1] = {5};
  const ConvShape s{1, 1, 2, 1, 1, 1, 0, 0, 1, 1, 1, 1};
  q15_t out[1] = {};
  ASSERT_EQ(convolve_hwc_q15_basic(s, in, wt, bias, Shifts{4, 5}, out), Status::kOk);
  EXPECT_EQ(out[0], (80 + 16 + 300000 - 200000) >> 5);  // 3128
}

TEST(legacy_conv, depthwise_fast_equals_basic) {
  Random rng(0x5678u);
  Path paths[2];
  const int path_count = legacy_test::runnable_paths(paths);
  int compared = 0;
  for (int n = 0; n < 30; ++n) {
    test::arena_reset();
    const int ch = 2 * rng.range(1, 6);
    const ConvShape s = random_shape(rng, ch, ch, n % 2 == 0);
    const Shifts sh{rng.range(0, 6), rng.range(0, 10)};
    const long in_n = long{s.in_x} * s.in_y * ch, out_n = long{s.out_x} * s.out_y * ch;
    const long wt_n = long{s.ker_x} * s.ker_y * ch;
    auto* in = legacy_test::alloc<q7_t>(in_n);
    auto* wt = legacy_test::alloc<q7_t>(wt_n);
    auto* bias = legacy_test::alloc<q7_t>(ch);
    rng.fill(in, static_cast<int>(in_n), -128, 127);
    rng.fill(wt, static_cast<int>(wt_n), -128, 127);
    rng.fill(bias, ch, -128, 127);
    auto* expected = legacy_test::alloc<q7_t>(out_n);
    auto* actual = legacy_test::alloc<q7_t>(out_n);
    ASSERT_EQ(depthwise_separable_conv_hwc_q7_basic(s, in, wt, bias, sh, expected), Status::kOk);
    for (int p = 0; p < path_count; ++p) {
      ASSERT_EQ(depthwise_separable_conv_hwc_q7_fast(s, in, wt, bias, sh, actual, paths[p]), Status::kOk);
      ASSERT_BYTES_EQ(actual, expected, static_cast<size_t>(out_n));
      ++compared;
    }
  }
  platform::print("    depthwise_separable_conv_hwc_q7_fast: %d comparisons with basic\n", compared);
}

TEST(legacy_conv, depthwise_by_hand) {
  // 2x1 image, 2 channels, 1x2 kernel (x), no padding -> 1x1 output: per-channel dot products.
  const q7_t in[4] = {1, 2, 3, 4};     // pixel0 (1, 2), pixel1 (3, 4)
  const q7_t wt[4] = {10, 20, 30, 40};  // tap0 (10, 20), tap1 (30, 40)
  const q7_t bias[2] = {1, -1};
  const ConvShape s{2, 1, 2, 2, 2, 1, 0, 0, 1, 1, 1, 1};
  q7_t out[2] = {};
  ASSERT_EQ(depthwise_separable_conv_hwc_q7_basic(s, in, wt, bias, Shifts{2, 1}, out), Status::kOk);
  EXPECT_EQ(out[0], (4 + 1 + 10 + 90) >> 1);  // 52
  EXPECT_EQ(out[1], (-4 + 1 + 40 + 160) >> 1);  // 98
}

namespace {

// convolve_hwc_q7_fast_packed against basic on `shapes` random shapes (out_ch up to 12, so row
// quads, a trailing pair and lone last pixels all occur), then the paper's conv2 shape.
int compare_q7_packed(uint32_t seed, int shapes) {
  Random rng(seed);
  int compared = 0;
  for (int n = 0; n <= shapes; ++n) {
    test::arena_reset();
    ConvShape s = random_shape(rng, 4 * rng.range(1, 4), 2 * rng.range(1, 6), n % 2 == 0);
    if (n == shapes) s = ConvShape{16, 16, 32, 32, 5, 5, 2, 2, 1, 1, 16, 16};  // the paper's conv2
    const Shifts sh{rng.range(0, 6), rng.range(0, 12)};
    const long in_n = long{s.in_x} * s.in_y * s.in_ch, out_n = long{s.out_x} * s.out_y * s.out_ch;
    const long wt_n = long{s.out_ch} * s.ker_x * s.ker_y * s.in_ch;
    auto* in = legacy_test::alloc<q7_t>(in_n);
    auto* wt = legacy_test::alloc<q7_t>(wt_n);
    auto* bias = legacy_test::alloc<q7_t>(s.out_ch);
    rng.fill(in, static_cast<int>(in_n), -128, 127);
    rng.fill(wt, static_cast<int>(wt_n), -128, 127);
    rng.fill(bias, s.out_ch, -128, 127);
    auto* expected = legacy_test::alloc<q7_t>(out_n);
    auto* actual = legacy_test::alloc<q7_t>(out_n);
    if (convolve_hwc_q7_basic(s, in, wt, bias, sh, expected) != Status::kOk) return -1;
    const size_t count = conv_q7_packed_count(s);
    auto* packed = legacy_test::alloc<int16_t>(static_cast<long>(count));
    EXPECT_EQ(conv_q7_pack(s, wt, packed, count), Status::kOk);
    const size_t bytes = conv_q7_packed_scratch_bytes(s);
    void* scratch = test::arena_alloc_bytes(bytes);
    for (long i = 0; i < out_n; ++i) actual[i] = 0x55;
    EXPECT_EQ(convolve_hwc_q7_fast_packed(s, in, packed, count, bias, sh, actual, scratch, bytes), Status::kOk);
    EXPECT_BYTES_EQ(actual, expected, static_cast<size_t>(out_n));
    if (test::current_failed()) {
      platform::print("    shape %dx%dx%d -> %dx%dx%d k%dx%d p%d,%d s%d,%d\n", s.in_x, s.in_y, s.in_ch, s.out_x,
                      s.out_y, s.out_ch, s.ker_x, s.ker_y, s.pad_x, s.pad_y, s.stride_x, s.stride_y);
      return -1;
    }
    ++compared;
  }
  return compared;
}

}  // namespace

TEST(legacy_conv, fast_packed_equals_basic) {
  const int n = compare_q7_packed(0x5678u, 40);
  ASSERT_GT(n, 0);
  platform::print("    convolve_hwc_q7_fast_packed: %d comparisons with basic\n", n);
}

TEST(legacy_conv, fast_packed_rejects_bad_parameters) {
  const ConvShape s{4, 4, 4, 2, 3, 3, 1, 1, 1, 1, 4, 4};  // depth 36, 2 rows
  alignas(4) q7_t buf[128] = {};  // input 64, weights 72, output 32 bytes
  alignas(4) int16_t packed[128] = {};
  alignas(4) int32_t scratch[128] = {};
  const size_t count = conv_q7_packed_count(s);
  ASSERT_GT(count, size_t{0});
  ASSERT_LT(count, sizeof packed / sizeof packed[0]);
  EXPECT_EQ(conv_q7_pack(s, buf, packed, count), Status::kOk);
  EXPECT_EQ(conv_q7_pack(s, buf, packed, count - 1), Status::kScratchTooSmall);
  EXPECT_EQ(conv_q7_pack(s, nullptr, packed, count), Status::kNullPointer);
  const size_t bytes = conv_q7_packed_scratch_bytes(s);
  EXPECT_EQ(bytes, size_t{2 * 12 + 36 * 4 + 16});
  EXPECT_EQ(convolve_hwc_q7_fast_packed(s, buf, packed, count, buf, Shifts{0, 7}, buf, scratch, bytes), Status::kOk);
  EXPECT_EQ(convolve_hwc_q7_fast_packed(s, buf, packed, count, buf, Shifts{0, 7}, buf, scratch, bytes - 1),
            Status::kScratchTooSmall);
  EXPECT_EQ(convolve_hwc_q7_fast_packed(s, buf, packed, count - 1, buf, Shifts{0, 7}, buf, scratch, bytes),
            Status::kBadParameter);
  EXPECT_EQ(convolve_hwc_q7_fast_packed(s, buf, packed, count, buf, Shifts{0, 40}, buf, scratch, bytes),
            Status::kBadParameter);
  EXPECT_EQ(convolve_hwc_q7_fast_packed(s, buf, packed, count, buf, Shifts{0, 7}, buf,
                                        reinterpret_cast<char*>(scratch) + 2, bytes),
            Status::kBadParameter);
  EXPECT_EQ(convolve_hwc_q7_fast_packed(s, nullptr, packed, count, buf, Shifts{0, 7}, buf, scratch, bytes),
            Status::kNullPointer);
  ConvShape odd = s;
  odd.out_ch = 3;
  EXPECT_EQ(conv_q7_packed_count(odd), size_t{0});
  EXPECT_EQ(convolve_hwc_q7_fast_packed(odd, buf, packed, count, buf, Shifts{0, 7}, buf, scratch, bytes),
            Status::kUnsupported);
  ConvShape rgb = s;
  rgb.in_ch = 3;
  EXPECT_EQ(conv_q7_pack(rgb, buf, packed, count), Status::kUnsupported);
}
