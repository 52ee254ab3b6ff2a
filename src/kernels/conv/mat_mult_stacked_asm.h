// Hand-scheduled Cortex-M4 row-quad loop of the stacked micro-kernel (mat_mult_stacked_dsp.cpp;
// layout in stacked_filter.h, column pair in mat_mult_s8_s16_dsp.h, arithmetic and bounds in
// mat_mult_stacked_dsp.h). stacked_chunk_asm runs every row quad of a call over one chunk of at
// most kStackedChunkGroups groups of 4 steps and returns true, or returns false where no schedule
// exists (the portable block then runs). Other cores (the Cortex-M7's dual issue included) take
// the portable block: the compiler offers the stacked variants only where the cost table says they
// beat the paired ones (tools/cmnn/select/variant_cost.cpp).
#pragma once
#include <cstdint>

#include "arch/dsp/schedule.h"

namespace cmnn::conv {

#if defined(__ARM_FEATURE_DSP) && !CMNN_DUAL_ISSUE_SCHEDULE
// Per group (4 steps x 4 rows x 2 columns = 32 MACs) two halves, the even lanes then the odd ones:
// one run of four loads (the quad's two raw words for rows 0-1 and 2-3, the two columns' words; 5
// est. m4 cycles: the load that writes back its base is the last of the run), then per raw word
// SMLAD hi (column 0), SMLAD hi (column 1), SXTB16 in place, SMLAD lo (column 0), SMLAD lo
// (column 1): 15 est. m4 cycles per 16 MACs, 30 per group (the paired block: 36).
// 14 registers: 8 accumulators (a00/a01 the lo sums of rows 0-1's pair for columns 0/1, h00/h01
// its hi sums; a10..h11 the same for rows 2-3), x/y (column words), wa/wb (raw weight words, then
// their even rows' lanes), w, c. w is kept 4 bytes behind the group's weights and c 8 bytes behind
// its columns, so that the last group of a pass moves both by the whole pass with pre-indexed
// write-back loads (the odd half's column words are then at -4 and +4).
#define CMNN_SQ4_HALF                           \
  "smlad %[h00], %[wa], %[x], %[h00]\n\t"       \
  "smlad %[h01], %[wa], %[y], %[h01]\n\t"       \
  "sxtb16 %[wa], %[wa]\n\t"                     \
  "smlad %[a00], %[wa], %[x], %[a00]\n\t"       \
  "smlad %[a01], %[wa], %[y], %[a01]\n\t"       \
  "smlad %[h10], %[wb], %[x], %[h10]\n\t"       \
  "smlad %[h11], %[wb], %[y], %[h11]\n\t"       \
  "sxtb16 %[wb], %[wb]\n\t"                     \
  "smlad %[a10], %[wb], %[x], %[a10]\n\t"       \
  "smlad %[a11], %[wb], %[y], %[a11]\n\t"
// AE/BE: the A words (rows 0-1, 2-3); XE/YE: the columns' even words (WBC "!" on the pass's last
// group); XO/YO the odd words; AO/BO the B words (WBW "!" on the pass's last group).
#define CMNN_SQ4_GROUP(AE, BE, XE, YE, WBC, XO, YO, AO, BO, WBW) \
  "ldr %[wa], [%[w], #" AE "]\n\t"              \
  "ldr %[wb], [%[w], #" BE "]\n\t"              \
  "ldr %[x], [%[c], #" XE "]\n\t"               \
  "ldr %[y], [%[c], #" YE "]" WBC "\n\t"        \
  CMNN_SQ4_HALF                                 \
  "ldr %[x], [%[c], #" XO "]\n\t"               \
  "ldr %[y], [%[c], #" YO "]\n\t"               \
  "ldr %[wa], [%[w], #" AO "]\n\t"              \
  "ldr %[wb], [%[w], #" BO "]" WBW "\n\t"       \
  CMNN_SQ4_HALF
// One group alone and passes of four and eight groups (w and c move 16, 64, 128 bytes).
#define CMNN_SQ4_ONE CMNN_SQ4_GROUP("4", "12", "8", "16", "!", "-4", "4", "8", "16", "!")
#define CMNN_SQ4_FOUR                                                          \
  CMNN_SQ4_GROUP("4", "12", "8", "16", "", "12", "20", "8", "16", "")          \
  CMNN_SQ4_GROUP("20", "28", "24", "32", "", "28", "36", "24", "32", "")       \
  CMNN_SQ4_GROUP("36", "44", "40", "48", "", "44", "52", "40", "48", "")       \
  CMNN_SQ4_GROUP("52", "60", "56", "64", "!", "-4", "4", "56", "64", "!")
#define CMNN_SQ4_EIGHT                                                         \
  CMNN_SQ4_GROUP("4", "12", "8", "16", "", "12", "20", "8", "16", "")          \
  CMNN_SQ4_GROUP("20", "28", "24", "32", "", "28", "36", "24", "32", "")       \
  CMNN_SQ4_GROUP("36", "44", "40", "48", "", "44", "52", "40", "48", "")       \
  CMNN_SQ4_GROUP("52", "60", "56", "64", "", "60", "68", "56", "64", "")       \
  CMNN_SQ4_GROUP("68", "76", "72", "80", "", "76", "84", "72", "80", "")       \
  CMNN_SQ4_GROUP("84", "92", "88", "96", "", "92", "100", "88", "96", "")      \
  CMNN_SQ4_GROUP("100", "108", "104", "112", "", "108", "116", "104", "112", "") \
  CMNN_SQ4_GROUP("116", "124", "120", "128", "!", "-4", "4", "120", "128", "!")

// Loop state of the quad loop, read and written by the assembly (offsets fixed).
struct StackedQuadState {
  const int32_t* bias;  // #0: next bias quad (the first chunk), or null: a later chunk, starting from acc
  uintptr_t cols;       // #4: the chunk's column words - 8 bytes (c's bias)
  uintptr_t main_end;   // #8: c after the passes
  uintptr_t end;        // #12: c after every group of the chunk
  int32_t* acc;         // #16: next accumulator octet
  int32_t quads_left;   // #20
  int32_t skip;         // #24: bytes from a quad's chunk end to the next quad's chunk start
};

// The quad loop around a pass of PASS (CMNN_SQ4_FOUR or _EIGHT): the state's address comes in x;
// the two ends are copied under it on the stack ([sp] state, [sp, #4] main_end, [sp, #8] end).
// Per quad: the start values (first chunk: the bias quad's rows 0 and 2 into lo and hi of both
// columns; later chunk: acc's lo values, hi = lo), the passes, the groups left one at a time, then
// the odd rows: r1 = base + ((hi - lo) >> 8) with base the bias of rows 1 and 3 (first chunk) or
// acc's r1 so far (later chunk), and the octet stored as acc[2r + column] for rows r = 0..3. The
// later-chunk paths are out of line (labels 6 and 8) so that a one-chunk layer takes no branch.
#define CMNN_SQ4_QUADS(PASS)                    \
  "sub sp, sp, #8\n\t"                          \
  "ldr %[y], [%[x], #8]\n\t"                    \
  "str %[y], [sp, #0]\n\t"                      \
  "ldr %[y], [%[x], #12]\n\t"                   \
  "str %[y], [sp, #4]\n\t"                      \
  "push {%[x]}\n\t"                             \
  "sub %[w], %[w], #4\n\t"                      \
  "2:\n\t"                                      \
  "ldr %[x], [sp]\n\t"                          \
  "ldr %[c], [%[x], #4]\n\t"                    \
  "ldr %[y], [%[x], #0]\n\t"                    \
  "cmp %[y], #0\n\t"                            \
  "beq 6f\n\t"                                  \
  "ldr %[a00], [%[y], #0]\n\t"                  \
  "ldr %[a10], [%[y], #8]\n\t"                  \
  "mov %[a01], %[a00]\n\t"                      \
  "mov %[a11], %[a10]\n\t"                      \
  "7:\n\t"                                      \
  "mov %[h00], %[a00]\n\t"                      \
  "mov %[h01], %[a01]\n\t"                      \
  "mov %[h10], %[a10]\n\t"                      \
  "mov %[h11], %[a11]\n\t"                      \
  "ldr %[x], [sp, #4]\n\t"                      \
  "cmp %[c], %[x]\n\t"                          \
  "beq 3f\n\t"                                  \
  "1:\n\t" PASS                                 \
  "ldr %[x], [sp, #4]\n\t"                      \
  "cmp %[c], %[x]\n\t"                          \
  "bne 1b\n\t"                                  \
  "3:\n\t"                                      \
  "ldr %[x], [sp, #8]\n\t"                      \
  "cmp %[c], %[x]\n\t"                          \
  "beq 5f\n\t"                                  \
  "4:\n\t" CMNN_SQ4_ONE                         \
  "ldr %[x], [sp, #8]\n\t"                      \
  "cmp %[c], %[x]\n\t"                          \
  "bne 4b\n\t"                                  \
  "5:\n\t"                                      \
  "ldr %[x], [sp]\n\t"                          \
  "ldr %[y], [%[x], #0]\n\t"                    \
  "cmp %[y], #0\n\t"                            \
  "beq 8f\n\t"                                  \
  "ldr %[wa], [%[y], #4]\n\t"                   \
  "ldr %[wb], [%[y], #12]\n\t"                  \
  "adds %[y], %[y], #16\n\t"                    \
  "str %[y], [%[x], #0]\n\t"                    \
  "sub %[h00], %[h00], %[a00]\n\t"              \
  "add %[h00], %[wa], %[h00], asr #8\n\t"       \
  "sub %[h01], %[h01], %[a01]\n\t"              \
  "add %[h01], %[wa], %[h01], asr #8\n\t"       \
  "sub %[h10], %[h10], %[a10]\n\t"              \
  "add %[h10], %[wb], %[h10], asr #8\n\t"       \
  "sub %[h11], %[h11], %[a11]\n\t"              \
  "add %[h11], %[wb], %[h11], asr #8\n\t"       \
  "ldr %[y], [%[x], #16]\n\t"                   \
  "9:\n\t"                                      \
  "str %[a00], [%[y], #0]\n\t"                  \
  "str %[a01], [%[y], #4]\n\t"                  \
  "str %[h00], [%[y], #8]\n\t"                  \
  "str %[h01], [%[y], #12]\n\t"                 \
  "str %[a10], [%[y], #16]\n\t"                 \
  "str %[a11], [%[y], #20]\n\t"                 \
  "str %[h10], [%[y], #24]\n\t"                 \
  "str %[h11], [%[y], #28]\n\t"                 \
  "adds %[y], %[y], #32\n\t"                    \
  "str %[y], [%[x], #16]\n\t"                   \
  "ldr %[y], [%[x], #24]\n\t"                   \
  "add %[w], %[w], %[y]\n\t"                    \
  "ldr %[y], [%[x], #20]\n\t"                   \
  "subs %[y], %[y], #1\n\t"                     \
  "str %[y], [%[x], #20]\n\t"                   \
  "bne 2b\n\t"                                  \
  "add sp, sp, #12\n\t"                         \
  "b 10f\n\t"                                   \
  "6:\n\t"                                      \
  "ldr %[y], [%[x], #16]\n\t"                   \
  "ldr %[a00], [%[y], #0]\n\t"                  \
  "ldr %[a01], [%[y], #4]\n\t"                  \
  "ldr %[a10], [%[y], #16]\n\t"                 \
  "ldr %[a11], [%[y], #20]\n\t"                 \
  "b 7b\n\t"                                    \
  "8:\n\t"                                      \
  "ldr %[y], [%[x], #16]\n\t"                   \
  "ldr %[wa], [%[y], #8]\n\t"                   \
  "ldr %[wb], [%[y], #12]\n\t"                  \
  "sub %[h00], %[h00], %[a00]\n\t"              \
  "add %[h00], %[wa], %[h00], asr #8\n\t"       \
  "sub %[h01], %[h01], %[a01]\n\t"              \
  "add %[h01], %[wb], %[h01], asr #8\n\t"       \
  "ldr %[wa], [%[y], #24]\n\t"                  \
  "ldr %[wb], [%[y], #28]\n\t"                  \
  "sub %[h10], %[h10], %[a10]\n\t"              \
  "add %[h10], %[wa], %[h10], asr #8\n\t"       \
  "sub %[h11], %[h11], %[a11]\n\t"              \
  "add %[h11], %[wb], %[h11], asr #8\n\t"       \
  "b 9b\n\t"                                    \
  "10:\n\t"

#define CMNN_SQ4_OPERANDS                                                                            \
  [a00] "=&r"(a00), [a01] "=&r"(a01), [h00] "=&r"(h00), [h01] "=&r"(h01), [a10] "=&r"(a10),          \
      [a11] "=&r"(a11), [h10] "=&r"(h10), [h11] "=&r"(h11), [x] "+r"(x), [y] "=&r"(y), [wa] "=&r"(wa), \
      [wb] "=&r"(wb), [w] "+r"(w), [c] "=&r"(c)

// One chunk of `groups` groups (1..kStackedChunkGroups) for `quads` row quads: filter = the first
// quad's weights of the chunk's first group (a quad's rows take 4 * depth bytes), cols = the
// chunk's first column words, bias = the bias quads for the first chunk or null for a later one
// (acc then holds the sums so far, as this function leaves them).
inline bool stacked_chunk_asm(const int8_t* filter, int32_t quads, int32_t depth, int32_t groups, const int16_t* cols,
                              const int32_t* bias, int32_t* acc) {
  const bool eight = (groups & 7) == 0;
  const int32_t per_pass = eight ? 8 : 4;
  const uintptr_t c0 = reinterpret_cast<uintptr_t>(cols) - 8;
  StackedQuadState state{bias,
                         c0,
                         c0 + 16 * static_cast<uintptr_t>(groups - groups % per_pass),
                         c0 + 16 * static_cast<uintptr_t>(groups),
                         acc,
                         quads,
                         4 * depth - 16 * groups};
  uint32_t a00, a01, h00, h01, a10, a11, h10, h11, y, wa, wb, c;
  const int8_t* w = filter;
  uint32_t x = reinterpret_cast<uintptr_t>(&state);
  if (eight) {
    __asm__ volatile(CMNN_SQ4_QUADS(CMNN_SQ4_EIGHT) : CMNN_SQ4_OPERANDS : : "cc", "memory");
  } else {
    __asm__ volatile(CMNN_SQ4_QUADS(CMNN_SQ4_FOUR) : CMNN_SQ4_OPERANDS : : "cc", "memory");
  }
  (void)a00, (void)a01, (void)h00, (void)h01, (void)a10, (void)a11, (void)h10, (void)h11;
  (void)y, (void)wa, (void)wb, (void)c, (void)w;
  return true;
}
#undef CMNN_SQ4_OPERANDS
#undef CMNN_SQ4_QUADS
#undef CMNN_SQ4_EIGHT
#undef CMNN_SQ4_FOUR
#undef CMNN_SQ4_ONE
#undef CMNN_SQ4_GROUP
#undef CMNN_SQ4_HALF
#define CMNN_STACKED_CHUNK_ASM 1

#else
inline bool stacked_chunk_asm(const int8_t*, int32_t, int32_t, int32_t, const int16_t*, const int32_t*, int32_t*) {
  return false;
}
#define CMNN_STACKED_CHUNK_ASM 0
#endif

}  // namespace cmnn::conv
