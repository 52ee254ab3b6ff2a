// Legacy pooling, activations, softmax and support functions: hand-computed cases and checks
// against independent references (double-precision activation tables computed with std::exp).
#include <cmath>

#include "cmnn/legacy/activations.h"
#include "cmnn/legacy/pooling.h"
#include "cmnn/legacy/support.h"
#include "legacy_test_util.h"

#include <initializer_list>

using namespace cmnn;
using namespace cmnn::legacy;
using legacy_test::Random;

TEST(legacy_pool, max_and_average_by_hand) {
  // 4x1 image, 1 channel, window 3, stride 2 -> 2 outputs; the second window is clipped to 2 pixels.
  const q7_t in[4] = {-5, 7, -9, 2};
  const PoolShape s{4, 1, 1, 3, 1, 0, 0, 2, 1, 2, 1};
  q7_t out[2];
  ASSERT_EQ(maxpool_q7_hwc(s, in, out), Status::kOk);
  EXPECT_EQ(out[0], 7);
  EXPECT_EQ(out[1], 2);
  ASSERT_EQ(avepool_q7_hwc(s, in, out, AvgRounding::kExact), Status::kOk);
  EXPECT_EQ(out[0], -2);  // -7 / 3 truncates toward zero
  EXPECT_EQ(out[1], -3);  // -7 / 2
}

TEST(legacy_pool, separable_average_truncates_twice) {
  // One 2x2 window, rows (-1, 0) and (2, 2): exact = 3 / 4 = 0; separable = (-1/2 + 4/2) / 2 = (0 + 2) / 2 = 1.
  const q7_t in[4] = {-1, 0, 2, 2};
  const PoolShape s{2, 2, 1, 2, 2, 0, 0, 2, 2, 1, 1};
  q7_t out[1];
  ASSERT_EQ(avepool_q7_hwc(s, in, out, AvgRounding::kSeparable), Status::kOk);
  EXPECT_EQ(out[0], 1);
  ASSERT_EQ(avepool_q7_hwc(s, in, out, AvgRounding::kExact), Status::kOk);
  EXPECT_EQ(out[0], 0);
}

TEST(legacy_pool, separable_matches_two_pass_reference) {
  // Independent reference: the CMSIS-style two passes through a buffer (x pass, then y pass).
  Random rng(0x77u);
  int compared = 0;
  for (int n = 0; n < 30; ++n) {
    test::arena_reset();
    PoolShape s{};
    s.in_x = rng.range(1, 12);
    s.in_y = rng.range(1, 12);
    s.ch = rng.range(1, 9);
    s.ker_x = rng.range(1, 4);
    s.ker_y = rng.range(1, 4);
    s.stride_x = rng.range(1, 3);
    s.stride_y = rng.range(1, 3);
    s.out_x = (s.in_x - 1) / s.stride_x + 1;  // windows clipped at the right edge, as the paper net's 16 -> 8
    s.out_y = (s.in_y - 1) / s.stride_y + 1;
    const int in_n = s.in_x * s.in_y * s.ch;
    auto* in = legacy_test::alloc<q7_t>(in_n);
    rng.fill(in, in_n, -128, 127);
    auto* xpass = legacy_test::alloc<q7_t>(long{s.in_y} * s.out_x * s.ch);
    auto* expected = legacy_test::alloc<q7_t>(long{s.out_y} * s.out_x * s.ch);
    auto* actual = legacy_test::alloc<q7_t>(long{s.out_y} * s.out_x * s.ch);
    for (int y = 0; y < s.in_y; ++y) {
      for (int ox = 0; ox < s.out_x; ++ox) {
        const int x0 = ox * s.stride_x, x1 = x0 + s.ker_x < s.in_x ? x0 + s.ker_x : s.in_x;
        for (int c = 0; c < s.ch; ++c) {
          int sum = 0;
          for (int x = x0; x < x1; ++x) sum += in[(y * s.in_x + x) * s.ch + c];
          xpass[(y * s.out_x + ox) * s.ch + c] = static_cast<q7_t>(sum / (x1 - x0));
        }
      }
    }
    for (int oy = 0; oy < s.out_y; ++oy) {
      const int y0 = oy * s.stride_y, y1 = y0 + s.ker_y < s.in_y ? y0 + s.ker_y : s.in_y;
      for (int i = 0; i < s.out_x * s.ch; ++i) {
        int sum = 0;
        for (int y = y0; y < y1; ++y) sum += xpass[y * s.out_x * s.ch + i];
        expected[oy * s.out_x * s.ch + i] = static_cast<q7_t>(sum / (y1 - y0));
      }
    }
    ASSERT_EQ(avepool_q7_hwc(s, in, actual, AvgRounding::kSeparable), Status::kOk);
    ASSERT_BYTES_EQ(actual, expected, static_cast<size_t>(s.out_y * s.out_x * s.ch));
    ++compared;
  }
  platform::print("    avepool_q7_hwc separable: %d shapes equal the two-pass reference\n", compared);
}

