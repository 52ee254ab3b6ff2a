// The DSP micro-kernel of the conv2d_s8 paired variants: the row-pair interleaved int8 filter
// (paired_filter.h) times the int16 im2col column pair (mat_mult_s8_s16_dsp.h's lane order), a
// 4-row x 2-column block per row quad, requantized by the shared output stage (requantize_acc_2col).
#pragma once
#include <cstdint>

#include "arch/dsp/intrinsics.h"
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

// The depth % 4 tails of n rows, stored plain row by row at w (how the paired and stacked layouts
// end a block) against the column pair's tails, into a0[i] (column 0) and a1[i] (column 1);
// returns w past them.
inline const int8_t* mac_row_tails(const int8_t* w, int32_t n, int32_t depth, const int16_t* cols, int32_t* a0,
                                   int32_t* a1) {
  const int32_t tail = depth & 3;
  const int16_t* tail0 = cols + 8 * (depth >> 2);
  const int16_t* tail1 = tail0 + tail;
  for (int32_t i = 0; i < n; ++i, w += tail) {
    for (int32_t t = 0; t < tail; ++t) {
      a0[i] = mac(a0[i], w[t], tail0[t]);
      a1[i] = mac(a1[i], w[t], tail1[t]);
    }
  }
  return w;
}

// The single last row of a group (its depth bytes plain, as in the OHWI filter: the paired and
// stacked layouts store it so) against the column pair: acc[0], acc[1] as accumulate_paired.
inline void accumulate_plain_row(const int8_t* w, int32_t depth, const int16_t* cols, const int32_t* bias, int32_t* acc) {
  int32_t a0 = bias != nullptr ? bias[0] : 0, a1 = a0;
  const int32_t groups = depth >> 2;
  for (int32_t g = 0; g < groups; ++g, w += 4) {
    const int16_t* c = cols + 8 * g;
    const uint32_t v = dsp::load_u32(w);
    const uint32_t even = dsp::sxtb16(v), odd = dsp::sxtb16_ror8(v);
    a0 = dsp::smlad(odd, dsp::load_u32(c + 2), dsp::smlad(even, dsp::load_u32(c), a0));
    a1 = dsp::smlad(odd, dsp::load_u32(c + 6), dsp::smlad(even, dsp::load_u32(c + 4), a1));
  }
  mac_row_tails(w, 1, depth, cols, &a0, &a1);
  acc[0] = a0;
  acc[1] = a1;
}

}  // namespace cmnn::conv
