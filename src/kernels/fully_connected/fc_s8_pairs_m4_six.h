// fully_connected_s8.pairs.dsp, Cortex-M4: six rows per pass (three row pairs) for TFLite's usual
// per-tensor FC (quant::FastQuant, or its shift-0 form: see PairsSixM4Frame::round), on the same pair-reordered weights as the four-row loop
// (fc_s8_pairs_m4_lean.h). Included by fc_s8_pairs_dsp.cpp only (it owns the layout and the proofs).
//
// Why six rows. Per group of four steps the input costs two loads of its lanes (widened once per
// call, widen_input_lanes) whatever the rows; each weight word (two steps of a row pair) one load,
// one extraction and two SMLAD. Four rows (two pairs): a run of six loads 7, 4 extractions, 8 SMLAD
// = 19 est. m4 cycles per 16 MACs (1.19 per MAC). Six rows do not fit one run (6 accumulators + 3
// pointers leave 5 registers): a run of the two lane words and three words 6, a run of three words
// 4, 6 extractions, 12 SMLAD = 28 per 24 MACs (1.167). Eight rows leave 3 registers: a run per word.
// (Before session 15 the groups loaded the raw input word and ran two SXTB16: 29 per 24 MACs.)
//
// Six rows from four-row blocks (no second layout): the blocks are taken in threes (b, b+1, b+2).
// Pass A runs block b (two pairs at D) and the low pair of block b+1 (one pair at S = block b+1),
// rows 12t..12t+5; pass B runs block b+2 (D) and the high pair of block b+1 (S = block b+1 + 8),
// rows 12t+6..12t+11. D and S step 16 bytes per group; after pass A, D is at block b+1 and S at block
// b+2, so pass B's pointers are (S, D + 8); after pass B, D is at block b+3, the next pass A's.
// The caller runs the blocks left over (output_depth / 4 % 3) with the four-row loop.
//
// The high rows' sums take the high bytes by SXTB16 ror 8 (h), not by AND 0xFF00FF00 (256 h):
// B = h.x, |B| <= 16384 * 32768 = 2^29, so no chunks; A = 256 h.x + l.x + 128 sum(x) wraps, and
// A - 256 B = l.x + 128 sum(x) is exact modulo 2^32 (the low row's exact sum fits int32).
// 32 groups per iteration, n % 32 groups entered through a TBH table at a later group with the
// pointers moved back (as the four-row loop).
//
// Per pass outside the groups (session 15): the accumulators start at their rows' kernel sums (the
// low rows' A also at the correction and 256 times the high row's sum, which A - 256 B takes off
// again), loaded in the previous pass's tail, so the pass end is A - 256 B and the output stage;
// which pass ended is read from the pointers (after pass A S is above D, after pass B below), not
// from a flag in the frame: ~18 est. m4 cycles per pass fewer than adding the sums after the loop.
#pragma once
#include <cstdint>

#include "arch/dsp/schedule.h"
#include "kernels/fully_connected/fc_s8_pairs_m4_asm.h"

