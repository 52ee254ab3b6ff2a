// QUANTIZE / DEQUANTIZE on hand-derived bytes: TfLiteRound's ties away from zero, TFLite's double
// rounding in the requantization (0.25 rounds up to 1), saturation, the int8 <-> uint8 shift, the
// params helpers, and every rejected parameter. The TFLM oracle cases prove bit-exactness at scale.
#include <cmath>

#include "cmnn/quantize.h"
#include "test.h"
#include "test_data.h"

using namespace cmnn;

namespace {
// Runs fn on n elements in guarded buffers; copies the output out and checks the guards.
template <typename In, typename Out, typename Fn>
Status run_guarded(const In* in, Out* out, int32_t n, Fn fn) {
  const size_t mark = test::arena_mark();
  In* gin = test::guarded_array<In>(static_cast<size_t>(n));
  Out* gout = test::guarded_array<Out>(static_cast<size_t>(n));
  for (int32_t i = 0; i < n; ++i) gin[i] = in[i];
  const Status s = fn(gin, gout);
  for (int32_t i = 0; i < n; ++i) out[i] = gout[i];
  EXPECT_TRUE(test::guards_intact(gin, static_cast<size_t>(n)));
  EXPECT_TRUE(test::guards_intact(gout, static_cast<size_t>(n)));
  test::arena_rewind(mark);
  return s;
}
}  // namespace

TEST(Quantize, FloatToS8RoundsHalfAwayAndSaturates) {
  const float in[] = {0.25f, -0.25f, 0.75f, -0.75f, 1.25f, -1.25f, 0.0f, 100.0f, -100.0f, 1e30f, -1e30f, 63.2f};
  // x / 0.5 = 0.5, -0.5, 1.5, -1.5, 2.5, -2.5 round to 1, -1, 2, -2, 3, -3 (not to even); zero point 1.
  const int8_t want[] = {2, 0, 3, -1, 4, -2, 1, 127, -128, 127, -128, 127};
  int8_t out[12];
  const QuantizeParams p = quantize_f32_params(0.5f, 1, 12);
  ASSERT_EQ(run_guarded(in, out, 12, [&](const float* i, int8_t* o) { return quantize_f32_s8(p, {i, o}, nullptr, 0); }),
            Status::kOk);
  EXPECT_BYTES_EQ(out, want, sizeof(want));
}

TEST(Quantize, FloatToS16DividesInFloat) {
  // 1/1024: 40 -> 40960 saturates; -0.5/1024 -> -0.5 -> -1; 0.1f / 0.1f = 1 exactly in float.
  const float in[] = {40.0f, -40.0f, -0.00048828125f, 0.00048828125f, 0.0f, 3.0f / 1024.0f};
  const int16_t want[] = {32767, -32768, -1, 1, 0, 3};
  int16_t out[6];
  const QuantizeParams p = quantize_f32_params(1.0f / 1024.0f, 0, 6);
  ASSERT_EQ(run_guarded(in, out, 6, [&](const float* i, int16_t* o) { return quantize_f32_s16(p, {i, o}, nullptr, 0); }),
            Status::kOk);
  EXPECT_BYTES_EQ(out, want, sizeof(want));
  const float tenth[] = {0.1f, 0.3f};
  const int16_t want_tenth[] = {1, 3};  // 0.3f / 0.1f is 3.0000000745 exactly, 3.0f in float
  const QuantizeParams q = quantize_f32_params(0.1f, 0, 2);
  ASSERT_EQ(quantize_f32_s16(q, {tenth, out}, nullptr, 0), Status::kOk);
  EXPECT_BYTES_EQ(out, want_tenth, sizeof(want_tenth));
}

TEST(Quantize, ParamsHelperMatchesQuantizeMultiplier) {
  const QuantizeParams a = quantize_params(0.5f, 3, 0.125f, -4, 10);  // ratio 4 = 0.5 * 2^3
  EXPECT_EQ(a.multiplier, 1 << 30);
  EXPECT_EQ(a.shift, 3);
  EXPECT_EQ(a.input_zero_point, 3);
  EXPECT_EQ(a.output_zero_point, -4);
  EXPECT_EQ(a.size, 10);
  const QuantizeParams same = quantize_params(0.1f, 0, 0.1f, 0, 1);  // TFLM's "same scale" test
  EXPECT_EQ(same.multiplier, 1 << 30);
  EXPECT_EQ(same.shift, 1);
  const QuantizeParams third = quantize_params(0.1f, 0, 0.3f, 0, 1);  // 0.1f / 0.3f = 0.333333325055 in double
  EXPECT_EQ(third.multiplier, 1431655730);  // round(0.666666650 * 2^31)
  EXPECT_EQ(third.shift, -1);
}

