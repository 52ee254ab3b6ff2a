// fully_connected_s8.pairs.dsp, Cortex-M4 lean path: every 4-row block of one batch in one
// assembly loop (accumulation, kernel sums, output stage, store), for TFLite's usual FC
// (per-tensor, multiplier >= 2^30, shift in [-23, 0], clamp [-128, 127]: quant::FastQuant, or with
// shift 0 its form without rounding: round holds the output offset, added wrapping).
// Included by fc_s8_pairs_dsp.cpp only (it owns the layout and the arithmetic proofs).
//
// Why a whole-layer loop: in C, the block's 13-register accumulation forced the compiler to
// spill and reload the block state and the output constants around every block (~120 est. m4
// cycles per 4 rows, ~0.24 est. cycles per MAC at depth 128). Here the block state lives in a
// frame on the stack at fixed offsets: per block a run of loads, the kernel sums by one LDM, the
// 5-instruction FastQuant output stage (src/quant/requant_fast.h) per row, four STRB.
//
// Accumulation per group of four steps: fc_s8_pairs_dsp.cpp's M4 group on the input lanes widened
// once per call (a run of six loads, 4 AND, 8 SMLAD = 19 est. m4 cycles per 16 MACs; the raw input
// word and its two SXTB16 were 20 before session 15); 32 groups per iteration (the
// pointer steps, counter and branch: 6 cycles per 512 MACs; a 128-deep row is one iteration),
// n % 32 groups entered through a TBH table at a later group with both pointers moved back; the
// high sums B emptied every kM4LeanChunkIters iterations (96 groups = 384 steps: |B| <= 384 *
// 16384 * 256 < 2^31, inside the C path's 480-step bound).
#pragma once
#include <cstdint>

#include "arch/dsp/schedule.h"
#include "kernels/fully_connected/fc_s8_pairs_m4_asm.h"

