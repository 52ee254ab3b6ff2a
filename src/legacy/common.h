// Arithmetic of the paper's q7/q15 format, written once for every legacy kernel (see
// include/cmnn/legacy/types.h for the formula). Accumulators wrap in 32 bits like SMLAD.
#pragma once
#include <cstdint>

#include "cmnn/legacy/types.h"

namespace cmnn::legacy::detail {

// CMSIS NN_ROUND: half of the output step, 0 when nothing is shifted out.
inline int32_t round_term(int out_shift) { return static_cast<int32_t>((uint32_t{1} << out_shift) >> 1); }

inline int32_t wrap_add(int32_t a, int32_t b) {
  return static_cast<int32_t>(static_cast<uint32_t>(a) + static_cast<uint32_t>(b));
}
inline int32_t wrap_mac(int32_t acc, int32_t a, int32_t b) {
  return static_cast<int32_t>(static_cast<uint32_t>(acc) + static_cast<uint32_t>(a * b));
}

// (bias << bias_shift) + round, the accumulator's starting value.
inline int32_t initial_accumulator(int32_t bias, Shifts s) {
  return wrap_add(static_cast<int32_t>(static_cast<uint32_t>(bias) << s.bias_shift), round_term(s.out_shift));
}

inline int8_t saturate_q7(int32_t x) { return static_cast<int8_t>(x < -128 ? -128 : x > 127 ? 127 : x); }
inline int16_t saturate_q15(int32_t x) { return static_cast<int16_t>(x < -32768 ? -32768 : x > 32767 ? 32767 : x); }

inline int8_t finish_q7(int32_t acc, Shifts s) { return saturate_q7(acc >> s.out_shift); }
inline int16_t finish_q15(int32_t acc, Shifts s) { return saturate_q15(acc >> s.out_shift); }

inline bool shifts_valid(Shifts s) {
  return s.bias_shift >= 0 && s.bias_shift <= 16 && s.out_shift >= 0 && s.out_shift <= 31;
}

}  // namespace cmnn::legacy::detail