TEST(legacy_activation, relu) {
  q7_t a[4] = {-128, -1, 0, 127};
  ASSERT_EQ(relu_q7(a, 4, a), Status::kOk);
  const q7_t e[4] = {0, 0, 0, 127};
  EXPECT_BYTES_EQ(a, e, 4);
  q15_t b[3] = {-32768, 5, -7};
  ASSERT_EQ(relu_q15(b, 3, b), Status::kOk);
  EXPECT_EQ(b[0], 0);
  EXPECT_EQ(b[1], 5);
  EXPECT_EQ(b[2], 0);
}

namespace {
double fn_of(Activation fn, double x) { return fn == Activation::kSigmoid ? 1.0 / (1.0 + std::exp(-x)) : std::tanh(x); }
int32_t table_value(Activation fn, double x, double scale, int32_t lo, int32_t hi) {
  const double v = scale * fn_of(fn, x);
  const int32_t r = static_cast<int32_t>(v >= 0 ? std::floor(v + 0.5) : -std::floor(-v + 0.5));
  return r < lo ? lo : r > hi ? hi : r;
}
}  // namespace

TEST(legacy_activation, sigmoid_tanh_tables_match_formula) {
  int checked = 0;
  for (Activation fn : {Activation::kSigmoid, Activation::kTanh}) {
    for (int width = 0; width <= 3; ++width) {
      for (int x = -128; x <= 127; ++x) {
        const q7_t in = static_cast<q7_t>(x);
        q7_t out;
        ASSERT_EQ(activation_q7(&in, 1, width, fn, &out), Status::kOk);
        const int v = x >> (3 - width);  // Q3.4
        ASSERT_EQ(int32_t{out}, table_value(fn, v / 16.0, 128.0, -128, 127));
        ++checked;
      }
    }
    for (int x = -32768; x <= 32767; x += 7) {
      const q15_t in = static_cast<q15_t>(x);
      q15_t out;
      ASSERT_EQ(activation_q15(&in, 1, 3, fn, &out), Status::kOk);
      const int i = x >> 8, f = x & 255;
      const int32_t a = table_value(fn, i / 16.0, 32768.0, -32768, 32767);
      const int32_t b = table_value(fn, (i + 1) / 16.0, 32768.0, -32768, 32767);
      ASSERT_EQ(int32_t{out}, a + (((b - a) * f) >> 8));
      ++checked;
    }
  }
  // Fixed points by hand: sigmoid(0) = 0.5, tanh(0) = 0.
  const q7_t zero7 = 0;
  q7_t o7;
  ASSERT_EQ(activation_q7(&zero7, 1, 0, Activation::kSigmoid, &o7), Status::kOk);
  EXPECT_EQ(o7, 64);
  const q15_t zero15 = 0;
  q15_t o15;
  ASSERT_EQ(activation_q15(&zero15, 1, 0, Activation::kSigmoid, &o15), Status::kOk);
  EXPECT_EQ(o15, 16384);
  EXPECT_EQ(activation_q7(&zero7, 1, 4, Activation::kTanh, &o7), Status::kBadParameter);
  platform::print("    %d activation values equal the std::exp/std::tanh formula\n", checked);
}

