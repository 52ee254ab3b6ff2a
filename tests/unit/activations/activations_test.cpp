// Activation ops against hand-derived exact values (TFLM's arithmetic worked by hand for small
// cases: exact table entries, exact multipliers, values far from rounding ties), plus monotonicity,
// saturation and symmetry over the whole int8 range, guard bytes, and parameter rejection. The
// bit-exactness proof against TFLM itself is the oracle data (shared/data/oracle/ops).
#include <cstring>

#include "cmnn/activations.h"
#include "cmnn/prelu.h"
#include "test.h"
#include "test_data.h"

using namespace cmnn;

namespace {
// All 256 int8 values in order, -128 first.
struct AllInt8 {
  int8_t v[256];
  AllInt8() {
    for (int i = 0; i < 256; ++i) v[i] = static_cast<int8_t>(i - 128);
  }
};
const AllInt8 kAll;

bool nondecreasing(const int8_t* x, int n) {
  for (int i = 1; i < n; ++i) {
    if (x[i] < x[i - 1]) return false;
  }
  return true;
}
}  // namespace

TEST(Logistic, S8ParamsAndExactValues) {
  // Input scale 1/16: real = 2^-4 * 2^27 = 2^23 = 0.5 * 2^24, radius floor(15 * 2^27 / 2^24) = 120.
  LogisticS8Params p;
  ASSERT_EQ(logistic_s8_params(0.0625f, 0, 1.0f / 256, -128, 256, &p), Status::kOk);
  EXPECT_EQ(p.input_multiplier, 1 << 30);
  EXPECT_EQ(p.input_left_shift, 24);
  EXPECT_EQ(p.input_range_radius, 120);
  EXPECT_EQ(logistic_s8_params(0.0625f, 0, 1.0f / 256, 0, 256, &p), Status::kBadParameter);  // zero point must be -128
  ASSERT_EQ(logistic_s8_params(0.0625f, 0, 1.0f / 256, -128, 256, &p), Status::kOk);
  int8_t* out = test::guarded_array<int8_t>(256);
  ASSERT_EQ(logistic_s8(p, UnaryArgs<int8_t>{kAll.v, out}, nullptr, 0), Status::kOk);
  EXPECT_TRUE(test::guards_intact(out, 256));
  EXPECT_EQ(out[128 + 0], 0);      // sigmoid(0) = 1/2 exactly: 128 - 128
  EXPECT_EQ(out[128 + 16], 59);    // sigmoid(1) * 256 = 187.15 -> 187 - 128
  EXPECT_EQ(out[128 - 16], -59);   // sigmoid(-1) * 256 = 68.85 -> 69 - 128
  EXPECT_EQ(out[128 + 32], 97);    // sigmoid(2) * 256 = 225.37 -> 225 - 128
  EXPECT_EQ(out[128 + 120], 127);  // at the radius: saturated without evaluation
  EXPECT_EQ(out[0], -128);
  EXPECT_TRUE(nondecreasing(out, 256));
  // sigmoid(x) + sigmoid(-x) = 1: the two outputs sum to 0 within one step.
  for (int x = 1; x < 128; ++x) {
    const int s = out[128 + x] + out[128 - x];
    EXPECT_TRUE(s >= -1 && s <= 0);
  }
}

TEST(Tanh, S8ExactValues) {
  TanhS8Params p;
  ASSERT_EQ(tanh_s8_params(0.0625f, 0, 1.0f / 128, 0, 256, &p), Status::kOk);
  int8_t out[256];
  ASSERT_EQ(tanh_s8(p, UnaryArgs<int8_t>{kAll.v, out}, nullptr, 0), Status::kOk);
  EXPECT_EQ(out[128], 0);
  EXPECT_EQ(out[128 + 8], 59);    // tanh(0.5) * 128 = 59.15
  EXPECT_EQ(out[128 + 16], 97);   // tanh(1) * 128 = 97.48
  EXPECT_EQ(out[128 - 16], -97);
  EXPECT_EQ(out[128 + 119], 127);  // tanh(7.44) * 128 = 127.99..., clamped
  EXPECT_EQ(out[0], -128);         // beyond the radius
  EXPECT_TRUE(nondecreasing(out, 256));
  // Odd function, exactly, until the positive side clamps at 127 (the negative one reaches -128).
  for (int x = 1; x < 120 && out[128 + x] < 127; ++x) EXPECT_EQ(out[128 + x], -out[128 - x]);
}