#if defined(__ARM_FEATURE_DSP) && !CMNN_DUAL_ISSUE_SCHEDULE
namespace cmnn::fc {

// The loop's frame, copied onto the stack by the assembly (field i at [sp, #4 i]).
struct PairsSixM4Frame {
  const int16_t* lanes;    // 0: the batch's input lanes (widen_input_lanes) minus 4 * skip
  const int32_t* sums;     // 4: kernel sums of the current triple's first row (advanced by 48)
  int8_t* out;             // 8: output of the current triple's first row (advanced by 12)
  const int8_t* out_end;   // 12: out + 12 * triples
  int32_t correction;      // 16: -128 * sum(x) of the batch
  int32_t m2;              // 20: FastQuant
  int32_t round;           // 24: FastQuant's; with shift 0 the output offset
  int32_t shift;           // 28: FastQuant's e in [1, 23], or 0
  int32_t skip;            // 32: (32 - groups % 32) % 32
  const int16_t* lanes_end;  // 36: lanes + 128 * ceil(groups / 32), where the accumulation ends
  int32_t block_bytes;     // 40: 16 * groups, one four-row block of weights
  int32_t entry = 0;       // 44: set by the assembly (the passes' entry label)
};

// r0/r2/r12 the pairs' A, r1/r3/lr their B; r4 the input lanes, r5 D, r6 S, r7/r8 a group's two
// lane words, r9-r11 weight words.
// Group I (a string, CMNN_FC_M4_GROUPS32): lane words 8 I + 0..4, D words 16 I + 0..12, S words 16 I + 0..4.
#define CMNN_FC_M4S_GROUP(I)       \
  "ldr r7, [r4, #8*" I "]\n\t"     \
  "ldr r8, [r4, #8*" I "+4]\n\t"   \
  "ldr r9, [r5, #16*" I "]\n\t"    \
  "ldr r10, [r5, #16*" I "+4]\n\t" \
  "ldr r11, [r5, #16*" I "+8]\n\t" \
  "smlad r0, r9, r7, r0\n\t"       \
  "sxtb16 r9, r9, ror #8\n\t"      \
  "smlad r1, r9, r7, r1\n\t"       \
  "smlad r0, r10, r8, r0\n\t"      \
  "sxtb16 r10, r10, ror #8\n\t"    \
  "smlad r1, r10, r8, r1\n\t"      \
  "smlad r2, r11, r7, r2\n\t"      \
  "sxtb16 r11, r11, ror #8\n\t"    \
  "smlad r3, r11, r7, r3\n\t"      \
  "ldr r9, [r5, #16*" I "+12]\n\t" \
  "ldr r10, [r6, #16*" I "]\n\t"   \
  "ldr r11, [r6, #16*" I "+4]\n\t" \
  "smlad r2, r9, r8, r2\n\t"       \
  "sxtb16 r9, r9, ror #8\n\t"      \
  "smlad r3, r9, r8, r3\n\t"       \
  "smlad r12, r10, r7, r12\n\t"    \
  "sxtb16 r10, r10, ror #8\n\t"    \
  "smlad lr, r10, r7, lr\n\t"      \
  "smlad r12, r11, r8, r12\n\t"    \
  "sxtb16 r11, r11, ror #8\n\t"    \
  "smlad lr, r11, r8, lr\n\t"

// Both passes' start values, r7 the correction: the low rows (r0, r2, r12) start at their kernel sum
// + the correction + 256 * the high row's kernel sum (A - 256 B takes the last off again: B starts
// at the high row's sum).
#define CMNN_FC_M4S_START           \
  "add r0, r0, r7\n\t"             \
  "add r2, r2, r7\n\t"             \
  "add r12, r12, r7\n\t"           \
  "add r0, r0, r1, lsl #8\n\t"     \
  "add r2, r2, r3, lsl #8\n\t"     \
  "add r12, r12, lr, lsl #8\n\t"

// Every triple of four-row blocks of one batch (triples >= 1); w: the first block's weights.
__attribute__((noinline)) inline void pairs_triples_lean_m4(const PairsSixM4Frame* frame, const int8_t* w) {
  register const PairsSixM4Frame* f_reg __asm__("r0") = frame;
  register const int8_t* w_reg __asm__("r5") = w;
  __asm__ volatile(
      "add r1, r0, #32\n\t"
      "ldm r1, {r2, r3, r4, r6}\n\t"
      "push {r2, r3, r4, r6}\n\t"  // fields 8-11 at [sp, #32..44] once the next push is done
      "ldm r0, {r1, r2, r3, r4, r6, r7, r8, r9}\n\t"
      "push {r1, r2, r3, r4, r6, r7, r8, r9}\n\t"  // fields 0-7
      "ldr r7, [sp, #40]\n\t"
      "add r6, r5, r7\n\t"  // the first pass A's S: block 1
      // Field 11: the passes' entry (Thumb bit set for LDR pc): label 13 when groups % 32 == 0,
      // else label 10 (the pointers moved back, the TBH table).
      "ldr r7, [sp, #32]\n\t"
      "adr r4, 13f\n\t"
      "cbz r7, 1f\n\t"
      "adr r4, 10f\n\t"
      "1:\n\t"
      "add r4, r4, #1\n\t"
      "str r4, [sp, #44]\n\t"
      "ldr r4, [sp, #4]\n\t"
      "b.w 15f\n\t"
      // Pass: D (r5), S (r6) at their first group, the sums at their start values (labels 15, 16).
      // groups % 32 != 0: the pointers moved back by `skip` (r7) groups, the first iteration
      // entered at group `skip` through the TBH table.
      ".p2align 2\n\t"
      "10:\n\t"
      "ldr r7, [sp, #32]\n\t"
      "ldr r4, [sp, #0]\n\t"
      "sub r5, r5, r7, lsl #4\n\t"
      "sub r6, r6, r7, lsl #4\n\t"
      CMNN_FC_M4_TBH_ENTRY
      ".p2align 2\n\t"
      "13:\n\t"
      "ldr r4, [sp, #0]\n\t"
      CMNN_FC_M4_GROUPS32(CMNN_FC_M4S_GROUP)
      "add r4, r4, #256\n\t"
      "add r5, r5, #512\n\t"
      "add r6, r6, #512\n\t"
      "ldr r7, [sp, #36]\n\t"
      "cmp r4, r7\n\t"
      "bne 100b\n\t"
      // Pass end: low rows A - 256 B (their kernel sum and the correction came in with A), high rows B.
      "sub r0, r0, r1, lsl #8\n\t"
      "sub r2, r2, r3, lsl #8\n\t"
      "sub r12, r12, lr, lsl #8\n\t"
      // FastQuant (requant_fast.h) of the six rows.
      "ldr r8, [sp, #20]\n\t"
      "ldr r9, [sp, #24]\n\t"
      "ldr r10, [sp, #28]\n\t"
      "ldr r4, [sp, #8]\n\t"  // the triple's output
      "smmlar r0, r0, r8, r0\n\t"
      "smmlar r1, r1, r8, r1\n\t"
      "smmlar r2, r2, r8, r2\n\t"
      "smmlar r3, r3, r8, r3\n\t"
      "smmlar r12, r12, r8, r12\n\t"
      "smmlar lr, lr, r8, lr\n\t"
      "cmp r10, #0\n\t"
      "beq.w 35f\n\t"
      "add r0, r0, r0, asr #31\n\t"
      "add r1, r1, r1, asr #31\n\t"
      "add r2, r2, r2, asr #31\n\t"
      "add r3, r3, r3, asr #31\n\t"
      "add r12, r12, r12, asr #31\n\t"
      "add lr, lr, lr, asr #31\n\t"
      "qadd r0, r0, r9\n\t"
      "qadd r1, r1, r9\n\t"
      "qadd r2, r2, r9\n\t"
      "qadd r3, r3, r9\n\t"
      "qadd r12, r12, r9\n\t"
      "qadd lr, lr, r9\n\t"
      "asr r0, r0, r10\n\t"
      "asr r1, r1, r10\n\t"
      "asr r2, r2, r10\n\t"
      "asr r3, r3, r10\n\t"
      "asr r12, r12, r10\n\t"
      "asr lr, lr, r10\n\t"
      "36:\n\t"  // the clamp (the shift-0 path joins here)
      "ssat r0, #8, r0\n\t"
      "ssat r1, #8, r1\n\t"
      "ssat r2, #8, r2\n\t"
      "ssat r3, #8, r3\n\t"
      "ssat r12, #8, r12\n\t"
      "ssat lr, #8, lr\n\t"
      // Which pass ended: after pass A S is a block above D, after pass B 8 bytes above the block below D.
      "cmp r6, r5\n\t"
      "bcc 40f\n\t"
      // After pass A: rows 0-3 (D) and 4-5 (S) stored; pass B's D is block b+2 (where S ended), its
      // S block b+1's high pair; its start values: rows 6-7 (S) in r12/lr, rows 8-11 (D) in r0-r3.
      "strb r0, [r4]\n\t"
      "strb r1, [r4, #1]\n\t"
      "strb r2, [r4, #2]\n\t"
      "strb r3, [r4, #3]\n\t"
      "strb r12, [r4, #4]\n\t"
      "strb lr, [r4, #5]\n\t"
      "mov r7, r6\n\t"
      "add r6, r5, #8\n\t"
      "mov r5, r7\n\t"
      "ldr r4, [sp, #4]\n\t"
      "ldr r7, [sp, #16]\n\t"
      "ldrd r12, lr, [r4, #24]\n\t"
      "ldr r0, [r4, #32]\n\t"
      "ldr r1, [r4, #36]\n\t"
      "ldr r2, [r4, #40]\n\t"
      "ldr r3, [r4, #44]\n\t"
      CMNN_FC_M4S_START
      "ldr pc, [sp, #44]\n\t"
      // Shift 0 (the frame's round is the output offset): the doubling high product plus the
      // offset, wrapping as quant::requantize_to_s8 adds it; then the common clamp.
      "35:\n\t"
      "add r0, r0, r9\n\t"
      "add r1, r1, r9\n\t"
      "add r2, r2, r9\n\t"
      "add r3, r3, r9\n\t"
      "add r12, r12, r9\n\t"
      "add lr, lr, r9\n\t"
      "b 36b\n\t"
      // After pass B: rows 6-7 (S) and 8-11 (D) stored; D is at the next triple's first block, S
      // the block after it.
      "40:\n\t"
      "strb r12, [r4, #6]\n\t"
      "strb lr, [r4, #7]\n\t"
      "strb r0, [r4, #8]\n\t"
      "strb r1, [r4, #9]\n\t"
      "strb r2, [r4, #10]\n\t"
      "strb r3, [r4, #11]\n\t"
      "ldr r4, [sp, #4]\n\t"
      "ldr r8, [sp, #8]\n\t"
      "ldr r9, [sp, #12]\n\t"
      "ldr r10, [sp, #40]\n\t"
      "add r4, r4, #48\n\t"
      "add r8, r8, #12\n\t"
      "str r4, [sp, #4]\n\t"
      "str r8, [sp, #8]\n\t"
      "add r6, r5, r10\n\t"
      "cmp r8, r9\n\t"
      "beq 50f\n\t"
      // Pass A's start values (r4: the triple's kernel sums): rows 0-3 (D) in r0-r3, rows 4-5 (S) in r12/lr.
      "15:\n\t"
      "ldr r7, [sp, #16]\n\t"
      "ldm r4, {r0, r1, r2, r3, r12, lr}\n\t"
      CMNN_FC_M4S_START
      "ldr pc, [sp, #44]\n\t"
      "50:\n\t"
      "add sp, sp, #48\n\t"
      : "+r"(f_reg), "+r"(w_reg)
      :
      : "r1", "r2", "r3", "r4", "r6", "r7", "r8", "r9", "r10", "r11", "r12", "lr", "cc", "memory");
}
#undef CMNN_FC_M4S_GROUP
#undef CMNN_FC_M4S_START

}  // namespace cmnn::fc
#endif
