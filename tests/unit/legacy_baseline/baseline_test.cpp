// The paper's baseline (cmnn/legacy/baseline.h): 1-D convolutions against an independent
// scatter-form reference, the 2-D convolution against the paper's kernels (basic and the im2col
// variants on every runnable path), Caffe pooling against the legacy pooling (pad 0) and a direct
// Caffe reference (pad > 0), ReLU and fully connected against the legacy functions.
#include "../legacy/legacy_test_util.h"
#include "cmnn/legacy/activations.h"
#include "cmnn/legacy/baseline.h"
#include "cmnn/legacy/convolution.h"
#include "cmnn/legacy/fully_connected.h"
#include "cmnn/legacy/pooling.h"

using namespace cmnn;
using namespace cmnn::legacy;
using legacy_test::Random;

TEST(legacy_baseline, conv1d_by_hand) {
  const q7_t a[3] = {1, 2, 3}, b[2] = {1, -1};
  int32_t full[4];
  ASSERT_EQ(baseline::conv1d_q7_full(a, 3, b, 2, full), Status::kOk);
  const int32_t expected[4] = {1, 1, 1, -3};  // (1)(1), 2 - 1, 3 - 2, -3
  for (int i = 0; i < 4; ++i) EXPECT_EQ(full[i], expected[i]);
  // arm_conv_q7's format: sum >> 7, saturated: 127 * 127 = 16129 -> 126, 2 * 16129 -> 252 -> 127.
  const q7_t m[2] = {127, 127};
  q7_t q[3];
  ASSERT_EQ(baseline::conv1d_q7(m, 2, m, 2, q), Status::kOk);
  EXPECT_EQ(q[0], 126);
  EXPECT_EQ(q[1], 127);
  EXPECT_EQ(q[2], 126);
  const q7_t n[1] = {-128};
  ASSERT_EQ(baseline::conv1d_q7(n, 1, m, 1, q), Status::kOk);
  EXPECT_EQ(q[0], -127);  // -16256 >> 7 (arithmetic shift, truncation toward -inf)
  // q15: -32768 * -32768 = 2^30, twice -> 2^31 >> 15 = 65536 -> saturates to 32767.
  const q15_t w[2] = {-32768, -32768};
  q15_t r[3];
  int64_t r64[3];
  ASSERT_EQ(baseline::conv1d_q15(w, 2, w, 2, r), Status::kOk);
  ASSERT_EQ(baseline::conv1d_q15_full(w, 2, w, 2, r64), Status::kOk);
  EXPECT_EQ(r[0], 32767);
  EXPECT_EQ(r[1], 32767);
  EXPECT_EQ(r64[1], int64_t{1} << 31);
  EXPECT_EQ(baseline::conv1d_q7_full(nullptr, 3, b, 2, full), Status::kNullPointer);
  EXPECT_EQ(baseline::conv1d_q7_full(a, 0, b, 2, full), Status::kBadShape);
}

TEST(legacy_baseline, conv1d_matches_scatter_reference) {
  Random rng(0xC0Du);
  int compared = 0;
  for (int t = 0; t < 60; ++t) {
    test::arena_reset();
    const int la = rng.range(1, 40), lb = rng.range(1, 12), n = la + lb - 1;
    auto* a7 = legacy_test::alloc<q7_t>(la);
    auto* b7 = legacy_test::alloc<q7_t>(lb);
    auto* a15 = legacy_test::alloc<q15_t>(la);
    auto* b15 = legacy_test::alloc<q15_t>(lb);
    rng.fill(a7, la, -128, 127);
    rng.fill(b7, lb, -128, 127);
    rng.fill(a15, la, -32768, 32767);
    rng.fill(b15, lb, -32768, 32767);
    auto* ref7 = legacy_test::alloc<int64_t>(n);
    auto* ref15 = legacy_test::alloc<int64_t>(n);
    for (int i = 0; i < n; ++i) ref7[i] = ref15[i] = 0;
    for (int i = 0; i < la; ++i) {  // scatter form: every product lands at i + j
      for (int j = 0; j < lb; ++j) {
        ref7[i + j] += int64_t{a7[i]} * b7[j];
        ref15[i + j] += int64_t{a15[i]} * b15[j];
      }
    }
    auto* out7 = legacy_test::alloc<int32_t>(n);
    auto* out15 = legacy_test::alloc<int64_t>(n);
    auto* q7 = legacy_test::alloc<q7_t>(n);
    auto* q15 = legacy_test::alloc<q15_t>(n);
    ASSERT_EQ(baseline::conv1d_q7_full(a7, la, b7, lb, out7), Status::kOk);
    ASSERT_EQ(baseline::conv1d_q15_full(a15, la, b15, lb, out15), Status::kOk);
    ASSERT_EQ(baseline::conv1d_q7(a7, la, b7, lb, q7), Status::kOk);
    ASSERT_EQ(baseline::conv1d_q15(a15, la, b15, lb, q15), Status::kOk);
    for (int i = 0; i < n; ++i) {
      EXPECT_EQ(int64_t{out7[i]}, ref7[i]);
      EXPECT_EQ(out15[i], ref15[i]);
      const int64_t s7 = ref7[i] >> 7, s15 = ref15[i] >> 15;
      EXPECT_EQ(int{q7[i]}, static_cast<int>(s7 < -128 ? -128 : s7 > 127 ? 127 : s7));
      EXPECT_EQ(int{q15[i]}, static_cast<int>(s15 < -32768 ? -32768 : s15 > 32767 ? 32767 : s15));
      ++compared;
    }
    if (test::current_failed()) return;
  }
  platform::print("    %d outputs of each 1-D convolution compared\n", compared);
}