TEST(Logistic, S16ParamsAndTableValues) {
  LogisticS16Params p;
  // Power-of-two input scale 2^-12: left shift 12 - 12 = 0, multiplier 0 (the table's x * 3).
  ASSERT_EQ(logistic_s16_params(1.0f / 4096, 0, 1.0f / 32768, 0, 3, &p), Status::kOk);
  EXPECT_EQ(p.input_multiplier, 0);
  EXPECT_EQ(p.input_left_shift, 0);
  const int16_t in[3] = {0, 4096, -4096};
  int16_t out[3];
  ASSERT_EQ(logistic_s16(p, UnaryArgs<int16_t>{in, out}, nullptr, 0), Status::kOk);
  EXPECT_EQ(out[0], 16384);  // table[0] = 32768 in 0.16: 1/2 in Q0.15
  EXPECT_EQ(out[1], 23956);  // x = 1 is table step 24 exactly: (47911 + 1) / 2
  EXPECT_EQ(out[2], 8812);   // 32768 - 23956
  // Scale 2^-11 is not the table's power of two for logistic: m = 6, doubled 12 times to 24576.
  ASSERT_EQ(logistic_s16_params(1.0f / 2048, 0, 1.0f / 32768, 0, 3, &p), Status::kOk);
  EXPECT_EQ(p.input_multiplier, 24576);
  EXPECT_EQ(p.input_left_shift, 12);
  // 0.001 * 12288 = 12.288..., doubled 11 times: 25165.8 -> 25165.
  ASSERT_EQ(logistic_s16_params(0.001f, 0, 1.0f / 32768, 0, 3, &p), Status::kOk);
  EXPECT_EQ(p.input_multiplier, 25165);
  EXPECT_EQ(p.input_left_shift, 11);
  EXPECT_EQ(logistic_s16_params(0.001f, 1, 1.0f / 32768, 0, 3, &p), Status::kBadParameter);
  EXPECT_EQ(logistic_s16_params(0.001f, 0, 1.0f / 30000, 0, 3, &p), Status::kBadParameter);
  // CheckedLog2 accepts log2 within 1e-3 of -15: 1/32767 passes as TFLM lets it.
  EXPECT_EQ(logistic_s16_params(0.001f, 0, 1.0f / 32767, 0, 3, &p), Status::kOk);
}

TEST(Tanh, S16ParamsAndTableValues) {
  TanhS16Params p;
  // tanh accepts a power-of-two scale with left shift 1 (2^-11).
  ASSERT_EQ(tanh_s16_params(1.0f / 2048, 0, 1.0f / 32768, 0, 3, &p), Status::kOk);
  EXPECT_EQ(p.input_multiplier, 0);
  EXPECT_EQ(p.input_left_shift, 1);
  ASSERT_EQ(tanh_s16_params(1.0f / 4096, 0, 1.0f / 32768, 0, 3, &p), Status::kOk);
  const int16_t in[3] = {0, 2048, -2048};
  int16_t out[3];
  ASSERT_EQ(tanh_s16(p, UnaryArgs<int16_t>{in, out}, nullptr, 0), Status::kOk);
  EXPECT_EQ(out[0], 0);
  EXPECT_EQ(out[1], 15143);  // 2 * sigmoid(1) - 1 with sigmoid(1) = table[24] = 47911: 47911 - 32768
  EXPECT_EQ(out[2], -15143);
}

