// One channel of a whole 6-pixel output row of a 3x3 depthwise convolution (stride 1, dilation_w
// 1, input width 6, one column of padding on each side: person_detect's and VWW's 6x6x128
// layers) on Armv7E-M, Cortex-M4 schedule: taps, fast output stage and stores in one block (not
// public API; driven by depthwise_dsp.cpp's pixel_row_3x3; the C form is row5::mac_row<6>).
//
// Why a row: as row5_3x3_dsp.h, the six outputs of a channel share each filter row's three
// weights, and an SMLAD does two taps of one channel from two horizontally adjacent inputs in
// the halfwords of a register. With an even width the pairs are the image's own: per filter row,
// with (w0, w1, w2) the row's weights, W01 = (w0, w1), W12 = (w1, w2) and
//   P0 = (v0, v1), P2 = (v2, v3), P4 = (v4, v5)         (PKHBT of sign-extended bytes: 3 pairs)
//   out0 += zp*w0 + SMLAD(P0, W12)     out1 += SMLAD(P0, W01) + v2*w2
//   out2 += v1*w0 + SMLAD(P2, W12)     out3 += SMLAD(P2, W01) + v4*w2
//   out4 += v3*w0 + SMLAD(P4, W12)     out5 += SMLAD(P4, W01) + zp*w2
// 6 SMLAD + 6 SMLAxy for 18 taps, 6 byte loads (the pixel-pair kernels: 12 SMLAxy and 7 loads
// for 12 taps). Six accumulators leave no register for a second input pointer or for zp across
// the output stage, so the input pointer walks the row two columns at a time, on into the next
// row (the caller runs this for dilation_h 1 only: row_step = 6 * col), and zp is loaded into
// the shift's register per channel.
// Padding as a value, the weight words and the record offsets: exactly as row5_3x3_dsp.h.
#pragma once
#include <cstdint>

#include "kernels/depthwise/row5_3x3_dsp.h"