TEST(Quantize, S8ToS8UsesTfliteDoubleRounding) {
  // Ratio 0.25 (multiplier 2^30, shift -1): 1 * 0.25 rounds to 1 because the doubling high multiply
  // rounds 0.5 up first; -1 -> 0; -2 -> -0.5 -> -1 (away); 3 -> 0.75 -> 1; 6 -> 1.5 -> 2; 127 -> 32.
  const int8_t in[] = {1, -1, 2, -2, 3, 6, 127, -128};
  const int8_t want[] = {1, 0, 1, -1, 1, 2, 32, -32};
  int8_t out[8];
  const QuantizeParams p = quantize_params(0.25f, 0, 1.0f, 0, 8);
  ASSERT_EQ(p.shift, -1);
  ASSERT_EQ(run_guarded(in, out, 8, [&](const int8_t* i, int8_t* o) { return quantize_s8_s8(p, {i, o}, nullptr, 0); }),
            Status::kOk);
  EXPECT_BYTES_EQ(out, want, sizeof(want));
}

TEST(Quantize, S8ToS8SaturatesWithZeroPoints) {
  // Ratio 4, input zero point -10, output zero point 5: (x + 10) * 4 + 5.
  const int8_t in[] = {-10, 20, 21, -42, -43, 127};
  const int8_t want[] = {5, 125, 127, -123, -127, 127};
  int8_t buf[6];
  for (int i = 0; i < 6; ++i) buf[i] = in[i];
  const QuantizeParams p = quantize_params(0.5f, -10, 0.125f, 5, 6);
  ASSERT_EQ(quantize_s8_s8(p, {buf, buf}, nullptr, 0), Status::kOk);  // in place
  EXPECT_BYTES_EQ(buf, want, sizeof(want));
}

TEST(Quantize, S8U8AndU8S8ShiftBy128) {
  const int8_t s[] = {-128, -1, 0, 127};
  const uint8_t u[] = {0, 127, 128, 255};
  uint8_t out_u[4];
  int8_t out_s[5];
  const QuantizeParams to_u = quantize_params(0.02f, 0, 0.02f, 128, 4);
  ASSERT_EQ(run_guarded(s, out_u, 4, [&](const int8_t* i, uint8_t* o) { return quantize_s8_u8(to_u, {i, o}, nullptr, 0); }),
            Status::kOk);
  EXPECT_BYTES_EQ(out_u, u, 4);
  const QuantizeParams to_s = quantize_params(0.02f, 128, 0.02f, 0, 4);
  ASSERT_EQ(run_guarded(u, out_s, 4, [&](const uint8_t* i, int8_t* o) { return quantize_u8_s8(to_s, {i, o}, nullptr, 0); }),
            Status::kOk);
  EXPECT_BYTES_EQ(out_s, s, 4);
  // Different scales: uint8 (0.1, 0) -> int8 (0.05, -128): 2x - 128, saturated.
  const uint8_t u2[] = {0, 64, 127, 128, 255};
  const int8_t want2[] = {-128, 0, 126, 127, 127};
  const QuantizeParams p2 = quantize_params(0.1f, 0, 0.05f, -128, 5);
  ASSERT_EQ(quantize_u8_s8(p2, {u2, out_s}, nullptr, 0), Status::kOk);
  EXPECT_BYTES_EQ(out_s, want2, 5);
}

TEST(Quantize, WideningPairs) {
  // int8 (0.5, -1) -> int16 (2^-8, 0): (x + 1) * 128.
  const int8_t s8[] = {-128, -1, 0, 127};
  const int16_t want16[] = {-16256, 0, 128, 16384};
  int16_t out16[4];
  const QuantizeParams a = quantize_params(0.5f, -1, 1.0f / 256, 0, 4);
  ASSERT_EQ(run_guarded(s8, out16, 4, [&](const int8_t* i, int16_t* o) { return quantize_s8_s16(a, {i, o}, nullptr, 0); }),
            Status::kOk);
  EXPECT_BYTES_EQ(out16, want16, sizeof(want16));
  // int8 (0.5, -1) -> int32 (2^-20, 7): (x + 1) * 2^19 + 7, no saturation below int32.
  const int32_t want32[] = {-66584569, 7, 524295, 67108871};
  int32_t out32[4];
  const QuantizeParams b = quantize_params(0.5f, -1, 1.0f / 1048576, 7, 4);
  ASSERT_EQ(run_guarded(s8, out32, 4, [&](const int8_t* i, int32_t* o) { return quantize_s8_s32(b, {i, o}, nullptr, 0); }),
            Status::kOk);
  EXPECT_BYTES_EQ(out32, want32, sizeof(want32));
  // int16 (2^-12) -> int32 (2^-20): times 256.
  const int16_t s16[] = {-32768, 1, 32767};
  const int32_t want_s16[] = {-8388608, 256, 8388352};
  const QuantizeParams c = quantize_params(1.0f / 4096, 0, 1.0f / 1048576, 0, 3);
  ASSERT_EQ(run_guarded(s16, out32, 3, [&](const int16_t* i, int32_t* o) { return quantize_s16_s32(c, {i, o}, nullptr, 0); }),
            Status::kOk);
  EXPECT_BYTES_EQ(out32, want_s16, sizeof(want_s16));
}

