// Register-lean requantization for the conv2d_s8 / fully_connected_s8 DSP variants: the same
// results as quant::requantize_to_s8 (src/quant/fixed_point.h stays the definition; the test
// tests/unit/quant/requant_fast_test.cpp compares both over edge and random inputs on every core),
// with the per-channel work (splitting the shift, the rounding constants) done once per channel
// and call instead of once per output.
//
// Why it is exact (m = multiplier in [0, 2^31), a = acc << left, wrapping like the definition):
//  - doubling_high_mul(a, m) = y = floor((a*m + 2^30) / 2^31) (its saturation case needs
//    m == INT32_MIN, impossible here) = floor((a*2m + 2^31) / 2^32). 2m does not fit int32 when
//    m >= 2^30, so the table keeps m2 = 2m - 2^32 there and adds a back: a*2m = a*m2 + a*2^32.
//    SMMLAR (acc*2^32 + a*m2 + 2^31) >> 32 gives y plus any acc in one instruction (mod 2^32).
//  - rounding_divide_by_pot(y, e) rounds half away from zero: (y + 2^(e-1)) >> e for y >= 0 and
//    -((-y + 2^(e-1)) >> e) for y < 0 (2^(e-1) read as 0 for e == 0); both sums stay below 2^32
//    (|y| < 2^31, 2^(e-1) <= 2^30) and are shifted logically as uint32.
//  - the sign of a picks the branch: a >= 0 gives y >= 0; a < 0 gives y <= 0, and for y == 0
//    both branches give 0.
#pragma once
#include <cstdint>

#if defined(__ARM_FEATURE_SAT)
#include <arm_acle.h>
#endif

namespace cmnn::conv {

struct ChannelQuant {
  int32_t multiplier2;  // 2 * multiplier, wrapped to int32
  int32_t right;        // max(-shift, 0)
  int32_t round;        // right > 0 ? 2^(right-1) : 0
  int32_t left;         // max(shift, 0)
  int32_t add_mask;     // multiplier >= 2^30 ? -1 : 0 (add a back, see above)
  int32_t nudge_mask;   // right > 0 ? -1 : 0 (the conv assembly path: y + (y < 0 ? -1 : 0) before rounding)
};

inline ChannelQuant make_channel_quant(int32_t multiplier, int32_t shift) {
  const int32_t left = shift > 0 ? shift : 0;
  const int32_t right = shift > 0 ? 0 : -shift;
  const int32_t half = right > 0 ? static_cast<int32_t>(uint32_t{1} << (right - 1)) : 0;
  return {static_cast<int32_t>(static_cast<uint32_t>(multiplier) << 1), right, half, left,
          multiplier >= (1 << 30) ? -1 : 0, right > 0 ? -1 : 0};
}

// True when q needs the general path: a left shift, or a multiplier below 2^30 (TFLite's
// multipliers are in [2^30, 2^31) and its conv shifts are usually <= 0).
inline bool needs_general(const ChannelQuant& q) { return q.left != 0 || q.add_mask == 0; }

// (acc * 2^32 + a * b + 2^31) >> 32, modulo 2^32 (SMMLAR).
inline int32_t smmlar(int32_t a, int32_t b, int32_t acc) {
#if defined(__ARM_FEATURE_DSP)
  int32_t r;
  __asm__("smmlar %0, %1, %2, %3" : "=r"(r) : "r"(a), "r"(b), "r"(acc));
  return r;
#else
  const uint64_t sum = (static_cast<uint64_t>(static_cast<uint32_t>(acc)) << 32) +
                       static_cast<uint64_t>(static_cast<int64_t>(a) * b) + (uint64_t{1} << 31);
  return static_cast<int32_t>(static_cast<uint32_t>(sum >> 32));
#endif
}

// acc * multiplier * 2^shift with TFLite's double rounding (= quant::multiply_by_quantized_multiplier).
// kGeneral false: only for q with !needs_general(q) (saves the shift and the mask).
// Rounding half away from zero is symmetric: y < 0 gives -((-y + 2^(e-1)) >> e), all in uint32
// (|y| < 2^31, so |y| + 2^(e-1) < 2^32).
template <bool kGeneral = true>
inline int32_t requantize_fast(int32_t acc, const ChannelQuant& q) {
  const int32_t a = kGeneral ? static_cast<int32_t>(static_cast<uint32_t>(acc) << q.left) : acc;
  const int32_t y = smmlar(a, q.multiplier2, kGeneral ? (a & q.add_mask) : a);
  if (a < 0) return -static_cast<int32_t>((static_cast<uint32_t>(q.round) - static_cast<uint32_t>(y)) >> q.right);
  return static_cast<int32_t>((static_cast<uint32_t>(y) + static_cast<uint32_t>(q.round)) >> q.right);
}

// Output zero point and activation clamp to int8; kFullRange: the clamp is [-128, 127] (one SSAT).
template <bool kFullRange>
inline int8_t clamp_to_s8(int32_t v, int32_t offset, int32_t lo, int32_t hi) {
  // Wraps like the 32-bit ADD of the assembly paths (only reachable for results near 2^31).
  v = static_cast<int32_t>(static_cast<uint32_t>(v) + static_cast<uint32_t>(offset));
  if (kFullRange) {
#if defined(__ARM_FEATURE_SAT)
    return static_cast<int8_t>(__ssat(v, 8));
#else
    return static_cast<int8_t>(v < -128 ? -128 : v > 127 ? 127 : v);
#endif
  }
  v = v < lo ? lo : v;
  v = v > hi ? hi : v;
  return static_cast<int8_t>(v);
}

}  // namespace cmnn::conv
