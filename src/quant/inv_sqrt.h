// 1 / sqrt(x) of a positive int32 as a Q31 multiplier and a power-of-two exponent (TFLite
// GetInvSqrtQuantizedMultiplierExp: Newton-Raphson in Q3.28, five iterations), used by RSQRT.
#pragma once
#include <cstdint>

#include "quant/softmax_fixed_point.h"

namespace cmnn::quant {

// For input >= 2: 1/sqrt(input) ~= multiplier * 2^(shift - 31) with shift >= 0 before
// reverse_shift is applied (TFLite passes reverse_shift = -1, giving a right shift as a negative
// left shift). input <= 1 gives (INT32_MAX, 0), as TFLite does for 0 and 1.
inline void inv_sqrt_multiplier_exp(int32_t input, int reverse_shift, int32_t* multiplier, int* shift) {
  if (input <= 1) {
    *multiplier = INT32_MAX;
    *shift = 0;
    return;
  }
  int out_shift = 11;
  while (input >= (1 << 29)) {
    input /= 4;
    ++out_shift;
  }
  const int max_left_shift_bits = __builtin_clz(static_cast<uint32_t>(input)) - 1;
  const int left_shift_bit_pairs = max_left_shift_bits / 2 - 1;
  out_shift -= left_shift_bit_pairs;
  input <<= 2 * left_shift_bit_pairs;  // now in [2^27, 2^29)
  // Q3.28: x = 1, then x = 3/2 x - (input/2) x^3, five times; products of two Q3.28 are Q6.25.
  const int32_t half_input = rounding_divide_by_pot(input >> 1, 1);
  constexpr int32_t kThreeHalves = (1 << 28) + (1 << 27);
  int32_t x = 1 << 28;
  for (int i = 0; i < 5; ++i) {
    const int32_t x3 = saturating_mul_by_pot(doubling_high_mul(doubling_high_mul(x, x), x), 6);
    const auto diff = static_cast<int32_t>(static_cast<uint32_t>(doubling_high_mul(kThreeHalves, x)) -
                                           static_cast<uint32_t>(doubling_high_mul(half_input, x3)));
    x = saturating_mul_by_pot(diff, 3);
  }
  constexpr int32_t kHalfSqrt2 = 1518500250;  // sqrt(2) / 2 in Q0.31
  int32_t result = doubling_high_mul(x, kHalfSqrt2);
  if (out_shift < 0) {
    result = static_cast<int32_t>(static_cast<uint32_t>(result) << -out_shift);
    out_shift = 0;
  }
  *multiplier = result;
  *shift = out_shift * reverse_shift;
}

// The same as a value (L2_NORMALIZATION's normaliser): multiplier in Q0.31 and the exponent
// times reverse_shift (TFLite passes -1: positive = left).
struct InvSqrt {
  int32_t multiplier;
  int shift;
};
inline InvSqrt inv_sqrt_quantized_multiplier(int32_t x, int reverse_shift) {
  InvSqrt r{};
  inv_sqrt_multiplier_exp(x, reverse_shift, &r.multiplier, &r.shift);
  return r;
}

}  // namespace cmnn::quant