TEST(HardSwish, S8ExactValuesAndShape) {
  HardSwishS8Params p;
  ASSERT_EQ(hard_swish_s8_params(0.1f, 0, 0.1f, 0, 256, &p), Status::kOk);
  // output: (0.1 / 128) / 0.1 = 2^-7 -> Q31 2^30, exponent -6 -> int16 16384.
  EXPECT_EQ(p.output_multiplier_fixedpoint_int16, 16384);
  EXPECT_EQ(p.output_multiplier_exponent, -6);
  // reluish: (0.1 / 128) / (3 / 32768) = 8.533 = 0.5333 * 2^4 -> int16 round(0.5333 * 2^15) = 17476.
  EXPECT_EQ(p.reluish_multiplier_exponent, 4);
  EXPECT_EQ(p.reluish_multiplier_fixedpoint_int16, 17476);
  int8_t out[256];
  ASSERT_EQ(hard_swish_s8(p, UnaryArgs<int8_t>{kAll.v, out}, nullptr, 0), Status::kOk);
  EXPECT_EQ(out[128], 0);
  EXPECT_EQ(out[128 + 100], 100);  // relu6(x + 3) saturates: 6399 / 2^6 -> 100
  for (int x = -128; x <= -30; ++x) EXPECT_EQ(out[128 + x], 0);  // x <= -3: exactly zero
  EXPECT_TRUE(nondecreasing(out + 128 - 15, 128 + 15));          // increasing from the minimum at -1.5
  for (int x = 30; x < 128; ++x) EXPECT_EQ(out[128 + x], x);      // x >= 3: the identity
  EXPECT_EQ(hard_swish_s8_params(0.1f, 0, 0.0001f, 0, 256, &p), Status::kBadParameter);  // exponent > 0
}

TEST(Relu, ExactValues) {
  ReluParams p;
  ASSERT_EQ(relu_s8_params(0.5f, -10, 0.5f, -10, 4, &p), Status::kOk);  // identity: 2^30, shift 1
  EXPECT_EQ(p.output_multiplier, 1 << 30);
  EXPECT_EQ(p.output_shift, 1);
  EXPECT_EQ(p.activation_min, -10);
  EXPECT_EQ(p.activation_max, 127);
  const int8_t in[4] = {-128, -11, -9, 127};
  int8_t out[4];
  ASSERT_EQ(relu_s8(p, UnaryArgs<int8_t>{in, out}, nullptr, 0), Status::kOk);
  const int8_t want[4] = {-10, -10, -9, 127};
  EXPECT_BYTES_EQ(out, want, 4);
  // Halving: 0.5 / 1.0; 1.5 and 2.5 round half up to 2 and 3.
  ASSERT_EQ(relu_s8_params(0.5f, 0, 1.0f, 0, 4, &p), Status::kOk);
  const int8_t in2[4] = {3, 5, -3, 127};
  const int8_t want2[4] = {2, 3, 0, 64};
  ASSERT_EQ(relu_s8(p, UnaryArgs<int8_t>{in2, out}, nullptr, 0), Status::kOk);
  EXPECT_BYTES_EQ(out, want2, 4);
  ReluParams q;
  ASSERT_EQ(relu_s16_params(0.001f, 0, 0.0005f, 0, 4, &q), Status::kOk);  // doubling
  const int16_t in16[4] = {-5, 300, 20000, -32768};
  int16_t out16[4];
  ASSERT_EQ(relu_s16(q, UnaryArgs<int16_t>{in16, out16}, nullptr, 0), Status::kOk);
  const int16_t want16[4] = {0, 600, 32767, 0};
  EXPECT_BYTES_EQ(out16, want16, 8);
  EXPECT_EQ(relu_s16_params(0.001f, 3, 0.001f, 0, 4, &q), Status::kBadParameter);
}

