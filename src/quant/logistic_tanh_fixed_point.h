// int8 logistic and tanh of TFLite's reference kernels: gemmlowp::logistic and gemmlowp::tanh on
// a Q4.27 input, results in Q0.31. Exact integer arithmetic, tested in tests/unit/activations.
#pragma once
#include <cstdint>

#include "quant/softmax_fixed_point.h"

namespace cmnn::quant {

// 1 / (1 + exp(-x)) for x in Q4.27; result in Q0.31 (x == 0 gives exactly 1/2).
inline int32_t logistic_q4(int32_t x) {
  if (x == 0) return 1 << 30;
  const bool positive = x > 0;
  const int32_t minus_abs = positive ? static_cast<int32_t>(0u - static_cast<uint32_t>(x)) : x;
  const int32_t r = one_over_one_plus_x_for_x_in_0_1(exp_on_negative_values_q<4>(minus_abs));
  return positive ? r : INT32_MAX - r;
}

// tanh(x) for x in Q4.27; result in Q0.31. gemmlowp evaluates (1 - exp(-2|x|)) / (1 + exp(-2|x|))
// by reading the same raw -|x| as Q5.26 (that is, as -2|x|).
inline int32_t tanh_q4(int32_t x) {
  if (x == 0) return 0;
  const bool negative = x < 0;
  const int32_t minus_abs = negative ? x : static_cast<int32_t>(0u - static_cast<uint32_t>(x));
  const int32_t t = one_minus_x_over_one_plus_x_for_x_in_0_1(exp_on_negative_values_q<5>(minus_abs));
  return negative ? static_cast<int32_t>(0u - static_cast<uint32_t>(t)) : t;
}

}  // namespace cmnn::quant
