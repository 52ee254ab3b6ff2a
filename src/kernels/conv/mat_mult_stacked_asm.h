// Hand-scheduled Cortex-M4 row-quad loop of the stacked micro-kernel (mat_mult_stacked_dsp.cpp;
// layout in stacked_filter.h, column pair in mat_mult_s8_s16_dsp.h, arithmetic and bounds in
// mat_mult_stacked_dsp.h). stacked_chunk_asm runs every row quad of a call over one chunk of at
// most kStackedChunkGroups groups of 4 steps and returns true, or returns false where no schedule
// exists (the portable block then runs). Other cores (the Cortex-M7's dual issue included) take
// the portable block: the compiler offers the stacked variants only where the cost table says they
// beat the paired ones (tools/cmnn/select/variant_cost.cpp).
// Per quad, besides 30 est. m4 cycles per group: ~10 of start (bias into the 8 accumulators), 6
// per loop test of a pass (4 for the last), ~29 of fix-ups, stores and the quad loop test; the
// form (first or later chunk, entry table or none, 8 or 16 groups per pass) is chosen once per
// call, so no quad tests a mode. With a StackedFusedOut (the last chunk of a folded, full-clamp
// stage) each form ends its quads with the output stage in registers instead of the octet store
// (CMNN_SQ4_REQUANT: 66 est. m4 cycles per quad for 8 bytes); its one-chunk forms (groups % 8 ==
// 0) start a quad with CMNN_SQ4_START_ONE: 4 est. m4 cycles of start (the bias feeds the first
// SMLADs) and no loop test after the first pass (about 90 fixed est. m4 cycles a quad, was 101).
#pragma once
#include <cstdint>

#include "arch/dsp/schedule.h"

