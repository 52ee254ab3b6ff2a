// Dot products of int16 activations with int8 weights on Armv7E-M DSP (internal; shared by the
// conv2d_s16, fully_connected_s16, SVDF and LSTM dsp variants). Input lanes are paired to match SXTB16's
// even/odd weight lanes: (x0, x2) with (w0, w2) and (x1, x3) with (w1, w3).
#pragma once
#include <cstdint>

#include "arch/dsp/intrinsics.h"

namespace cmnn::dsp {

// |x * w| <= 2^22, so kS16DotChunk products stay below 2^30: an int32 partial sum cannot overflow.
constexpr int32_t kS16DotChunk = 256;

// Adds Σ in[i] * w0[i] and Σ in[i] * w1[i] over n channels (any n) to the int64 sums s0, s1.
inline void dot2_s16_s8(const int16_t* in, const int8_t* w0, const int8_t* w1, int32_t n, int64_t* s0, int64_t* s1) {
  for (int32_t c = 0; c < n; c += kS16DotChunk) {
    const int32_t end = n - c < kS16DotChunk ? n : c + kS16DotChunk;
    int32_t a0 = 0, a1 = 0;
    int32_t i = c;
    for (; i + 4 <= end; i += 4) {
      const uint32_t x01 = load_u32(in + i), x23 = load_u32(in + i + 2);
      const uint32_t x02 = pkhbt(x01, x23 << 16), x13 = pkhtb(x23, x01);
      const uint32_t p0 = load_u32(w0 + i), p1 = load_u32(w1 + i);
      a0 = smlad(x02, sxtb16(p0), a0);
      a0 = smlad(x13, sxtb16_ror8(p0), a0);
      a1 = smlad(x02, sxtb16(p1), a1);
      a1 = smlad(x13, sxtb16_ror8(p1), a1);
    }
    for (; i < end; ++i) {
      a0 += in[i] * w0[i];
      a1 += in[i] * w1[i];
    }
    *s0 += a0;
    *s1 += a1;
  }
}

}  // namespace cmnn::dsp