TEST(Quantize, NarrowingPairs) {
  // int32 (2^-8) -> int8 (1, -10): x / 256 rounded half away, minus 10, saturated; 127 / 256 gives
  // 1 through the double rounding (the high multiply rounds 63.5 to 64, then 64 / 128 = 0.5 -> 1).
  const int32_t s32[] = {1000, 128, -128, 127, 100000, INT32_MIN, INT32_MAX};
  const int8_t want8[] = {-6, -9, -11, -9, 127, -128, 127};
  int8_t out8[7];
  const QuantizeParams a = quantize_params(1.0f / 256, 0, 1.0f, -10, 7);
  ASSERT_EQ(run_guarded(s32, out8, 7, [&](const int32_t* i, int8_t* o) { return quantize_s32_s8(a, {i, o}, nullptr, 0); }),
            Status::kOk);
  EXPECT_BYTES_EQ(out8, want8, sizeof(want8));
  // int32 (2^-4) -> int16 (1): x / 16.
  const int32_t s32b[] = {8, -8, 24, 1048560, -1048576};
  const int16_t want16[] = {1, -1, 2, 32767, -32768};
  int16_t out16[5];
  const QuantizeParams b = quantize_params(1.0f / 16, 0, 1.0f, 0, 5);
  ASSERT_EQ(quantize_s32_s16(b, {s32b, out16}, nullptr, 0), Status::kOk);
  EXPECT_BYTES_EQ(out16, want16, sizeof(want16));
  // int16 (2^-10) -> int8 (0.25, -5): x / 256 - 5; int16 -> int16 halving.
  const int16_t s16[] = {128, -128, 384, 32767, -32768};
  const int8_t want_s8[] = {-4, -6, -3, 123, -128};
  const QuantizeParams c = quantize_params(1.0f / 1024, 0, 0.25f, -5, 5);
  ASSERT_EQ(quantize_s16_s8(c, {s16, out8}, nullptr, 0), Status::kOk);
  EXPECT_BYTES_EQ(out8, want_s8, sizeof(want_s8));
  const int16_t want_half[] = {64, -64, 192, 16384, -16384};
  const QuantizeParams d = quantize_params(0.5f, 0, 1.0f, 0, 5);
  ASSERT_EQ(quantize_s16_s16(d, {s16, out16}, nullptr, 0), Status::kOk);
  EXPECT_BYTES_EQ(out16, want_half, sizeof(want_half));
}

TEST(Dequantize, ScaleTimesDifferenceRoundedOnceToFloat) {
  const int8_t s8[] = {-128, 127, -1, 0};
  const float want8[] = {-63.5f, 64.0f, 0.0f, 0.5f};
  float out[4];
  const DequantizeParams a = dequantize_params(0.5f, -1, 4);
  ASSERT_EQ(run_guarded(s8, out, 4, [&](const int8_t* i, float* o) { return dequantize_s8_f32(a, {i, o}, nullptr, 0); }),
            Status::kOk);
  EXPECT_BYTES_EQ(out, want8, sizeof(want8));
  const uint8_t u8[] = {0, 255, 128};
  const float want_u8[] = {-32.0f, 31.75f, 0.0f};
  const DequantizeParams b = dequantize_params(0.25f, 128, 3);
  ASSERT_EQ(dequantize_u8_f32(b, {u8, out}, nullptr, 0), Status::kOk);
  EXPECT_BYTES_EQ(out, want_u8, sizeof(want_u8));
  const int16_t s16[] = {-32768, 16384, 3, 32767};
  const DequantizeParams c = dequantize_params(0.1f, 0, 4);
  ASSERT_EQ(dequantize_s16_f32(c, {s16, out}, nullptr, 0), Status::kOk);
  for (int i = 0; i < 4; ++i) {  // TFLM: float(double(scale) * (q - zero_point))
    EXPECT_EQ(out[i], static_cast<float>(static_cast<double>(0.1f) * s16[i]));
  }
}

