// Helium (MVE) primitives for the fast conv2d_s8 mve variants (per-pixel dot products into int32
// sums, requantized in a separate vector pass), beyond mve.h, matmul_ops.h and conv_ops.h; same
// style: the ACLE intrinsic on a core with MVE, a bit-exact portable emulation elsewhere.
// Lane tests: tests/unit/arch/mve_conv_fast_ops_test.cpp (host and Cortex-M55 under QEMU).
#pragma once
#include <cstdint>

#include "arch/mve/mve.h"

namespace cmnn::mve {

// Sum over the 16 lanes of a[i] * b[i] (VMLADAV.S8, no accumulator input): the first product of
// a dot product without zeroing a register first. Wrapping int32 (it cannot overflow: |sum| <= 2^18).
inline int32_t dot(s8x16 a, s8x16 b) {
#if CMNN_MVE_NATIVE
  return vmladavq_s8(a, b);
#else
  int32_t s = 0;
  for (int i = 0; i < 16; ++i) s += int32_t{a.v[i]} * int32_t{b.v[i]};
  return s;
#endif
}


// TFLite's MultiplyByQuantizedMultiplier on four lanes for shifts <= 0 only (a right shift, no
// left shift): mve::requantize without its VMAX/VSHL, for calls whose every shift is <= 0.
// right = the shift itself (<= 0 in every lane).
inline s32x4 requantize_right(s32x4 x, s32x4 multiplier, s32x4 right) {
#if CMNN_MVE_NATIVE
  const int32x4_t high = vqrdmulhq_s32(x, multiplier);
  const int32x4_t fixup = vshrq_n_s32(vandq_s32(high, right), 31);  // -1 where high < 0 and right < 0
  return vrshlq_s32(vqaddq_s32(high, fixup), right);
#else
  s32x4 r;
  for (int i = 0; i < 4; ++i) r.v[i] = quant::multiply_by_quantized_multiplier(x.v[i], multiplier.v[i], right.v[i]);
  return r;
#endif
}

// requantize_right for shifts in [-31, -1] only (a right shift in every lane, TFLite's usual
// case): the rounding fixup needs no mask (VQRDMULH, VSHR #31, VQADD, VRSHL: one VAND fewer).
// A lane with shift 0 would step its negative values down by one: callers check every shift.
inline s32x4 requantize_negative(s32x4 x, s32x4 multiplier, s32x4 right) {
#if CMNN_MVE_NATIVE
  const int32x4_t high = vqrdmulhq_s32(x, multiplier);
  return vrshlq_s32(vqaddq_s32(high, vshrq_n_s32(high, 31)), right);
#else
  s32x4 r;
  for (int i = 0; i < 4; ++i) r.v[i] = quant::multiply_by_quantized_multiplier(x.v[i], multiplier.v[i], right.v[i]);
  return r;
#endif
}

}  // namespace cmnn::mve