TEST(Relu6, ExactValues) {
  Relu6Params p;
  ASSERT_EQ(relu6_s8_params(0.05f, -50, 4, &p), Status::kOk);
  EXPECT_EQ(p.lower, -50);
  EXPECT_EQ(p.upper, 70);  // round(6 / 0.05) - 50
  const int8_t in[4] = {-128, 0, 70, 127};
  int8_t out[4];
  ASSERT_EQ(relu6_s8(p, UnaryArgs<int8_t>{in, out}, nullptr, 0), Status::kOk);
  const int8_t want[4] = {-50, 0, 70, 70};
  EXPECT_BYTES_EQ(out, want, 4);
  ASSERT_EQ(relu6_s8_params(0.01f, 0, 4, &p), Status::kOk);
  EXPECT_EQ(p.upper, 127);  // 600 clamped to the type
  Relu6Params q;
  ASSERT_EQ(relu6_s16_params(0.001f, 0, 3, &q), Status::kOk);
  const int16_t in16[3] = {7000, -1, 5999};
  int16_t out16[3];
  ASSERT_EQ(relu6_s16(q, UnaryArgs<int16_t>{in16, out16}, nullptr, 0), Status::kOk);
  const int16_t want16[3] = {6000, 0, 5999};
  EXPECT_BYTES_EQ(out16, want16, 6);
}

TEST(LeakyRelu, ExactValues) {
  LeakyReluParams p;
  ASSERT_EQ(leaky_relu_s8_params(0.05f, -10, 0.05f, -10, 0.2f, 4, &p), Status::kOk);
  const int8_t in[4] = {-35, -22, -10, 100};  // d = -25, -12, 0, 110
  int8_t out[4];
  ASSERT_EQ(leaky_relu_s8(p, UnaryArgs<int8_t>{in, out}, nullptr, 0), Status::kOk);
  // alpha 0.2 = 0.8 * 2^-2: -25 * 0.8 = -20, / 4 = -5. TFLite's double rounding: -12 * 0.8 = -9.6
  // rounds to -10, then -10 / 4 = -2.5 rounds away from zero to -3 (not round(-2.4) = -2).
  const int8_t want[4] = {-15, -13, -10, 100};
  EXPECT_BYTES_EQ(out, want, 4);
  ASSERT_EQ(leaky_relu_s8_params(0.05f, -10, 0.05f, -10, -0.5f, 1, &p), Status::kOk);  // negative alpha, one element
  EXPECT_LT(p.output_multiplier_alpha, 0);
  const int8_t in2[1] = {-30};
  ASSERT_EQ(leaky_relu_s8(p, UnaryArgs<int8_t>{in2, out}, nullptr, 1), Status::kOk);
  EXPECT_EQ(out[0], 0);  // -20 * -0.5 = 10, + zero point -10
  LeakyReluParams q;
  ASSERT_EQ(leaky_relu_s16_params(1.0f / 1024, 0, 1.0f / 1024, 0, 0.25f, 3, &q), Status::kOk);
  EXPECT_EQ(q.output_multiplier_alpha, 1 << 30);
  EXPECT_EQ(q.output_shift_alpha, -1);
  const int16_t in16[3] = {-100, -102, 32767};
  int16_t out16[3];
  ASSERT_EQ(leaky_relu_s16(q, UnaryArgs<int16_t>{in16, out16}, nullptr, 0), Status::kOk);
  const int16_t want16[3] = {-25, -26, 32767};  // -25.5 rounds away from zero
  EXPECT_BYTES_EQ(out16, want16, 6);
}

