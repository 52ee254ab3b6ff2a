// The doubled output stage of the stacked 1x1 path (conv2d_s8.1x1.stacked_doubled.dsp): per-channel
// tables with right shifts of 0, which build_output_table cannot fold, requantized inside the fused
// Cortex-M4 quad loop (mat_mult_stacked_asm.h: stacked_doubled_asm, CMNN_SQ4_REQUANT_D) with
// quant::make_fast_quant_d's words (requant_fast.h states why they are exact: SMMLAR, the round
// word, QDADD, ASR, SSAT). Its own entry, listed after conv2d_s8.1x1.stacked.dsp: an image links
// this code only when the compiler narrows a layer to it (conv2d_s8_stacked_narrowest, cmnn/conv.h).
#pragma once
#include <cstdint>

#include "quant/requant_fast.h"

namespace cmnn::conv {

// Whether the doubled form has rows (output channels) and depth (input channels): whole quads of
// rows and one chunk of a multiple of 8 groups of 4 steps (depths 32, 64, ..., 256: the 1x1 layers
// of the models on 32+ channels). The same on every target (the compiler asks it on the host).
constexpr bool stacked_doubled_shape(int32_t rows, int32_t depth) {
  return rows >= 4 && rows % 4 == 0 && depth >= 32 && depth <= 256 && depth % 32 == 0;
}

// Whether a layer's constant tables take the doubled stage: a bias, the full int8 clamp, an output
// offset in int8, every multiplier >= 2^30 and every shift in [-22, 0] (quant::fast_quant_d_ok)
// with at least one shift of 0 (otherwise build_output_table folds the table, and the folded fused
// form runs it), and every shift-0 channel with |bias| + depth * 32,640 <= 2^31 - 129 (the
// accumulator of bias + depth products of |weight| <= 128 and |input + offset| <= 255 then keeps
// make_fast_quant_d's bound: the definition's y + offset cannot wrap). Reads n entries of each.
bool stacked_doubled_tables(const int32_t* multiplier, const int32_t* shift, const int32_t* bias, int32_t n,
                            int32_t depth, int32_t output_offset, int32_t activation_min, int32_t activation_max);

// Writes each row's make_fast_quant_d words into table[0..n) (multiplier2; right: the shift e + 1;
// round: 2^e + offset * 2^(e+1)), for tables stacked_doubled_tables accepted.
void build_doubled_table(const int32_t* multiplier, const int32_t* shift, int32_t n, int32_t output_offset,
                         quant::ChannelQuant* table);

// rows stacked filter rows (stacked_filter.h) of depth steps times the column pair (the im2col
// lane order of mat_mult_s8_s16_dsp.h) plus bias, requantized with build_doubled_table's rows into
// out0[r] and out1[r] (out1 may equal out0: the same bytes twice); acc: 2 * rows int32 of scratch.
// Only where the fused assembly exists (kStackedPlanned, mat_mult_stacked_dsp.h) and
// stacked_doubled_shape(rows, depth) holds; bias not null. Bit-exact with quant::requantize_to_s8
// of the exact sums for tables stacked_doubled_tables accepts.
void mat_mult_stacked_doubled_2col(const int8_t* stacked, int32_t rows, int32_t depth, const int16_t* cols,
                                   const int32_t* bias, int32_t* acc, const quant::ChannelQuant* table, int8_t* out0,
                                   int8_t* out1);

}  // namespace cmnn::conv
