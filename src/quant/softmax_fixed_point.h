// Fixed-point exp and reciprocals of TFLite's int8 softmax, logistic and tanh (gemmlowp
// exp_on_negative_values, one_over_one_plus_x_for_x_in_0_1 and one_minus_x_over_one_plus_x_for_x_in_0_1,
// as CMSIS-NN's arm_nn_softmax_common_s8 uses them): results in Q0.31; and the log of log_softmax
// (TFLite's log_x_for_x_greater_than_or_equal_to_1). Tested in tests/unit/quant.
#pragma once
#include <cstdint>

#include "quant/fixed_point.h"

namespace cmnn::quant {

// x * 2^exponent saturated to int32 (gemmlowp SaturatingRoundingMultiplyByPOT, exponent > 0).
inline int32_t saturating_mul_by_pot(int32_t x, int exponent) {
  const int32_t limit = static_cast<int32_t>((int64_t{1} << (31 - exponent)) - 1);
  if (x > limit) return INT32_MAX;
  if (x < -limit) return INT32_MIN;
  return static_cast<int32_t>(static_cast<uint32_t>(x) << exponent);
}

// exp(x) for x <= 0 given with kIntegerBits integer bits (Q4.27 for int8 logistic, Q5.26 for
// softmax and tanh), result in Q0.31 (exp(0) = INT32_MAX). gemmlowp exp_on_negative_values.
template <int kIntegerBits>
inline int32_t exp_on_negative_values_q(int32_t x) {
  static_assert(kIntegerBits >= 1 && kIntegerBits <= 5, "gemmlowp clamps below -32 only for more integer bits");
  constexpr int kFractionalBits = 31 - kIntegerBits;
  constexpr int kQuarterBit = kFractionalBits - 2;  // 1/4
  const int32_t mod_quarter_minus_quarter = (x & ((1 << kQuarterBit) - 1)) - (1 << kQuarterBit);
  const auto remainder = static_cast<int32_t>(static_cast<uint32_t>(mod_quarter_minus_quarter) - static_cast<uint32_t>(x));
  // exp on [-1/4, 0): Taylor polynomial around -1/8, argument in Q0.31 (the rescale cannot saturate).
  const int32_t a = static_cast<int32_t>(static_cast<uint32_t>(mod_quarter_minus_quarter) << kIntegerBits) + (1 << 28);
  constexpr int32_t kExpMinusOneEighth = 1895147668;
  constexpr int32_t kOneThird = 715827883;
  const int32_t a2 = doubling_high_mul(a, a);
  const int32_t a3 = doubling_high_mul(a2, a);
  const int32_t a4_over_4 = rounding_divide_by_pot(doubling_high_mul(a2, a2), 2);
  const int32_t poly = rounding_divide_by_pot(doubling_high_mul(a4_over_4 + a3, kOneThird) + a2, 1);
  int32_t result = kExpMinusOneEighth + doubling_high_mul(kExpMinusOneEighth, a + poly);
  // Multiply by exp(-2^e) for every bit e = -2 .. kIntegerBits - 1 of the remainder.
  constexpr int32_t kExpOfMinusPowerOfTwo[7] = {1672461947, 1302514674, 790015084, 290630308,
                                                 39332535,   720401,     242};
  for (int k = 0; k < 7 && k - 2 < kIntegerBits; ++k) {
    if ((static_cast<uint32_t>(remainder) & (uint32_t{1} << (kFractionalBits + k - 2))) != 0) {
      result = doubling_high_mul(result, kExpOfMinusPowerOfTwo[k]);
    }
  }
  return x == 0 ? INT32_MAX : result;
}

// exp(x) for x <= 0 in Q5.26, result in Q0.31 (exp(0) = INT32_MAX).
inline int32_t exp_on_negative_values(int32_t x) { return exp_on_negative_values_q<5>(x); }

// (a + b) / 2 rounded half away from zero (gemmlowp RoundingHalfSum).
inline int32_t rounding_half_sum(int32_t a, int32_t b) {
  const int64_t sum = int64_t{a} + b;
  return static_cast<int32_t>((sum + (sum >= 0 ? 1 : -1)) / 2);
}

inline int32_t saturating_add(int32_t a, int32_t b) {
  const int64_t s = int64_t{a} + b;
  return s > INT32_MAX ? INT32_MAX : s < INT32_MIN ? INT32_MIN : static_cast<int32_t>(s);
}

inline int32_t saturating_sub(int32_t a, int32_t b) {
  const int64_t s = int64_t{a} - b;
  return s > INT32_MAX ? INT32_MAX : s < INT32_MIN ? INT32_MIN : static_cast<int32_t>(s);
}

// gemmlowp's plain fixed-point + and - on raw int32: two's complement wrap-around.
inline int32_t wrapping_add(int32_t a, int32_t b) {
  return static_cast<int32_t>(static_cast<uint32_t>(a) + static_cast<uint32_t>(b));
}
inline int32_t wrapping_sub(int32_t a, int32_t b) {
  return static_cast<int32_t>(static_cast<uint32_t>(a) - static_cast<uint32_t>(b));
}

inline int count_leading_zeros(uint32_t x) { return x == 0 ? 32 : __builtin_clz(x); }

namespace softmax_detail {
// 1 / ((1 + x) / 2) in Q2.29 for x in [0, 1) in Q0.31: gemmlowp's Newton-Raphson division on the
// half denominator (rounded half sum of x and 1), three iterations.
inline int32_t inverse_half_one_plus_x_q2(int32_t x) {
  const int64_t sum = int64_t{x} + INT32_MAX;
  const auto half_denominator = static_cast<int32_t>((sum + (sum >= 0 ? 1 : -1)) / 2);
  constexpr int32_t k48Over17 = 1515870810, kMinus32Over17 = -1010580540;
  int32_t r = k48Over17 + doubling_high_mul(half_denominator, kMinus32Over17);
  constexpr int32_t kOneQ2 = 1 << 29;  // 1 in Q2.29
  for (int i = 0; i < 3; ++i) {
    const int32_t error = kOneQ2 - doubling_high_mul(half_denominator, r);
    r += saturating_mul_by_pot(doubling_high_mul(r, error), 2);
  }
  return r;
}
}  // namespace softmax_detail

// 1 / (1 + x) for x in [0, 1) given in Q0.31; result in Q0.31 (gemmlowp one_over_one_plus_x_for_x_in_0_1).
inline int32_t one_over_one_plus_x_for_x_in_0_1(int32_t x) {
  return saturating_mul_by_pot(softmax_detail::inverse_half_one_plus_x_q2(x), 1);
}

// (1 - x) / (1 + x) for x in [0, 1) given in Q0.31; result in Q0.31 (gemmlowp
// one_minus_x_over_one_plus_x_for_x_in_0_1, the core of tanh).
inline int32_t one_minus_x_over_one_plus_x_for_x_in_0_1(int32_t x) {
  const int32_t r = softmax_detail::inverse_half_one_plus_x_q2(x);
  return saturating_mul_by_pot(static_cast<int32_t>(static_cast<uint32_t>(r) - (uint32_t{1} << 29)), 2);
}

// x / 2^exponent rounded half away from zero for exponent in [0, 62] (softmax's bits_over_unit
// passes 31 for long rows); equals rounding_divide_by_pot for exponent <= 31.
inline int32_t rounding_divide_by_pot_wide(int32_t x, int exponent) {
  if (exponent <= 31) return rounding_divide_by_pot(x, exponent);
  const int64_t mask = (int64_t{1} << exponent) - 1;
  const int64_t remainder = int64_t{x} & mask, threshold = (mask >> 1) + (x < 0 ? 1 : 0);
  return static_cast<int32_t>((int64_t{x} >> exponent) + (remainder > threshold ? 1 : 0));
}

// log(x) for x >= 1 (TFLite log_x_for_x_greater_than_or_equal_to_1): x in Q(input_bits).(31 -
// input_bits), result in Q(output_bits).(31 - output_bits), accumulated with one more integer bit.
// x = 2^z * r with r in [sqrt(1/2), sqrt(2)) taken from two candidate normalisations (of x and of
// x * sqrt(1/2)); log(r) from a rational approximation around 2^(-1/4). output_bits in [1, 30].
inline int32_t log_x_for_x_ge_1(int32_t x, int input_bits, int output_bits) {
  const int accum_bits = output_bits + 1;
  constexpr int32_t kLog2 = 1488522236;          // log(2), Q0.31
  constexpr int32_t kSqrtSqrtHalf = 1805811301;  // 2^(-1/4)
  constexpr int32_t kSqrtHalf = 1518500250;      // 2^(-1/2)
  constexpr int32_t kOneQuarter = 536870912;
  constexpr int32_t kAlphaN = 117049297;    // 11/240 * 2^(1/4)
  constexpr int32_t kAlphaD = 127690142;    // 1/20 * 2^(1/4)
  constexpr int32_t kAlphaI = 1057819769;   // 2 / 2^(1/4) - 2^(1/4)
  constexpr int32_t kAlphaF = 638450708;    // 1/4 * 2^(1/4)
  const int32_t quarter = rounding_divide_by_pot(kOneQuarter, accum_bits);  // 1/4 in the accumulator format
  // Candidate a: x normalised to [1/2, 1) then times sqrt(2), exponent offset +1/4.
  const int a_headroom_plus_1 = count_leading_zeros(static_cast<uint32_t>(x));
  const int32_t a_normalised = saturating_mul_by_pot(x, a_headroom_plus_1 - 1);
  const int32_t r_a = saturating_mul_by_pot(doubling_high_mul(a_normalised, kSqrtHalf), 1);
  const int32_t a_pow2 = saturating_add(
      saturating_mul_by_pot(input_bits - a_headroom_plus_1, 31 - accum_bits), quarter);
  // Candidate b: x * sqrt(1/2) normalised, exponent offset -1/4.
  const int32_t z_b = doubling_high_mul(x, kSqrtHalf);
  const int b_headroom = count_leading_zeros(static_cast<uint32_t>(z_b)) - 1;
  const int32_t r_b = saturating_mul_by_pot(x, b_headroom);
  const int32_t b_pow2 = saturating_sub(saturating_mul_by_pot(input_bits - b_headroom, 31 - accum_bits), quarter);
  const int32_t r = r_a < r_b ? r_a : r_b;
  const int32_t pow2 = a_pow2 > b_pow2 ? a_pow2 : b_pow2;
  const int32_t p = rounding_half_sum(r, kSqrtSqrtHalf);
  int32_t q = wrapping_sub(r, kSqrtSqrtHalf);
  q = wrapping_add(q, q);
  const int32_t q2 = doubling_high_mul(q, q);
  const int32_t num = wrapping_add(doubling_high_mul(q, r), doubling_high_mul(doubling_high_mul(q, q2), kAlphaN));
  const int32_t denom_minus_one =
      wrapping_add(doubling_high_mul(p, wrapping_add(wrapping_add(kAlphaI, q), doubling_high_mul(kAlphaD, q2))),
                   doubling_high_mul(kAlphaF, q));
  const int32_t recip_denom = one_over_one_plus_x_for_x_in_0_1(denom_minus_one);
  const int32_t num_scaled = rounding_divide_by_pot(num, accum_bits);
  const int32_t log = wrapping_add(doubling_high_mul(pow2, kLog2), doubling_high_mul(num_scaled, recip_denom));
  return saturating_mul_by_pot(log, accum_bits - output_bits);
}

}  // namespace cmnn::quant
