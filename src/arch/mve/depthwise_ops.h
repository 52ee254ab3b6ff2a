// Helium (MVE) primitives of the depthwise kernels, in the style of mve.h: on a core with MVE the
// ACLE intrinsic (one instruction), elsewhere a portable emulation with the same bit-level
// results. Depthwise keeps channels in lanes (4 channels per vector, 32-bit lanes), so it needs
// per-lane (non-reducing) multiply-accumulate, which MVE spells VMUL.I32 + VADD.I32 (there is no
// vector-by-vector VMLA for integers), and VMLA.I32 by a scalar. Lane tests:
// tests/unit/arch/mve_depthwise_ops_test.cpp (host emulation and Cortex-M55 under QEMU).
#pragma once
#include <cstdint>
#include <cstring>

#include "arch/mve/mve.h"

namespace cmnn::mve {



// 4 int32 lanes to p (VSTRW.32), all lanes written.
inline void store_s32(int32_t* p, s32x4 v) {
#if CMNN_MVE_NATIVE
  vstrwq_s32(p, v);
#else
  for (int i = 0; i < 4; ++i) p[i] = v.v[i];
#endif
}

// Lane products, low 32 bits (VMUL.I32): wrapping, as int32 multiplication modulo 2^32.
inline s32x4 mul_s32(s32x4 a, s32x4 b) {
#if CMNN_MVE_NATIVE
  return vmulq_s32(a, b);
#else
  s32x4 r;
  for (int i = 0; i < 4; ++i) r.v[i] = static_cast<int32_t>(static_cast<uint32_t>(a.v[i]) * static_cast<uint32_t>(b.v[i]));
  return r;
#endif
}

// acc + a * b per lane (VMUL.I32 then VADD.I32), wrapping.
inline s32x4 mac_s32(s32x4 acc, s32x4 a, s32x4 b) { return add_s32(acc, mul_s32(a, b)); }

// acc + a * s per lane, s a scalar (VMLA.I32 Qda, Qn, Rm), wrapping.
inline s32x4 mla_n_s32(s32x4 acc, s32x4 a, int32_t s) {
#if CMNN_MVE_NATIVE
  return vmlaq_n_s32(acc, a, s);
#else
  s32x4 r;
  for (int i = 0; i < 4; ++i) {
    r.v[i] = static_cast<int32_t>(static_cast<uint32_t>(acc.v[i]) +
                                  static_cast<uint32_t>(a.v[i]) * static_cast<uint32_t>(s));
  }
  return r;
#endif
}

// a + s per lane, s a scalar (VADD.I32 Qd, Qn, Rm), wrapping.
inline s32x4 add_n_s32(s32x4 a, int32_t s) {
#if CMNN_MVE_NATIVE
  return vaddq_n_s32(a, s);
#else
  s32x4 r;
  for (int i = 0; i < 4; ++i) r.v[i] = static_cast<int32_t>(static_cast<uint32_t>(a.v[i]) + static_cast<uint32_t>(s));
  return r;
#endif
}

// TFLite's output stage on 4 lanes: requantize (mve::requantize), add the output zero point,
// clamp to [lo, hi]. Equal to quant::requantize_to_s8 lane by lane.
inline s32x4 requantize_clamp(s32x4 acc, s32x4 multiplier, s32x4 shift, int32_t zero_point, int32_t lo, int32_t hi) {
  const s32x4 y = add_n_s32(requantize(acc, multiplier, shift), zero_point);
  return min_s32(max_s32(y, dup_s32(lo)), dup_s32(hi));
}

// requantize_clamp for lanes whose shift is in [-31, -1] (a right shift in every lane, TFLite's
// usual case): no left shift and no mask on the rounding fixup, VQRDMULH, VSHR #31, VQADD, VRSHL
// (4 instructions instead of 8). Other shifts: requantize_clamp.
inline s32x4 requantize_right_clamp(s32x4 acc, s32x4 multiplier, s32x4 shift, int32_t zero_point, int32_t lo,
                                    int32_t hi) {
#if CMNN_MVE_NATIVE
  const int32x4_t high = vqrdmulhq_s32(acc, multiplier);
  const int32x4_t y = vrshlq_s32(vqaddq_s32(high, vshrq_n_s32(high, 31)), shift);
  return vminq_s32(vmaxq_s32(vaddq_n_s32(y, zero_point), vdupq_n_s32(lo)), vdupq_n_s32(hi));
#else
  return requantize_clamp(acc, multiplier, shift, zero_point, lo, hi);
#endif
}

// Scatters the 4 cells (4 bytes each) of src[0, 16) to dst + offsets[i] (byte offsets, each a
// multiple of 4 from a 4-byte aligned dst): VLDRB.8 of 16 bytes, VSTRW.32 scatter.
inline void scatter_cells4(int8_t* dst, const int8_t* src, s32x4 offsets) {
#if CMNN_MVE_NATIVE
  vstrwq_scatter_offset_s32(reinterpret_cast<int32_t*>(dst), vreinterpretq_u32_s32(offsets),
                            vreinterpretq_s32_s8(vldrbq_s8(src)));
#else
  int8_t cells[16];
  std::memcpy(cells, src, 16);
  for (int i = 0; i < 4; ++i) std::memcpy(dst + offsets.v[i], cells + 4 * i, 4);
#endif
}

// One filter row of a 3-wide depthwise filter for 4 output pixels of 4 channels, on repacked
// input (4-byte cells: a pixel's 4 channels): a_j += sum over kx < 3 of w[kx] * x[j * S + kx], where
// cell k of x is the 4 int8 at x + 4 * k and w[kx] the 4 int8 at w + 4 * kx (all widened to 32-bit
// lanes, wrapping sums). S: the horizontal stride, 1 or 2. Also reads the 4 bytes at w + 12.
// On MVE one block of 39 instructions with immediate offsets, loads alternating with VMUL/VADD
// (GCC computes each address with a separate ADD and reorders the loads).
template <int S>
inline void row3_block4(s32x4& a0, s32x4& a1, s32x4& a2, s32x4& a3, const int8_t* x, const int8_t* w) {
  static_assert(S == 1 || S == 2, "stride 1 or 2");
#if CMNN_MVE_NATIVE
  int32x4_t x0, x1, wv;
#define CMNN_MVE_DW_TAP(O0, O1, O2, O3, WN)          \
  "vldrb.s32 %q[x0], [%[x], #" #O0 "]\n\t"           \
  "vmul.i32 %q[x0], %q[x0], %q[wv]\n\t"              \
  "vldrb.s32 %q[x1], [%[x], #" #O1 "]\n\t"           \
  "vadd.i32 %q[a0], %q[a0], %q[x0]\n\t"              \
  "vmul.i32 %q[x1], %q[x1], %q[wv]\n\t"              \
  "vldrb.s32 %q[x0], [%[x], #" #O2 "]\n\t"           \
  "vadd.i32 %q[a1], %q[a1], %q[x1]\n\t"              \
  "vmul.i32 %q[x0], %q[x0], %q[wv]\n\t"              \
  "vldrb.s32 %q[x1], [%[x], #" #O3 "]\n\t"           \
  "vadd.i32 %q[a2], %q[a2], %q[x0]\n\t"              \
  "vmul.i32 %q[x1], %q[x1], %q[wv]\n\t"              \
  "vldrb.s32 %q[wv], [%[w], #" #WN "]\n\t"           \
  "vadd.i32 %q[a3], %q[a3], %q[x1]\n\t"
  if (S == 1) {
    __asm__("vldrb.s32 %q[wv], [%[w]]\n\t" CMNN_MVE_DW_TAP(0, 4, 8, 12, 4) CMNN_MVE_DW_TAP(4, 8, 12, 16, 8)
                CMNN_MVE_DW_TAP(8, 12, 16, 20, 12)
            : [a0] "+w"(a0), [a1] "+w"(a1), [a2] "+w"(a2), [a3] "+w"(a3), [x0] "=&w"(x0), [x1] "=&w"(x1),
              [wv] "=&w"(wv)
            : [x] "l"(x), [w] "l"(w)  // VLDRB.S32 takes a low base register
            : "memory");
  } else {
    __asm__("vldrb.s32 %q[wv], [%[w]]\n\t" CMNN_MVE_DW_TAP(0, 8, 16, 24, 4) CMNN_MVE_DW_TAP(4, 12, 20, 28, 8)
                CMNN_MVE_DW_TAP(8, 16, 24, 32, 12)
            : [a0] "+w"(a0), [a1] "+w"(a1), [a2] "+w"(a2), [a3] "+w"(a3), [x0] "=&w"(x0), [x1] "=&w"(x1),
              [wv] "=&w"(wv)
            : [x] "l"(x), [w] "l"(w)  // VLDRB.S32 takes a low base register
            : "memory");
  }
#undef CMNN_MVE_DW_TAP
#else
  s32x4* acc[4] = {&a0, &a1, &a2, &a3};
  for (int kx = 0; kx < 3; ++kx) {
    for (int j = 0; j < 4; ++j) {
      for (int i = 0; i < 4; ++i) {
        const uint32_t prod = static_cast<uint32_t>(int32_t{x[4 * (j * S + kx) + i]} * int32_t{w[4 * kx + i]});
        acc[j]->v[i] = static_cast<int32_t>(static_cast<uint32_t>(acc[j]->v[i]) + prod);
      }
    }
  }
#endif
}

// One output pixel of a 3x3 depthwise filter for 4 channels, on repacked input (as row3_block4):
// a += sum over ky, kx < 3 of w[3 ky + kx] * x_ky[kx], x_ky[kx] the 4 int8 at r_ky + 4 kx and
// w[t] the 4 int8 at w + 4 t (widened to 32-bit lanes, wrapping sums). A row's lone last pixel:
// on MVE one block of 36 instructions with immediate offsets, each tap's product added while the
// next tap's weight and input load (GCC's code for the intrinsics kept partial sums on the stack).
inline s32x4 taps9_block1(s32x4 a, const int8_t* r0, const int8_t* r1, const int8_t* r2, const int8_t* w) {
#if CMNN_MVE_NATIVE
  int32x4_t x, wv;
#define CMNN_MVE_DW_NEXT(R, XO, WN)                  \
  "vmul.i32 %q[x], %q[x], %q[wv]\n\t"               \
  "vldrb.s32 %q[wv], [%[w], #" #WN "]\n\t"          \
  "vadd.i32 %q[a], %q[a], %q[x]\n\t"                \
  "vldrb.s32 %q[x], [%[" #R "], #" #XO "]\n\t"
  __asm__("vldrb.s32 %q[wv], [%[w]]\n\t"
          "vldrb.s32 %q[x], [%[r0]]\n\t" CMNN_MVE_DW_NEXT(r0, 4, 4) CMNN_MVE_DW_NEXT(r0, 8, 8)
              CMNN_MVE_DW_NEXT(r1, 0, 12) CMNN_MVE_DW_NEXT(r1, 4, 16) CMNN_MVE_DW_NEXT(r1, 8, 20)
                  CMNN_MVE_DW_NEXT(r2, 0, 24) CMNN_MVE_DW_NEXT(r2, 4, 28) CMNN_MVE_DW_NEXT(r2, 8, 32)
          "vmul.i32 %q[x], %q[x], %q[wv]\n\t"
          "vadd.i32 %q[a], %q[a], %q[x]\n\t"
          : [a] "+w"(a), [x] "=&w"(x), [wv] "=&w"(wv)
          : [r0] "l"(r0), [r1] "l"(r1), [r2] "l"(r2), [w] "l"(w)  // VLDRB.S32 takes a low base register
          : "memory");
#undef CMNN_MVE_DW_NEXT
  return a;
#else
  const int8_t* rows[3] = {r0, r1, r2};
  for (int t = 0; t < 9; ++t) {
    for (int i = 0; i < 4; ++i) {
      const uint32_t prod = static_cast<uint32_t>(int32_t{rows[t / 3][4 * (t % 3) + i]} * int32_t{w[4 * t + i]});
      a.v[i] = static_cast<int32_t>(static_cast<uint32_t>(a.v[i]) + prod);
    }
  }
  return a;
#endif
}

}  // namespace cmnn::mve