TEST(legacy_baseline, conv2d_equals_the_paper_kernels) {
  Random rng(0xBA5Eu);
  cmnn::legacy::Path paths[2];
  const int path_count = legacy_test::runnable_paths(paths);
  int compared = 0;
  for (int t = 0; t < 80; ++t) {
    test::arena_reset();
    ConvShape s{};
    const bool fast_shape = t % 2 == 0;  // every other case fits convolve_hwc_q7_fast too
    s.in_x = rng.range(1, 11);
    s.in_y = rng.range(1, 11);
    s.in_ch = fast_shape ? 4 * rng.range(1, 3) : rng.range(1, 7);
    s.out_ch = fast_shape ? 2 * rng.range(1, 3) : rng.range(1, 5);
    s.ker_x = rng.range(1, 5);
    s.ker_y = rng.range(1, 5);
    s.pad_x = rng.range(0, s.ker_x + 1);  // includes padding wider than the kernel reach
    s.pad_y = rng.range(0, s.ker_y + 1);
    s.stride_x = rng.range(1, 3);
    s.stride_y = rng.range(1, 3);
    s.out_x = rng.range(1, (s.in_x + 2 * s.pad_x) / s.stride_x + 1);
    s.out_y = rng.range(1, (s.in_y + 2 * s.pad_y) / s.stride_y + 1);
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
    ASSERT_EQ(convolve_hwc_q7_basic(s, in, wt, bias, sh, expected), Status::kOk);
    const size_t bytes = baseline::conv_q7_scratch_bytes(s);
    void* scratch = test::arena_alloc_bytes(bytes);
    for (long i = 0; i < out_n; ++i) actual[i] = 0x55;
    ASSERT_EQ(baseline::convolve_hwc_q7(s, in, wt, bias, sh, actual, scratch, bytes), Status::kOk);
    EXPECT_BYTES_EQ(actual, expected, static_cast<size_t>(out_n));
    ++compared;
    if (fast_shape) {  // and the paper's optimised kernel on every path
      const size_t fast_bytes = conv_q7_scratch_bytes(s);
      void* fast_scratch = test::arena_alloc_bytes(fast_bytes);
      auto* fast = legacy_test::alloc<q7_t>(out_n);
      for (int p = 0; p < path_count; ++p) {
        ASSERT_EQ(convolve_hwc_q7_fast(s, in, wt, bias, sh, fast, fast_scratch, fast_bytes, paths[p]), Status::kOk);
        EXPECT_BYTES_EQ(actual, fast, static_cast<size_t>(out_n));
        ++compared;
      }
    }
    if (test::current_failed()) {
      platform::print("    shape %dx%dx%d -> %dx%dx%d k%dx%d p%d,%d s%d,%d\n", s.in_x, s.in_y, s.in_ch, s.out_x,
                      s.out_y, s.out_ch, s.ker_x, s.ker_y, s.pad_x, s.pad_y, s.stride_x, s.stride_y);
      return;
    }
  }
  // The paper network's conv1 shape (RGB): 32x32x3, 5x5, pad 2 -> 32x32x32, against convolve_hwc_q7_rgb.
  test::arena_reset();
  const ConvShape c1{32, 32, 3, 32, 5, 5, 2, 2, 1, 1, 32, 32};
  auto* in = legacy_test::alloc<q7_t>(3072);
  auto* wt = legacy_test::alloc<q7_t>(2400);
  auto* bias = legacy_test::alloc<q7_t>(32);
  rng.fill(in, 3072, -128, 127);
  rng.fill(wt, 2400, -40, 40);
  rng.fill(bias, 32, -2, 2);
  auto* base_out = legacy_test::alloc<q7_t>(32768);
  auto* rgb_out = legacy_test::alloc<q7_t>(32768);
  const size_t bytes = baseline::conv_q7_scratch_bytes(c1);
  ASSERT_EQ(baseline::convolve_hwc_q7(c1, in, wt, bias, Shifts{0, 9}, base_out, test::arena_alloc_bytes(bytes), bytes),
            Status::kOk);
  const size_t rgb_bytes = conv_q7_scratch_bytes(c1);
  ASSERT_EQ(convolve_hwc_q7_rgb(c1, in, wt, bias, Shifts{0, 9}, rgb_out, test::arena_alloc_bytes(rgb_bytes), rgb_bytes),
            Status::kOk);
  EXPECT_BYTES_EQ(base_out, rgb_out, 32768);
  ++compared;
  platform::print("    %d 2-D convolutions compared (%d paths)\n", compared, path_count);
}

