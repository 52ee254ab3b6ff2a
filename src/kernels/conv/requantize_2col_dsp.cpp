// Phase 2 of the conv2d_s8 DSP kernels (mat_mult_s8_s16_dsp.h: requantize_acc_2col): the int32
// accumulators of a pixel pair, acc[2r] (column 0) and acc[2r + 1] (column 1), requantized,
// offset, clamped and stored to out0[r] and out1[r]. Every accumulation block (the 2x2 int8 and
// 4x2 packed blocks, any new one) ends here, so the output stage is written and tuned once
// (one exception: the stacked block's M4 quads with a folded full-clamp stage requantize in
// registers, mat_mult_stacked_asm.h, with the same folded arithmetic).
//
// Forms, first that applies (OutputStage flags, set per run by conv_s8_dsp.cpp):
//  - folded (build_output_table: TFLite's usual channels, right shifts 1..31, dead channels): per
//    output SMMLAR, nudge, ASR, QADD, SSAT (ASR #1 folded in), STRB; the offset lives in the add
//    word (quant::FoldedQuant, requant_fast.h states why it is exact), the same for every row,
//    so per row only the multiplier and the shift are loaded. Armv7E-M assembly: the
//    Cortex-M4 loop takes four rows per pass, the Cortex-M7 loop two rows in a dual-issue
//    schedule; a narrower clamp (ReLU/ReLU6 ranges) adds the SSUB8/SEL byte clamp;
//  - masked (full range, no general row, some live right shift of 0): the rounding nudge masked;
//  - wide (full range, no left shift, multipliers below 2^30 that are not 0): sign-magnitude;
//  - C (everything else, the out1 == nullptr calls, hosts): quant::requantize_fast per output.
// Built on every target; the assembly only on Armv7E-M, the C elsewhere (same results).
#include <cstddef>

#include "arch/dsp/schedule.h"
#include "kernels/conv/mat_mult_s8_s16_dsp.h"

