// Pieces shared by the depthwise variants (not public API).
#pragma once
#include <cstddef>
#include <cstdint>

#include "quant/fixed_point.h"
#include "quant/requant_fast.h"

namespace cmnn::depthwise {

// Flat int4 weights, two per byte, low nibble first (element i is in byte i / 2).
struct PackedS4Weights {
  const uint8_t* w;
  int32_t operator[](int32_t i) const {
    const uint8_t byte = w[i >> 1];
    const auto nibble = static_cast<int32_t>((i & 1) != 0 ? byte >> 4 : byte & 0x0F);
    return nibble >= 8 ? nibble - 16 : nibble;
  }
};

// Requantizes one output row from its int32 accumulators ([out_w][out_c]), one channel at a time
// so that the channel's multiplier and shift are decoded once per row, not once per output.
[[gnu::noinline]] inline void requantize_row(const int32_t* acc, int32_t out_w, int32_t out_c, const int32_t* mult, const int32_t* shift,
                           const int32_t zp, const int32_t lo, const int32_t hi, int8_t* out) {
  for (int32_t c = 0; c < out_c; ++c) {
    const int32_t m = mult[c], sh = shift[c];
    const int32_t* a = acc + c;
    int8_t* o = out + c;
    for (int32_t x = 0; x < out_w; ++x, a += out_c, o += out_c) *o = quant::requantize_to_s8(*a, m, sh, zp, lo, hi);
  }
}

// Per-channel requantization constants of the fused output stage (quant/requant_fast.h's ideas),
// 3 words: 2 * multiplier (wrapped), 2^(e-1) or 0, and e (the right shift) in the low byte with
// bits 8..31 set when e > 0 (a register shift reads only the low byte; the sign bit is the
// rounding nudge's mask).
struct FastQuant {
  int32_t m2, round, shift_nudge;
};

inline bool fast_quant_ok(const int32_t* mult, const int32_t* shift, int32_t n, int32_t lo, int32_t hi) {
  if (lo != -128 || hi != 127) return false;
  for (int32_t c = 0; c < n; ++c) {
    if (mult[c] < (1 << 30) || shift[c] > 0 || shift[c] < -23) return false;
  }
  return true;
}

inline FastQuant make_fast_quant(int32_t multiplier, int32_t shift) {
  const int32_t e = -shift;
  return {static_cast<int32_t>(static_cast<uint32_t>(multiplier) << 1),
          e > 0 ? static_cast<int32_t>(uint32_t{1} << (e - 1)) : 0,
          static_cast<int32_t>(static_cast<uint32_t>(e) | (e > 0 ? 0xFFFFFF00u : 0u))};
}

// quant::requantize_to_s8(acc, multiplier, shift, offset, -128, 127) for a channel with
// fast_quant_ok. Armv7E-M: 7 instructions, branch-free (the exactness argument is conv's, in
// src/kernels/conv/mat_mult_s8_s16_dsp.cpp: y = SMMLAR(acc, 2m) + acc is the doubling high
// product; (y + 2^(e-1) - [y < 0 and e > 0]) >> e rounds half away from zero; where QADD
// saturates, the true quotient is >= 255 for e <= 23 and SSAT gives 127 either way).
inline int32_t requantize_fast_s8(int32_t acc, const FastQuant& q, int32_t offset) {
#if defined(__ARM_FEATURE_DSP)
  int32_t y, t;
  __asm__(
      "smmlar %[y], %[a], %[m2], %[a]\n\t"
      "and %[t], %[sn], %[y], asr #31\n\t"
      "add %[y], %[y], %[t], asr #31\n\t"
      "qadd %[y], %[y], %[rnd]\n\t"
      "asr %[y], %[y], %[sn]\n\t"
      "add %[y], %[y], %[off]\n\t"
      "ssat %[y], #8, %[y]\n\t"
      : [y] "=&r"(y), [t] "=&r"(t)
      : [a] "r"(acc), [m2] "r"(q.m2), [sn] "r"(q.shift_nudge), [rnd] "r"(q.round), [off] "r"(offset));
  return y;
#else
  const int32_t e = q.shift_nudge & 0xFF, nudge = q.shift_nudge < 0 ? -1 : 0;
  const conv::ChannelQuant cq{q.m2, e, q.round, 0, -1, nudge};
  return conv::clamp_to_s8<true>(conv::requantize_fast<false>(acc, cq), offset, -128, 127);
#endif
}

constexpr size_t round_up4(size_t n) { return (n + 3) & ~size_t{3}; }

}  // namespace cmnn::depthwise
