// int16 sigmoid and tanh of TFLite's 16-bit quantization (reference_integer_ops Logistic/Tanh
// for int16; CMSIS-NN arm_nn_activation_s16): linear interpolation in a 256-entry sigmoid table
// (sigmoid_table_u16.h), tanh(x) = 2 * sigmoid(2x) - 1 read from the same table.
// Input: int16 with scale 2^(left_shift - 12) (left_shift 0: Q3.12); output Q0.15.
#pragma once
#include <cstdint>

#include "quant/sigmoid_table_u16.h"

namespace cmnn::quant {

namespace activation_s16_detail {
// Input scaled by 3 * 2^left_shift (or 3 / 2^-left_shift, rounded half up): the table's step is 1/24.
inline int32_t scale_input(int16_t x, int32_t left_shift) {
  if (left_shift >= 0) return x * (3 * (int32_t{1} << left_shift));
  const int32_t down = -left_shift;
  return (x * 3 + (int32_t{1} << (down - 1))) >> down;
}
// Interpolated table value at |v| in units of 2^-frac_bits table steps; saturated past the end.
inline uint32_t interpolate(uint32_t abs_v, int frac_bits, uint32_t saturated) {
  const uint32_t index = abs_v >> frac_bits;
  if (index >= 255) return saturated;
  const uint32_t lo = kSigmoidTableU16[index], hi = kSigmoidTableU16[index + 1];
  const uint32_t frac = abs_v & ((1u << frac_bits) - 1);
  return (lo << frac_bits) + frac * (hi - lo);  // hi >= lo: the table increases
}
inline int16_t low_half(uint32_t v) { return static_cast<int16_t>(static_cast<uint16_t>(v & 0xFFFFu)); }
}  // namespace activation_s16_detail

// sigmoid of v, the input already scaled to the table's step (1/24 = 2^9 units of v): output in
// [0, 32767] (Q0.15). TFLite reference_integer_ops::Logistic(int16) after its input scaling.
inline int16_t sigmoid_s16_scaled(int32_t v) {
  using namespace activation_s16_detail;
  const uint32_t abs_v = static_cast<uint32_t>(v < 0 ? -v : v);
  const uint32_t r = interpolate(abs_v, 9, 0x7FFFu << 10);  // sigmoid(|x|) in 0.16 << 9
  // Negative inputs: sigmoid(-x) = 1 - sigmoid(x); both round half up at the final >> 10.
  const uint32_t s = v >= 0 ? r + (1u << 9) : (1u << 25) - r + (1u << 9) - 1;
  return low_half(s >> 10);
}

// tanh of v scaled as for sigmoid_s16_scaled (the table is read at 2v: 2^8 units per step):
// output in [-32767, 32767] (Q0.15). TFLite reference_integer_ops::Tanh(int16).
inline int16_t tanh_s16_scaled(int32_t v) {
  using namespace activation_s16_detail;
  const uint32_t abs_v = static_cast<uint32_t>(v < 0 ? -v : v);
  const uint32_t r = interpolate(abs_v, 8, 0xFFFFu << 8);  // sigmoid(2|x|) in 0.16 << 8
  // 2 * sigmoid - 1 in 1.15 << 8: subtract 2^23; negative inputs negate (modulo 2^32, as the
  // unsigned arithmetic of the reference), then the final >> 8 rounds half up.
  const uint32_t t = v >= 0 ? (r - (1u << 23)) + (1u << 7) : ((1u << 23) - r) + (1u << 7) - 1;
  return low_half(t >> 8);
}

// sigmoid: output in [0, 32767] (Q0.15).
inline int16_t sigmoid_s16(int16_t x, int32_t left_shift) {
  return sigmoid_s16_scaled(activation_s16_detail::scale_input(x, left_shift));
}

// tanh: output in [-32767, 32767] (Q0.15).
inline int16_t tanh_s16(int16_t x, int32_t left_shift) {
  return tanh_s16_scaled(activation_s16_detail::scale_input(x, left_shift));
}

}  // namespace cmnn::quant