namespace cmnn::conv {
namespace {

static_assert(offsetof(quant::ChannelQuant, multiplier2) == 0 && offsetof(quant::ChannelQuant, right) == 4 &&
                  offsetof(quant::ChannelQuant, round) == 8 && offsetof(quant::ChannelQuant, add_mask) == 16 &&
                  offsetof(quant::ChannelQuant, nudge_mask) == 20 && sizeof(quant::ChannelQuant) == 24,
              "the assembly below reads quant::ChannelQuant (and its folded words) by offset");

// The C form of every path: row r's two outputs (out1 may be null).
void requantize_c(const OutputStage& s, const int32_t* acc, int32_t rows, int8_t* out0, int8_t* out1) {
  for (int32_t r = 0; r < rows; ++r) {
    out0[r] = requantize_one(s, r, acc[2 * r]);
    if (out1 != nullptr) out1[r] = requantize_one(s, r, acc[2 * r + 1]);
  }
}

#if defined(__ARM_FEATURE_DSP)
// One folded output pair (y0, y1: accumulators in, results out) with the row's words m2 and s
// (shift1) and the add word c (1 + 2 * offset: the same for every row, so it stays in a register
// and only two words per row are loaded): y = SMMLAR(acc, 2m, acc), y += y >> 31, y >>= s,
// y = QADD(y, c), SSAT(y >> 1).
#define CMNN_RQF_PAIR                              \
  "smmlar %[y0], %[y0], %[m2], %[y0]\n\t"          \
  "smmlar %[y1], %[y1], %[m2], %[y1]\n\t"          \
  "add %[y0], %[y0], %[y0], asr #31\n\t"           \
  "add %[y1], %[y1], %[y1], asr #31\n\t"           \
  "asr %[y0], %[y0], %[s]\n\t"                     \
  "asr %[y1], %[y1], %[s]\n\t"                     \
  "qadd %[y0], %[y0], %[c]\n\t"                    \
  "qadd %[y1], %[y1], %[c]\n\t"                    \
  "ssat %[y0], #8, %[y0], asr #1\n\t"              \
  "ssat %[y1], #8, %[y1], asr #1\n\t"
// A row's accumulators and words in one run of loads, q pointing one record (24 bytes) before the
// row's: the Cortex-M4 pipelines each load behind the previous one; WB "!" on the last moves q to
// the row (a load after a base write-back is not pipelined, so it comes last).
#define CMNN_RQF_LOADS(A0, A4, QM, QS, WB)         \
  "ldr %[y0], [%[acc], #" A0 "]\n\t"               \
  "ldr %[y1], [%[acc], #" A4 "]\n\t"               \
  "ldr %[s], [%[q], #" QS "]\n\t"                  \
  "ldr %[m2], [%[q], #" QM "]" WB "\n\t"
#define CMNN_RQF_STORES                            \
  "strb %[y0], [%[o0]], #1\n\t"                    \
  "strb %[y1], [%[o1]], #1\n\t"

#if !CMNN_DUAL_ISSUE_SCHEDULE
// Cortex-M4, full int8 range: four rows per pass (one loop test and one accumulator step per 8
// outputs), then the last rows % 4 one by one. Per row: 4 loads (5 est. m4 cycles), 10 data
// instructions, 2 stores: 17 est. m4 cycles, about 9 per output with the loop (was 11.5: the
// offset added apart, a third word loaded, a pointer step per row, a loop test per two rows).
void requantize_folded_full(const OutputStage& s, const int32_t* acc, int32_t rows, int8_t* out0, int8_t* out1) {
  uint32_t q = reinterpret_cast<uintptr_t>(s.quant) - 24;  // one record before row 0 (an address, never dereferenced)
  const int32_t c = 1 + 2 * s.output_offset;
  int32_t n, y0, y1, m2, sh;
  __asm__ volatile(
      "lsrs %[n], %[rows], #2\n\t"
      "beq 2f\n\t"
      "1:\n\t"
      CMNN_RQF_LOADS("0", "4", "24", "28", "") CMNN_RQF_PAIR CMNN_RQF_STORES
      CMNN_RQF_LOADS("8", "12", "48", "52", "") CMNN_RQF_PAIR CMNN_RQF_STORES
      CMNN_RQF_LOADS("16", "20", "72", "76", "") CMNN_RQF_PAIR CMNN_RQF_STORES
      CMNN_RQF_LOADS("24", "28", "96", "100", "!")
      "add %[acc], %[acc], #32\n\t"
      CMNN_RQF_PAIR CMNN_RQF_STORES
      "subs %[n], %[n], #1\n\t"
      "bne 1b\n\t"
      "2:\n\t"
      "ands %[n], %[rows], #3\n\t"
      "beq 4f\n\t"
      "3:\n\t"
      CMNN_RQF_LOADS("0", "4", "24", "28", "!")
      "add %[acc], %[acc], #8\n\t"
      CMNN_RQF_PAIR CMNN_RQF_STORES
      "subs %[n], %[n], #1\n\t"
      "bne 3b\n\t"
      "4:\n\t"
      : [q] "+r"(q), [acc] "+r"(acc), [o0] "+r"(out0), [o1] "+r"(out1), [n] "=&r"(n), [m2] "=&r"(m2), [s] "=&r"(sh),
        [y0] "=&r"(y0), [y1] "=&r"(y1)
      : [rows] "r"(rows), [c] "r"(c)
      : "cc", "memory");
}
#else
// Cortex-M7, full int8 range: two rows (A: a0/a1, B: b0/b1) per pass in 17 issue groups (8.5 est.
// m7 cycles per row, 4.25 per output; was 14 per row), software-pipelined: the next pair's first
// accumulators and multiplier are loaded in free slots of this pair's tail, so every pass (but
// the last, peeled: nothing is read past the rows) starts with its SMMLARs. Per the m7 model
// (docs/cycle-models.md): each load or store is the second of a pair behind a data instruction,
// the shifted-operand instructions (nudges, SSAT ASR #1) pair with unshifted ones, no loaded value
// is used by the next issue group. m holds A's multiplier, then B's; sa, sb the shifts; c the add
// word. q and acc step by post-indexed loads (q: 48 bytes, acc: 16 per pass); loads through q
// come before its step. Pairs = rows / 2 >= 1.
#define CMNN_RQF_M7_BODY(NEXT_M, NEXT_A0, NEXT_A1, SUBS, BNE)   \
  "smmlar %[a0], %[a0], %[m], %[a0]\n\t"                        \
  "ldr %[sa], [%[q], #-44]\n\t"                                 \
  "smmlar %[a1], %[a1], %[m], %[a1]\n\t"                        \
  "ldr %[m], [%[q], #-24]\n\t"                                  \
  "add %[a0], %[a0], %[a0], asr #31\n\t"                        \
  "ldr %[b0], [%[acc], #-8]\n\t"                                \
  "add %[a1], %[a1], %[a1], asr #31\n\t"                        \
  "ldr %[b1], [%[acc], #-4]\n\t"                                \
  "asr %[a0], %[a0], %[sa]\n\t"                                 \
  "ldr %[sb], [%[q], #-20]\n\t"                                 \
  "asr %[a1], %[a1], %[sa]\n\t"                                 \
  "smmlar %[b0], %[b0], %[m], %[b0]\n\t"                        \
  "qadd %[a0], %[a0], %[c]\n\t"                                 \
  "smmlar %[b1], %[b1], %[m], %[b1]\n\t"                        \
  "ssat %[a0], #8, %[a0], asr #1\n\t"                           \
  NEXT_M                                                        \
  "add %[b0], %[b0], %[b0], asr #31\n\t"                        \
  "qadd %[a1], %[a1], %[c]\n\t"                                 \
  "ssat %[a1], #8, %[a1], asr #1\n\t"                           \
  "strb %[a0], [%[o0]], #1\n\t"                                 \
  "add %[b1], %[b1], %[b1], asr #31\n\t"                        \
  NEXT_A0                                                       \
  "asr %[b0], %[b0], %[sb]\n\t"                                 \
  "strb %[a1], [%[o1]], #1\n\t"                                 \
  "asr %[b1], %[b1], %[sb]\n\t"                                 \
  "qadd %[b0], %[b0], %[c]\n\t"                                 \
  "ssat %[b0], #8, %[b0], asr #1\n\t"                           \
  "qadd %[b1], %[b1], %[c]\n\t"                                 \
  "ssat %[b1], #8, %[b1], asr #1\n\t"                           \
  NEXT_A1                                                       \
  SUBS                                                          \
  "strb %[b0], [%[o0]], #1\n\t"                                 \
  "strb %[b1], [%[o1]], #1\n\t"                                 \
  BNE
#define CMNN_RQF_M7_M "ldr %[m], [%[q]], #48\n\t"
#define CMNN_RQF_M7_A0 "ldr %[a0], [%[acc]], #16\n\t"
#define CMNN_RQF_M7_A1 "ldr %[a1], [%[acc], #-12]\n\t"
void requantize_folded_full(const OutputStage& s, const int32_t* acc, int32_t rows, int8_t* out0, int8_t* out1) {
  const quant::ChannelQuant* q = s.quant;
  const int32_t c = 1 + 2 * s.output_offset;
  int32_t n = rows >> 1;
  if (n > 0) {
    int32_t a0, a1, b0, b1, m, sa, sb;
    __asm__ volatile(
        CMNN_RQF_M7_M CMNN_RQF_M7_A0 CMNN_RQF_M7_A1
        "subs %[n], %[n], #1\n\t"
        "beq 2f\n\t"
        "1:\n\t"
        CMNN_RQF_M7_BODY(CMNN_RQF_M7_M, CMNN_RQF_M7_A0, CMNN_RQF_M7_A1, "subs %[n], %[n], #1\n\t", "bne 1b\n\t")
        "2:\n\t"
        CMNN_RQF_M7_BODY("", "", "", "", "")
        : [q] "+r"(q), [acc] "+r"(acc), [o0] "+r"(out0), [o1] "+r"(out1), [n] "+r"(n), [a0] "=&r"(a0), [a1] "=&r"(a1),
          [b0] "=&r"(b0), [b1] "=&r"(b1), [m] "=&r"(m), [sa] "=&r"(sa), [sb] "=&r"(sb)
        : [c] "r"(c)
        : "cc", "memory");
  }
  if (rows & 1) {  // the odd last row (acc, q, out0, out1 now point at it)
    const quant::FoldedQuant f{q->multiplier2, q->right, c};
    *out0 = static_cast<int8_t>(dsp::ssat<8>(quant::requantize_folded(acc[0], f)));
    *out1 = static_cast<int8_t>(dsp::ssat<8>(quant::requantize_folded(acc[1], f)));
  }
}
#undef CMNN_RQF_M7_BODY
#undef CMNN_RQF_M7_M
#undef CMNN_RQF_M7_A0
#undef CMNN_RQF_M7_A1
#endif

// A narrower clamp (ReLU, ReLU6: [lo, hi] inside [-128, 127]), one row per pass: the folded pair,
// then the row's two SSAT results side by side in one word (byte 0 column 0, byte 1 column 1)
// clamped by SSUB8/SEL against lo and hi repeated in every byte (SSUB8 sets a byte's GE flag when
// its signed difference is >= 0; SEL takes that byte from the first operand then); clamping after
// SSAT #8 equals clamping v since [lo, hi] lies inside [-128, 127].
void requantize_folded_clamped(const OutputStage& s, const int32_t* acc, int32_t rows, int8_t* out0, int8_t* out1) {
  const uint32_t lo4 = (static_cast<uint32_t>(s.activation_min) & 0xFFu) * 0x01010101u;
  const uint32_t hi4 = (static_cast<uint32_t>(s.activation_max) & 0xFFu) * 0x01010101u;
  uint32_t q = reinterpret_cast<uintptr_t>(s.quant) - 24;  // one record before row 0 (never dereferenced)
  const int32_t c = 1 + 2 * s.output_offset;
  int32_t n = rows;
  int32_t y0, y1, m2, sh;
  __asm__ volatile(
      "1:\n\t"
      CMNN_RQF_LOADS("0", "4", "24", "28", "!")
      "add %[acc], %[acc], #8\n\t"
      CMNN_RQF_PAIR
      "subs %[n], %[n], #1\n\t"
      "bfi %[y0], %[y1], #8, #8\n\t"
      "ssub8 %[m2], %[y0], %[lo4]\n\t"
      "sel %[y0], %[y0], %[lo4]\n\t"
      "ssub8 %[m2], %[hi4], %[y0]\n\t"
      "sel %[y0], %[y0], %[hi4]\n\t"
      "strb %[y0], [%[o0]], #1\n\t"
      "lsr %[y0], %[y0], #8\n\t"
      "strb %[y0], [%[o1]], #1\n\t"
      "bne 1b\n\t"
      : [q] "+r"(q), [acc] "+r"(acc), [o0] "+r"(out0), [o1] "+r"(out1), [n] "+r"(n), [m2] "=&r"(m2), [s] "=&r"(sh),
        [y0] "=&r"(y0), [y1] "=&r"(y1)
      : [lo4] "r"(lo4), [hi4] "r"(hi4), [c] "r"(c)
      : "cc", "memory");
}
#undef CMNN_RQF_PAIR
#undef CMNN_RQF_LOADS
#undef CMNN_RQF_STORES

// Full range, no general row, some live channel with a right shift of 0 (not folded): as the
// folded form with the offset added after the shift, y + 2^(e-1) - [y < 0 and e > 0] (the
// per-row nudge mask) rounded by ASR e. Exact unless y + 2^(e-1) passes INT32_MAX, where QADD
// saturates; then both the saturated and the exact quotient are >= 2^(31-e) - 1 >= 255 for
// e <= 23 (required by general_quant), so SSAT gives 127 either way. e == 0: mask 0, round 0.
#if !CMNN_DUAL_ISSUE_SCHEDULE
void requantize_masked(const OutputStage& s, const int32_t* acc, int32_t rows, int8_t* out0, int8_t* out1) {
  const quant::ChannelQuant* q = s.quant;
  int32_t n = rows;
  int32_t m2, e, rnd, msk, a0, a1, y0, y1;
  __asm__ volatile(
      "1:\n\t"
      "ldr %[a0], [%[acc], #0]\n\t"
      "ldr %[a1], [%[acc], #4]\n\t"
      "ldr %[e], [%[q], #4]\n\t"
      "ldr %[rnd], [%[q], #8]\n\t"
      "ldr %[msk], [%[q], #20]\n\t"
      "ldr %[m2], [%[q]], #24\n\t"
      "adds %[acc], %[acc], #8\n\t"
      "smmlar %[y0], %[a0], %[m2], %[a0]\n\t"
      "smmlar %[y1], %[a1], %[m2], %[a1]\n\t"
      "and %[a0], %[msk], %[y0], asr #31\n\t"
      "and %[a1], %[msk], %[y1], asr #31\n\t"
      "add %[y0], %[y0], %[a0]\n\t"
      "add %[y1], %[y1], %[a1]\n\t"
      "qadd %[y0], %[y0], %[rnd]\n\t"
      "qadd %[y1], %[y1], %[rnd]\n\t"
      "asr %[y0], %[y0], %[e]\n\t"
      "asr %[y1], %[y1], %[e]\n\t"
      "add %[y0], %[y0], %[off]\n\t"
      "add %[y1], %[y1], %[off]\n\t"
      "ssat %[y0], #8, %[y0]\n\t"
      "ssat %[y1], #8, %[y1]\n\t"
      "strb %[y0], [%[o0]], #1\n\t"
      "strb %[y1], [%[o1]], #1\n\t"
      "subs %[n], %[n], #1\n\t"
      "bne 1b\n\t"
      : [q] "+r"(q), [acc] "+r"(acc), [o0] "+r"(out0), [o1] "+r"(out1), [n] "+r"(n), [m2] "=&r"(m2),
        [e] "=&r"(e), [rnd] "=&r"(rnd), [msk] "=&r"(msk), [a0] "=&r"(a0), [a1] "=&r"(a1), [y0] "=&r"(y0),
        [y1] "=&r"(y1)
      : [off] "r"(s.output_offset)
      : "cc", "memory");
}
#else
// Cortex-M7 (same arithmetic): one row per pass, the two columns' chains interleaved so that each
// shifted AND and SSAT pairs with the other column's plain instruction, each load or store the
// second of a pair, and the next row's words loaded as soon as this row frees their registers
// (msk after the ANDs, rnd after the QADDs, m2 and e by one LDRD after the ASRs, both
// accumulators by one LDRD after the stores): about 12 est. m7 cycles per row (was 17.5, KWS's
// 1x1 rows in the layer bench). The last row is peeled so that nothing is read past the rows.
#define CMNN_RQM_M7_ROW(NEXT_MSK, NEXT_RND, NEXT_ME, SUBS, NEXT_ACC) \
  "smmlar %[y0], %[y0], %[m2], %[y0]\n\t"                          \
  "smmlar %[y1], %[y1], %[m2], %[y1]\n\t"                          \
  "and %[t0], %[msk], %[y0], asr #31\n\t"                          \
  "and %[t1], %[msk], %[y1], asr #31\n\t"                          \
  "add %[y0], %[y0], %[t0]\n\t"                                    \
  NEXT_MSK                                                          \
  "add %[y1], %[y1], %[t1]\n\t"                                    \
  "qadd %[y0], %[y0], %[rnd]\n\t"                                  \
  "qadd %[y1], %[y1], %[rnd]\n\t"                                  \
  "asr %[y0], %[y0], %[e]\n\t"                                     \
  NEXT_RND                                                          \
  "asr %[y1], %[y1], %[e]\n\t"                                     \
  "add %[y0], %[y0], %[off]\n\t"                                   \
  "add %[y1], %[y1], %[off]\n\t"                                   \
  "ssat %[y0], #8, %[y0]\n\t"                                      \
  NEXT_ME                                                           \
  "ssat %[y1], #8, %[y1]\n\t"                                      \
  "strb %[y0], [%[o0]], #1\n\t"                                    \
  SUBS                                                              \
  "strb %[y1], [%[o1]], #1\n\t"                                    \
  NEXT_ACC
void requantize_masked(const OutputStage& s, const int32_t* acc, int32_t rows, int8_t* out0, int8_t* out1) {
  const quant::ChannelQuant* q = s.quant;
  int32_t n = rows - 1;  // rows after the first
  int32_t m2, e, rnd, msk, t0, t1, y0, y1;
  __asm__ volatile(
      "ldrd %[y0], %[y1], [%[acc]]\n\t"
      "ldrd %[m2], %[e], [%[q]]\n\t"
      "ldr %[msk], [%[q], #20]\n\t"
      "ldr %[rnd], [%[q], #8]\n\t"
      "cmp %[n], #0\n\t"
      "beq 2f\n\t"
      "1:\n\t"
      CMNN_RQM_M7_ROW("ldr %[msk], [%[q], #44]\n\t", "ldr %[rnd], [%[q], #32]\n\t",
                      "ldrd %[m2], %[e], [%[q], #24]!\n\t", "subs %[n], %[n], #1\n\t",
                      "ldrd %[y0], %[y1], [%[acc], #8]!\n\t")
      "bne 1b\n\t"
      "2:\n\t"
      CMNN_RQM_M7_ROW("", "", "", "", "")
      : [q] "+r"(q), [acc] "+r"(acc), [o0] "+r"(out0), [o1] "+r"(out1), [n] "+r"(n), [m2] "=&r"(m2),
        [e] "=&r"(e), [rnd] "=&r"(rnd), [msk] "=&r"(msk), [t0] "=&r"(t0), [t1] "=&r"(t1), [y0] "=&r"(y0),
        [y1] "=&r"(y1)
      : [off] "r"(s.output_offset)
      : "cc", "memory");
}
#undef CMNN_RQM_M7_ROW
#endif

// Full range, no left shift, some live multiplier below 2^30 (not folded): requantize_fast<true>
// with left 0, branch-free and exact for every right in [0, 31]: y = SMMLAR(acc, 2m, acc & add_mask);
// with s = y >> 31, |y| = (y ^ s) - s <= 2^31 and |y| + 2^(e-1) < 2^32, so LSR rounds half away from
// zero without overflow, and (u ^ s) - s restores the sign.
void requantize_wide(const OutputStage& s, const int32_t* acc, int32_t rows, int8_t* out0, int8_t* out1) {
  const quant::ChannelQuant* q = s.quant;
  int32_t n = rows;
  int32_t m2, e, rnd, msk, t, y0, y1;
  __asm__ volatile(
      "1:\n\t"
      "ldr %[y0], [%[acc], #0]\n\t"
      "ldr %[y1], [%[acc], #4]\n\t"
      "ldr %[e], [%[q], #4]\n\t"
      "ldr %[rnd], [%[q], #8]\n\t"
      "ldr %[msk], [%[q], #16]\n\t"
      "ldr %[m2], [%[q]], #24\n\t"
      "adds %[acc], %[acc], #8\n\t"
      "and %[t], %[y0], %[msk]\n\t"
      "smmlar %[y0], %[y0], %[m2], %[t]\n\t"
      "and %[t], %[y1], %[msk]\n\t"
      "smmlar %[y1], %[y1], %[m2], %[t]\n\t"
      "subs %[n], %[n], #1\n\t"
      // The two columns' chains interleaved (signs in m2 and t, both free after the SMMLARs):
      // on the Cortex-M7 each instruction pairs with the other column's previous one.
      "asr %[m2], %[y0], #31\n\t"
      "asr %[t], %[y1], #31\n\t"
      "eor %[y0], %[y0], %[m2]\n\t"
      "eor %[y1], %[y1], %[t]\n\t"
      "sub %[y0], %[y0], %[m2]\n\t"
      "sub %[y1], %[y1], %[t]\n\t"
      "add %[y0], %[y0], %[rnd]\n\t"
      "add %[y1], %[y1], %[rnd]\n\t"
      "lsr %[y0], %[y0], %[e]\n\t"
      "lsr %[y1], %[y1], %[e]\n\t"
      "eor %[y0], %[y0], %[m2]\n\t"
      "eor %[y1], %[y1], %[t]\n\t"
      "sub %[y0], %[y0], %[m2]\n\t"
      "sub %[y1], %[y1], %[t]\n\t"
      "add %[y0], %[y0], %[off]\n\t"
      "add %[y1], %[y1], %[off]\n\t"
      "ssat %[y0], #8, %[y0]\n\t"
      "ssat %[y1], #8, %[y1]\n\t"
      "strb %[y0], [%[o0]], #1\n\t"
      "strb %[y1], [%[o1]], #1\n\t"
      "bne 1b\n\t"
      : [q] "+r"(q), [acc] "+r"(acc), [o0] "+r"(out0), [o1] "+r"(out1), [n] "+r"(n), [m2] "=&r"(m2), [e] "=&r"(e),
        [rnd] "=&r"(rnd), [msk] "=&r"(msk), [t] "=&r"(t), [y0] "=&r"(y0), [y1] "=&r"(y1)
      : [off] "r"(s.output_offset)
      : "cc", "memory");
}
#endif

}  // namespace

OutputTable build_output_table(const int32_t* multiplier, const int32_t* shift, int32_t n, int32_t output_offset,
                               quant::ChannelQuant* table) {
  if (output_offset >= -(1 << 29) && output_offset <= (1 << 29)) {
    // One pass, every row written as if foldable; ok keeps bit 0 while every live channel has
    // multiplier >> 30 == 1 (multipliers are >= 0) and a negative shift (sign bit). Dead channels
    // (rare) branch off. Two channels per iteration (about 8 instructions per channel on the M4).
    uint32_t ok = 1;
    int32_t r = 0;
    const auto one = [&](int32_t i) {
      const int32_t m = multiplier[i], sh = shift[i];
      if (__builtin_expect(m == 0, 0)) {
        table[i].multiplier2 = 0;
        table[i].right = 31;
        return;
      }
      ok &= (static_cast<uint32_t>(m) >> 30) & (static_cast<uint32_t>(sh) >> 31);
      table[i].multiplier2 = static_cast<int32_t>(static_cast<uint32_t>(m) << 1);
      table[i].right = ~sh;  // e - 1 (quant::make_folded_quant)
    };
    for (; r + 2 <= n; r += 2) {
      one(r);
      one(r + 1);
    }
    if (r < n) one(r);
    const uint32_t bad = ok ^ 1u;
    if (bad == 0) return {false, true, true, true};
  }
  OutputTable t{false, true, true, false};
  for (int32_t c = 0; c < n; ++c) {
    table[c] = quant::make_channel_quant(multiplier[c], shift[c]);
    // The masked assembly loop also needs right <= 23 (its QADD argument).
    t.general = t.general || quant::needs_general(table[c]) || table[c].right > 23;
    t.all_right = t.all_right && table[c].right >= 1;
    t.no_left_shift = t.no_left_shift && table[c].left == 0;
  }
  return t;
}

void requantize_acc_2col(const OutputStage& stage, const int32_t* acc, int32_t rows, int8_t* out0, int8_t* out1) {
  if (rows <= 0) return;
#if defined(__ARM_FEATURE_DSP)
  if (out1 != nullptr) {
    const bool full = stage.activation_min == -128 && stage.activation_max == 127;
    if (stage.folded) {
      if (full) requantize_folded_full(stage, acc, rows, out0, out1);
      else requantize_folded_clamped(stage, acc, rows, out0, out1);
      return;
    }
    if (full && !stage.general_quant) return requantize_masked(stage, acc, rows, out0, out1);
    if (full && stage.no_left_shift) return requantize_wide(stage, acc, rows, out0, out1);
  }
#endif
  requantize_c(stage, acc, rows, out0, out1);
}

}  // namespace cmnn::conv
