// 1 / sqrt(x) as a quantized multiplier and shift (TFLite GetInvSqrtQuantizedMultiplierExp), the
// normaliser of int8 L2_NORMALIZATION: a Newton-Raphson iteration in gemmlowp fixed point.
// Tested through tests/unit/quantize and the TFLM oracle cases.
#pragma once
#include <cstdint>

#include "quant/fixed_point.h"
#include "quant/softmax_fixed_point.h"

namespace cmnn::quant {

struct InvSqrt {
  int32_t multiplier;  // Q0.31
  int shift;           // power-of-two exponent, times reverse_shift (TFLite passes -1: positive = left)
};

// x >= 0; 0 and 1 give (INT32_MAX, 0) as in TFLite (0 would divide by zero).
inline InvSqrt inv_sqrt_quantized_multiplier(int32_t x, int reverse_shift) {
  if (x <= 1) return {INT32_MAX, 0};
  int shift = 11;
  while (x >= (1 << 29)) {
    x /= 4;
    ++shift;
  }
  // Normalise x into [2^27, 2^29) by an even left shift, so that sqrt moves the exponent by pairs.
  const int pairs = (count_leading_zeros(static_cast<uint32_t>(x)) - 1) / 2 - 1;
  shift -= pairs;
  x <<= 2 * pairs;
  // Q3.28 throughout; products of two Q3.28 values are Q6.25 and are rescaled back with saturation.
  const int32_t input = x >> 1;
  const int32_t half_input = rounding_divide_by_pot(input, 1);
  constexpr int32_t kHalfThree = (1 << 28) + (1 << 27);  // 1.5
  int32_t y = 1 << 28;                                   // 1.0, the starting guess
  for (int i = 0; i < 5; ++i) {
    const int32_t y3 = saturating_mul_by_pot(doubling_high_mul(doubling_high_mul(y, y), y), 6);
    y = saturating_mul_by_pot(wrapping_sub(doubling_high_mul(kHalfThree, y), doubling_high_mul(half_input, y3)), 3);
  }
  constexpr int32_t kHalfSqrt2 = 1518500250;  // sqrt(2) / 2, Q0.31
  y = doubling_high_mul(y, kHalfSqrt2);
  if (shift < 0) {
    y = static_cast<int32_t>(static_cast<uint32_t>(y) << -shift);
    shift = 0;
  }
  return {y, shift * reverse_shift};
}

}  // namespace cmnn::quant
