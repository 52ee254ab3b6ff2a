// The Cortex-M7 fused output stage of the conv DSP row-quad loops (the packed quads of
// mat_mult_s8_s16_dsp.cpp, the paired quads of mat_mult_paired_asm.h): at the end of a quad, the
// 8 sums a00..a31 (row r against column 0 in ar0, column 1 in ar1) are requantized in registers
// (quant::requantize_folded, the arithmetic of requantize_2col_dsp.cpp's folded form: SMMLAR,
// nudge, ASR, QADD, SSAT ASR #1, with the full int8 clamp) and stored as one word per column
// (out0[4i..4i+3] and out1[4i..4i+3] for quad i, bytes packed by BFI), instead of 8 accumulator
// stores and requantize_acc_2col's second pass that loads them again: about 30 est. m7 cycles per
// quad (was 8 stores and ~36 in the pass). The same end holds the two-phase store (the 8 sums into
// the accumulators, any other stage), chosen per quad by the state's add word, so that each loop
// text serves both.
#pragma once
#include <cstddef>
#include <cstdint>

#include "arch/dsp/schedule.h"
#include "quant/requant_fast.h"

namespace cmnn::conv {

// The words CMNN_M7_QUAD_END reads and writes, in a quad loop's state struct (20 bytes, in this
// order): fused (add != 0), next is the record pointer and bound the record past the last quad;
// two-phase (add == 0), next is the accumulator pointer (8 sums per quad) and bound its end.
struct QuadEndState {
  uintptr_t bound;
  uintptr_t next;
  int32_t add;
  int8_t* out0;
  int8_t* out1;
};

// The end of `quads` quads requantized in registers (a folded OutputStage with the full int8
// clamp: quant its first quad's record, out0/out1 its outputs; out1 may equal out0). The add word
// 1 + 2 * output_offset is odd, so never 0.
inline QuadEndState quad_end_fused(const quant::ChannelQuant* quant, int32_t output_offset, int32_t quads,
                                   int8_t* out0, int8_t* out1) {
  return QuadEndState{reinterpret_cast<uintptr_t>(quant + 4 * quads), reinterpret_cast<uintptr_t>(quant),
                      1 + 2 * output_offset, out0, out1};
}
// The end of `quads` quads stored into acc (acc[2r] column 0, acc[2r + 1] column 1).
inline QuadEndState quad_end_store(int32_t* acc, int32_t quads) {
  return QuadEndState{reinterpret_cast<uintptr_t>(acc + 8 * quads), reinterpret_cast<uintptr_t>(acc), 0, nullptr,
                      nullptr};
}

static_assert(offsetof(quant::ChannelQuant, multiplier2) == 0 && offsetof(quant::ChannelQuant, right) == 4 &&
                  sizeof(quant::ChannelQuant) == 24,
              "CMNN_M7_QUAD_END loads a record's folded words by LDRD, 24 bytes apart");

#if defined(__ARM_FEATURE_DSP) && CMNN_DUAL_ISSUE_SCHEDULE
// (32-bit pointers: the layout the loops read by offset.)
static_assert(offsetof(QuadEndState, next) == 4 && offsetof(QuadEndState, add) == 8 &&
                  offsetof(QuadEndState, out0) == 12 && offsetof(QuadEndState, out1) == 16,
              "CMNN_M7_QUAD_END reads QuadEndState by offset (next and add by one LDRD, out0/out1 by one)");

// Two rows' four sums (A0/A1: row A's columns, B0/B1 row B's), multiplier and shift in MA/SA and
// MB/SB, the add word in C: their 20 data instructions interleaved so that each SMMLAR pairs with a
// shifted instruction and each QADD/ASR with another (m7 model, docs/cycle-models.md);
// BETWEEN_A runs once SA and MA are dead, BETWEEN_B once SB and MB are.
#define CMNN_M7_RQ_ROWS(A0, A1, B0, B1, MA, SA, MB, SB, C, BETWEEN_A, BETWEEN_B) \
  "smmlar %[" A0 "], %[" A0 "], %[" MA "], %[" A0 "]\n\t"                       \
  "smmlar %[" A1 "], %[" A1 "], %[" MA "], %[" A1 "]\n\t"                       \
  "smmlar %[" B0 "], %[" B0 "], %[" MB "], %[" B0 "]\n\t"                       \
  "add %[" A0 "], %[" A0 "], %[" A0 "], asr #31\n\t"                            \
  "smmlar %[" B1 "], %[" B1 "], %[" MB "], %[" B1 "]\n\t"                       \
  "add %[" A1 "], %[" A1 "], %[" A1 "], asr #31\n\t"                            \
  "asr %[" A0 "], %[" A0 "], %[" SA "]\n\t"                                     \
  "add %[" B0 "], %[" B0 "], %[" B0 "], asr #31\n\t"                            \
  "asr %[" A1 "], %[" A1 "], %[" SA "]\n\t"                                     \
  "add %[" B1 "], %[" B1 "], %[" B1 "], asr #31\n\t"                            \
  BETWEEN_A                                                                     \
  "qadd %[" A0 "], %[" A0 "], %[" C "]\n\t"                                     \
  "asr %[" B0 "], %[" B0 "], %[" SB "]\n\t"                                     \
  "qadd %[" A1 "], %[" A1 "], %[" C "]\n\t"                                     \
  "asr %[" B1 "], %[" B1 "], %[" SB "]\n\t"                                     \
  "ssat %[" A0 "], #8, %[" A0 "], asr #1\n\t"                                   \
  "qadd %[" B0 "], %[" B0 "], %[" C "]\n\t"                                     \
  "ssat %[" A1 "], #8, %[" A1 "], asr #1\n\t"                                   \
  BETWEEN_B                                                                     \
  "qadd %[" B1 "], %[" B1 "], %[" C "]\n\t"                                     \
  "ssat %[" B0 "], #8, %[" B0 "], asr #1\n\t"                                   \
  "ssat %[" B1 "], #8, %[" B1 "], asr #1\n\t"

// The quad end shared by both forms of a quad loop, then the loop back to label 2 while quads
// are left. The loop's state lives on the stack (CMNN_M7_STATE_ONTO_STACK: no pointer to load
// first); QEND, Q, C (= Q + 4: one LDRD) and OUT (out0, out1 adjacent) are the byte offsets from
// sp of QuadEndState's bound, next, add and out words; W a word where R4's live pointer (the
// weights of the next quad) waits for the next quad start. R0..R5: the six registers the loop has
// free besides the sums (R4 holding that pointer; R2 a low register, "l": CBNZ tests it). The
// add word chooses the end per quad by one CBNZ (paired beside the STR; predicted: the same
// outcome for every quad of a call), so every pass form is one loop text whatever the stage (was
// two, +8.6 KB on an M7 image):
// - add != 0 (fused): R1 the record pointer, R2 the add word, R3/R4 and R0/R5 two rows'
//   multiplier and shift (one LDRD each); rows 2-3's words are loaded while rows 0-1 finish; the
//   column words packed by BFI beside the stores; the loop ends when the record pointer reaches
//   the bound (no counter to load and store).
// - add == 0 (two-phase): R1 the accumulator pointer; the 8 sums stored by STRD (column 0 and 1
//   of a row adjacent), the loop ends when the pointer reaches the bound.
#define CMNN_M7_QUAD_END(R0, R1, R2, R3, R4, R5, W, Q, C, OUT, QEND)                                  \
  "ldrd %[" R1 "], %[" R2 "], [sp, #" Q "]\n\t"                                                        \
  "str %[" R4 "], [sp, #" W "]\n\t"                                                                    \
  "cbnz %[" R2 "], 5f\n\t"                                                                             \
  "ldr %[" R2 "], [sp, #" QEND "]\n\t"                                                                \
  "strd %[a00], %[a01], [%[" R1 "], #0]\n\t"                                                          \
  "strd %[a10], %[a11], [%[" R1 "], #8]\n\t"                                                          \
  "strd %[a20], %[a21], [%[" R1 "], #16]\n\t"                                                         \
  "strd %[a30], %[a31], [%[" R1 "], #24]\n\t"                                                         \
  "adds %[" R1 "], %[" R1 "], #32\n\t"                                                                \
  "str %[" R1 "], [sp, #" Q "]\n\t"                                                                   \
  "cmp %[" R1 "], %[" R2 "]\n\t"                                                                      \
  "bne 2b\n\t"                                                                                        \
  "b 6f\n\t"                                                                                          \
  "5:\n\t"                                                                                            \
  "ldrd %[" R3 "], %[" R4 "], [%[" R1 "], #0]\n\t"                                                    \
  "ldrd %[" R0 "], %[" R5 "], [%[" R1 "], #24]\n\t"                                                   \
  CMNN_M7_RQ_ROWS("a00", "a01", "a10", "a11", R3, R4, R0, R5, R2,                                     \
                  "ldrd %[" R3 "], %[" R4 "], [%[" R1 "], #48]\n\t",                                  \
                  "ldrd %[" R0 "], %[" R5 "], [%[" R1 "], #72]\n\t")                                  \
  CMNN_M7_RQ_ROWS("a20", "a21", "a30", "a31", R3, R4, R0, R5, R2, "bfi %[a00], %[a10], #8, #8\n\t",   \
                  "bfi %[a01], %[a11], #8, #8\n\t")                                                   \
  "bfi %[a00], %[a20], #16, #8\n\t"                                                                   \
  "adds %[" R1 "], %[" R1 "], #96\n\t"                                                                \
  "bfi %[a01], %[a21], #16, #8\n\t"                                                                   \
  "ldrd %[" R3 "], %[" R4 "], [sp, #" OUT "]\n\t"                                                     \
  "bfi %[a00], %[a30], #24, #8\n\t"                                                                   \
  "str %[" R1 "], [sp, #" Q "]\n\t"                                                                   \
  "bfi %[a01], %[a31], #24, #8\n\t"                                                                   \
  "ldr %[" R2 "], [sp, #" QEND "]\n\t"                                                                \
  "str %[a00], [%[" R3 "]], #4\n\t"                                                                   \
  "str %[a01], [%[" R4 "]], #4\n\t"                                                                   \
  "cmp %[" R1 "], %[" R2 "]\n\t"                                                                      \
  "strd %[" R3 "], %[" R4 "], [sp, #" OUT "]\n\t"                                                     \
  "bne 2b\n\t"                                                                                        \
  "6:\n\t"

// A quad loop's 40-byte state struct (P: its address) copied onto the stack (T0, T1: two free
// registers), so that every state word is one sp-relative load; "add sp, sp, #40" after the loop.
#define CMNN_M7_STATE_ONTO_STACK(P, T0, T1)                                    \
  "sub sp, sp, #40\n\t"                                                        \
  "ldrd %[" T0 "], %[" T1 "], [%[" P "], #0]\n\t"                               \
  "strd %[" T0 "], %[" T1 "], [sp, #0]\n\t"                                     \
  "ldrd %[" T0 "], %[" T1 "], [%[" P "], #8]\n\t"                               \
  "strd %[" T0 "], %[" T1 "], [sp, #8]\n\t"                                     \
  "ldrd %[" T0 "], %[" T1 "], [%[" P "], #16]\n\t"                              \
  "strd %[" T0 "], %[" T1 "], [sp, #16]\n\t"                                    \
  "ldrd %[" T0 "], %[" T1 "], [%[" P "], #24]\n\t"                              \
  "strd %[" T0 "], %[" T1 "], [sp, #24]\n\t"                                    \
  "ldrd %[" T0 "], %[" T1 "], [%[" P "], #32]\n\t"                              \
  "strd %[" T0 "], %[" T1 "], [sp, #32]\n\t"
#endif

}  // namespace cmnn::conv