namespace cmnn::depthwise::row6 {

#if defined(__ARM_FEATURE_DSP)
// mac_row<6> and the fast output stage (quant::requantize_fast_s8) of the channel's six outputs in
// one assembly block (14 registers). w: the group's weight words plus L; kRows 3: filter rows 0..2,
// the folded bias from the record; kRows 2: the two rows of kRowSet 1 or 2, w at the first one's
// tap-0 word of the lane, f.bias and f.quant from the caller (as row5::channel_ring). Channel
// L + 2H's outputs: f.out + L + 2H, then out_c bytes apart.
template <int L, int H, int kRows>
inline void channel_fast(const int8_t* q, int32_t col, const uint32_t* w, row5::Frame& f) {
  uint32_t wa, wb, x, y, z;
  int32_t a0, a1, a2, a3, a4, a5;
  // Record offsets from w (bytes): folded bias of channel L + 2H, its FastQuant {m2, round, shift}.
  constexpr int kFb = 8 * H - 32, kQuant = 72 + 8 * L + 24 * H, kC = L + 2 * H;
  // One filter row (weights at byte offsets oA, oB, oC from w); z holds zp. S0..S4: the addends of
  // a0..a4's first instruction, their own registers, or a5 (holding the first accumulator value)
  // in the first row, which so starts all six accumulators without a move. q walks two columns
  // three times, the third step taking it to the next row (row_step = 6 * col: the caller's
  // condition); each step sits away from the loads that read q (an address written by the
  // previous instruction stalls).
#define CMNN_R6_ROW(oA, oB, oC, WPK, S0, S1, S2, S3, S4) \
  "ldr %[wa], [%[w], #" #oA "]\n\t"                      \
  "ldr %[wb], [%[w], #" #oB "]\n\t"                      \
  "ldr %[x], [%[w], #" #oC "]\n\t"                       \
  "ldrsb %[y], [%[q]]\n\t" WPK                           \
  "ldrsb %[x], [%[q], %[col]]\n\t"                       \
  "pkhbt %[x], %[y], %[x], lsl #16\n\t"                  \
  "smlabb %[a0], %[z], %[wa], %[" S0 "]\n\t"             \
  "smlad %[a0], %[x], %[wb], %[a0]\n\t"                  \
  "add %[q], %[q], %[col], lsl #1\n\t"                   \
  "smlad %[a1], %[x], %[wa], %[" S1 "]\n\t"              \
  "smlatb %[a2], %[x], %[wa], %[" S2 "]\n\t"             \
  "ldrsb %[x], [%[q]]\n\t"                               \
  "ldrsb %[y], [%[q], %[col]]\n\t"                       \
  "pkhbt %[x], %[x], %[y], lsl #16\n\t"                  \
  "smlabt %[a1], %[x], %[wb], %[a1]\n\t"                 \
  "smlad %[a2], %[x], %[wb], %[a2]\n\t"                  \
  "add %[q], %[q], %[col], lsl #1\n\t"                   \
  "smlad %[a3], %[x], %[wa], %[" S3 "]\n\t"              \
  "smlatb %[a4], %[x], %[wa], %[" S4 "]\n\t"             \
  "ldrsb %[x], [%[q]]\n\t"                               \
  "ldrsb %[y], [%[q], %[col]]\n\t"                       \
  "pkhbt %[x], %[x], %[y], lsl #16\n\t"                  \
  "smlabt %[a3], %[x], %[wb], %[a3]\n\t"                 \
  "smlad %[a4], %[x], %[wb], %[a4]\n\t"                  \
  "add %[q], %[q], %[col], lsl #1\n\t"                   \
  "smlad %[a5], %[x], %[wa], %[a5]\n\t"                  \
  "smlabt %[a5], %[z], %[wb], %[a5]\n\t"
#define CMNN_R6_FIRST(oA, oB, oC, WPK) CMNN_R6_ROW(oA, oB, oC, WPK, "a5", "a5", "a5", "a5", "a5")
#define CMNN_R6_NEXTROW(oA, oB, oC, WPK) CMNN_R6_ROW(oA, oB, oC, WPK, "a0", "a1", "a2", "a3", "a4")
// One output: requantize_fast_s8 (m2 in x, round in y, shift in z) into wb, then the store at
// [q, #channel] (immediate offset: 1 cycle) and q's step to the next pixel (out_c in wa).
#define CMNN_R6_OUT(A, NEXT)                             \
  "smmlar %[wb], %[" A "], %[x], %[" A "]\n\t"           \
  "add %[wb], %[wb], %[wb], asr #31\n\t"                 \
  "qadd %[wb], %[wb], %[y]\n\t"                          \
  "asr %[wb], %[wb], %[z]\n\t"                           \
  "ssat %[wb], #8, %[wb]\n\t"                            \
  "strb %[wb], [%[q], %[c]]\n\t" NEXT
#define CMNN_R6_NEXT "add %[q], %[q], %[wa]\n\t"
#define CMNN_R6_OUTS                                                                         \
  CMNN_R6_OUT("a0", CMNN_R6_NEXT) CMNN_R6_OUT("a1", CMNN_R6_NEXT) CMNN_R6_OUT("a2", CMNN_R6_NEXT) \
  CMNN_R6_OUT("a3", CMNN_R6_NEXT) CMNN_R6_OUT("a4", CMNN_R6_NEXT) CMNN_R6_OUT("a5", "")
// The output stages: f.out into q, out_c into wa (both dead after the rows), the FastQuant words
// from the record (kRows 3) or through f.quant (kRows 2), then the six outputs.
#define CMNN_R6_TAIL3                                    \
  "ldr %[q], %[o]\n\t"                                   \
  "ldr %[wa], %[oc]\n\t"                                 \
  "ldr %[x], [%[w], %[qm]]\n\t"                          \
  "ldr %[y], [%[w], %[qm] + 4]\n\t"                      \
  "ldr %[z], [%[w], %[qm] + 8]\n\t" CMNN_R6_OUTS
#define CMNN_R6_TAIL2                                    \
  "ldr %[q], %[o]\n\t"                                   \
  "ldr %[wa], %[oc]\n\t"                                 \
  "ldr %[z], %[qp]\n\t"                                  \
  "ldr %[x], [%[z]]\n\t"                                 \
  "ldr %[y], [%[z], #4]\n\t"                             \
  "ldr %[z], [%[z], #8]\n\t" CMNN_R6_OUTS
// The first accumulator value into a5 (from the record or f.bias) beside zp into z.
#define CMNN_R6_INIT(A5) A5 "ldr %[z], %[zp]\n\t"
#define CMNN_R6_ASM(BODY)                                                                                 \
  __asm__ volatile(BODY                                                                                   \
                   : [q] "+r"(q), [a0] "=&r"(a0), [a1] "=&r"(a1), [a2] "=&r"(a2), [a3] "=&r"(a3),              \
                     [a4] "=&r"(a4), [a5] "=&r"(a5), [wa] "=&r"(wa), [wb] "=&r"(wb), [x] "=&r"(x),             \
                     [y] "=&r"(y), [z] "=&r"(z)                                                            \
                   : [col] "r"(col), [w] "r"(w), [zp] "m"(f.zp), [b] "m"(f.bias),      \
                     [o] "m"(f.out), [oc] "m"(f.out_c), [fb] "i"(kFb), [qm] "i"(kQuant), [c] "i"(kC),        \
                     [qp] "m"(f.quant)                                                                     \
                   : "memory")
#define CMNN_R6_PK0 "pkhbt %[wa], %[wa], %[wb], lsl #16\n\t" "pkhbt %[wb], %[wb], %[x], lsl #16\n\t"
#define CMNN_R6_PK1 "pkhtb %[wa], %[wb], %[wa], asr #16\n\t" "pkhtb %[wb], %[x], %[wb], asr #16\n\t"
#define CMNN_R6_ALL(PK)                                                                             \
  if constexpr (kRows == 3) {                                                                       \
    CMNN_R6_ASM(CMNN_R6_INIT("ldr %[a5], [%[w], %[fb]]\n\t") CMNN_R6_FIRST(0, 8, 16, PK)             \
                    CMNN_R6_NEXTROW(24, 32, 40, PK) CMNN_R6_NEXTROW(48, 56, 64, PK) CMNN_R6_TAIL3); \
  } else {                                                                                          \
    CMNN_R6_ASM(CMNN_R6_INIT("ldr %[a5], %[b]\n\t") CMNN_R6_FIRST(0, 8, 16, PK)                     \
                    CMNN_R6_NEXTROW(24, 32, 40, PK) CMNN_R6_TAIL2);                                 \
  }
  static_assert(kRows == 2 || kRows == 3, "three filter rows, or two");
  if constexpr (H == 0) {
    CMNN_R6_ALL(CMNN_R6_PK0)
  } else {
    CMNN_R6_ALL(CMNN_R6_PK1)
  }
#undef CMNN_R6_ALL
#undef CMNN_R6_PK1
#undef CMNN_R6_PK0
#undef CMNN_R6_ASM
#undef CMNN_R6_INIT
#undef CMNN_R6_TAIL2
#undef CMNN_R6_TAIL3
#undef CMNN_R6_OUTS
#undef CMNN_R6_NEXT
#undef CMNN_R6_OUT
#undef CMNN_R6_NEXTROW
#undef CMNN_R6_FIRST
#undef CMNN_R6_ROW
}
#endif

}  // namespace cmnn::depthwise::row6