TEST(legacy_activation, softmax_by_hand) {
  // max = 3, min = 1: sum = 2^0 + 2^1 + 2^2 = 7; out = ((1 << (x - 1 + 20)) / 7) >> 13.
  const q7_t in[3] = {1, 2, 3};
  q7_t out[3];
  ASSERT_EQ(softmax_q7(in, 3, out), Status::kOk);
  EXPECT_EQ(out[0], ((1 << 20) / 7) >> 13);  // 18
  EXPECT_EQ(out[1], ((1 << 21) / 7) >> 13);  // 36
  EXPECT_EQ(out[2], ((1 << 22) / 7) >> 13);  // 73
  // Inputs more than 8 below the max are dropped; a single dominant value saturates to 127.
  const q7_t in2[2] = {-100, 100};
  ASSERT_EQ(softmax_q7(in2, 2, out), Status::kOk);
  EXPECT_EQ(out[0], 0);
  EXPECT_EQ(out[1], 127);
  const q15_t in15[2] = {0, 1};
  q15_t out15[2];
  ASSERT_EQ(softmax_q15(in15, 2, out15), Status::kOk);
  EXPECT_EQ(out15[0], 10922);  // 32768 / 3
  EXPECT_EQ(out15[1], 21845);  // 65536 / 3
}

TEST(legacy_support, q7_to_q15_plain_and_reordered) {
  const q7_t in[6] = {1, -2, 3, -4, 5, -6};
  q15_t out[6];
  ASSERT_EQ(q7_to_q15(in, 6, out), Status::kOk);
  const q15_t plain[6] = {1, -2, 3, -4, 5, -6};
  EXPECT_BYTES_EQ(out, plain, sizeof plain);
  ASSERT_EQ(q7_to_q15_reordered(in, 6, out), Status::kOk);
  const q15_t reordered[6] = {1, 3, -2, -4, 5, -6};
  EXPECT_BYTES_EQ(out, reordered, sizeof reordered);
}

TEST(legacy_support, mult_paths_equal_formula) {
  Random rng(0x99u);
  Path paths[2];
  const int path_count = legacy_test::runnable_paths(paths);
  int compared = 0;
  for (int n = 0; n < 20; ++n) {
    const int size = rng.range(1, 37), shift7 = rng.range(0, 14), shift15 = rng.range(0, 30);
    q7_t a[37], b[37], o[37];
    q15_t c[37], d[37], o15[37];
    rng.fill(a, size, -128, 127);
    rng.fill(b, size, -128, 127);
    rng.fill(c, size, -32768, 32767);
    rng.fill(d, size, -32768, 32767);
    for (int p = 0; p < path_count; ++p) {
      ASSERT_EQ(mult_q7(a, b, size, shift7, o, paths[p]), Status::kOk);
      ASSERT_EQ(mult_q15(c, d, size, shift15, o15, paths[p]), Status::kOk);
      for (int i = 0; i < size; ++i) {
        const int32_t e7 = (a[i] * b[i] + ((1 << shift7) >> 1)) >> shift7;
        ASSERT_EQ(int32_t{o[i]}, e7 < -128 ? -128 : e7 > 127 ? 127 : e7);
        const int64_t e15 = (int64_t{c[i]} * d[i] + ((int64_t{1} << shift15) >> 1)) >> shift15;
        // Only (-32768)^2 with shift 0 exceeds int32; the function wraps there like SMLABB.
        if (!(c[i] == -32768 && d[i] == -32768)) {
          ASSERT_EQ(int64_t{o15[i]}, e15 < -32768 ? -32768 : e15 > 32767 ? 32767 : e15);
        }
        ++compared;
      }
    }
  }
  platform::print("    mult_q7/q15: %d elements equal the formula\n", compared);
}
