// Register-lean requantization forms of the DSP variants (conv2d_s8, fully_connected_s8, add_s8:
// ChannelQuant; depthwise_s8: FastQuant), the one home of these forms: the same
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

#include "arch/dsp/intrinsics.h"
#include "quant/fixed_point.h"

#if defined(__ARM_FEATURE_SAT)
#include <arm_acle.h>
#endif

namespace cmnn::quant {

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

// acc * multiplier * 2^shift with TFLite's double rounding (= quant::multiply_by_quantized_multiplier).
// kGeneral false: only for q with !needs_general(q) (saves the shift and the mask).
// Rounding half away from zero is symmetric: y < 0 gives -((-y + 2^(e-1)) >> e), all in uint32
// (|y| < 2^31, so |y| + 2^(e-1) < 2^32).
template <bool kGeneral = true>
inline int32_t requantize_fast(int32_t acc, const ChannelQuant& q) {
  const int32_t a = kGeneral ? static_cast<int32_t>(static_cast<uint32_t>(acc) << q.left) : acc;
  const int32_t y = dsp::smmlar(a, q.multiplier2, kGeneral ? (a & q.add_mask) : a);
  if (a < 0) return -static_cast<int32_t>((static_cast<uint32_t>(q.round) - static_cast<uint32_t>(y)) >> q.right);
  return static_cast<int32_t>((static_cast<uint32_t>(y) + static_cast<uint32_t>(q.round)) >> q.right);
}

// The "folded" form of the conv DSP output stage (mat_mult_s8_s16_dsp): the output offset folded
// into one add word, one table form for every right shift e in [1, 31] and for dead channels:
//   y  = SMMLAR(acc, 2m, acc)         the doubling high product (as above, multiplier >= 2^30)
//   y' = y + (y >> 31)                the rounding nudge (y - [y < 0])
//   t  = y' >> (e - 1)                arithmetic
//   v  = QADD(t, 1 + 2 * offset) >> 1 arithmetic (SSAT's own ASR #1 on Armv7E-M)
// v = requantize_fast(acc, q) + offset wherever that sum lies in [-256, 255], and beyond it on the
// same side otherwise (so any clamp [lo, hi] inside [-128, 127] of v is exact):
//  - floor((floor(y' / 2^(e-1)) + 1) / 2) = floor((y' + 2^(e-1)) / 2^e) (nested floors by
//    integers), which with the nudge rounds y / 2^e half away from zero as requantize_fast does;
//    adding 2 * offset inside the last halving adds exactly offset after it;
//  - QADD saturates only for e == 1 (|t| <= 2^30 otherwise and |1 + 2 * offset| <= 255): then the
//    exact t + 1 + 2 * offset is >= 2^31 (< -2^31) and both it and the saturated value halve to
//    >= 2^30 - 1 (<= -2^30): the same clamp bound;
//  - a dead channel (multiplier 0, any shift; requantize_fast gives 0) uses 2m = 0 and a first
//    shift of 31: y = acc, t = y' >> 31 is 0 or -1 (y' wraps to INT32_MAX for acc = INT32_MIN: t = 0),
//    and (t + 1 + 2 * offset) >> 1 = offset either way.
// Not folded: left shifts, e == 0 with a live channel, multipliers in (0, 2^30), offsets beyond
// +-2^29 (outside the int8 range anyway).
struct FoldedQuant {
  int32_t multiplier2;  // 2 * multiplier wrapped (0 for a dead channel)
  int32_t shift1;       // e - 1, or 31 for a dead channel
  int32_t add;          // 1 + 2 * offset
};

inline bool folded_ok(const ChannelQuant& q, int32_t offset) {
  if (offset < -(1 << 29) || offset > (1 << 29)) return false;
  if (q.multiplier2 == 0) return true;  // multiplier 0 (make_channel_quant keeps 2 * 0)
  return !needs_general(q) && q.right >= 1;  // right <= 31: TFLite's shifts are >= -31
}

// For folded_ok(q, offset).
inline FoldedQuant make_folded_quant(const ChannelQuant& q, int32_t offset) {
  return {q.multiplier2, q.multiplier2 == 0 ? 31 : q.right - 1, 1 + 2 * offset};
}

// Saturating int32 add (QADD).
inline int32_t qadd32(int32_t a, int32_t b) {
#if defined(__ARM_FEATURE_DSP)
  int32_t r;
  __asm__("qadd %0, %1, %2" : "=r"(r) : "r"(a), "r"(b));
  return r;
#else
  const int64_t s = int64_t{a} + b;
  return s > INT32_MAX ? INT32_MAX : s < INT32_MIN ? INT32_MIN : static_cast<int32_t>(s);
#endif
}

// v above (the caller clamps it); the C form of the assembly loops.
inline int32_t requantize_folded(int32_t acc, const FoldedQuant& f) {
  int32_t y = dsp::smmlar(acc, f.multiplier2, acc);
  // Wrapping like the ADD of the assembly: only a dead channel's y = acc = INT32_MIN wraps (to
  // INT32_MAX, whose t is 0: still the offset).
  y = static_cast<int32_t>(static_cast<uint32_t>(y) + static_cast<uint32_t>(y >> 31));
  return qadd32(y >> f.shift1, f.add) >> 1;
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

// Per-channel requantization constants of the depthwise DSP variants' fused output stage (the
// ideas above, 3 words): 2 * multiplier (wrapped), the rounding word 2^(e-1) + offset * 2^e (the
// output zero point folded in: adding offset * 2^e before the floor shift by e adds exactly offset
// after it), and e (the right shift, >= 1) in the low byte (a register shift reads only that byte).
struct FastQuant {
  int32_t m2, round, shift;
};

// True when every channel fits FastQuant: full int8 clamp, multipliers in [2^30, 2^31), shifts in
// [-23, -1] (TFLite's usual per-channel values; a shift of 0 would need a masked rounding nudge).
inline bool fast_quant_ok(const int32_t* mult, const int32_t* shift, int32_t n, int32_t lo, int32_t hi) {
  if (lo != -128 || hi != 127) return false;
  for (int32_t c = 0; c < n; ++c) {
    if (mult[c] < (1 << 30) || shift[c] > -1 || shift[c] < -23) return false;
  }
  return true;
}

// offset: the output zero point in [-128, 127]; offset * 2^e fits easily (|offset| * 2^23 < 2^31).
inline FastQuant make_fast_quant(int32_t multiplier, int32_t shift, int32_t offset) {
  const int32_t e = -shift;
  const uint32_t round = (uint32_t{1} << (e - 1)) + (static_cast<uint32_t>(offset) << e);
  return {static_cast<int32_t>(static_cast<uint32_t>(multiplier) << 1), static_cast<int32_t>(round), e};
}

// quant::requantize_to_s8(acc, multiplier, shift, offset, -128, 127) for a channel with
// fast_quant_ok. Armv7E-M: 5 instructions, branch-free: y = SMMLAR(acc, 2m, acc) is the doubling
// high product (as above); y + (y >> 31) is the rounding nudge for y < 0 (e >= 1); QADD of the
// rounding word, ASR e and SSAT #8 give round-half-away(y / 2^e) + offset clamped. Where QADD
// saturates, the exact sum is above 2^31 - 1 (below -2^31), so the exact result is >= 2^(31-e) >=
// 256 (<= -256) for e <= 23, and the saturated one >= 255 (<= -256): SSAT gives 127 (-128) either way.
inline int32_t requantize_fast_s8(int32_t acc, const FastQuant& q) {
#if defined(__ARM_FEATURE_DSP)
  int32_t y;
  __asm__(
      "smmlar %[y], %[a], %[m2], %[a]\n\t"
      "add %[y], %[y], %[y], asr #31\n\t"
      "qadd %[y], %[y], %[rnd]\n\t"
      "asr %[y], %[y], %[sh]\n\t"
      "ssat %[y], #8, %[y]\n\t"
      : [y] "=&r"(y)
      : [a] "r"(acc), [m2] "r"(q.m2), [sh] "r"(q.shift), [rnd] "r"(q.round));
  return y;
#else
  int32_t y = dsp::smmlar(acc, q.m2, acc);
  y += y < 0 ? -1 : 0;
  const int64_t sum = int64_t{y} + q.round;
  y = sum > INT32_MAX ? INT32_MAX : sum < INT32_MIN ? INT32_MIN : static_cast<int32_t>(sum);
  y >>= q.shift;  // arithmetic (C++20 defines it; every compiler we use does so for C++17 too)
  return y < -128 ? -128 : y > 127 ? 127 : y;
#endif
}

// Two outputs at once, channel p's FastQuant for a and channel q's for b (p and q may be the same):
// the same 5 steps per output, the two chains interleaved in one assembly block, so a dual-issue
// core (Cortex-M7) issues one chain's ALU step beside the other's (6 issue groups for the two on
// the m7 model instead of ~10); on the Cortex-M4 the same 10 instructions.
inline void requantize_fast_s8_x2(int32_t a, int32_t b, const FastQuant& p, const FastQuant& q, int32_t& ya,
                                  int32_t& yb) {
#if defined(__ARM_FEATURE_DSP)
  int32_t y, z;
  __asm__(
      "smmlar %[y], %[a], %[pm], %[a]\n\t"
      "smmlar %[z], %[b], %[qm], %[b]\n\t"
      "add %[y], %[y], %[y], asr #31\n\t"
      "add %[z], %[z], %[z], asr #31\n\t"
      "qadd %[y], %[y], %[pr]\n\t"
      "qadd %[z], %[z], %[qr]\n\t"
      "asr %[y], %[y], %[ps]\n\t"
      "asr %[z], %[z], %[qs]\n\t"
      "ssat %[y], #8, %[y]\n\t"
      "ssat %[z], #8, %[z]\n\t"
      : [y] "=&r"(y), [z] "=&r"(z)
      : [a] "r"(a), [b] "r"(b), [pm] "r"(p.m2), [pr] "r"(p.round), [ps] "r"(p.shift), [qm] "r"(q.m2),
        [qr] "r"(q.round), [qs] "r"(q.shift));
  ya = y;
  yb = z;
#else
  ya = requantize_fast_s8(a, p);
  yb = requantize_fast_s8(b, q);
#endif
}

// The doubled form: FastQuant's cost (5 instructions) for shifts in [-22, 0], multipliers in
// [2^30, 2^31), full int8 clamp, output zero point folded in; a shift of 0 only where the caller
// has shown |acc| <= 2^31 - 129 for that channel (then the definition's y + offset cannot wrap,
// which this saturating form could not reproduce). Why it is exact, e = -shift in [0, 22], y the
// doubling high product (SMMLAR as FastQuant; -2^31 < y < 2^31):
//  - round half away from zero of y / 2^e equals floor((2y + 2^e - [y < 0]) / 2^(e+1)) for every
//    e >= 0. y >= 0: FastQuant's floor((y + 2^(e-1)) / 2^e) with numerator and denominator doubled
//    (e = 0: floor((2y + 1) / 2) = y). y < 0: with N = 2y + 2^e (even for e >= 1), no multiple of
//    2^(e+1) lies in (N - 2, N - 1], so floor((N - 1) / 2^(e+1)) = floor((N - 2) / 2^(e+1)) =
//    floor((y - 1 + 2^(e-1)) / 2^e), FastQuant's negative branch (e = 0: floor(2y / 2) = y).
//  - t = round + (y ASR 31) = round - [y < 0] with round = 2^e + offset * 2^(e+1) (|round| <=
//    2^30), then QDADD(t, y) = sat(t + sat(2y)), ASR (e + 1), SSAT #8. Without saturation that is
//    floor((2y + 2^e - [y < 0]) / 2^(e+1)) + offset, clamped: the definition (offset * 2^(e+1) is a
//    multiple of the divisor). QDADD saturates (2y or the sum) only where the exact t + 2y is
//    above 2^31 - 1 (below -2^31); both that and the saturated value t + (2^31 - 1) or 2^31 - 1
//    (t - 2^31 or -2^31) shift to >= 2^(30-e) - 128 >= 128 (<= -2^(30-e) + 127 <= -129) for
//    e <= 22, so SSAT gives 127 (-128) either way. For e = 0 the definition adds the zero point in
//    int32, wrapping; the caller's bound keeps y + offset in range there.
inline bool fast_quant_d_ok(const int32_t* mult, const int32_t* shift, int32_t n, int32_t lo, int32_t hi) {
  if (lo != -128 || hi != 127) return false;
  for (int32_t c = 0; c < n; ++c) {
    if (mult[c] < (1 << 30) || shift[c] > 0 || shift[c] < -22) return false;
  }
  return true;
}

inline FastQuant make_fast_quant_d(int32_t multiplier, int32_t shift, int32_t offset) {
  const int32_t e = -shift;
  const uint32_t round = (uint32_t{1} << e) + (static_cast<uint32_t>(offset) << (e + 1));
  return {static_cast<int32_t>(static_cast<uint32_t>(multiplier) << 1), static_cast<int32_t>(round), e + 1};
}

// Armv7E-M: the accumulator's register is reused for t and the result (one scratch register, as
// requantize_fast_s8 needs).
inline int32_t requantize_fast_d_s8(int32_t acc, const FastQuant& q) {
#if defined(__ARM_FEATURE_DSP)
  int32_t y;
  __asm__(
      "smmlar %[y], %[a], %[m2], %[a]\n\t"
      "add %[a], %[rnd], %[y], asr #31\n\t"
      "qdadd %[a], %[a], %[y]\n\t"
      "asr %[a], %[a], %[sh]\n\t"
      "ssat %[a], #8, %[a]\n\t"
      : [y] "=&r"(y), [a] "+r"(acc)
      : [m2] "r"(q.m2), [sh] "r"(q.shift), [rnd] "r"(q.round));
  return acc;
#else
  const int32_t y = dsp::smmlar(acc, q.m2, acc);
  const int64_t twice = 2 * int64_t{y};
  const int64_t sat2 = twice > INT32_MAX ? INT32_MAX : twice < INT32_MIN ? INT32_MIN : twice;
  const int64_t sum = int64_t{q.round} + (y < 0 ? -1 : 0) + sat2;
  auto z = static_cast<int32_t>(sum > INT32_MAX ? INT32_MAX : sum < INT32_MIN ? INT32_MIN : sum);
  z >>= q.shift;  // arithmetic
  return z < -128 ? -128 : z > 127 ? 127 : z;
#endif
}

// Two outputs of the doubled form (channel p's constants for a, q's for b), the chains
// interleaved for a dual-issue core (Cortex-M7), as requantize_fast_s8_x2.
inline void requantize_fast_d_s8_x2(int32_t a, int32_t b, const FastQuant& p, const FastQuant& q, int32_t& ya,
                                    int32_t& yb) {
#if defined(__ARM_FEATURE_DSP)
  int32_t y, z;
  __asm__(
      "smmlar %[y], %[a], %[pm], %[a]\n\t"
      "smmlar %[z], %[b], %[qm], %[b]\n\t"
      "add %[a], %[pr], %[y], asr #31\n\t"
      "add %[b], %[qr], %[z], asr #31\n\t"
      "qdadd %[a], %[a], %[y]\n\t"
      "qdadd %[b], %[b], %[z]\n\t"
      "asr %[a], %[a], %[ps]\n\t"
      "asr %[b], %[b], %[qs]\n\t"
      "ssat %[a], #8, %[a]\n\t"
      "ssat %[b], #8, %[b]\n\t"
      : [y] "=&r"(y), [z] "=&r"(z), [a] "+r"(a), [b] "+r"(b)
      : [pm] "r"(p.m2), [pr] "r"(p.round), [ps] "r"(p.shift), [qm] "r"(q.m2), [qr] "r"(q.round),
        [qs] "r"(q.shift));
  ya = a;
  yb = b;
#else
  ya = requantize_fast_d_s8(a, p);
  yb = requantize_fast_d_s8(b, q);
#endif
}

// quant::requantize_to_s8 for one output whose channel has no prepared constants (the depthwise
// general path, taken when some channel does not fit FastQuant: a shift of 0 is common in real
// per-channel tables). Multipliers >= 2^30 with shifts in [-23, 0] take the branch-free masked form
// (y = SMMLAR(acc, 2m, acc), the doubling high product; for e = -shift >= 1, (y - [y < 0] +
// 2^(e-1)) >> e with a saturating add, whose saturation only happens where the exact result is >=
// 2^(31-e) - 1 > hi - offset, so the clamp gives hi either way; the zero point added with int32
// wrap-around as the definition does); anything else the definition.
inline int8_t requantize_s8_unprepared(int32_t acc, int32_t multiplier, int32_t shift, int32_t offset, int32_t lo,
                                       int32_t hi) {
  if (multiplier < (1 << 30) || shift > 0 || shift < -23) {
    return requantize_to_s8(acc, multiplier, shift, offset, lo, hi);
  }
  const int32_t e = -shift;
  int32_t y = dsp::smmlar(acc, static_cast<int32_t>(static_cast<uint32_t>(multiplier) << 1), acc);
  if (e > 0) {
    y -= y < 0 ? 1 : 0;
    const int64_t sum = int64_t{y} + (int32_t{1} << (e - 1));
    y = sum > INT32_MAX ? INT32_MAX : static_cast<int32_t>(sum);
    y >>= e;  // arithmetic
  }
  const auto v = static_cast<int32_t>(static_cast<uint32_t>(y) + static_cast<uint32_t>(offset));
  return static_cast<int8_t>(v < lo ? lo : v > hi ? hi : v);
}

}  // namespace cmnn::quant