TEST(Prelu, BroadcastExactValues) {
  PreluParams p;
  const int32_t in_shape[2] = {2, 3}, alpha_shape[1] = {3};
  // Identity for x >= 0; x * alpha * 0.25 otherwise (alpha 4 = 1.0 in scale 0.25).
  ASSERT_EQ(prelu_params(0.5f, 0, 0.25f, 0, 0.5f, 0, in_shape, 2, alpha_shape, 1, &p), Status::kOk);
  const int32_t want_dims[5] = {1, 1, 1, 2, 3}, want_alpha[5] = {1, 1, 1, 1, 3};
  for (int d = 0; d < 5; ++d) {
    EXPECT_EQ(p.output_dims[d], want_dims[d]);
    EXPECT_EQ(p.alpha_dims[d], want_alpha[d]);
  }
  const int8_t in[6] = {-8, -7, -6, 9, -100, -128};
  const int8_t alpha[3] = {4, -4, 2};
  int8_t* out = test::guarded_array<int8_t>(6);
  ASSERT_EQ(prelu_s8(p, PreluArgs<int8_t>{in, alpha, out}, nullptr, 0), Status::kOk);
  const int8_t want[6] = {-8, 7, -3, 9, 100, -64};
  EXPECT_BYTES_EQ(out, want, 6);
  EXPECT_TRUE(test::guards_intact(out, 6));
  // Both sides broadcast: input [1, 3] against alpha [2, 1] gives [2, 3].
  const int32_t in_shape2[2] = {1, 3}, alpha_shape2[2] = {2, 1};
  ASSERT_EQ(prelu_params(0.5f, 0, 0.25f, 0, 0.5f, 0, in_shape2, 2, alpha_shape2, 2, &p), Status::kOk);
  const int16_t in16[3] = {-8, 4, -12};
  const int8_t alpha2[2] = {4, 8};
  int16_t out16[6];
  ASSERT_EQ(prelu_s16(p, PreluArgs<int16_t>{in16, alpha2, out16}, nullptr, 0), Status::kOk);
  const int16_t want16[6] = {-8, 4, -12, -16, 4, -24};
  EXPECT_BYTES_EQ(out16, want16, 12);
  const int32_t bad_alpha[1] = {2};
  EXPECT_EQ(prelu_params(0.5f, 0, 0.25f, 0, 0.5f, 0, in_shape, 2, bad_alpha, 1, &p), Status::kBadShape);
  ASSERT_EQ(prelu_params(0.5f, 0, 0.25f, 0, 0.5f, 0, in_shape, 2, alpha_shape, 1, &p), Status::kOk);
  EXPECT_EQ(prelu_s8(p, PreluArgs<int8_t>{in, nullptr, out}, nullptr, 0), Status::kNullPointer);
  p.output_dims[4] = 4;  // inconsistent with the input's 3
  EXPECT_EQ(prelu_s8(p, PreluArgs<int8_t>{in, alpha, out}, nullptr, 0), Status::kBadShape);
}

TEST(Elu, LutExactValues) {
  int8_t lut[256];
  elu_s8_build_lut(0.1f, 0, 0.1f, 0, lut);
  for (int v = 0; v < 128; ++v) EXPECT_EQ(lut[v], v);  // identity for v >= 0
  EXPECT_EQ(lut[static_cast<uint8_t>(-5)], -4);     // (e^-0.5 - 1) / 0.1 = -3.93
  EXPECT_EQ(lut[static_cast<uint8_t>(-10)], -6);    // (e^-1 - 1) / 0.1 = -6.32
  EXPECT_EQ(lut[static_cast<uint8_t>(-128)], -10);  // (e^-12.8 - 1) / 0.1 = -9.99997
  int8_t out[256];
  ASSERT_EQ(elu_s8(EluS8Params{256}, EluS8Args{kAll.v, lut, out}, nullptr, 0), Status::kOk);
  for (int i = 0; i < 256; ++i) EXPECT_EQ(out[i], lut[static_cast<uint8_t>(kAll.v[i])]);
  EXPECT_TRUE(nondecreasing(out, 256));
  EXPECT_EQ(elu_s8(EluS8Params{256}, EluS8Args{kAll.v, nullptr, out}, nullptr, 0), Status::kNullPointer);
}

