// Register-lean requantization for the conv2d_s8 / fully_connected_s8 DSP variants: the same
// results as quant::requantize_to_s8 (src/quant/fixed_point.h stays the definition; the test
// tests/unit/conv/requant_fast_test.cpp compares both over edge and random inputs on every core),
// with the per-channel work (splitting the shift, the rounding constants) done once per channel
// and call instead of once per output.
//
// Why it is exact:
//  - doubling_high_mul(a, m) = (a*m + 2^30) >> 31; its saturation case needs m == INT32_MIN,
//    impossible here (multipliers are checked to be >= 0).
//  - rounding_divide_by_pot(y, e) rounds half away from zero: for y >= 0 it is (y + 2^(e-1)) >> e,
//    for y < 0 (y + 2^(e-1) - 1) >> e (e >= 1), y for e == 0. For y >= 0 the sum is computed in
//    uint32 (y < 2^31, 2^(e-1) <= 2^30, no wrap) and shifted logically; for y < 0 it cannot
//    overflow int32 and is shifted arithmetically.
#pragma once
#include <cstdint>

namespace cmnn::conv {

struct ChannelQuant {
  int32_t multiplier;  // Q31, >= 0
  int32_t left;        // max(shift, 0)
  int32_t right;       // max(-shift, 0)
  int32_t round_pos;   // right > 0 ? 2^(right-1) : 0
  int32_t round_neg;   // right > 0 ? 2^(right-1) - 1 : 0
};

inline ChannelQuant make_channel_quant(int32_t multiplier, int32_t shift) {
  const int32_t left = shift > 0 ? shift : 0;
  const int32_t right = shift > 0 ? 0 : -shift;
  const int32_t half = right > 0 ? static_cast<int32_t>(uint32_t{1} << (right - 1)) : 0;
  return {multiplier, left, right, half, right > 0 ? half - 1 : 0};
}

// x * multiplier * 2^shift with TFLite's double rounding (= quant::multiply_by_quantized_multiplier).
inline int32_t requantize_fast(int32_t acc, const ChannelQuant& q) {
  const auto shifted = static_cast<int32_t>(static_cast<uint32_t>(acc) << q.left);
  const int64_t product = static_cast<int64_t>(shifted) * q.multiplier + (int64_t{1} << 30);
  const auto y = static_cast<int32_t>(static_cast<uint64_t>(product) >> 31);
  if (y < 0) return static_cast<int32_t>(static_cast<uint32_t>(y) + static_cast<uint32_t>(q.round_neg)) >> q.right;
  return static_cast<int32_t>((static_cast<uint32_t>(y) + static_cast<uint32_t>(q.round_pos)) >> q.right);
}

// Output zero point and activation clamp to int8.
inline int8_t clamp_to_s8(int32_t v, int32_t offset, int32_t lo, int32_t hi) {
  v += offset;
  v = v < lo ? lo : v;
  v = v > hi ? hi : v;
  return static_cast<int8_t>(v);
}

}  // namespace cmnn::conv