TEST(legacy_baseline, caffe_pool_out_dim_by_hand) {
  EXPECT_EQ(baseline::caffe_pool_out_dim(32, 3, 0, 2), 16);  // the paper network's pools: ceil(29 / 2) + 1
  EXPECT_EQ(baseline::caffe_pool_out_dim(16, 3, 0, 2), 8);
  EXPECT_EQ(baseline::caffe_pool_out_dim(8, 3, 0, 2), 4);
  EXPECT_EQ(baseline::caffe_pool_out_dim(5, 2, 1, 2), 3);  // ceil(5 / 2) + 1 = 4, last start 6 >= 5 + 1: 3
  EXPECT_EQ(baseline::caffe_pool_out_dim(6, 3, 1, 2), 4);
  EXPECT_EQ(baseline::caffe_pool_out_dim(2, 3, 0, 1), 0);
}

TEST(legacy_baseline, caffe_pooling_matches_references) {
  Random rng(0x9001u);
  int compared = 0;
  for (int t = 0; t < 60; ++t) {
    test::arena_reset();
    PoolShape s{};
    s.ker_x = rng.range(1, 4);
    s.ker_y = rng.range(1, 4);
    s.in_x = rng.range(s.ker_x, 12);
    s.in_y = rng.range(s.ker_y, 12);
    s.ch = rng.range(1, 9);
    s.stride_x = rng.range(1, s.ker_x);
    s.stride_y = rng.range(1, s.ker_y);
    s.pad_x = t % 2 == 0 ? 0 : rng.range(0, s.ker_x - 1);
    s.pad_y = t % 2 == 0 ? 0 : rng.range(0, s.ker_y - 1);
    s.out_x = baseline::caffe_pool_out_dim(s.in_x, s.ker_x, s.pad_x, s.stride_x);
    s.out_y = baseline::caffe_pool_out_dim(s.in_y, s.ker_y, s.pad_y, s.stride_y);
    const int in_n = s.in_x * s.in_y * s.ch, out_n = s.out_x * s.out_y * s.ch;
    auto* in = legacy_test::alloc<q7_t>(in_n);
    rng.fill(in, in_n, -128, 127);
    auto* got = legacy_test::alloc<q7_t>(out_n);
    auto* want = legacy_test::alloc<q7_t>(out_n);
    // Max: the legacy maxpool clips windows to the image the same way.
    ASSERT_EQ(baseline::maxpool_q7_hwc(s, in, got), Status::kOk);
    ASSERT_EQ(maxpool_q7_hwc(s, in, want), Status::kOk);
    EXPECT_BYTES_EQ(got, want, static_cast<size_t>(out_n));
    ASSERT_EQ(baseline::avepool_q7_hwc(s, in, got), Status::kOk);
    if (s.pad_x == 0 && s.pad_y == 0) {
      ASSERT_EQ(avepool_q7_hwc(s, in, want, AvgRounding::kExact), Status::kOk);
    } else {  // Caffe's AVE by its definition: divisor = window cells inside [-pad, in + pad)
      for (int oy = 0; oy < s.out_y; ++oy) {
        for (int ox = 0; ox < s.out_x; ++ox) {
          for (int c = 0; c < s.ch; ++c) {
            int sum = 0, cells = 0;
            for (int dy = 0; dy < s.ker_y; ++dy) {
              for (int dx = 0; dx < s.ker_x; ++dx) {
                const int y = oy * s.stride_y - s.pad_y + dy, x = ox * s.stride_x - s.pad_x + dx;
                if (y >= s.in_y + s.pad_y || x >= s.in_x + s.pad_x) continue;
                ++cells;
                if (y >= 0 && x >= 0 && y < s.in_y && x < s.in_x) sum += in[(y * s.in_x + x) * s.ch + c];
              }
            }
            want[(oy * s.out_x + ox) * s.ch + c] = static_cast<q7_t>(sum / cells);
          }
        }
      }
    }
    EXPECT_BYTES_EQ(got, want, static_cast<size_t>(out_n));
    compared += 2;
    if (test::current_failed()) {
      platform::print("    %dx%dx%d k%dx%d s%d,%d p%d,%d\n", s.in_x, s.in_y, s.ch, s.ker_x, s.ker_y, s.stride_x,
                      s.stride_y, s.pad_x, s.pad_y);
      return;
    }
  }
  PoolShape bad{32, 32, 4, 3, 3, 0, 0, 2, 2, 15, 15};  // floor-mode size, not Caffe's 16
  q7_t buf[4096] = {};
  EXPECT_EQ(baseline::maxpool_q7_hwc(bad, buf, buf + 1), Status::kBadShape);
  EXPECT_EQ(baseline::avepool_q7_hwc(bad, nullptr, buf), Status::kNullPointer);
  platform::print("    %d pooling layers compared\n", compared);
}

