// Helium (MVE) primitives with a scalar (general-purpose register) operand, for kernels whose
// quantization parameters are per tensor (add_s8.mve): a constant kept in an R register instead
// of a Q register leaves the 8 Q registers to the data. Same style as src/arch/mve/mve.h: the
// ACLE intrinsic on a core with MVE, a bit-exact portable emulation elsewhere. Lane tests:
// tests/unit/arch/mve_elementwise_ops_test.cpp (host and Cortex-M55 under QEMU).
#pragma once
#include <cstdint>

#include "arch/mve/mve.h"

namespace cmnn::mve {

// x + n on every lane, wrapping (VADD.I32 Qd, Qn, Rm; depthwise_ops.h add_n_s32 is the same
// instruction: the name differs so that both headers can be included together).
inline s32x4 add_r_s32(s32x4 x, int32_t n) {
#if CMNN_MVE_NATIVE
  return vaddq_n_s32(x, n);
#else
  s32x4 r;
  for (int i = 0; i < 4; ++i) r.v[i] = static_cast<int32_t>(static_cast<uint32_t>(x.v[i]) + static_cast<uint32_t>(n));
  return r;
#endif
}

// x << n on every lane for n in [0, 63], wrapping: 0 when n >= 32 (VSHL.S32 Qda, Rm). Two
// wrapping left shifts by a and b equal one by a + b, so consecutive ones can be folded.
inline s32x4 shl_wrap_s32(s32x4 x, int32_t n) {
#if CMNN_MVE_NATIVE
  return vshlq_r_s32(x, n);
#else
  s32x4 r;
  for (int i = 0; i < 4; ++i) r.v[i] = n >= 32 ? 0 : static_cast<int32_t>(static_cast<uint32_t>(x.v[i]) << n);
  return r;
#endif
}

// x * m + n on every lane, wrapping (VMLAS.I32 Qda, Qn, Rm: a vector times a vector plus a
// scalar). With m = 2^k on every lane it is (x + (n >> k)) << k for n a multiple of 2^k: an
// offset and a left shift in one instruction.
inline s32x4 mul_add_r_s32(s32x4 x, s32x4 m, int32_t n) {
#if CMNN_MVE_NATIVE
  return vmlasq_n_s32(x, m, n);
#else
  s32x4 r;
  for (int i = 0; i < 4; ++i) {
    r.v[i] = static_cast<int32_t>(static_cast<uint32_t>(x.v[i]) * static_cast<uint32_t>(m.v[i]) + static_cast<uint32_t>(n));
  }
  return r;
#endif
}

// gemmlowp's SaturatingRoundingDoublingHighMul of every lane by the scalar m (VQRDMULH.S32 Qd, Qn, Rm).
inline s32x4 qrdmulh_n_s32(s32x4 x, int32_t m) {
#if CMNN_MVE_NATIVE
  return vqrdmulhq_n_s32(x, m);
#else
  s32x4 r;
  for (int i = 0; i < 4; ++i) r.v[i] = quant::doubling_high_mul(x.v[i], m);
  return r;
#endif
}

// A rounding right shift by n in [0, 31] rounding half away from zero (gemmlowp's
// RoundingDivideByPOT), with the two scalar shift amounts it needs precomputed (hoisted out of loops).
struct RightShift {
  int32_t neg;  // -n: VRSHL by a negative amount shifts right, rounding half up
  int32_t fix;  // -31 when n > 0 (x >>> 31 is 1 for negative x), else -32 (0: no fixup)
  explicit RightShift(int32_t n) : neg(-n), fix(n > 0 ? -31 : -32) {}
};

// x / 2^n rounded half away from zero: negative lanes first step down by one (saturating) when
// n > 0, then VRSHL rounds half up. The step is the lane's sign bit (VSHL.U32 Qda, Rm by -31; by
// -32 it is 0), so no branch and no Q register constant: VSHL.U32, VQSUB.S32, VRSHL.S32 by Rm.
inline s32x4 rshr_away_s32(s32x4 x, RightShift s) {
#if CMNN_MVE_NATIVE
  const int32x4_t step = vreinterpretq_s32_u32(vshlq_r_u32(vreinterpretq_u32_s32(x), s.fix));
  return vrshlq_n_s32(vqsubq_s32(x, step), s.neg);
#else
  s32x4 r;
  for (int i = 0; i < 4; ++i) r.v[i] = quant::rounding_divide_by_pot(x.v[i], -s.neg);
  return r;
#endif
}

// The same for a shift known to be in [1, 31], given as neg = -n: the step down is the sign mask
// (VSHR.S32 #31, not destructive, no register operand), then VQADD.S32 and VRSHL.S32 by Rm.
inline s32x4 rshr_away_pos_s32(s32x4 x, int32_t neg) {
#if CMNN_MVE_NATIVE
  return vrshlq_n_s32(vqaddq_s32(x, vshrq_n_s32(x, 31)), neg);
#else
  s32x4 r;
  for (int i = 0; i < 4; ++i) r.v[i] = quant::rounding_divide_by_pot(x.v[i], -neg);
  return r;
#endif
}

}  // namespace cmnn::mve
