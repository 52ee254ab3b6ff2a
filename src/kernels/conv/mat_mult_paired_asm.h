// Hand-scheduled row-quad loops of the paired micro-kernel (mat_mult_paired_dsp.cpp; layout in
// paired_filter.h, column pair in mat_mult_s8_s16_dsp.h). paired_quads_asm runs every row quad of a
// call in one assembly loop and returns true, or returns false where no schedule exists (the
// portable block then runs). Contract: quads >= 1, depth % 4 == 0, a bias array; acc[8q..8q+7] =
// rows 4q..4q+3 against columns 0, 1 (acc[2r] column 0, acc[2r + 1] column 1), wrapping int32.
#pragma once
#include <cstddef>
#include <cstdint>

#include "arch/dsp/schedule.h"
#include "kernels/conv/quad_output_m7.h"

namespace cmnn::conv {

#if defined(__ARM_FEATURE_DSP) && !CMNN_DUAL_ISSUE_SCHEDULE
// Cortex-M4. Per group (4 steps x 4 rows x 2 columns = 32 MACs), the odd lanes first: the B words
// of rows 0-1 and the two columns' odd words in one run of three loads (the column load that moves
// c is the last of the run: the M4 pipelines a load behind a load only when the first does not
// write back its base), 2 SXTB16 (rows 0 and 1), 4 SMLAD; the B word of rows 2-3 (one load), 2
// SXTB16, 4 SMLAD; then the even lanes the same way with the A words, the A word of rows 0-1 last
// with w post-incremented by 16. 36 est. m4 cycles per 32 MACs (the int8 2x2 block: 40).
// 14 registers: 8 accumulators, x/y (column words), wa/wb (a raw weight word, then its two rows'
// lanes), w, c. c is kept 4 bytes behind the group's columns (offsets + 4), so the odd word of
// column 1 in a pass's last group sits at +16K and moves c by a whole pass with "!"; the even
// words of that group are then at -12 and -4.
#define CMNN_PQ4_GROUP(O0O, O1O, WB, O0E, O1E)   \
  "ldr %[wa], [%[w], #4]\n\t"                    \
  "ldr %[x], [%[c], #" O0O "]\n\t"               \
  "ldr %[y], [%[c], #" O1O "]" WB "\n\t"         \
  "sxtb16 %[wb], %[wa], ror #8\n\t"              \
  "sxtb16 %[wa], %[wa]\n\t"                      \
  "smlad %[a00], %[wa], %[x], %[a00]\n\t"        \
  "smlad %[a01], %[wa], %[y], %[a01]\n\t"        \
  "smlad %[a10], %[wb], %[x], %[a10]\n\t"        \
  "smlad %[a11], %[wb], %[y], %[a11]\n\t"        \
  "ldr %[wa], [%[w], #12]\n\t"                   \
  "sxtb16 %[wb], %[wa], ror #8\n\t"              \
  "sxtb16 %[wa], %[wa]\n\t"                      \
  "smlad %[a20], %[wa], %[x], %[a20]\n\t"        \
  "smlad %[a21], %[wa], %[y], %[a21]\n\t"        \
  "smlad %[a30], %[wb], %[x], %[a30]\n\t"        \
  "smlad %[a31], %[wb], %[y], %[a31]\n\t"        \
  "ldr %[wa], [%[w], #8]\n\t"                    \
  "ldr %[x], [%[c], #" O0E "]\n\t"               \
  "ldr %[y], [%[c], #" O1E "]\n\t"               \
  "sxtb16 %[wb], %[wa], ror #8\n\t"              \
  "sxtb16 %[wa], %[wa]\n\t"                      \
  "smlad %[a20], %[wa], %[x], %[a20]\n\t"        \
  "smlad %[a21], %[wa], %[y], %[a21]\n\t"        \
  "smlad %[a30], %[wb], %[x], %[a30]\n\t"        \
  "smlad %[a31], %[wb], %[y], %[a31]\n\t"        \
  "ldr %[wa], [%[w]], #16\n\t"                   \
  "sxtb16 %[wb], %[wa], ror #8\n\t"              \
  "sxtb16 %[wa], %[wa]\n\t"                      \
  "smlad %[a00], %[wa], %[x], %[a00]\n\t"        \
  "smlad %[a01], %[wa], %[y], %[a01]\n\t"        \
  "smlad %[a10], %[wb], %[x], %[a10]\n\t"        \
  "smlad %[a11], %[wb], %[y], %[a11]\n\t"
// One group alone (c moves 16) and passes of four and eight groups (c moves 64, 128).
#define CMNN_PQ4_ONE CMNN_PQ4_GROUP("8", "16", "!", "-12", "-4")
#define CMNN_PQ4_FOUR                              \
  CMNN_PQ4_GROUP("8", "16", "", "4", "12")         \
  CMNN_PQ4_GROUP("24", "32", "", "20", "28")       \
  CMNN_PQ4_GROUP("40", "48", "", "36", "44")       \
  CMNN_PQ4_GROUP("56", "64", "!", "-12", "-4")
#define CMNN_PQ4_EIGHT                             \
  CMNN_PQ4_GROUP("8", "16", "", "4", "12")         \
  CMNN_PQ4_GROUP("24", "32", "", "20", "28")       \
  CMNN_PQ4_GROUP("40", "48", "", "36", "44")       \
  CMNN_PQ4_GROUP("56", "64", "", "52", "60")       \
  CMNN_PQ4_GROUP("72", "80", "", "68", "76")       \
  CMNN_PQ4_GROUP("88", "96", "", "84", "92")       \
  CMNN_PQ4_GROUP("104", "112", "", "100", "108")   \
  CMNN_PQ4_GROUP("120", "128", "!", "-12", "-4")

// Loop state of the quad loop, read and written by the assembly (offsets fixed).
struct PairedQuadState {
  const int32_t* bias;     // #0: next bias quad
  const int16_t* cols;     // #4: the column pair - 4 bytes (c's bias)
  const int16_t* main_end; // #8: c after the passes (cols - 4 + 16 * passes * groups per pass)
  const int16_t* end;      // #12: c after every group
  int32_t* acc;            // #16: next accumulator octet
  int32_t quads_left;      // #20
};

// The quad loop around a pass of PASS (CMNN_PQ4_FOUR or _EIGHT): the state's address comes in x;
// the two ends are copied under it on the stack ([sp] state, [sp, #4] main_end, [sp, #8] end).
// Per quad: the bias quad into both columns' accumulators, the passes, the groups left one at a
// time, the 8 accumulators stored.
#define CMNN_PQ4_QUADS(PASS)              \
  "sub sp, sp, #8\n\t"                    \
  "ldr %[y], [%[x], #8]\n\t"              \
  "str %[y], [sp, #0]\n\t"                \
  "ldr %[y], [%[x], #12]\n\t"             \
  "str %[y], [sp, #4]\n\t"                \
  "push {%[x]}\n\t"                       \
  "2:\n\t"                                \
  "ldr %[x], [sp]\n\t"                    \
  "ldr %[c], [%[x], #4]\n\t"              \
  "ldr %[y], [%[x], #0]\n\t"              \
  "ldr %[a00], [%[y], #0]\n\t"            \
  "ldr %[a10], [%[y], #4]\n\t"            \
  "ldr %[a20], [%[y], #8]\n\t"            \
  "ldr %[a30], [%[y], #12]\n\t"           \
  "adds %[y], %[y], #16\n\t"              \
  "str %[y], [%[x], #0]\n\t"              \
  "mov %[a01], %[a00]\n\t"                \
  "mov %[a11], %[a10]\n\t"                \
  "mov %[a21], %[a20]\n\t"                \
  "mov %[a31], %[a30]\n\t"                \
  "ldr %[x], [sp, #4]\n\t"                \
  "cmp %[c], %[x]\n\t"                    \
  "beq 3f\n\t"                            \
  "1:\n\t" PASS                           \
  "ldr %[x], [sp, #4]\n\t"                \
  "cmp %[c], %[x]\n\t"                    \
  "bne 1b\n\t"                            \
  "3:\n\t"                                \
  "ldr %[x], [sp, #8]\n\t"                \
  "cmp %[c], %[x]\n\t"                    \
  "beq 5f\n\t"                            \
  "4:\n\t" CMNN_PQ4_ONE                   \
  "ldr %[x], [sp, #8]\n\t"                \
  "cmp %[c], %[x]\n\t"                    \
  "bne 4b\n\t"                            \
  "5:\n\t"                                \
  "ldr %[x], [sp]\n\t"                    \
  "ldr %[y], [%[x], #16]\n\t"             \
  "str %[a00], [%[y], #0]\n\t"            \
  "str %[a01], [%[y], #4]\n\t"            \
  "str %[a10], [%[y], #8]\n\t"            \
  "str %[a11], [%[y], #12]\n\t"           \
  "str %[a20], [%[y], #16]\n\t"           \
  "str %[a21], [%[y], #20]\n\t"           \
  "str %[a30], [%[y], #24]\n\t"           \
  "str %[a31], [%[y], #28]\n\t"           \
  "adds %[y], %[y], #32\n\t"              \
  "str %[y], [%[x], #16]\n\t"             \
  "ldr %[y], [%[x], #20]\n\t"             \
  "subs %[y], %[y], #1\n\t"               \
  "str %[y], [%[x], #20]\n\t"             \
  "bne 2b\n\t"                            \
  "add sp, sp, #12\n\t"

#define CMNN_PQ4_OPERANDS                                                                            \
  [a00] "=&r"(a00), [a01] "=&r"(a01), [a10] "=&r"(a10), [a11] "=&r"(a11), [a20] "=&r"(a20),          \
      [a21] "=&r"(a21), [a30] "=&r"(a30), [a31] "=&r"(a31), [x] "+r"(x), [y] "=&r"(y), [wa] "=&r"(wa), \
      [wb] "=&r"(wb), [w] "+r"(w), [c] "=&r"(c)

inline bool paired_quads_asm(const int8_t* filter, int32_t quads, int32_t depth, const int16_t* cols,
                             const int32_t* bias, int32_t* acc) {
  const int32_t groups = depth >> 2;
  const bool eight = (groups & 7) == 0;
  const int32_t per_pass = eight ? 8 : 4;
  const int16_t* c0 = cols - 2;  // 4 bytes behind
  PairedQuadState state{bias, c0, c0 + 8 * (groups - groups % per_pass), c0 + 8 * groups, acc, quads};
  uint32_t a00, a01, a10, a11, a20, a21, a30, a31, y, wa, wb;
  const int16_t* c;
  const int8_t* w = filter;
  uint32_t x = reinterpret_cast<uintptr_t>(&state);
  if (eight) {
    __asm__ volatile(CMNN_PQ4_QUADS(CMNN_PQ4_EIGHT) : CMNN_PQ4_OPERANDS : : "cc", "memory");
  } else {
    __asm__ volatile(CMNN_PQ4_QUADS(CMNN_PQ4_FOUR) : CMNN_PQ4_OPERANDS : : "cc", "memory");
  }
  (void)a00, (void)a01, (void)a10, (void)a11, (void)a20, (void)a21, (void)a30, (void)a31;
  (void)y, (void)wa, (void)wb, (void)c, (void)w;
  return true;
}
#undef CMNN_PQ4_OPERANDS
#undef CMNN_PQ4_QUADS
#undef CMNN_PQ4_EIGHT
#undef CMNN_PQ4_FOUR
#undef CMNN_PQ4_ONE
#undef CMNN_PQ4_GROUP

#elif defined(__ARM_FEATURE_DSP) && CMNN_DUAL_ISSUE_SCHEDULE
// Cortex-M7 (dual issue, schedule.h; m7 model: SXTB16 issues only first in a pair, two SMLADs never
// pair, a loaded value used by the next issue group stalls). Per group the odd lanes (B words)
// then the even lanes (A words); in each phase a raw weight word is widened in place (SXTB16 wb,
// wa, ROR 8, then SXTB16 wa, wa) beside an SMLAD of the other row, and the second row pair's raw
// word is loaded into wb beside the SMLAD that last reads it; the next phase's column words and raw
// word are loaded beside the last three SMLADs, each at least one issue group before its use.
// 20 issue groups per 32 MACs (the int8 2x2 block: 22), 4 SMLAD/SXTB16 alone per phase; needs
// depth >= 8 (else false). The next
// group's odd words (columns and raw B) are loaded one group ahead, so the last group of a quad is
// peeled without them: no weight is read past the quad; the columns are read at most 16 bytes past
// the last group (the pair's slack). Registers as on the M4 (c points at the group, no bias).
// E0/E1: this group's even column words; ADDC: "add c" moving c by the pass (beside an SMLAD,
// then the next odd words at 4 and 12) or ""; O0N/O1N: the next group's odd column words.
#define CMNN_PQ7_PHASE1(E0, E1)                                     \
  "sxtb16 %[wb], %[wa], ror #8\n\t"                                 \
  "sxtb16 %[wa], %[wa]\n\t"                                         \
  "smlad %[a10], %[wb], %[x], %[a10]\n\t"                           \
  "smlad %[a11], %[wb], %[y], %[a11]\n\t"                           \
  "ldr %[wb], [%[w], #12]\n\t"                                      \
  "smlad %[a00], %[wa], %[x], %[a00]\n\t"                           \
  "smlad %[a01], %[wa], %[y], %[a01]\n\t"                           \
  "sxtb16 %[wa], %[wb]\n\t"                                         \
  "sxtb16 %[wb], %[wb], ror #8\n\t"                                 \
  "smlad %[a20], %[wa], %[x], %[a20]\n\t"                           \
  "smlad %[a30], %[wb], %[x], %[a30]\n\t"                           \
  "ldr %[x], [%[c], #" E0 "]\n\t"                                   \
  "smlad %[a21], %[wa], %[y], %[a21]\n\t"                           \
  "ldr %[wa], [%[w], #8]\n\t"                                       \
  "smlad %[a31], %[wb], %[y], %[a31]\n\t"                           \
  "ldr %[y], [%[c], #" E1 "]\n\t"                                   \
  "sxtb16 %[wb], %[wa], ror #8\n\t"                                 \
  "sxtb16 %[wa], %[wa]\n\t"                                         \
  "smlad %[a30], %[wb], %[x], %[a30]\n\t"                           \
  "smlad %[a31], %[wb], %[y], %[a31]\n\t"                           \
  "ldr %[wb], [%[w]], #16\n\t"                                      \
  "smlad %[a20], %[wa], %[x], %[a20]\n\t"
#define CMNN_PQ7_GROUP(E0, E1, ADDC, O0N, O1N)                      \
  CMNN_PQ7_PHASE1(E0, E1) ADDC                                      \
  "smlad %[a21], %[wa], %[y], %[a21]\n\t"                           \
  "sxtb16 %[wa], %[wb]\n\t"                                         \
  "sxtb16 %[wb], %[wb], ror #8\n\t"                                 \
  "smlad %[a00], %[wa], %[x], %[a00]\n\t"                           \
  "smlad %[a10], %[wb], %[x], %[a10]\n\t"                           \
  "ldr %[x], [%[c], #" O0N "]\n\t"                                  \
  "smlad %[a01], %[wa], %[y], %[a01]\n\t"                           \
  "ldr %[wa], [%[w], #4]\n\t"                                       \
  "smlad %[a11], %[wb], %[y], %[a11]\n\t"                           \
  "ldr %[y], [%[c], #" O1N "]\n\t"
// The quad's last group: no loads ahead.
#define CMNN_PQ7_LAST                                               \
  CMNN_PQ7_PHASE1("0", "8")                                         \
  "smlad %[a21], %[wa], %[y], %[a21]\n\t"                           \
  "sxtb16 %[wa], %[wb]\n\t"                                         \
  "sxtb16 %[wb], %[wb], ror #8\n\t"                                 \
  "smlad %[a00], %[wa], %[x], %[a00]\n\t"                           \
  "smlad %[a10], %[wb], %[x], %[a10]\n\t"                           \
  "smlad %[a01], %[wa], %[y], %[a01]\n\t"                           \
  "smlad %[a11], %[wb], %[y], %[a11]\n\t"
// A pass of four groups, entered at group 1, 2 or 3 (labels 21-23) with c moved back as many
// groups when the looped groups are not a multiple of four.
#define CMNN_PQ7_FOUR                                                         \
  "1:\n\t" CMNN_PQ7_GROUP("0", "8", "", "20", "28")                           \
  "21:\n\t" CMNN_PQ7_GROUP("16", "24", "", "36", "44")                        \
  "22:\n\t" CMNN_PQ7_GROUP("32", "40", "", "52", "60")                        \
  "23:\n\t" CMNN_PQ7_GROUP("48", "56", "add %[c], %[c], #64\n\t", "4", "12")

// Loop state of the quad loop, copied onto the stack at its entry (CMNN_M7_STATE_ONTO_STACK:
// every word one sp-relative load) and read and written there (offsets fixed).
struct PairedQuadState {
  const int32_t* bias;     // #0: next bias quad
  const int16_t* cols;     // #4: the column pair
  const int16_t* end;      // #8: c after the passes (the last group's columns)
  int32_t back;            // #12: bytes c moves back to enter the first pass (16 per skipped group)
  const int8_t* weights;   // #16: the next quad's weights (parked by the end)
  QuadEndState out;        // #20..#36: bound, next, add, out0, out1 (CMNN_M7_QUAD_END)
};
static_assert(offsetof(PairedQuadState, weights) == 16 && offsetof(PairedQuadState, out) == 20 &&
                  sizeof(PairedQuadState) == 40,
              "the paired quad loop reads PairedQuadState by offset");

// wa in a low register ("l": CMNN_M7_QUAD_END's CBNZ tests it).
#define CMNN_PQ7_OPERANDS                                                                            \
  [a00] "=&r"(a00), [a01] "=&r"(a01), [a10] "=&r"(a10), [a11] "=&r"(a11), [a20] "=&r"(a20),          \
      [a21] "=&r"(a21), [a30] "=&r"(a30), [a31] "=&r"(a31), [x] "+r"(x), [y] "=&r"(y), [wa] "=&l"(wa), \
      [wb] "=&r"(wb), [w] "+r"(w), [c] "=&r"(c)
// The loop (x: the state's address in). Per quad: the bias quad into both columns' accumulators
// (LDRD), the quad's weights from the state and the first group's odd words, c moved back and the
// first pass entered at its group (back / 16; the same branch outcome for every quad of a layer),
// the passes of four, the last group, then the end (quad_output_m7.h: fused or two-phase by the
// state's add word; x, y, wa, wb, w and c free).
#define CMNN_PQ7_LOOP \
  CMNN_M7_STATE_ONTO_STACK("x", "a00", "a01") \
  "2:\n\t" \
  "ldrd %[y], %[c], [sp, #0]\n\t" \
  "ldr %[w], [sp, #16]\n\t" \
  "ldr %[wb], [sp, #12]\n\t" \
  "ldrd %[a00], %[a10], [%[y], #0]\n\t" \
  "ldrd %[a20], %[a30], [%[y], #8]\n\t" \
  "adds %[y], %[y], #16\n\t" \
  "str %[y], [sp, #0]\n\t" \
  "mov %[a01], %[a00]\n\t" \
  "ldr %[wa], [%[w], #4]\n\t" \
  "mov %[a11], %[a10]\n\t" \
  "ldr %[x], [%[c], #4]\n\t" \
  "mov %[a21], %[a20]\n\t" \
  "ldr %[y], [%[c], #12]\n\t" \
  "mov %[a31], %[a30]\n\t" \
  "sub %[c], %[c], %[wb]\n\t" \
  "cmp %[wb], #16\n\t" \
  "beq 21f\n\t" \
  "cmp %[wb], #32\n\t" \
  "beq 22f\n\t" \
  "cmp %[wb], #48\n\t" \
  "beq 23f\n\t" \
  CMNN_PQ7_FOUR \
  "ldr %[wb], [sp, #8]\n\t" \
  "cmp %[c], %[wb]\n\t" \
  "bne 1b\n\t" \
  CMNN_PQ7_LAST \
  CMNN_M7_QUAD_END("x", "y", "wa", "wb", "w", "c", "16", "24", "28", "32", "20") \
  "add sp, sp, #40\n\t"
// Every row quad, ended as `out` says (quad_end_store: acc[2r], acc[2r + 1]; quad_end_fused:
// requantized into out0/out1; at least one quad). Needs depth >= 8 (else false), depth % 4 == 0,
// a bias array.
inline bool paired_quads_m7(const int8_t* filter, int32_t depth, const int16_t* cols,
                            const int32_t* bias, const QuadEndState& out) {
  const int32_t looped = (depth >> 2) - 1;  // groups before the peeled last one
  if (looped < 1) return false;
  const PairedQuadState state{bias,   cols, cols + 8 * looped, 16 * ((4 - (looped & 3)) & 3),
                              filter, out};
  uint32_t a00, a01, a10, a11, a20, a21, a30, a31, y, wa, wb;
  const int16_t* c;
  const int8_t* w = filter;
  uint32_t x = reinterpret_cast<uintptr_t>(&state);
  __asm__ volatile(CMNN_PQ7_LOOP : CMNN_PQ7_OPERANDS : : "cc", "memory");
  (void)a00, (void)a01, (void)a10, (void)a11, (void)a20, (void)a21, (void)a30, (void)a31;
  (void)y, (void)wa, (void)wb, (void)c, (void)w;
  return true;
}

inline bool paired_quads_asm(const int8_t* filter, int32_t quads, int32_t depth, const int16_t* cols,
                             const int32_t* bias, int32_t* acc) {
  return paired_quads_m7(filter, depth, cols, bias, quad_end_store(acc, quads));
}
#undef CMNN_PQ7_LOOP
#undef CMNN_PQ7_OPERANDS
#undef CMNN_PQ7_FOUR
#undef CMNN_PQ7_LAST
#undef CMNN_PQ7_GROUP
#undef CMNN_PQ7_PHASE1

#else
inline bool paired_quads_asm(const int8_t*, int32_t, int32_t, const int16_t*, const int32_t*, int32_t*) {
  return false;
}
#endif

}  // namespace cmnn::conv
