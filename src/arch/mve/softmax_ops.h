// Helium (MVE) primitives of softmax_s8.mve beyond mve.h and elementwise_ops.h: VQRDMULH of two
// vectors, lane compares into predicates, predicated select, bitwise AND, wrapping subtract, across-vector max and sum.
// Same style: the ACLE intrinsic on a core with MVE, a bit-exact portable emulation elsewhere
// (predicates as on the core: 4 bits per 32-bit lane). Lane tests:
// tests/unit/arch/mve_softmax_ops_test.cpp (host and Cortex-M55 under QEMU).
#pragma once
#include <cstdint>

#include "arch/mve/mve.h"

namespace cmnn::mve {

// gemmlowp's SaturatingRoundingDoublingHighMul lane by lane (VQRDMULH.S32 Qd, Qn, Qm).
inline s32x4 qrdmulh_s32(s32x4 a, s32x4 b) {
#if CMNN_MVE_NATIVE
  return vqrdmulhq_s32(a, b);
#else
  s32x4 r;
  for (int i = 0; i < 4; ++i) r.v[i] = quant::doubling_high_mul(a.v[i], b.v[i]);
  return r;
#endif
}

// a - b per lane, wrapping (VSUB.I32).
inline s32x4 sub_s32(s32x4 a, s32x4 b) {
#if CMNN_MVE_NATIVE
  return vsubq_s32(a, b);
#else
  s32x4 r;
  for (int i = 0; i < 4; ++i) r.v[i] = static_cast<int32_t>(static_cast<uint32_t>(a.v[i]) - static_cast<uint32_t>(b.v[i]));
  return r;
#endif
}

// a & b per lane (VAND).
inline s32x4 and_s32(s32x4 a, s32x4 b) {
#if CMNN_MVE_NATIVE
  return vandq_s32(a, b);
#else
  s32x4 r;
  for (int i = 0; i < 4; ++i) r.v[i] = a.v[i] & b.v[i];
  return r;
#endif
}

// Lanes where x >= n (VCMP.S32 GE, Qn, Rm).
inline pred ge_n_s32(s32x4 x, int32_t n) {
#if CMNN_MVE_NATIVE
  return vcmpgeq_n_s32(x, n);
#else
  pred r = 0;
  for (int i = 0; i < 4; ++i) r = static_cast<pred>(r | (x.v[i] >= n ? 0xFu << (4 * i) : 0u));
  return r;
#endif
}

// Lanes where x == n (VCMP.I32 EQ, Qn, Rm).
inline pred eq_n_s32(s32x4 x, int32_t n) {
#if CMNN_MVE_NATIVE
  return vcmpeqq_n_s32(x, n);
#else
  pred r = 0;
  for (int i = 0; i < 4; ++i) r = static_cast<pred>(r | (x.v[i] == n ? 0xFu << (4 * i) : 0u));
  return r;
#endif
}

// Lanes whose bit `bit` (0..31) is set: the bit shifted to the sign (VSHL by an R register), then
// VCMP.S32 LT against zero. (VAND + VCMP.I32 NE with a constant mask made arm-none-eabi-gcc 12
// fail with an internal compiler error in trunc_int_for_mode.)
inline pred bit_set_s32(s32x4 x, int32_t bit) {
#if CMNN_MVE_NATIVE
  return vcmpltq_n_s32(vshlq_r_s32(x, 31 - bit), 0);
#else
  pred r = 0;
  for (int i = 0; i < 4; ++i) r = static_cast<pred>(r | ((static_cast<uint32_t>(x.v[i]) >> bit) & 1u ? 0xFu << (4 * i) : 0u));
  return r;
#endif
}

// a on the lanes of p, b elsewhere (VPSEL).
inline s32x4 select_s32(s32x4 a, s32x4 b, pred p) {
#if CMNN_MVE_NATIVE
  return vpselq_s32(a, b, p);
#else
  s32x4 r;
  for (int i = 0; i < 4; ++i) r.v[i] = (p >> (4 * i)) & 1u ? a.v[i] : b.v[i];
  return r;
#endif
}

// acc + the sum of the 4 lanes, wrapping (VADDVA.S32).
inline int32_t add_across_s32(int32_t acc, s32x4 x) {
#if CMNN_MVE_NATIVE
  return vaddvaq_s32(acc, x);
#else
  auto s = static_cast<uint32_t>(acc);
  for (int i = 0; i < 4; ++i) s += static_cast<uint32_t>(x.v[i]);
  return static_cast<int32_t>(s);
#endif
}

// The largest of init (an int8 value) and the 16 lanes (VMAXV.S8).
inline int32_t max_across_s8(int32_t init, s8x16 x) {
#if CMNN_MVE_NATIVE
  return vmaxvq_s8(static_cast<int8_t>(init), x);
#else
  int32_t m = init;
  for (int i = 0; i < 16; ++i) m = x.v[i] > m ? x.v[i] : m;
  return m;
#endif
}

}  // namespace cmnn::mve
