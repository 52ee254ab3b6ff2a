// Fixed-point arithmetic of TFLite's int8/int16 quantization, written once. Every kernel variant
// requantizes through these functions, so this file decides bit-exactness with TFLite
// (reference_ops / gemmlowp fixedpoint.h semantics; CMSIS-NN arm_nn_requantize gives the same
// results). Exhaustively tested in tests/unit/quant.
#pragma once
#include <cstdint>

namespace cmnn::quant {

// round(a * b / 2^31), ties rounded up (toward +infinity: 1.5 -> 2, -1.5 -> -1); saturates the one overflow case
// (a == b == INT32_MIN). gemmlowp SaturatingRoundingDoublingHighMul.
inline int32_t doubling_high_mul(int32_t a, int32_t b) {
  if (a == INT32_MIN && b == INT32_MIN) return INT32_MAX;
  const int64_t ab = static_cast<int64_t>(a) * static_cast<int64_t>(b);
  // Adding 2^30 and shifting right (floor) equals gemmlowp's sign-dependent nudge followed by a
  // division that truncates toward zero.
  return static_cast<int32_t>((ab + (int64_t{1} << 30)) >> 31);
}

// x / 2^exponent rounded to nearest, ties away from zero. exponent in [0, 31].
// gemmlowp RoundingDivideByPOT.
inline int32_t rounding_divide_by_pot(int32_t x, int exponent) {
  const int32_t mask = static_cast<int32_t>((int64_t{1} << exponent) - 1);
  const int32_t remainder = x & mask;
  const int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
  return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

// x * multiplier * 2^shift with TFLite's double rounding (MultiplyByQuantizedMultiplier):
// multiplier is a Q31 value in [2^30, 2^31) (or 0), shift in [-31, 30], positive = left.
// The left shift wraps like the int32 arithmetic of TFLite and CMSIS-NN on two's complement.
inline int32_t multiply_by_quantized_multiplier(int32_t x, int32_t multiplier, int shift) {
  const int left = shift > 0 ? shift : 0;
  const int right = shift > 0 ? 0 : -shift;
  const auto shifted = static_cast<int32_t>(static_cast<uint32_t>(x) << left);
  return rounding_divide_by_pot(doubling_high_mul(shifted, multiplier), right);
}

// a + b with two's-complement wrap-around (a hostile int64 bias must not overflow a signed add).
inline int64_t wrapping_add_64(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) + static_cast<uint64_t>(b));
}

// The same for 64-bit accumulators (int16 activations with int64 bias: TFLite's
// MultiplyByQuantizedMultiplier(int64_t, int32_t, int)). Result saturates to int32.

inline int32_t multiply_by_quantized_multiplier_64(int64_t x, int32_t multiplier, int shift) {
  // Reduce the multiplier to 16 bits (rounded), as TFLite does, to keep the product in 64 bits.
  const int32_t reduced = multiplier < 0x7FFF0000 ? ((multiplier + (1 << 15)) >> 16) : 0x7FFF;
  const int total_shift = 15 - shift;
  // TFLite requires |x| < 2^47; a hostile int64 bias can exceed it. Clamping keeps the product in
  // int64 (no undefined overflow) and changes nothing inside TFLite's range.
  constexpr int64_t kLimit = int64_t{1} << 47;
  x = x < -kLimit ? -kLimit : x >= kLimit ? kLimit - 1 : x;
  const int64_t product = x * static_cast<int64_t>(reduced);
  if (total_shift <= 0) {
    // shift >= 15 (outside TFLite's range, shift < 8): an exact left shift, saturated; clamping
    // first keeps the shift inside int64 without changing the saturated result.
    const int64_t clamped = product > INT32_MAX ? INT32_MAX : product < INT32_MIN ? INT32_MIN : product;
    const int64_t shifted = clamped * (int64_t{1} << -total_shift);
    return shifted > INT32_MAX ? INT32_MAX : shifted < INT32_MIN ? INT32_MIN : static_cast<int32_t>(shifted);
  }
  // Equal to CMSIS-NN's arm_nn_requantize_s64 (>> (14 - shift) into int32, then (r + 1) >> 1)
  // whenever the result fits int32 (tests/unit/quant/fixed_point_64_test.cpp).
  const int64_t rounded = (product + (int64_t{1} << (total_shift - 1))) >> total_shift;
  return rounded > INT32_MAX ? INT32_MAX : rounded < INT32_MIN ? INT32_MIN : static_cast<int32_t>(rounded);
}

inline int32_t clamp(int32_t x, int32_t lo, int32_t hi) { return x < lo ? lo : x > hi ? hi : x; }

// Accumulator to int8 output: requantize, add the output zero point, clamp to the activation range.
inline int8_t requantize_to_s8(int32_t accumulator, int32_t multiplier, int shift, int32_t output_zero_point,
                               int32_t activation_min, int32_t activation_max) {
  // The zero point is added with int32 wrap-around, as every DSP/MVE variant's 32-bit lane add does
  // (a result at the int32 limit must not be a signed overflow; inside that range it is TFLite's add).
  const auto v = static_cast<int32_t>(
      static_cast<uint32_t>(multiply_by_quantized_multiplier(accumulator, multiplier, shift)) +
      static_cast<uint32_t>(output_zero_point));
  return static_cast<int8_t>(clamp(v, activation_min, activation_max));
}

}  // namespace cmnn::quant
