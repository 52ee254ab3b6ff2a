// gemmlowp's int16 fixed-point primitives as TFLite's int8 HARD_SWISH uses them (all arithmetic in
// int16 lanes, results wrapped to int16 where the reference's int16 variables wrap).
#pragma once
#include <cstdint>

namespace cmnn::quant {

// round(a * b / 2^15) (ties away from zero after the nudge, division truncating toward zero);
// saturates a == b == INT16_MIN. gemmlowp SaturatingRoundingDoublingHighMul<int16_t>.
inline int16_t doubling_high_mul_s16(int16_t a, int16_t b) {
  if (a == INT16_MIN && b == INT16_MIN) return INT16_MAX;
  const int32_t ab = int32_t{a} * int32_t{b};
  const int32_t nudge = ab >= 0 ? (1 << 14) : (1 - (1 << 14));
  return static_cast<int16_t>((ab + nudge) / (1 << 15));
}

// The same without the rounding nudge (TFLite reference_ops::SaturatingDoublingHighMul).
inline int16_t doubling_high_mul_truncate_s16(int16_t a, int16_t b) {
  if (a == INT16_MIN && b == INT16_MIN) return INT16_MAX;
  return static_cast<int16_t>((int32_t{a} * int32_t{b}) / (1 << 15));
}

// x / 2^exponent rounded half away from zero, gemmlowp RoundingDivideByPOT<int16_t>. exponent in
// [0, 31]; like gemmlowp, exponents >= 16 use an int16 mask of -1 (then x >= 0 gives 1).
inline int16_t rounding_divide_by_pot_s16(int16_t x, int exponent) {
  const auto mask = static_cast<int16_t>((int64_t{1} << exponent) - 1);
  const auto remainder = static_cast<int16_t>(x & mask);
  const int32_t threshold = static_cast<int16_t>((mask >> 1) + (x < 0 ? 1 : 0));
  return static_cast<int16_t>((int32_t{x} >> exponent) + (remainder > threshold ? 1 : 0));
}

// x * 2^amount saturated to int16 (TFLite reference_ops::SaturatingLeftShift), amount in [0, 31).
inline int16_t saturating_left_shift_s16(int16_t x, int amount) {
  const int64_t r = int64_t{x} * (int64_t{1} << amount);
  return static_cast<int16_t>(r > INT16_MAX ? INT16_MAX : r < INT16_MIN ? INT16_MIN : r);
}

}  // namespace cmnn::quant
