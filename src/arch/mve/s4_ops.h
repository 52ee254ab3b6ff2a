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

// load_deinterleave_s8 for the first 2 * pairs values only (pairs in [0, 16]): even[i] = p[2i] and
// odd[i] = p[2i + 1] for i < pairs, the other lanes zero, nothing else read (two VLDRB.8 gathers
// at byte offsets 0, 2, .. 30 and 1, 3, .. 31 with zeroing predication).
inline s8x16x2 load_deinterleave_s8_z(const int8_t* p, int32_t pairs) {
#if CMNN_MVE_NATIVE
  const mve_pred16_t active = vctp8q(static_cast<uint32_t>(pairs));
  const uint8x16_t even = vidupq_n_u8(0, 2), odd = vidupq_n_u8(1, 2);
  return {vldrbq_gather_offset_z_s8(p, even, active), vldrbq_gather_offset_z_s8(p, odd, active)};
#else
  s8x16x2 r;
  for (int i = 0; i < 16; ++i) {
    r.even.v[i] = i < pairs ? p[2 * i] : int8_t{0};
    r.odd.v[i] = i < pairs ? p[2 * i + 1] : int8_t{0};
  }
  return r;
#endif
}

// Running sums of an int4 dot product: dot = sum x * w, wsum = sum w (for the input offset).
struct S4Sums {
  int32_t dot, wsum;
};

// s + the 32 products of x (deinterleaved) and the nibbles of the 16 packed bytes w: two VMLADAVA
// and two VADDVA on the sign-extended low and high nibbles.
inline S4Sums s4_step(S4Sums s, const s8x16x2& x, s8x16 w) {
  const s8x16 lo = s4_low(w), hi = s4_high(w);
  s.dot = dot_acc(dot_acc(s.dot, x.even, lo), x.odd, hi);
  s.wsum = sum_acc(sum_acc(s.wsum, lo), hi);
  return s;
}

}  // namespace cmnn::mve