TEST(Abs, ExactValues) {
  AbsParams p;
  ASSERT_EQ(abs_s8_params(0.5f, -10, 0.5f, -10, 3, &p), Status::kOk);
  EXPECT_FALSE(p.needs_rescale);
  const int8_t in[3] = {-128, 127, -10};
  int8_t out[3];
  ASSERT_EQ(abs_s8(p, UnaryArgs<int8_t>{in, out}, nullptr, 0), Status::kOk);
  const int8_t want[3] = {108, 127, -10};  // |-118| - 10, 137 clamped, 0 - 10
  EXPECT_BYTES_EQ(out, want, 3);
  ASSERT_EQ(abs_s8_params(0.5f, 0, 0.25f, -128, 3, &p), Status::kOk);  // 2|x| - 128
  EXPECT_TRUE(p.needs_rescale);
  const int8_t in2[3] = {-30, 127, -128};
  const int8_t want2[3] = {-68, 126, 127};
  ASSERT_EQ(abs_s8(p, UnaryArgs<int8_t>{in2, out}, nullptr, 0), Status::kOk);
  EXPECT_BYTES_EQ(out, want2, 3);
  AbsParams q;
  ASSERT_EQ(abs_s16_params(0.001f, 0, 0.001f, 0, 3, &q), Status::kOk);
  const int16_t in16[3] = {-32768, -5, 7};
  int16_t out16[3];
  ASSERT_EQ(abs_s16(q, UnaryArgs<int16_t>{in16, out16}, nullptr, 0), Status::kOk);
  const int16_t want16[3] = {32767, 5, 7};
  EXPECT_BYTES_EQ(out16, want16, 6);
  q.quantized = false;  // plain std::abs and a wrapping store: -32768 stays
  ASSERT_EQ(abs_s16(q, UnaryArgs<int16_t>{in16, out16}, nullptr, 0), Status::kOk);
  const int16_t want16b[3] = {-32768, 5, 7};
  EXPECT_BYTES_EQ(out16, want16b, 6);
  EXPECT_EQ(abs_s16_params(0.001f, 1, 0.001f, 0, 3, &q), Status::kBadParameter);
}

TEST(Rsqrt, ExactValuesAndNegativeRejection) {
  RsqrtParams p;
  ASSERT_EQ(rsqrt_s8_params(1.0f, 0, 1.0f / 64, 0, 6, &p), Status::kOk);  // out = 64 / sqrt(v)
  EXPECT_EQ(p.multiplier, 1 << 30);
  EXPECT_EQ(p.shift, 7);
  const int8_t in[6] = {0, 1, 4, 16, 64, 100};
  int8_t out[6];
  ASSERT_EQ(rsqrt_s8(p, UnaryArgs<int8_t>{in, out}, nullptr, 0), Status::kOk);
  const int8_t want[6] = {127, 64, 32, 16, 8, 6};  // 0 saturates; 64 / 10 = 6.4
  EXPECT_BYTES_EQ(out, want, 6);
  const int8_t neg[3] = {4, -1, 9};
  int8_t untouched[3] = {55, 55, 55};
  EXPECT_EQ(rsqrt_s8(p, UnaryArgs<int8_t>{neg, untouched}, nullptr, 0), Status::kBadParameter);
  EXPECT_EQ(untouched[0], 55);  // nothing written
  // Decreasing in v over the valid range.
  int8_t all_out[128];
  p.size = 128;
  ASSERT_EQ(rsqrt_s8(p, UnaryArgs<int8_t>{kAll.v + 128, all_out}, nullptr, 0), Status::kOk);
  for (int v = 2; v < 128; ++v) EXPECT_LE(all_out[v], all_out[v - 1]);
}

