// multiply_by_quantized_multiplier_64 against two independent statements of the same arithmetic:
// TFLite's MultiplyByQuantizedMultiplier(int64_t, int32_t, int) (reduced 16-bit multiplier, one
// rounding shift by 15 - shift) and CMSIS-NN's arm_nn_requantize_s64 (shift by 14 - shift into
// int32, then add 1 and halve). Also the saturation and the shifts outside TFLite's range.
#include "quant/fixed_point.h"
#include "test.h"

using namespace cmnn;

namespace {

uint64_t g_seed = 0x9E3779B97F4A7C15ull;
uint64_t next64() {
  g_seed ^= g_seed << 13;
  g_seed ^= g_seed >> 7;
  g_seed ^= g_seed << 17;
  return g_seed;
}

int32_t reduce(int32_t m) { return m < 0x7FFF0000 ? (m + (1 << 15)) >> 16 : 0x7FFF; }

// CMSIS-NN's two-step formulation (valid while the intermediate fits int32).
int64_t cmsis_s64(int64_t x, int32_t m, int shift) {
  const int64_t v = x * reduce(m);
  const int64_t r = v >> (14 - shift);  // floor
  return (r + 1) >> 1;
}

}  // namespace

TEST(FixedPoint64, MatchesCmsisAndTflite) {
  int cases = 0;
  for (int i = 0; i < 200000; ++i) {
    const int32_t m = i % 7 == 0 ? INT32_MAX : i % 11 == 0 ? (1 << 30) : static_cast<int32_t>((1u << 30) + (next64() % (1u << 30)));
    const int shift = static_cast<int>(next64() % 22) - 21 + 7;  // [-14, 7], TFLite's range and beyond
    // |x| < 2^47 (TFLite's contract); scale down so most results fit int32.
    const int bits = static_cast<int>(next64() % 47);
    int64_t x = static_cast<int64_t>(next64() >> (64 - bits - 1));
    if ((next64() & 1) != 0) x = -x;
    const int64_t expected = cmsis_s64(x, m, shift);
    if (expected < INT32_MIN || expected > INT32_MAX) {
      EXPECT_EQ(quant::multiply_by_quantized_multiplier_64(x, m, shift), expected < 0 ? INT32_MIN : INT32_MAX);
      continue;
    }
    const int64_t tflite = (x * reduce(m) + (int64_t{1} << (14 - shift))) >> (15 - shift);
    ASSERT_EQ(tflite, expected);
    ASSERT_EQ(static_cast<int64_t>(quant::multiply_by_quantized_multiplier_64(x, m, shift)), expected);
    ++cases;
  }
  platform::print("    %d in-range cases equal to arm_nn_requantize_s64 and TFLite\n", cases);
  EXPECT_GT(cases, 100000);
}

TEST(FixedPoint64, EdgeValues) {
  EXPECT_EQ(quant::multiply_by_quantized_multiplier_64(0, INT32_MAX, 0), 0);
  // 0.5 * 2^0 of 3 is 1.5, rounded up; of -3 is -1.5, rounded up (toward +infinity).
  EXPECT_EQ(quant::multiply_by_quantized_multiplier_64(3, 1 << 30, 0), 2);
  EXPECT_EQ(quant::multiply_by_quantized_multiplier_64(-3, 1 << 30, 0), -1);
  EXPECT_EQ(quant::multiply_by_quantized_multiplier_64(int64_t{1} << 46, INT32_MAX, 7), INT32_MAX);
  EXPECT_EQ(quant::multiply_by_quantized_multiplier_64(-(int64_t{1} << 46), INT32_MAX, 7), INT32_MIN);
  // Shifts from 15 up (beyond TFLite's range) are exact left shifts, saturated.
  EXPECT_EQ(quant::multiply_by_quantized_multiplier_64(1, 1 << 30, 15), 1 << 14);
  EXPECT_EQ(quant::multiply_by_quantized_multiplier_64(5, 1 << 30, 20), 5 << 19);
  EXPECT_EQ(quant::multiply_by_quantized_multiplier_64(int64_t{1} << 40, 1 << 30, 30), INT32_MAX);
  EXPECT_EQ(quant::multiply_by_quantized_multiplier_64(-(int64_t{1} << 40), 1 << 30, 30), INT32_MIN);
}
