// The fixed-point core against independent formulations of the same definitions (gemmlowp's
// sign-dependent nudge with truncating division; exact rational rounding), over sweeps that
// cover every shift and the int32 extremes.
#include "quant/fixed_point.h"
#include "cmnn/quant.h"
#include "test.h"

using namespace cmnn::quant;

namespace {
// gemmlowp's literal definition.
int32_t doubling_high_mul_gemmlowp(int32_t a, int32_t b) {
  if (a == b && a == INT32_MIN) return INT32_MAX;
  const int64_t ab = static_cast<int64_t>(a) * b;
  const int64_t nudge = ab >= 0 ? (1 << 30) : (1 - (1 << 30));
  return static_cast<int32_t>((ab + nudge) / (int64_t{1} << 31));
}
// x / 2^e, nearest, ties away from zero, computed on magnitudes.
int32_t rounding_divide_exact(int32_t x, int e) {
  const int64_t m = x < 0 ? -static_cast<int64_t>(x) : x;
  const int64_t q = e == 0 ? m : (m + (int64_t{1} << (e - 1))) >> e;
  return static_cast<int32_t>(x < 0 ? -q : q);
}
uint32_t g_state = 12345;
int32_t next_random() {
  g_state = g_state * 1664525u + 1013904223u;
  const uint32_t hi = g_state;
  g_state = g_state * 1664525u + 1013904223u;
  return static_cast<int32_t>((hi & 0xFFFF0000u) | (g_state >> 16));
}
const int32_t kEdges[] = {INT32_MIN, INT32_MIN + 1, -65536, -32769, -2, -1, 0, 1, 2, 32767, 65536, INT32_MAX - 1, INT32_MAX};
}  // namespace

TEST(FixedPoint, DoublingHighMulMatchesGemmlowp) {
  int cases = 0;
  for (int32_t a : kEdges)
    for (int32_t b : kEdges) {
      EXPECT_EQ(doubling_high_mul(a, b), doubling_high_mul_gemmlowp(a, b));
      ++cases;
    }
  for (int i = 0; i < 20000; ++i) {
    const int32_t a = next_random(), b = next_random();
    ASSERT_EQ(doubling_high_mul(a, b), doubling_high_mul_gemmlowp(a, b));
    ++cases;
  }
  EXPECT_EQ(cases, 20169);
  EXPECT_EQ(doubling_high_mul(INT32_MIN, INT32_MIN), INT32_MAX);
  EXPECT_EQ(doubling_high_mul(1 << 30, 3), 2);  // 1.5 rounds up
  EXPECT_EQ(doubling_high_mul(1 << 30, -3), -1);  // -1.5 rounds up too (gemmlowp's nudge)
}

TEST(FixedPoint, RoundingDivideByPotIsNearestTiesAway) {
  for (int e = 0; e <= 31; ++e) {
    for (int32_t x : kEdges) ASSERT_EQ(rounding_divide_by_pot(x, e), rounding_divide_exact(x, e));
    for (int i = 0; i < 500; ++i) {
      const int32_t x = next_random();
      ASSERT_EQ(rounding_divide_by_pot(x, e), rounding_divide_exact(x, e));
    }
  }
  EXPECT_EQ(rounding_divide_by_pot(5, 1), 3);
  EXPECT_EQ(rounding_divide_by_pot(-5, 1), -3);
  EXPECT_EQ(rounding_divide_by_pot(-6, 2), -2);
}

TEST(FixedPoint, QuantizedMultiplierKnownValues) {
  // 0.5 * 2^0: multiplier 2^30, shift 0.
  EXPECT_EQ(multiply_by_quantized_multiplier(100, 1 << 30, 0), 50);
  EXPECT_EQ(multiply_by_quantized_multiplier(-101, 1 << 30, 0), -50);  // -50.5 rounds up
  EXPECT_EQ(multiply_by_quantized_multiplier(100, 1 << 30, -2), 13);  // 12.5 -> 13
  EXPECT_EQ(multiply_by_quantized_multiplier(3, 1 << 30, 2), 6);
  // Double rounding: 1 * (0.5 + 2^-31) / 2 = 0.25 + tiny; the high mul rounds 0.5+ to 1, then the
  // shift rounds 0.5 away from zero to 1 (a single rounding would give 0).
  EXPECT_EQ(multiply_by_quantized_multiplier(1, 1073741824 + 1, -1), 1);
  EXPECT_EQ(requantize_to_s8(1000, 1 << 30, 0, -128, -128, 127), 127);
  EXPECT_EQ(requantize_to_s8(-1000, 1 << 30, 0, 5, -128, 127), -128);
}

TEST(FixedPoint, QuantizeMultiplierFollowsTflite) {
  int32_t m = 0;
  int s = 0;
  cmnn::quantize_multiplier(0.5, &m, &s);
  EXPECT_EQ(m, 1 << 30);
  EXPECT_EQ(s, 0);
  cmnn::quantize_multiplier(0.0078125, &m, &s);  // 2^-7
  EXPECT_EQ(m, 1 << 30);
  EXPECT_EQ(s, -6);
  cmnn::quantize_multiplier(1.0 - 1e-12, &m, &s);  // mantissa rounds to 2^31: carried into the shift
  EXPECT_EQ(m, 1 << 30);
  EXPECT_EQ(s, 1);
  cmnn::quantize_multiplier(0.0, &m, &s);
  EXPECT_EQ(m, 0);
  cmnn::quantize_multiplier(1e-12, &m, &s);  // exponent below -31 flushes to zero
  EXPECT_EQ(m, 0);
  EXPECT_EQ(s, 0);
}
