// The DSP micro-kernel of the conv2d_s8 stacked variants: the stacked int8 filter (stacked_filter.h)
// times the int16 im2col column pair (mat_mult_s8_s16_dsp.h's lane order), a 4-row x 2-column
// block per row quad, requantized by the shared output stage (requantize_acc_2col), or on the
// Cortex-M4, for a folded stage with the full int8 clamp, inside the quad loop (StackedFusedOut,
// mat_mult_stacked_asm.h: the same quant::requantize_folded arithmetic, no accumulator round trip).
//
// Arithmetic. Per row pair (r0, r1), column and raw stacked word w (lanes 256 * r1 + r0 as int16)
// against a column word x (two int16 x = input + input_offset):
//   hi += SMLAD(w, x)           = 256 * (r1 . x) + (r0 . x) over the word's two steps
//   lo += SMLAD(SXTB16(w), x)   = r0 . x
// both wrapping int32, started equal (row r0's bias, or the previous chunk's lo). Then
// hi - lo = 256 * S1 modulo 2^32 with S1 the sum of r1 . x since they were equal, and
// (hi - lo) >> 8 (arithmetic) is S1 exactly when -2^23 <= S1 < 2^23. Row r0 = lo (bias0 + S0, the
// wrapping sum the reference computes) and row r1 = bias1 + the S1 of every chunk, wrapping.
// Bound: |r1 * x| <= 128 * 255 = 32,640 (r1 in [-128, 127], x in [-255, 255] since the input is
// int8 and input_offset in [-127, 128]), so a chunk of at most 256 steps (kStackedChunkGroups = 64
// groups of 4) has |S1| <= 256 * 32,640 = 8,355,840 < 2^23 = 8,388,608. Longer depths are cut into
// chunks of 64 groups: after each, r1 += (hi - lo) >> 8 and hi = lo (the drain). The int16 lane
// 256 * r1 + r0 exists for every stored byte (stacked_filter.h refuses the one case, r1 = -128
// under r0 < 0, that would give -32,896), and every SMLAD product fits int32 (|lane * x| <=
// 32,768 * 255).
#pragma once
#include <cstdint>

#include "kernels/conv/mat_mult_s8_s16_dsp.h"

namespace cmnn::conv {

// Groups of 4 steps per chunk between drains (the bound above: 256 steps).
constexpr int32_t kStackedChunkGroups = 64;

// rows filter rows of depth steps in the stacked layout (one group's rows) times the column pair;
// writes out0[r] and out1[r] for r in [0, rows) (stage.acc: 2 * rows accumulators; out1 may equal
// out0, the same bytes twice). Bit-exact with requantize_acc_2col of accumulate_stacked's sums for
// every stage; the fused M4 path takes the quads when the stage is folded with the full clamp and
// the bias is not null, the rows % 4 tail and every other stage go through stage.acc.
void mat_mult_stacked_2col(const int8_t* stacked, int32_t rows, int32_t depth, const int16_t* cols,
                           const OutputStage& stage, int8_t* out0, int8_t* out1);

// mat_mult_stacked_2col's per-call decisions, taken once for a run of column pairs over the same
// rows, depth and stage (the 1x1 driver's pixel pairs): whether the fused Cortex-M4 form takes the
// whole call (every row in quads, one chunk, a folded stage with the full int8 clamp and a bias),
// and its StackedFusedOut words but the outputs. ~116 est. m4 cycles per pair of set-up and checks
// in mat_mult_stacked_2col against ~25 in run_stacked_2col (KWS's 64 -> 64 1x1: 63 pairs a layer).
// Whether a plan can take a call whole: the fused assembly's condition (mat_mult_stacked_asm.h:
// Armv7E-M without the dual-issue schedule); elsewhere run_stacked_2col is mat_mult_stacked_2col
// and the drivers call that directly.
#if defined(__ARM_FEATURE_DSP) && !CMNN_DUAL_ISSUE_SCHEDULE
constexpr bool kStackedPlanned = true;
#else
constexpr bool kStackedPlanned = false;
#endif
struct StackedPlan {
  const int8_t* stacked;
  int32_t rows, depth;
  const OutputStage* stage;  // kept by the caller for the plan's life
  bool fused_whole;          // run_stacked_2col calls the fused assembly directly
  uint32_t quant;            // fused: the first row's quant::ChannelQuant record
  int32_t add;               // fused: 1 + 2 * output_offset
};
StackedPlan plan_stacked_2col(const int8_t* stacked, int32_t rows, int32_t depth, const OutputStage& stage);

// mat_mult_stacked_2col(plan's stacked, rows, depth, cols, *plan.stage, out0, out1): the same bytes.
void run_stacked_2col(const StackedPlan& plan, const int16_t* cols, int8_t* out0, int8_t* out1);

// The accumulation alone: acc[2r] = bias[r] + row r . column 0, acc[2r + 1] the same for column 1
// (wrapping int32 sums, bit-exact with the plain int8 sums; bias may be null).
void accumulate_stacked(const int8_t* stacked, int32_t rows, int32_t depth, const int16_t* cols, const int32_t* bias,
                        int32_t* acc);

}  // namespace cmnn::conv