TEST(Quantize, RejectsBadParameters) {
  int8_t s8[4] = {};
  int16_t s16[4] = {};
  float f[4] = {};
  QuantizeParams p = quantize_params(0.5f, 0, 0.5f, 0, 4);
  EXPECT_EQ(quantize_s8_s16(p, {nullptr, s16}, nullptr, 0), Status::kNullPointer);
  EXPECT_EQ(quantize_s8_s16(p, {s8, nullptr}, nullptr, 0), Status::kNullPointer);
  p.size = 0;
  EXPECT_EQ(quantize_s8_s16(p, {s8, s16}, nullptr, 0), Status::kBadShape);
  p.size = 4;
  p.input_zero_point = 128;
  EXPECT_EQ(quantize_s8_s16(p, {s8, s16}, nullptr, 0), Status::kBadParameter);
  p.input_zero_point = 0;
  p.output_zero_point = 128;
  EXPECT_EQ(quantize_s16_s8(p, {s16, s8}, nullptr, 0), Status::kBadParameter);
  EXPECT_EQ(quantize_s8_s16(p, {s8, s16}, nullptr, 0), Status::kOk);
  p.output_zero_point = -1;
  uint8_t u8[4] = {};
  EXPECT_EQ(quantize_s8_u8(p, {s8, u8}, nullptr, 0), Status::kBadParameter);
  p.output_zero_point = 0;
  p.shift = 31;
  EXPECT_EQ(quantize_s8_s8(p, {s8, s8}, nullptr, 0), Status::kBadParameter);
  p.shift = 0;
  p.multiplier = -1;
  EXPECT_EQ(quantize_s8_s8(p, {s8, s8}, nullptr, 0), Status::kBadParameter);
  QuantizeParams fp = quantize_f32_params(0.0f, 0, 4);
  EXPECT_EQ(quantize_f32_s8(fp, {f, s8}, nullptr, 0), Status::kBadParameter);
  fp.output_scale = NAN;
  EXPECT_EQ(quantize_f32_s8(fp, {f, s8}, nullptr, 0), Status::kBadParameter);
  fp.output_scale = INFINITY;
  EXPECT_EQ(quantize_f32_s16(fp, {f, s16}, nullptr, 0), Status::kBadParameter);
  fp.output_scale = 1.0f;
  fp.output_zero_point = -32769;
  EXPECT_EQ(quantize_f32_s16(fp, {f, s16}, nullptr, 0), Status::kBadParameter);
  DequantizeParams d = dequantize_params(-1.0f, 0, 4);
  EXPECT_EQ(dequantize_s8_f32(d, {s8, f}, nullptr, 0), Status::kBadParameter);
  d.scale = 1.0f;
  d.zero_point = 256;
  EXPECT_EQ(dequantize_u8_f32(d, {u8, f}, nullptr, 0), Status::kBadParameter);
  d.zero_point = 0;
  d.size = -1;
  EXPECT_EQ(dequantize_s16_f32(d, {s16, f}, nullptr, 0), Status::kBadShape);
  d.size = 4;
  EXPECT_EQ(dequantize_s16_f32(d, {nullptr, f}, nullptr, 0), Status::kNullPointer);
}

TEST(Quantize, EveryTableHasItsReferenceVariant) {
  size_t n = 0;
  EXPECT_TRUE(quantize_f32_s8_find_variant("quantize_f32_s8.ref") != nullptr);
  EXPECT_TRUE(quantize_f32_s16_find_variant("quantize_f32_s16.ref") != nullptr);
  EXPECT_TRUE(quantize_s8_s8_find_variant("quantize_s8_s8.ref") != nullptr);
  EXPECT_TRUE(quantize_s8_s16_find_variant("quantize_s8_s16.ref") != nullptr);
  EXPECT_TRUE(quantize_s8_s32_find_variant("quantize_s8_s32.ref") != nullptr);
  EXPECT_TRUE(quantize_s8_u8_find_variant("quantize_s8_u8.ref") != nullptr);
  EXPECT_TRUE(quantize_u8_s8_find_variant("quantize_u8_s8.ref") != nullptr);
  EXPECT_TRUE(quantize_s16_s8_find_variant("quantize_s16_s8.ref") != nullptr);
  EXPECT_TRUE(quantize_s16_s16_find_variant("quantize_s16_s16.ref") != nullptr);
  EXPECT_TRUE(quantize_s16_s32_find_variant("quantize_s16_s32.ref") != nullptr);
  EXPECT_TRUE(quantize_s32_s8_find_variant("quantize_s32_s8.ref") != nullptr);
  EXPECT_TRUE(quantize_s32_s16_find_variant("quantize_s32_s16.ref") != nullptr);
  EXPECT_TRUE(dequantize_s8_f32_find_variant("dequantize_s8_f32.ref") != nullptr);
  EXPECT_TRUE(dequantize_s16_f32_find_variant("dequantize_s16_f32.ref") != nullptr);
  EXPECT_TRUE(dequantize_u8_f32_find_variant("dequantize_u8_f32.ref") != nullptr);
  quantize_s8_s8_variants(&n);
  EXPECT_EQ(n, size_t{1});
}