#if defined(__ARM_FEATURE_DSP) && !CMNN_DUAL_ISSUE_SCHEDULE
namespace cmnn::fc {

// Iterations (of 32 groups) per chunk of the high sums; the assembly's "cmp lr, #3" matches.
constexpr int32_t kM4LeanChunkIters = 3;

// The loop's frame, copied onto the stack by the assembly (field i at [sp, #4 i]).
struct PairsM4Frame {
  const int16_t* lanes;    // 0: the batch's input lanes minus 4 * skip (the first chunk enters at group `skip`)
  const int32_t* sums;     // 4: kernel sums of the current block (advanced by 16 per block)
  int8_t* out;             // 8: output of the current block (advanced by 4)
  const int8_t* out_end;   // 12
  int32_t correction;      // 16: -128 * sum(x) of the batch
  int32_t m2;              // 20: FastQuant
  int32_t round;           // 24: FastQuant's; with shift 0 the output offset
  int32_t shift;           // 28: FastQuant's e in [1, 23], or 0
  int32_t skip;            // 32: (32 - groups % 32) % 32
  int32_t first_iters;     // 36: iterations of the first chunk: min(ceil(groups / 32), kM4LeanChunkIters)
  int32_t rest_iters;      // 40: the iterations after it
  int32_t high0 = 0;       // 44, 48: the high rows' partial sums of earlier chunks (zero between blocks)
  int32_t high1 = 0;
  int32_t unused = 0;      // 52
};

// Group I (a string, CMNN_FC_M4_GROUPS32): lane words 8 I + 0..4, weight words 16 I + 0..12.
#define CMNN_FC_M4L_GROUP(I)        \
  "ldr r7, [r4, #8*" I "]\n\t"      \
  "ldr r8, [r4, #8*" I "+4]\n\t"    \
  "ldr r9, [r5, #16*" I "]\n\t"     \
  "ldr r10, [r5, #16*" I "+4]\n\t"  \
  "ldr r11, [r5, #16*" I "+8]\n\t"  \
  "ldr r12, [r5, #16*" I "+12]\n\t" \
  "smlad r0, r9, r7, r0\n\t"        \
  "and r9, r9, #0xFF00FF00\n\t"     \
  "smlad r1, r9, r7, r1\n\t"        \
  "smlad r0, r10, r8, r0\n\t"       \
  "and r10, r10, #0xFF00FF00\n\t"   \
  "smlad r1, r10, r8, r1\n\t"       \
  "smlad r2, r11, r7, r2\n\t"       \
  "and r11, r11, #0xFF00FF00\n\t"   \
  "smlad r3, r11, r7, r3\n\t"       \
  "smlad r2, r12, r8, r2\n\t"       \
  "and r12, r12, #0xFF00FF00\n\t"   \
  "smlad r3, r12, r8, r3\n\t"

// Registers: r0/r2 the low rows' A (256 h.x + l.x + 128 sum(x), wrapping), r1/r3 the high rows'
// B (256 h.x), r4 the input lanes, r5 weights, r6 iterations left in the chunk, r7/r8 a group's lanes,
// r9-r12 weight words, lr iterations after the chunk. w: the first block's weights; the blocks
// follow each other, so the pointer at the end of a block is the next block's start.
__attribute__((noinline)) inline void pairs_blocks_lean_m4(const PairsM4Frame* frame, const int8_t* w) {
  register const PairsM4Frame* f_reg __asm__("r0") = frame;
  register const int8_t* w_reg __asm__("r5") = w;
  __asm__ volatile(
      "add r1, r0, #44\n\t"
      "ldm r1, {r2, r3, r4}\n\t"
      "push {r2, r3, r4}\n\t"  // fields 11-13 at [sp, #44..52] once the next push is done
      "ldm r0, {r1, r2, r3, r4, r6, r7, r8, r9, r10, r11, r12}\n\t"
      "push {r1, r2, r3, r4, r6, r7, r8, r9, r10, r11, r12}\n\t"  // fields 0-10
      "ldr r4, [sp, #0]\n\t"  // the first block's loop state (later blocks load it in the previous block's end)
      "ldr r7, [sp, #32]\n\t"
      "ldr r6, [sp, #36]\n\t"
      "ldr lr, [sp, #40]\n\t"
      "b 10f\n\t"
      // groups % 32 != 0: enter the first iteration at group `skip` (r7).
      CMNN_FC_M4_TBH_ENTRY
      // Block: A and B zero (the kernel sums and the correction come after the loop).
      "10:\n\t"
      "sub r5, r5, r7, lsl #4\n\t"
      "movs r0, #0\n\t"
      "movs r1, #0\n\t"
      "movs r2, #0\n\t"
      "movs r3, #0\n\t"
      "cmp r7, #0\n\t"
      "bne 12b\n\t"  // groups % 32 != 0: the TBH table above
      CMNN_FC_M4_GROUPS32(CMNN_FC_M4L_GROUP)
      "add r4, r4, #256\n\t"
      "add r5, r5, #512\n\t"
      "subs r6, r6, #1\n\t"
      "bne 100b\n\t"
      // Chunk end: A - B is l.x + 128 sum(x) (+ earlier chunks), exact modulo 2^32. lr: the
      // iterations after this chunk, or -1 after the last chunk of a block of several.
      "sub r0, r0, r1\n\t"
      "sub r2, r2, r3\n\t"
      "cmp lr, #0\n\t"
      "bne 50f\n\t"
      // Block end: rows o, o+1, o+2, o+3 = A - B + sums[o] + correction, sums[o+1] + B0 / 256
      // and the same for the second pair; FastQuant; four bytes stored.
      "40:\n\t"
      "ldr r6, [sp, #4]\n\t"
      "ldr r7, [sp, #16]\n\t"
      "ldm r6!, {r9, r10, r11, r12}\n\t"
      "str r6, [sp, #4]\n\t"
      "add r0, r0, r9\n\t"
      "add r0, r0, r7\n\t"
      "add r2, r2, r11\n\t"
      "add r2, r2, r7\n\t"
      "add r1, r10, r1, asr #8\n\t"
      "add r3, r12, r3, asr #8\n\t"
      "42:\n\t"
      "ldr r9, [sp, #20]\n\t"
      "ldr r10, [sp, #24]\n\t"
      "ldr r11, [sp, #28]\n\t"
      "ldr r12, [sp, #8]\n\t"
      "ldr r8, [sp, #12]\n\t"
      "ldr r4, [sp, #0]\n\t"  // the next block's loop state, in the same run of loads
      "ldr r6, [sp, #36]\n\t"
      "ldr r7, [sp, #32]\n\t"
      "ldr lr, [sp, #40]\n\t"
      "smmlar r0, r0, r9, r0\n\t"
      "smmlar r1, r1, r9, r1\n\t"
      "smmlar r2, r2, r9, r2\n\t"
      "smmlar r3, r3, r9, r3\n\t"
      "cmp r11, #0\n\t"
      "beq.w 45f\n\t"
      "add r0, r0, r0, asr #31\n\t"
      "add r1, r1, r1, asr #31\n\t"
      "add r2, r2, r2, asr #31\n\t"
      "add r3, r3, r3, asr #31\n\t"
      "qadd r0, r0, r10\n\t"
      "qadd r1, r1, r10\n\t"
      "qadd r2, r2, r10\n\t"
      "qadd r3, r3, r10\n\t"
      "asr r0, r0, r11\n\t"
      "asr r1, r1, r11\n\t"
      "asr r2, r2, r11\n\t"
      "asr r3, r3, r11\n\t"
      "46:\n\t"  // the clamp, and the stores (the shift-0 path joins here)
      "ssat r0, #8, r0\n\t"
      "ssat r1, #8, r1\n\t"
      "ssat r2, #8, r2\n\t"
      "ssat r3, #8, r3\n\t"
      "strb r1, [r12, #1]\n\t"
      "strb r2, [r12, #2]\n\t"
      "strb r3, [r12, #3]\n\t"
      "strb r0, [r12], #4\n\t"
      "str r12, [sp, #8]\n\t"
      "cmp r12, r8\n\t"
      "bne 10b\n\t"
      "b 60f\n\t"
      // Shift 0 (the frame's round is the output offset): the doubling high product plus the
      // offset, wrapping as quant::requantize_to_s8 adds it; then the common clamp.
      "45:\n\t"
      "add r0, r0, r10\n\t"
      "add r1, r1, r10\n\t"
      "add r2, r2, r10\n\t"
      "add r3, r3, r10\n\t"
      "b 46b\n\t"
      // Chunk boundaries (input_depth > 384 only): h.x = B / 256 added to the frame's partial sums.
      "50:\n\t"
      "ldr r8, [sp, #44]\n\t"
      "ldr r9, [sp, #48]\n\t"
      "add r8, r8, r1, asr #8\n\t"
      "add r9, r9, r3, asr #8\n\t"
      "cmn lr, #1\n\t"
      "beq 51f\n\t"
      "str r8, [sp, #44]\n\t"
      "str r9, [sp, #48]\n\t"
      "movs r1, #0\n\t"
      "movs r3, #0\n\t"
      "cmp lr, #3\n\t"
      "ite hi\n\t"
      "movhi r6, #3\n\t"
      "movls r6, lr\n\t"
      "subs lr, lr, r6\n\t"
      "it eq\n\t"
      "moveq lr, #-1\n\t"  // the next chunk is the block's last
      "b 100b\n\t"
      // After a block's last chunk: the high rows are sums[o+1] + partials (r8, r9: every chunk's
      // B / 256), the partials reset for the next block; then the common output stage.
      "51:\n\t"
      "movs r6, #0\n\t"
      "str r6, [sp, #44]\n\t"
      "str r6, [sp, #48]\n\t"
      "mov lr, r9\n\t"
      "ldr r6, [sp, #4]\n\t"
      "ldr r7, [sp, #16]\n\t"
      "ldm r6!, {r9, r10, r11, r12}\n\t"
      "str r6, [sp, #4]\n\t"
      "add r0, r0, r9\n\t"
      "add r0, r0, r7\n\t"
      "add r2, r2, r11\n\t"
      "add r2, r2, r7\n\t"
      "add r1, r10, r8\n\t"
      "add r3, r12, lr\n\t"
      "b 42b\n\t"
      "60:\n\t"
      "add sp, sp, #56\n\t"
      : "+r"(f_reg), "+r"(w_reg)
      :
      : "r1", "r2", "r3", "r4", "r6", "r7", "r8", "r9", "r10", "r11", "r12", "lr", "cc", "memory");
}
#undef CMNN_FC_M4L_GROUP

}  // namespace cmnn::fc
#endif
