// The DSP micro-kernel of the conv2d_s8 paired variants: the row-pair interleaved int8 filter
// (paired_filter.h) times the int16 im2col column pair (mat_mult_s8_s16_dsp.h's lane order), a
// 4-row x 2-column block per row quad, requantized by the shared output stage (requantize_acc_2col).
#pragma once
#include <cstdint>

#include "kernels/conv/mat_mult_s8_s16_dsp.h"

namespace cmnn::conv {

// rows filter rows of depth steps in the paired layout (one group's rows) times the column pair;
// writes out0[r] and out1[r] for r in [0, rows) (stage.acc: 2 * rows accumulators).
void mat_mult_paired_2col(const int8_t* paired, int32_t rows, int32_t depth, const int16_t* cols,
                          const OutputStage& stage, int8_t* out0, int8_t* out1);

// The accumulation alone: acc[2r] = bias[r] + row r . column 0, acc[2r + 1] the same for column 1
// (wrapping int32 sums; bias may be null).
void accumulate_paired(const int8_t* paired, int32_t rows, int32_t depth, const int16_t* cols, const int32_t* bias,
                       int32_t* acc);

}  // namespace cmnn::conv