namespace cmnn::conv {

// The fused output stage of the last chunk (stacked_chunk_asm's `fused`; mat_mult_stacked_2col
// passes it for a folded OutputStage with the full int8 clamp): each quad's 8 sums requantized in
// registers (quant::requantize_folded, then SSAT #8) and stored as out0[4i..4i+3], out1[4i..4i+3]
// for quad i, instead of acc. Word offsets are read by the assembly (CMNN_SQ4_FRAME_F).
struct StackedFusedOut {
  uint32_t quant;  // the first quad's quant::ChannelQuant record (folded: multiplier2, shift1)
  uint32_t out0, out1;  // the first quad's outputs (out1 may equal out0: the same bytes twice)
  int32_t add;     // 1 + 2 * output_offset (stacked_doubled_asm: not read)
};

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
// HALF_INTO: the half with each SMLAD accumulating onto the named register (h00 h01 a01 a00 of
// row pair 0, then h10 h11 a11 a10: the even-row sum last, so that it may be the source of all
// four). CMNN_SQ4_HALF accumulates in place; CMNN_SQ4_HALF_BIAS (a quad's very first half) starts
// all four sums of a row pair from its bias, which a00/a10 hold (no copies into the others).
#define CMNN_SQ4_HALF_INTO(H00, H01, A01, A00, H10, H11, A11, A10) \
  "smlad %[h00], %[wa], %[x], %[" H00 "]\n\t"   \
  "smlad %[h01], %[wa], %[y], %[" H01 "]\n\t"   \
  "sxtb16 %[wa], %[wa]\n\t"                     \
  "smlad %[a01], %[wa], %[y], %[" A01 "]\n\t"   \
  "smlad %[a00], %[wa], %[x], %[" A00 "]\n\t"   \
  "smlad %[h10], %[wb], %[x], %[" H10 "]\n\t"   \
  "smlad %[h11], %[wb], %[y], %[" H11 "]\n\t"   \
  "sxtb16 %[wb], %[wb]\n\t"                     \
  "smlad %[a11], %[wb], %[y], %[" A11 "]\n\t"   \
  "smlad %[a10], %[wb], %[x], %[" A10 "]\n\t"
#define CMNN_SQ4_HALF CMNN_SQ4_HALF_INTO("h00", "h01", "a01", "a00", "h10", "h11", "a11", "a10")
#define CMNN_SQ4_HALF_BIAS CMNN_SQ4_HALF_INTO("a00", "a00", "a00", "a00", "a10", "a10", "a10", "a10")
// AE/BE: the A words (rows 0-1, 2-3); XE/YE: the columns' even words (WBC "!" on the pass's last
// group); XO/YO the odd words; AO/BO the B words (WBW "!" on the pass's last group). GROUP_FROM
// takes the even half (CMNN_SQ4_HALF or _HALF_BIAS).
#define CMNN_SQ4_GROUP_FROM(EVEN, AE, BE, XE, YE, WBC, XO, YO, AO, BO, WBW) \
  "ldr %[wa], [%[w], #" AE "]\n\t"              \
  "ldr %[wb], [%[w], #" BE "]\n\t"              \
  "ldr %[x], [%[c], #" XE "]\n\t"               \
  "ldr %[y], [%[c], #" YE "]" WBC "\n\t"        \
  EVEN                                          \
  "ldr %[x], [%[c], #" XO "]\n\t"               \
  "ldr %[y], [%[c], #" YO "]\n\t"               \
  "ldr %[wa], [%[w], #" AO "]\n\t"              \
  "ldr %[wb], [%[w], #" BO "]" WBW "\n\t"       \
  CMNN_SQ4_HALF
#define CMNN_SQ4_GROUP(...) CMNN_SQ4_GROUP_FROM(CMNN_SQ4_HALF, __VA_ARGS__)
// A pass of eight groups (w and c move 128 bytes); labels 21..27 mark groups 1..7 for the entry
// table (a pass entered at group e reads only the offsets of groups e..7).
#define CMNN_SQ4_EIGHT                                                                   \
  "1:\n\t" CMNN_SQ4_GROUP("4", "12", "8", "16", "", "12", "20", "8", "16", "")           \
  "21:\n\t" CMNN_SQ4_GROUP("20", "28", "24", "32", "", "28", "36", "24", "32", "")       \
  "22:\n\t" CMNN_SQ4_GROUP("36", "44", "40", "48", "", "44", "52", "40", "48", "")       \
  "23:\n\t" CMNN_SQ4_GROUP("52", "60", "56", "64", "", "60", "68", "56", "64", "")       \
  "24:\n\t" CMNN_SQ4_GROUP("68", "76", "72", "80", "", "76", "84", "72", "80", "")       \
  "25:\n\t" CMNN_SQ4_GROUP("84", "92", "88", "96", "", "92", "100", "88", "96", "")      \
  "26:\n\t" CMNN_SQ4_GROUP("100", "108", "104", "112", "", "108", "116", "104", "112", "") \
  "27:\n\t" CMNN_SQ4_GROUP("116", "124", "120", "128", "!", "-4", "4", "120", "128", "!")

// A pass of sixteen groups: two runs of eight without entry labels (w and c move 128 bytes after
// each, pre-indexed write-back offsets stop at 255). CMNN_SQ4_SEVEN_PLAIN: groups 1..7 of a run
// (the one-pass forms start with CMNN_SQ4_START_ONE's group 0).
#define CMNN_SQ4_SEVEN_PLAIN                                                     \
  CMNN_SQ4_GROUP("20", "28", "24", "32", "", "28", "36", "24", "32", "")        \
  CMNN_SQ4_GROUP("36", "44", "40", "48", "", "44", "52", "40", "48", "")        \
  CMNN_SQ4_GROUP("52", "60", "56", "64", "", "60", "68", "56", "64", "")        \
  CMNN_SQ4_GROUP("68", "76", "72", "80", "", "76", "84", "72", "80", "")        \
  CMNN_SQ4_GROUP("84", "92", "88", "96", "", "92", "100", "88", "96", "")       \
  CMNN_SQ4_GROUP("100", "108", "104", "112", "", "108", "116", "104", "112", "") \
  CMNN_SQ4_GROUP("116", "124", "120", "128", "!", "-4", "4", "120", "128", "!")
#define CMNN_SQ4_EIGHT_PLAIN \
  CMNN_SQ4_GROUP("4", "12", "8", "16", "", "12", "20", "8", "16", "") CMNN_SQ4_SEVEN_PLAIN
#define CMNN_SQ4_SIXTEEN "1:\n\t" CMNN_SQ4_EIGHT_PLAIN CMNN_SQ4_EIGHT_PLAIN
// The same pass with labels for the entry table: groups 1..7 at 21..27, 8..15 at 28..35. Groups
// 8..15 address from the pointers moved by group 7's write-back, so a pass entered at e >= 8 starts
// with both pointers 16 * (e - 8) bytes early (16 * (e & 7) in every case).
#define CMNN_SQ4_SIXTEEN_ENTRY                                                            \
  CMNN_SQ4_EIGHT                                                                          \
  "28:\n\t" CMNN_SQ4_GROUP("4", "12", "8", "16", "", "12", "20", "8", "16", "")           \
  "29:\n\t" CMNN_SQ4_GROUP("20", "28", "24", "32", "", "28", "36", "24", "32", "")        \
  "30:\n\t" CMNN_SQ4_GROUP("36", "44", "40", "48", "", "44", "52", "40", "48", "")        \
  "31:\n\t" CMNN_SQ4_GROUP("52", "60", "56", "64", "", "60", "68", "56", "64", "")        \
  "32:\n\t" CMNN_SQ4_GROUP("68", "76", "72", "80", "", "76", "84", "72", "80", "")        \
  "33:\n\t" CMNN_SQ4_GROUP("84", "92", "88", "96", "", "92", "100", "88", "96", "")       \
  "34:\n\t" CMNN_SQ4_GROUP("100", "108", "104", "112", "", "108", "116", "104", "112", "") \
  "35:\n\t" CMNN_SQ4_GROUP("116", "124", "120", "128", "!", "-4", "4", "120", "128", "!")

// The quad loop keeps its per-call values in a frame it makes on the stack (sp-relative loads, no
// state pointer to follow); they come in through the accumulator operands (stacked_chunk_asm).
//   [sp, #0]  c at a quad's start: the chunk's column words - 8 - 16 * (entry & 7)
//   [sp, #4]  c after the chunk's last pass
//   [sp, #8]  the next bias quad - 4 (first chunk only: CMNN_SQ4_END_BIAS_FROM steps it by write-back)
//   [sp, #12] the next accumulator octet
//   [sp, #16] w after the last quad
//   [sp, #20] bytes added to w after a quad's passes (to the next quad's start)
//   [sp, #24] entry: the group the first pass of every quad starts at (0..15)
#define CMNN_SQ4_FRAME                          \
  "sub sp, sp, #32\n\t"                         \
  "str %[a00], [sp, #0]\n\t"                    \
  "str %[a01], [sp, #4]\n\t"                    \
  "str %[h00], [sp, #8]\n\t"                    \
  "str %[h01], [sp, #12]\n\t"                   \
  "str %[a10], [sp, #16]\n\t"                   \
  "str %[a11], [sp, #20]\n\t"                   \
  "str %[h10], [sp, #24]\n\t"
// Quad start, first chunk (y = the bias quad - 4: the operand for the first quad, then left by
// CMNN_SQ4_END_BIAS): the bias of rows 0 and 2 into lo and hi of both columns. BIAS_LOADS ends
// its run of loads with LOADS (CMNN_SQ4_ENTRY_LOAD for the forms with an entry table, 1 est. m4
// cycle there instead of 2 after the copies).
#define CMNN_SQ4_ENTRY_LOAD "ldr %[x], [sp, #24]\n\t"
#define CMNN_SQ4_BIAS_LOADS(LOADS)              \
  "ldr %[c], [sp, #0]\n\t"                      \
  "ldr %[a00], [%[y], #4]\n\t"                  \
  "ldr %[a10], [%[y], #12]\n\t"                 \
  LOADS                                         \
  "mov %[a01], %[a00]\n\t"                      \
  "mov %[h00], %[a00]\n\t"                      \
  "mov %[h01], %[a00]\n\t"                      \
  "mov %[a11], %[a10]\n\t"                      \
  "mov %[h10], %[a10]\n\t"                      \
  "mov %[h11], %[a10]\n\t"
#define CMNN_SQ4_START_BIAS "2:\n\t" CMNN_SQ4_BIAS_LOADS("")
#define CMNN_SQ4_START_BIAS_ENTRY "2:\n\t" CMNN_SQ4_BIAS_LOADS(CMNN_SQ4_ENTRY_LOAD)
// Quad start and group 0 of the one-pass forms (one chunk of 8 or 16 groups, first chunk: every
// 1x1 layer on 32 or 64 channels): the bias quad, the columns' start, the biases of rows 0 and 2
// and the group's first four words in one run of loads (9 est. m4 cycles for 8), then the even
// half adds onto the biases (CMNN_SQ4_HALF_BIAS): no copies of the bias and no loop test of a
// pass, 11 est. m4 cycles a quad below CMNN_SQ4_START_BIAS with CMNN_SQ4_PASSES.
#define CMNN_SQ4_START_ONE                      \
  "2:\n\t"                                      \
  "ldr %[y], [sp, #8]\n\t"                      \
  "ldr %[c], [sp, #0]\n\t"                      \
  "ldr %[a00], [%[y], #4]\n\t"                  \
  "ldr %[a10], [%[y], #12]\n\t"                 \
  CMNN_SQ4_GROUP_FROM(CMNN_SQ4_HALF_BIAS, "4", "12", "8", "16", "", "12", "20", "8", "16", "")
// Quad start, later chunk (always with the entry table): the even rows' sums so far (acc[0],
// acc[1], acc[4], acc[5]) into lo and hi.
#define CMNN_SQ4_START_ACC                      \
  "2:\n\t"                                      \
  "ldr %[y], [sp, #12]\n\t"                     \
  "ldr %[c], [sp, #0]\n\t"                      \
  CMNN_SQ4_ENTRY_LOAD                           \
  "ldr %[a00], [%[y], #0]\n\t"                  \
  "ldr %[a01], [%[y], #4]\n\t"                  \
  "ldr %[a10], [%[y], #16]\n\t"                 \
  "ldr %[a11], [%[y], #20]\n\t"                 \
  "mov %[h00], %[a00]\n\t"                      \
  "mov %[h01], %[a01]\n\t"                      \
  "mov %[h10], %[a10]\n\t"                      \
  "mov %[h11], %[a11]\n\t"
// The first pass (CMNN_SQ4_SIXTEEN_ENTRY) enters at group `entry` (0..15, x: CMNN_SQ4_ENTRY_LOAD
// in the quad start; w and c start 16 * (entry & 7) bytes early; TBH: one dispatch per quad
// instead of a loop of single groups).
#define CMNN_SQ4_ENTRY                          \
  "tbh [pc, %[x], lsl #1]\n\t"                  \
  "8:\n\t"                                      \
  ".short (1f - 8b) / 2, (21f - 8b) / 2, (22f - 8b) / 2, (23f - 8b) / 2\n\t" \
  ".short (24f - 8b) / 2, (25f - 8b) / 2, (26f - 8b) / 2, (27f - 8b) / 2\n\t" \
  ".short (28f - 8b) / 2, (29f - 8b) / 2, (30f - 8b) / 2, (31f - 8b) / 2\n\t" \
  ".short (32f - 8b) / 2, (33f - 8b) / 2, (34f - 8b) / 2, (35f - 8b) / 2\n\t"
// The passes of PASS (CMNN_SQ4_EIGHT, _SIXTEEN or _SIXTEEN_ENTRY), one loop test each.
#define CMNN_SQ4_PASSES(PASS)                   \
  PASS                                          \
  "ldr %[x], [sp, #4]\n\t"                      \
  "cmp %[c], %[x]\n\t"                          \
  "bne 1b\n\t"
// Odd rows, first chunk: r1 = bias1 + ((hi - lo) >> 8) (bias of rows 1 and 3); one run of loads
// (y = the bias quad - 4, the words at [sp, #X] into x and [sp, #C] into c, the two biases; the
// last moves y to the next quad's by write-back), y stored back to the frame between the data
// operations.
#define CMNN_SQ4_END_BIAS_FROM(X, C)            \
  "ldr %[y], [sp, #8]\n\t"                      \
  "ldr %[x], [sp, #" X "]\n\t"                  \
  "ldr %[c], [sp, #" C "]\n\t"                  \
  "ldr %[wa], [%[y], #8]\n\t"                   \
  "ldr %[wb], [%[y], #16]!\n\t"                 \
  "sub %[h00], %[h00], %[a00]\n\t"              \
  "str %[y], [sp, #8]\n\t"                      \
  "add %[h00], %[wa], %[h00], asr #8\n\t"       \
  "sub %[h01], %[h01], %[a01]\n\t"              \
  "add %[h01], %[wa], %[h01], asr #8\n\t"       \
  "sub %[h10], %[h10], %[a10]\n\t"              \
  "add %[h10], %[wb], %[h10], asr #8\n\t"       \
  "sub %[h11], %[h11], %[a11]\n\t"              \
  "add %[h11], %[wb], %[h11], asr #8\n\t"
// Unfused: x = the accumulator octet, c = w's end, y left on the next bias quad.
#define CMNN_SQ4_END_BIAS CMNN_SQ4_END_BIAS_FROM("12", "16")
// Odd rows, later chunk: r1 = acc's r1 so far + ((hi - lo) >> 8) (x = the accumulator octet,
// c = w's end).
#define CMNN_SQ4_END_ACC                        \
  "ldr %[x], [sp, #12]\n\t"                     \
  "ldr %[c], [sp, #16]\n\t"                     \
  "ldr %[wa], [%[x], #8]\n\t"                   \
  "ldr %[wb], [%[x], #12]\n\t"                  \
  "sub %[h00], %[h00], %[a00]\n\t"              \
  "add %[h00], %[wa], %[h00], asr #8\n\t"       \
  "sub %[h01], %[h01], %[a01]\n\t"              \
  "add %[h01], %[wb], %[h01], asr #8\n\t"       \
  "ldr %[wa], [%[x], #24]\n\t"                  \
  "ldr %[wb], [%[x], #28]\n\t"                  \
  "sub %[h10], %[h10], %[a10]\n\t"              \
  "add %[h10], %[wa], %[h10], asr #8\n\t"       \
  "sub %[h11], %[h11], %[a11]\n\t"              \
  "add %[h11], %[wb], %[h11], asr #8\n\t"
// The octet stored as acc[2r + column] for rows r = 0..3 (the first store moves x by 32), then
// the next quad while w has not reached its end (SKIP: the add to the next quad's start).
#define CMNN_SQ4_STORE                          \
  "str %[a00], [%[x]], #32\n\t"                 \
  "str %[a01], [%[x], #-28]\n\t"                \
  "str %[h00], [%[x], #-24]\n\t"                \
  "str %[h01], [%[x], #-20]\n\t"                \
  "str %[a10], [%[x], #-16]\n\t"                \
  "str %[a11], [%[x], #-12]\n\t"                \
  "str %[h10], [%[x], #-8]\n\t"                 \
  "str %[h11], [%[x], #-4]\n\t"                 \
  "str %[x], [sp, #12]\n\t"
#define CMNN_SQ4_SKIP                           \
  "ldr %[x], [sp, #20]\n\t"                     \
  "add %[w], %[w], %[x]\n\t"
#define CMNN_SQ4_NEXT                           \
  "cmp %[w], %[c]\n\t"                          \
  "bne 2b\n\t"                                  \
  "add sp, sp, #32\n\t"

// The fused output stage (StackedFusedOut: the folded requantization with the full int8 clamp,
// quant::requantize_folded, in the last chunk): the frame grows by four words, copied from the
// StackedFusedOut that h11 points at on entry:
//   [sp, #28] q: row 0's quant::ChannelQuant record of the quad (24 bytes a row)
//   [sp, #32] out0 + the quad's first row, [sp, #36] out1 + the same
//   [sp, #40] the add word 1 + 2 * output_offset
#define CMNN_SQ4_FRAME_F                        \
  "sub sp, sp, #48\n\t"                         \
  "str %[a00], [sp, #0]\n\t"                    \
  "str %[a01], [sp, #4]\n\t"                    \
  "str %[h00], [sp, #8]\n\t"                    \
  "str %[h01], [sp, #12]\n\t"                   \
  "str %[a10], [sp, #16]\n\t"                   \
  "str %[a11], [sp, #20]\n\t"                   \
  "str %[h10], [sp, #24]\n\t"                   \
  "ldr %[x], [%[h11], #0]\n\t"                  \
  "ldr %[wa], [%[h11], #4]\n\t"                 \
  "ldr %[wb], [%[h11], #8]\n\t"                 \
  "ldr %[c], [%[h11], #12]\n\t"                 \
  "str %[x], [sp, #28]\n\t"                     \
  "str %[wa], [sp, #32]\n\t"                    \
  "str %[wb], [sp, #36]\n\t"                    \
  "str %[c], [sp, #40]\n\t"
// Quad start, first chunk, fused (only with the entry table: the one-chunk forms take
// CMNN_SQ4_START_ONE): y (the bias quad) comes from the frame, since the fused tail uses y as a
// temporary.
#define CMNN_SQ4_START_BIAS_F "2:\n\t" "ldr %[y], [sp, #8]\n\t" CMNN_SQ4_BIAS_LOADS(CMNN_SQ4_ENTRY_LOAD)
// Odd rows, first chunk, fused: as CMNN_SQ4_END_BIAS, the same run of loads taking c = q and
// x = the add word instead of the accumulator octet and w's end.
#define CMNN_SQ4_END_BIAS_F CMNN_SQ4_END_BIAS_FROM("40", "28")
// Odd rows, later (last) chunk, fused: as CMNN_SQ4_END_ACC (x = the accumulator octet, read, not
// written: the octet pointer steps by 32 here), then c = q and x = the add word.
#define CMNN_SQ4_END_ACC_F                      \
  "ldr %[x], [sp, #12]\n\t"                     \
  "ldr %[c], [sp, #28]\n\t"                     \
  "ldr %[wa], [%[x], #8]\n\t"                   \
  "ldr %[wb], [%[x], #12]\n\t"                  \
  "ldr %[y], [%[x], #24]\n\t"                   \
  "sub %[h00], %[h00], %[a00]\n\t"              \
  "add %[h00], %[wa], %[h00], asr #8\n\t"       \
  "sub %[h01], %[h01], %[a01]\n\t"              \
  "add %[h01], %[wb], %[h01], asr #8\n\t"       \
  "ldr %[wa], [%[x], #28]\n\t"                  \
  "ldr %[wb], [sp, #40]\n\t"                    \
  "sub %[h10], %[h10], %[a10]\n\t"              \
  "add %[h10], %[y], %[h10], asr #8\n\t"        \
  "sub %[h11], %[h11], %[a11]\n\t"              \
  "add %[h11], %[wa], %[h11], asr #8\n\t"       \
  "adds %[x], %[x], #32\n\t"                    \
  "str %[x], [sp, #12]\n\t"                     \
  "mov %[x], %[wb]\n\t"
// The quad's 8 sums requantized in registers (c = q, x = the add word; y, wa, wb free): per row
// r (a00/a01, h00/h01, a10/a11, h10/h11) y = SMMLAR(v, m2, v), y += y >> 31, y >>= shift1,
// QADD(y, add), SSAT #8 of y >> 1 (requant_fast.h: quant::requantize_folded, exact for every
// int32 sum, then the full int8 clamp). Each row's two words are loaded while the previous row
// computes; the first load writes q back to the next quad's record (post-indexed, last of its
// run). Then out0[0..3] and out1[0..3] (STRB, the last post-indexed by 4), the three pointers
// back to the frame and c = w's end for the quad loop test. 66 est. m4 cycles for 8 outputs
// (loads 15, data 40, stores 8 + 3); the unfused path stores the octet (9) and
// requantize_acc_2col reloads it (about 9-10 a output with its loop and call).
#define CMNN_SQ4_REQUANT_ROW(V0, V1, M, S)       \
  "smmlar %[" V0 "], %[" V0 "], %[" M "], %[" V0 "]\n\t" \
  "smmlar %[" V1 "], %[" V1 "], %[" M "], %[" V1 "]\n\t" \
  "add %[" V0 "], %[" V0 "], %[" V0 "], asr #31\n\t" \
  "add %[" V1 "], %[" V1 "], %[" V1 "], asr #31\n\t" \
  "asr %[" V0 "], %[" V0 "], %[" S "]\n\t"       \
  "asr %[" V1 "], %[" V1 "], %[" S "]\n\t"
#define CMNN_SQ4_REQUANT_SAT(V0, V1)             \
  "qadd %[" V0 "], %[" V0 "], %[x]\n\t"          \
  "qadd %[" V1 "], %[" V1 "], %[x]\n\t"          \
  "ssat %[" V0 "], #8, %[" V0 "], asr #1\n\t"    \
  "ssat %[" V1 "], #8, %[" V1 "], asr #1\n\t"
#define CMNN_SQ4_REQUANT                        \
  "ldr %[wb], [%[c], #4]\n\t"                   \
  "ldr %[y], [%[c], #24]\n\t"                   \
  "ldr %[wa], [%[c]], #96\n\t"                  \
  CMNN_SQ4_REQUANT_ROW("a00", "a01", "wa", "wb") \
  "ldr %[wa], [%[c], #-68]\n\t"                 \
  "ldr %[wb], [%[c], #-48]\n\t"                 \
  CMNN_SQ4_REQUANT_SAT("a00", "a01")            \
  CMNN_SQ4_REQUANT_ROW("h00", "h01", "y", "wa") \
  "ldr %[y], [%[c], #-44]\n\t"                  \
  "ldr %[wa], [%[c], #-24]\n\t"                 \
  CMNN_SQ4_REQUANT_SAT("h00", "h01")            \
  CMNN_SQ4_REQUANT_ROW("a10", "a11", "wb", "y") \
  "str %[c], [sp, #28]\n\t"                     \
  CMNN_SQ4_REQUANT_SAT("a10", "a11")            \
  "smmlar %[h10], %[h10], %[wa], %[h10]\n\t"    \
  "smmlar %[h11], %[h11], %[wa], %[h11]\n\t"    \
  "ldr %[wb], [%[c], #-20]\n\t"                 \
  "ldr %[y], [sp, #32]\n\t"                     \
  "ldr %[wa], [sp, #36]\n\t"                    \
  "ldr %[c], [sp, #16]\n\t"                     \
  "add %[h10], %[h10], %[h10], asr #31\n\t"     \
  "add %[h11], %[h11], %[h11], asr #31\n\t"     \
  "asr %[h10], %[h10], %[wb]\n\t"               \
  "asr %[h11], %[h11], %[wb]\n\t"               \
  CMNN_SQ4_REQUANT_SAT("h10", "h11")            \
  CMNN_SQ4_STORE_BYTES
// The quad's 8 bytes (y = out0, wa = out1 of the quad's first row; both step by 4 and go back to
// the frame).
#define CMNN_SQ4_STORE_BYTES                    \
  "strb %[h00], [%[y], #1]\n\t"                 \
  "strb %[a10], [%[y], #2]\n\t"                 \
  "strb %[h10], [%[y], #3]\n\t"                 \
  "strb %[a00], [%[y]], #4\n\t"                 \
  "strb %[h01], [%[wa], #1]\n\t"                \
  "strb %[a11], [%[wa], #2]\n\t"                \
  "strb %[h11], [%[wa], #3]\n\t"                \
  "strb %[a01], [%[wa]], #4\n\t"                \
  "str %[y], [sp, #32]\n\t"                     \
  "str %[wa], [sp, #36]\n\t"
// The doubled output stage (stacked_doubled.h: every row's quant record holds
// quant::make_fast_quant_d's words, multiplier2 at +0, the shift e + 1 at +4, the round word at +8;
// requant_fast.h states why it is exact): per row r, as CMNN_SQ4_REQUANT's registers, c = q,
// x, y, wa, wb free: its three words in one run of loads, then per output y = SMMLAR(v, m2, v),
// t = round + (y >> 31), v = QDADD(t, y), ASR by the shift, SSAT #8 (quant::requantize_fast_d_s8),
// t in x (the first row's m2 load moves q to the next quad's record by post-index, last of its
// run, so the later rows' words are at negative offsets); then the stores as CMNN_SQ4_REQUANT's.
// 71 est. m4 cycles for 8 outputs (loads 16 + 4, data 40, stores 8 + 3).
#define CMNN_SQ4_REQUANT_D_ROW(V0, V1)                   \
  "smmlar %[" V0 "], %[" V0 "], %[wa], %[" V0 "]\n\t" \
  "smmlar %[" V1 "], %[" V1 "], %[wa], %[" V1 "]\n\t" \
  "add %[x], %[wb], %[" V0 "], asr #31\n\t"           \
  "qdadd %[" V0 "], %[x], %[" V0 "]\n\t"              \
  "add %[x], %[wb], %[" V1 "], asr #31\n\t"           \
  "qdadd %[" V1 "], %[x], %[" V1 "]\n\t"              \
  "asr %[" V0 "], %[" V0 "], %[y]\n\t"                \
  "asr %[" V1 "], %[" V1 "], %[y]\n\t"                \
  "ssat %[" V0 "], #8, %[" V0 "]\n\t"                 \
  "ssat %[" V1 "], #8, %[" V1 "]\n\t"
#define CMNN_SQ4_REQUANT_D_LOADS(M, S, R)       \
  "ldr %[wa], [%[c], #" M "]\n\t"              \
  "ldr %[wb], [%[c], #" R "]\n\t"              \
  "ldr %[y], [%[c], #" S "]\n\t"
#define CMNN_SQ4_REQUANT_D                                                        \
  "ldr %[wb], [%[c], #8]\n\t"                                                    \
  "ldr %[y], [%[c], #4]\n\t"                                                     \
  "ldr %[wa], [%[c]], #96\n\t"                                                   \
  CMNN_SQ4_REQUANT_D_ROW("a00", "a01")                                             \
  CMNN_SQ4_REQUANT_D_LOADS("-72", "-68", "-64") CMNN_SQ4_REQUANT_D_ROW("h00", "h01") \
  CMNN_SQ4_REQUANT_D_LOADS("-48", "-44", "-40") CMNN_SQ4_REQUANT_D_ROW("a10", "a11") \
  CMNN_SQ4_REQUANT_D_LOADS("-24", "-20", "-16") CMNN_SQ4_REQUANT_D_ROW("h10", "h11") \
  "str %[c], [sp, #28]\n\t"                                                  \
  "ldr %[y], [sp, #32]\n\t"                                                  \
  "ldr %[wa], [sp, #36]\n\t"                                                 \
  "ldr %[c], [sp, #16]\n\t"                                                  \
  CMNN_SQ4_STORE_BYTES
#define CMNN_SQ4_NEXT_F                         \
  "cmp %[w], %[c]\n\t"                          \
  "bne 2b\n\t"                                  \
  "add sp, sp, #48\n\t"
// Assembly-time choice on an "i" operand of the statement (1 or 0): A where it is 1, else B.
#define CMNN_SQ4_IF(FLAG, A, B) ".if %c[" FLAG "]\n\t" A ".else\n\t" B ".endif\n\t"
// A form's end: the odd rows (END_FUSED or END), then the output stage in registers (fused) or
// the octet store, w's skip to the next quad's start (where SKIP), the quad loop test.
#define CMNN_SQ4_TAIL(END_FUSED, END, SKIP)                                                            \
  CMNN_SQ4_IF("fused", END_FUSED CMNN_SQ4_IF("doubled", CMNN_SQ4_REQUANT_D, CMNN_SQ4_REQUANT) SKIP CMNN_SQ4_NEXT_F, \
              END CMNN_SQ4_STORE SKIP CMNN_SQ4_NEXT)
// The 14 registers of a form: stacked_chunk_asm's variables, which hold their inputs.
struct Sq4Regs {
  uint32_t &a00, &a01, &h00, &h01, &a10, &a11, &h10, &h11, &x, &y, &wa, &wb, &w, &c;
};
// A form's one statement: TEXT with [fused] (kFused), [doubled] (kDoubled) and the form's other
// "i" flags. Its two
// operand lists differ in h11 only: the fused forms read it (the StackedFusedOut), the others
// only write it (an operand read by both needs a value for the unfused forms, and every way of
// giving it one changed their register allocation: the object code would no longer be the same).
#define CMNN_SQ4_OPERANDS_OF(H11)                                                                           \
  [a00] "+r"(r.a00), [a01] "+r"(r.a01), [h00] "+r"(r.h00), [h01] "+r"(r.h01), [a10] "+r"(r.a10),            \
      [a11] "+r"(r.a11), [h10] "+r"(r.h10), [h11] H11(r.h11), [x] "=&r"(r.x), [y] "+r"(r.y), [wa] "=&r"(r.wa), \
      [wb] "=&r"(r.wb), [w] "+r"(r.w), [c] "=&r"(r.c)
#define CMNN_SQ4_STATEMENT(TEXT, ...)                                                                   \
  if constexpr (kFused) {                                                                               \
    __asm__ volatile(TEXT : CMNN_SQ4_OPERANDS_OF("+r") : [fused] "i"(1), [doubled] "i"(kDoubled ? 1 : 0),  \
                     __VA_ARGS__ : "cc", "memory");                                                      \
  } else {                                                                                              \
    __asm__ volatile(TEXT : CMNN_SQ4_OPERANDS_OF("=&r") : [fused] "i"(0), [doubled] "i"(0), __VA_ARGS__    \
                     : "cc", "memory");                                                                  \
  }

// One chunk, first chunk, groups % 8 == 0: passes of 16 groups (kSixteen) or of 8. Fused: the
// first pass peeled (CMNN_SQ4_START_ONE starts it from the bias), then the loop of the others
// where kLoop (one loop test a pass after the first, none for a single pass); kDoubled: the doubled
// output stage (CMNN_SQ4_REQUANT_D) instead of the folded one. Unfused: every pass in the loop from
// CMNN_SQ4_START_BIAS (kLoop and kDoubled not read).
template <bool kFused, bool kSixteen, bool kLoop, bool kDoubled = false>
[[gnu::always_inline]] inline void stacked_one_chunk_asm(Sq4Regs& r) {
  CMNN_SQ4_STATEMENT(CMNN_SQ4_IF("fused", CMNN_SQ4_FRAME_F CMNN_SQ4_START_ONE CMNN_SQ4_SEVEN_PLAIN
                                              CMNN_SQ4_IF("sixteen", CMNN_SQ4_EIGHT_PLAIN, "")
                                                  CMNN_SQ4_IF("loop", CMNN_SQ4_IF("sixteen", CMNN_SQ4_PASSES(CMNN_SQ4_SIXTEEN),
                                                                                  CMNN_SQ4_PASSES(CMNN_SQ4_EIGHT)), ""),
                                 CMNN_SQ4_FRAME CMNN_SQ4_START_BIAS
                                     CMNN_SQ4_IF("sixteen", CMNN_SQ4_PASSES(CMNN_SQ4_SIXTEEN), CMNN_SQ4_PASSES(CMNN_SQ4_EIGHT)))
                         CMNN_SQ4_TAIL(CMNN_SQ4_END_BIAS_F, CMNN_SQ4_END_BIAS, ""),
                     [sixteen] "i"(kSixteen ? 1 : 0), [loop] "i"(kLoop ? 1 : 0))
}

// The general form: every quad enters its first pass of 16 through the table (CMNN_SQ4_ENTRY) and
// w skips to the next quad's start; from the bias (kBias: the first chunk) or from acc.
template <bool kFused, bool kBias>
[[gnu::always_inline]] inline void stacked_entry_asm(Sq4Regs& r) {
  constexpr bool kDoubled = false;  // doubled stages take the one-chunk forms only (stacked_doubled_shape)
  CMNN_SQ4_STATEMENT(CMNN_SQ4_IF("fused", CMNN_SQ4_FRAME_F, CMNN_SQ4_FRAME)
                         CMNN_SQ4_IF("bias", CMNN_SQ4_IF("fused", CMNN_SQ4_START_BIAS_F, CMNN_SQ4_START_BIAS_ENTRY),
                                     CMNN_SQ4_START_ACC)
                             CMNN_SQ4_ENTRY CMNN_SQ4_PASSES(CMNN_SQ4_SIXTEEN_ENTRY)
                                 CMNN_SQ4_IF("bias", CMNN_SQ4_TAIL(CMNN_SQ4_END_BIAS_F, CMNN_SQ4_END_BIAS, CMNN_SQ4_SKIP),
                                             CMNN_SQ4_TAIL(CMNN_SQ4_END_ACC_F, CMNN_SQ4_END_ACC, CMNN_SQ4_SKIP)),
                     [bias] "i"(kBias ? 1 : 0))
}

// One chunk of `groups` groups (1..kStackedChunkGroups) for `quads` row quads: filter = the first
// quad's weights of the chunk's first group (a quad's rows take 4 * depth bytes), cols = the
// chunk's first column words, bias = the bias quads for the first chunk or null for a later one
// (acc then holds the sums so far, as this function leaves them). Decided once per call: a
// one-chunk call with groups % 8 == 0 (every 1x1 layer of the models on 32..256 channels) runs
// passes only (of 16, or of 8 when groups % 16 == 8; fused, the first one peeled: CMNN_SQ4_START_ONE,
// then a loop over the rest only where there are more); otherwise every quad enters its first pass
// of 16 through the table and w skips to the next quad's start.
inline bool stacked_chunk_asm(const int8_t* filter, int32_t quads, int32_t depth, int32_t groups, const int16_t* cols,
                              const int32_t* bias, int32_t* acc, const StackedFusedOut* fused = nullptr) {
  // The entry group of the general form's passes of 16 (unused, 0 or 8, by the one-chunk forms).
  const uint32_t entry = static_cast<uint32_t>(16 - (groups & 15)) & 15u;
  const uint32_t back = 16 * (entry & 7);  // bytes both pointers start early
  const uint32_t quad_bytes = 4 * static_cast<uint32_t>(depth);
  const uint32_t w0 = reinterpret_cast<uintptr_t>(filter) - 4 - back;
  // Unsigned arithmetic throughout: the early starts are never dereferenced below the data.
  uint32_t a00 = reinterpret_cast<uintptr_t>(cols) - 8 - back;
  uint32_t a01 = reinterpret_cast<uintptr_t>(cols) - 8 + 16 * static_cast<uint32_t>(groups);
  uint32_t h00 = reinterpret_cast<uintptr_t>(bias) - 4;  // [sp, #8]: the bias quad - 4
  uint32_t h01 = reinterpret_cast<uintptr_t>(acc);
  uint32_t a10 = w0 + quad_bytes * static_cast<uint32_t>(quads);
  uint32_t a11 = quad_bytes - 16 * static_cast<uint32_t>(groups) - back;
  uint32_t h10 = entry;
  uint32_t y = h00;
  uint32_t h11, x, wa, wb, c;
  uint32_t w = w0;
  Sq4Regs r{a00, a01, h00, h01, a10, a11, h10, h11, x, y, wa, wb, w, c};
  if (fused != nullptr) {  // the same forms, each quad's sums requantized and stored as bytes
    h11 = reinterpret_cast<uintptr_t>(fused);
    // One chunk: the first pass starts from the bias in CMNN_SQ4_START_ONE and falls through into
    // the loop of the others (one loop test a pass after the first, none for a single pass).
    if (bias != nullptr && a11 == 0 && groups == 16) {
      stacked_one_chunk_asm<true, true, false>(r);
    } else if (bias != nullptr && a11 == 0 && (groups & 15) == 0) {
      stacked_one_chunk_asm<true, true, true>(r);
    } else if (bias != nullptr && a11 == 0 && groups == 8) {
      stacked_one_chunk_asm<true, false, false>(r);
    } else if (bias != nullptr && a11 == 0) {
      stacked_one_chunk_asm<true, false, true>(r);
    } else if (bias != nullptr) {
      stacked_entry_asm<true, true>(r);
    } else {
      stacked_entry_asm<true, false>(r);
    }
  } else if (bias != nullptr && a11 == 0 && (groups & 15) == 0) {  // one chunk, groups % 16 == 0
    stacked_one_chunk_asm<false, true, true>(r);
  } else if (bias != nullptr && a11 == 0) {  // one chunk, groups % 8 == 0
    stacked_one_chunk_asm<false, false, true>(r);
  } else if (bias != nullptr) {
    stacked_entry_asm<false, true>(r);
  } else {
    stacked_entry_asm<false, false>(r);
  }
  (void)x, (void)wa, (void)wb, (void)c;
  return true;
}

// A whole call with the doubled output stage (stacked_doubled.h: mat_mult_stacked_doubled_2col;
// stacked_doubled_shape: one chunk of a multiple of 8 groups, rows in quads; a bias):
// stacked_chunk_asm's one-chunk fused forms of passes of 8 with CMNN_SQ4_REQUANT_D (fused's add
// word is not read). Its own function, which only conv2d_s8.1x1.stacked_doubled.dsp calls, so that
// the folded calls test nothing more; passes of 8 only (two loop bodies, ~3 KB of code, where
// the folded forms' passes of 16 would take ~7.5 KB): a loop test per pass after the first (4 est.
// m4 cycles a quad for 16 groups, +6 for each further pass).
inline void stacked_doubled_asm(const int8_t* filter, int32_t quads, int32_t depth, const int16_t* cols,
                                const int32_t* bias, int32_t* acc, const StackedFusedOut* fused) {
  // stacked_chunk_asm's frame words for a one-chunk call (groups % 8 == 0: no early start, no skip;
  // the entry word is not read by these forms).
  const uint32_t groups = static_cast<uint32_t>(depth) >> 2;
  const uint32_t w0 = reinterpret_cast<uintptr_t>(filter) - 4;
  uint32_t a00 = reinterpret_cast<uintptr_t>(cols) - 8;
  uint32_t a01 = a00 + 16 * groups;
  uint32_t h00 = reinterpret_cast<uintptr_t>(bias) - 4;
  uint32_t h01 = reinterpret_cast<uintptr_t>(acc);
  uint32_t a10 = w0 + 4 * static_cast<uint32_t>(depth) * static_cast<uint32_t>(quads);
  uint32_t a11 = 0, h10 = 0;
  uint32_t y = h00;
  uint32_t h11 = reinterpret_cast<uintptr_t>(fused), x, wa, wb, c;
  uint32_t w = w0;
  Sq4Regs r{a00, a01, h00, h01, a10, a11, h10, h11, x, y, wa, wb, w, c};
  if (groups == 8) {
    stacked_one_chunk_asm<true, false, false, true>(r);
  } else {
    stacked_one_chunk_asm<true, false, true, true>(r);
  }
  (void)x, (void)wa, (void)wb, (void)c;
}
#undef CMNN_SQ4_STATEMENT
#undef CMNN_SQ4_OPERANDS_OF
#undef CMNN_SQ4_TAIL
#undef CMNN_SQ4_IF
#undef CMNN_SQ4_NEXT_F
#undef CMNN_SQ4_REQUANT
#undef CMNN_SQ4_REQUANT_D
#undef CMNN_SQ4_REQUANT_D_LOADS
#undef CMNN_SQ4_REQUANT_D_ROW
#undef CMNN_SQ4_STORE_BYTES
#undef CMNN_SQ4_REQUANT_SAT
#undef CMNN_SQ4_REQUANT_ROW
#undef CMNN_SQ4_END_ACC_F
#undef CMNN_SQ4_END_BIAS_F
#undef CMNN_SQ4_START_BIAS_F
#undef CMNN_SQ4_FRAME_F
#undef CMNN_SQ4_NEXT
#undef CMNN_SQ4_SKIP
#undef CMNN_SQ4_STORE
#undef CMNN_SQ4_END_ACC
#undef CMNN_SQ4_END_BIAS
#undef CMNN_SQ4_END_BIAS_FROM
#undef CMNN_SQ4_PASSES
#undef CMNN_SQ4_ENTRY
#undef CMNN_SQ4_START_ACC
#undef CMNN_SQ4_START_ONE
#undef CMNN_SQ4_START_BIAS
#undef CMNN_SQ4_START_BIAS_ENTRY
#undef CMNN_SQ4_BIAS_LOADS
#undef CMNN_SQ4_ENTRY_LOAD
#undef CMNN_SQ4_FRAME
#undef CMNN_SQ4_SIXTEEN_ENTRY
#undef CMNN_SQ4_SIXTEEN
#undef CMNN_SQ4_EIGHT_PLAIN
#undef CMNN_SQ4_SEVEN_PLAIN
#undef CMNN_SQ4_EIGHT
#undef CMNN_SQ4_GROUP
#undef CMNN_SQ4_GROUP_FROM
#undef CMNN_SQ4_HALF
#undef CMNN_SQ4_HALF_BIAS
#undef CMNN_SQ4_HALF_INTO
#define CMNN_STACKED_CHUNK_ASM 1

#else
inline bool stacked_chunk_asm(const int8_t*, int32_t, int32_t, int32_t, const int16_t*, const int32_t*, int32_t*,
                              const StackedFusedOut* = nullptr) {
  return false;
}
inline void stacked_doubled_asm(const int8_t*, int32_t, int32_t, const int16_t*, const int32_t*, int32_t*,
                                const StackedFusedOut*) {}
#define CMNN_STACKED_CHUNK_ASM 0
#endif

}  // namespace cmnn::conv
