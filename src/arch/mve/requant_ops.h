// Helium (MVE) output stage of the conv2d_s8 mve variants as whole loops, for calls whose every
// shift is in [-31, -1] (TFLite's usual case): per four channels, sum + start value, VQRDMULH,
// the rounding fixup (VSHR #31, VQADD), VRSHL, + output offset (from an R register), clamp,
// VSTRB.32 (whose base must be a low register). On the M55 these are ALU-bound (8 ALU instructions per four outputs, which do not
// overlap one another), so what the hand scheduling buys is that every load and store sits
// between two ALU instructions (each then costs one cycle, not two) and no scalar instruction
// breaks the chain; GCC grouped the loads first and reloaded constants after every store.
// Same style as mve.h: Armv8.1-M code on a core with MVE, a bit-exact portable emulation (TFLite's
// scalar arithmetic, quant::requantize_to_s8) elsewhere. Lane tests:
// tests/unit/arch/mve_requant_ops_test.cpp (host and Cortex-M55 under QEMU).
#pragma once
#include <cstdint>

#include "arch/mve/mve.h"
#include "quant/fixed_point.h"

namespace cmnn::mve {

// Output parameters of one call: start values (bias + input_offset * row sum), multipliers and
// shifts per channel, each shift in [-31, -1]; the output offset and clamp bounds per call.
struct RequantRows {
  const int32_t* start;
  const int32_t* multiplier;
  const int32_t* shift;
  int32_t offset, lo, hi;
};

// out[c] = clamp(requantize(sums[c] + start[c]) + offset) for c < 4 * blocks (blocks >= 0), sums
// added wrapping as the reference does.
inline void requant_negative(const int32_t* sums, const RequantRows& r, int32_t blocks, int8_t* out) {
#if CMNN_MVE_NATIVE
  const int32_t* st = r.start;
  const int32_t* m = r.multiplier;
  const int32_t* sh = r.shift;
  const int32x4_t lo = vdupq_n_s32(r.lo), hi = vdupq_n_s32(r.hi);
  int32x4_t a, sv, mv, hv;
  __asm__ volatile(
      "wls lr, %[n], 2f\n"
      "1:\n\t"
      "vldrw.u32 %q[a], [%[s]], #16\n\t"
      "vldrw.u32 %q[sv], [%[st]], #16\n\t"
      "vldrw.u32 %q[mv], [%[m]], #16\n\t"
      "vadd.i32 %q[a], %q[a], %q[sv]\n\t"
      "vldrw.u32 %q[hv], [%[sh]], #16\n\t"
      "vqrdmulh.s32 %q[a], %q[a], %q[mv]\n\t"
      "vshr.s32 %q[sv], %q[a], #31\n\t"
      "vqadd.s32 %q[a], %q[a], %q[sv]\n\t"
      "vrshl.s32 %q[a], %q[a], %q[hv]\n\t"
      "vadd.i32 %q[a], %q[a], %[off]\n\t"
      "vmax.s32 %q[a], %q[a], %q[lo]\n\t"
      "vmin.s32 %q[a], %q[a], %q[hi]\n\t"
      "vstrb.32 %q[a], [%[o]], #4\n\t"
      "le lr, 1b\n"
      "2:"
      : [s] "+r"(sums), [st] "+r"(st), [m] "+r"(m), [sh] "+r"(sh), [o] "+l"(out), [a] "=&w"(a), [sv] "=&w"(sv),
        [mv] "=&w"(mv), [hv] "=&w"(hv)
      : [n] "r"(blocks), [off] "r"(r.offset), [lo] "w"(lo), [hi] "w"(hi)
      : "lr", "memory");
#else
  for (int32_t c = 0; c < 4 * blocks; ++c) {
    const auto acc = static_cast<int32_t>(static_cast<uint32_t>(sums[c]) + static_cast<uint32_t>(r.start[c]));
    out[c] = quant::requantize_to_s8(acc, r.multiplier[c], r.shift[c], r.offset, r.lo, r.hi);
  }
#endif
}

// Two pixels' sums of the same channels (requant_negative twice, each channel's start value,
// multiplier and shift loaded once): o0[c] from s0[c], o1[c] from s1[c], c < 4 * blocks.
inline void requant_pair_negative(const int32_t* s0, const int32_t* s1, const RequantRows& r, int32_t blocks, int8_t* o0,
                                  int8_t* o1) {
#if CMNN_MVE_NATIVE
  const int32_t* st = r.start;
  const int32_t* m = r.multiplier;
  const int32_t* sh = r.shift;
  const int32x4_t lo = vdupq_n_s32(r.lo), hi = vdupq_n_s32(r.hi);
  int32x4_t a0, a1, sv, mv, hv;
  __asm__ volatile(
      "wls lr, %[n], 2f\n"
      "1:\n\t"
      "vldrw.u32 %q[sv], [%[st]], #16\n\t"
      "vldrw.u32 %q[a0], [%[s0]], #16\n\t"
      "vadd.i32 %q[a0], %q[a0], %q[sv]\n\t"
      "vldrw.u32 %q[a1], [%[s1]], #16\n\t"
      "vadd.i32 %q[a1], %q[a1], %q[sv]\n\t"
      "vldrw.u32 %q[mv], [%[m]], #16\n\t"
      "vqrdmulh.s32 %q[a0], %q[a0], %q[mv]\n\t"
      "vldrw.u32 %q[hv], [%[sh]], #16\n\t"
      "vqrdmulh.s32 %q[a1], %q[a1], %q[mv]\n\t"
      "vshr.s32 %q[sv], %q[a0], #31\n\t"
      "vqadd.s32 %q[a0], %q[a0], %q[sv]\n\t"
      "vshr.s32 %q[mv], %q[a1], #31\n\t"
      "vqadd.s32 %q[a1], %q[a1], %q[mv]\n\t"
      "vrshl.s32 %q[a0], %q[a0], %q[hv]\n\t"
      "vrshl.s32 %q[a1], %q[a1], %q[hv]\n\t"
      "vadd.i32 %q[a0], %q[a0], %[off]\n\t"
      "vadd.i32 %q[a1], %q[a1], %[off]\n\t"
      "vmax.s32 %q[a0], %q[a0], %q[lo]\n\t"
      "vmax.s32 %q[a1], %q[a1], %q[lo]\n\t"
      "vmin.s32 %q[a0], %q[a0], %q[hi]\n\t"
      "vstrb.32 %q[a0], [%[o0]], #4\n\t"
      "vmin.s32 %q[a1], %q[a1], %q[hi]\n\t"
      "vstrb.32 %q[a1], [%[o1]], #4\n\t"
      "le lr, 1b\n"
      "2:"
      : [s0] "+r"(s0), [s1] "+r"(s1), [st] "+r"(st), [m] "+r"(m), [sh] "+r"(sh), [o0] "+l"(o0), [o1] "+l"(o1),
        [a0] "=&w"(a0), [a1] "=&w"(a1), [sv] "=&w"(sv), [mv] "=&w"(mv), [hv] "=&w"(hv)
      : [n] "r"(blocks), [off] "r"(r.offset), [lo] "w"(lo), [hi] "w"(hi)
      : "lr", "memory");
#else
  requant_negative(s0, r, blocks, o0);
  requant_negative(s1, r, blocks, o1);
#endif
}

}  // namespace cmnn::mve