TEST(legacy_baseline, relu_and_fully_connected_match_legacy) {
  Random rng(0xFCu);
  int compared = 0;
  for (int t = 0; t < 40; ++t) {
    test::arena_reset();
    const int dim = rng.range(1, 300), rows = rng.range(1, 20);
    auto* in = legacy_test::alloc<q7_t>(dim);
    auto* wt = legacy_test::alloc<q7_t>(long{dim} * rows);
    auto* bias = legacy_test::alloc<q7_t>(rows);
    rng.fill(in, dim, -128, 127);
    rng.fill(wt, dim * rows, -128, 127);
    rng.fill(bias, rows, -128, 127);
    const Shifts sh{rng.range(0, 8), rng.range(0, 14)};
    auto* got = legacy_test::alloc<q7_t>(rows);
    auto* want = legacy_test::alloc<q7_t>(rows);
    const size_t sb = fully_connected_q7_scratch_bytes(dim) + 4;
    ASSERT_EQ(baseline::fully_connected_q7(in, wt, dim, rows, bias, sh, got), Status::kOk);
    ASSERT_EQ(fully_connected_q7(in, wt, dim, rows, bias, sh, want, test::arena_alloc_bytes(sb), sb, Path::kPortable),
              Status::kOk);
    EXPECT_BYTES_EQ(got, want, static_cast<size_t>(rows));
    auto* relu_want = legacy_test::alloc<q7_t>(dim);
    ASSERT_EQ(relu_q7(in, dim, relu_want), Status::kOk);
    ASSERT_EQ(baseline::relu_q7(in, dim), Status::kOk);
    EXPECT_BYTES_EQ(in, relu_want, static_cast<size_t>(dim));
    compared += 2;
    if (test::current_failed()) return;
  }
  EXPECT_EQ(baseline::relu_q7(nullptr, 3), Status::kNullPointer);
  platform::print("    %d fully connected + ReLU cases compared\n", compared);
}

TEST(legacy_baseline, conv2d_rejects_bad_parameters) {
  const ConvShape s{4, 4, 3, 2, 3, 3, 1, 1, 1, 1, 4, 4};
  alignas(4) q7_t buf[256] = {};
  const size_t need = baseline::conv_q7_scratch_bytes(s);
  EXPECT_EQ(need, size_t{4 * 16 + 4 * 6 + 48 + 4});  // acc plane, one 1-D output row, CHW copy, kernel row
  EXPECT_EQ(baseline::convolve_hwc_q7(s, buf, buf, buf, Shifts{0, 7}, buf, buf, need - 1), Status::kScratchTooSmall);
  EXPECT_EQ(baseline::convolve_hwc_q7(s, nullptr, buf, buf, Shifts{0, 7}, buf, buf, need), Status::kNullPointer);
  EXPECT_EQ(baseline::convolve_hwc_q7(s, buf, buf, buf, Shifts{0, 40}, buf, buf, need), Status::kBadParameter);
  ConvShape bad = s;
  bad.stride_x = 0;
  EXPECT_EQ(baseline::convolve_hwc_q7(bad, buf, buf, buf, Shifts{0, 7}, buf, buf, need), Status::kBadShape);
  EXPECT_EQ(baseline::conv_q7_scratch_bytes(bad), size_t{0});
}