TEST(Activations, ParameterChecks) {
  int8_t a[4] = {}, b[4];
  int16_t c[4] = {}, d[4];
  LogisticS8Params ls8;
  ASSERT_EQ(logistic_s8_params(0.1f, 0, 1.0f / 256, -128, 4, &ls8), Status::kOk);
  EXPECT_EQ(logistic_s8(ls8, UnaryArgs<int8_t>{nullptr, b}, nullptr, 0), Status::kNullPointer);
  EXPECT_EQ(logistic_s8(ls8, UnaryArgs<int8_t>{a, nullptr}, nullptr, 0), Status::kNullPointer);
  ls8.size = 0;
  EXPECT_EQ(logistic_s8(ls8, UnaryArgs<int8_t>{a, b}, nullptr, 0), Status::kBadShape);
  ls8.size = 4;
  ls8.input_left_shift = 31;
  EXPECT_EQ(tanh_s8(ls8, UnaryArgs<int8_t>{a, b}, nullptr, 0), Status::kBadParameter);
  LogisticS16Params ls16{4, 0, 2};  // power-of-two form with shift 2: neither op produces it
  EXPECT_EQ(logistic_s16(ls16, UnaryArgs<int16_t>{c, d}, nullptr, 0), Status::kBadParameter);
  ls16.input_multiplier = 40000;
  EXPECT_EQ(tanh_s16(ls16, UnaryArgs<int16_t>{c, d}, nullptr, 0), Status::kBadParameter);
  HardSwishS8Params hs;
  ASSERT_EQ(hard_swish_s8_params(0.1f, 0, 0.1f, 0, 4, &hs), Status::kOk);
  hs.output_multiplier_exponent = 1;
  EXPECT_EQ(hard_swish_s8(hs, UnaryArgs<int8_t>{a, b}, nullptr, 0), Status::kBadParameter);
  ReluParams r;
  ASSERT_EQ(relu_s8_params(0.1f, 0, 0.1f, 0, 4, &r), Status::kOk);
  r.activation_min = 5;
  r.activation_max = 4;
  EXPECT_EQ(relu_s8(r, UnaryArgs<int8_t>{a, b}, nullptr, 0), Status::kBadParameter);
  r.activation_min = -128;
  r.activation_max = 200;
  EXPECT_EQ(relu_s8(r, UnaryArgs<int8_t>{a, b}, nullptr, 0), Status::kBadParameter);
  Relu6Params r6{4, 10, 5};
  EXPECT_EQ(relu6_s8(r6, UnaryArgs<int8_t>{a, b}, nullptr, 0), Status::kBadParameter);
  LeakyReluParams lr;
  ASSERT_EQ(leaky_relu_s16_params(0.1f, 0, 0.1f, 0, 0.1f, 4, &lr), Status::kOk);
  lr.output_shift_identity = 31;
  EXPECT_EQ(leaky_relu_s16(lr, UnaryArgs<int16_t>{c, d}, nullptr, 0), Status::kBadParameter);
  AbsParams ab;
  ASSERT_EQ(abs_s8_params(0.1f, 0, 0.1f, 0, 4, &ab), Status::kOk);
  ab.quantized = false;  // int16 only
  EXPECT_EQ(abs_s8(ab, UnaryArgs<int8_t>{a, b}, nullptr, 0), Status::kBadParameter);
  RsqrtParams rs;
  ASSERT_EQ(rsqrt_s8_params(0.1f, 0, 0.01f, -128, 4, &rs), Status::kOk);
  rs.shift = -12;  // shift - 20 below -31
  EXPECT_EQ(rsqrt_s8(rs, UnaryArgs<int8_t>{a, b}, nullptr, 0), Status::kBadParameter);
  // Every table has its reference variant under the documented id.
  EXPECT_TRUE(logistic_s8_find_variant("logistic_s8.ref") != nullptr);
  EXPECT_TRUE(logistic_s16_find_variant("logistic_s16.ref") != nullptr);
  EXPECT_TRUE(tanh_s8_find_variant("tanh_s8.ref") != nullptr);
  EXPECT_TRUE(tanh_s16_find_variant("tanh_s16.ref") != nullptr);
  EXPECT_TRUE(hard_swish_s8_find_variant("hard_swish_s8.ref") != nullptr);
  EXPECT_TRUE(relu_s8_find_variant("relu_s8.ref") != nullptr);
  EXPECT_TRUE(relu_s16_find_variant("relu_s16.ref") != nullptr);
  EXPECT_TRUE(relu6_s8_find_variant("relu6_s8.ref") != nullptr);
  EXPECT_TRUE(relu6_s16_find_variant("relu6_s16.ref") != nullptr);
  EXPECT_TRUE(leaky_relu_s8_find_variant("leaky_relu_s8.ref") != nullptr);
  EXPECT_TRUE(leaky_relu_s16_find_variant("leaky_relu_s16.ref") != nullptr);
  EXPECT_TRUE(prelu_s8_find_variant("prelu_s8.ref") != nullptr);
  EXPECT_TRUE(prelu_s16_find_variant("prelu_s16.ref") != nullptr);
  EXPECT_TRUE(elu_s8_find_variant("elu_s8.ref") != nullptr);
  EXPECT_TRUE(abs_s8_find_variant("abs_s8.ref") != nullptr);
  EXPECT_TRUE(abs_s16_find_variant("abs_s16.ref") != nullptr);
  EXPECT_TRUE(rsqrt_s8_find_variant("rsqrt_s8.ref") != nullptr);
}
