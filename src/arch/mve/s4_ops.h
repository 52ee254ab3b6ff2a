// Helium (MVE) primitives for int4 weights packed two per byte, low nibble first (element 2j in
// the low nibble of byte j, 2j + 1 in the high one), in the style of mve.h: the ACLE intrinsic on a
// core with MVE, a bit-exact portable emulation elsewhere. 16 packed bytes hold 32 weights; rather
// than interleave the nibbles back into element order, the kernels split the *input* into its even
// and odd elements (VLD20/VLD21) and take two dot products: even inputs . low nibbles + odd inputs
// . high nibbles. Lane tests: tests/unit/arch/mve_s4_ops_test.cpp (host and Cortex-M55 under QEMU).
#pragma once
#include <cstdint>

#include "arch/mve/mve.h"

namespace cmnn::mve {

struct s8x16x2 {
  s8x16 even, odd;  // even[i] = p[2i], odd[i] = p[2i + 1]
};

// 32 int8 values deinterleaved into two vectors (VLD20.8 + VLD21.8); reads p[0..32).
inline s8x16x2 load_deinterleave_s8(const int8_t* p) {
#if CMNN_MVE_NATIVE
  const int8x16x2_t v = vld2q_s8(p);
  return {v.val[0], v.val[1]};
#else
  s8x16x2 r;
  for (int i = 0; i < 16; ++i) r.even.v[i] = p[2 * i], r.odd.v[i] = p[2 * i + 1];
  return r;
#endif
}

// The low nibble of each byte lane as a signed int4 in [-8, 7] (VSHL.I8 #4, VSHR.S8 #4).
inline s8x16 s4_low(s8x16 b) {
#if CMNN_MVE_NATIVE
  return vshrq_n_s8(vshlq_n_s8(b, 4), 4);
#else
  s8x16 r;
  for (int i = 0; i < 16; ++i) {
    const int32_t n = b.v[i] & 0xF;
    r.v[i] = static_cast<int8_t>(n < 8 ? n : n - 16);
  }
  return r;
#endif
}

// The high nibble of each byte lane as a signed int4 in [-8, 7] (VSHR.S8 #4: arithmetic).
inline s8x16 s4_high(s8x16 b) {
#if CMNN_MVE_NATIVE
  return vshrq_n_s8(b, 4);
#else
  s8x16 r;
  for (int i = 0; i < 16; ++i) {
    const int32_t n = (b.v[i] >> 4) & 0xF;
    r.v[i] = static_cast<int8_t>(n < 8 ? n : n - 16);
  }
  return r;
#endif
}

}  // namespace cmnn::mve
