// conv2d_s8 paired micro-kernel (mat_mult_paired_dsp.h): the row-pair interleaved int8 filter
// (paired_filter.h) against the int16 column pair. Built on every target: ACLE instructions on
// Armv7E-M, the bit-exact emulation elsewhere; hand-scheduled 4x2 blocks on the Cortex-M4
// (loads in runs) and the Cortex-M7 (dual issue), the portable block for the rest.
#include "kernels/conv/mat_mult_paired_dsp.h"

#include <cstddef>

#include "arch/dsp/intrinsics.h"
#include "arch/dsp/schedule.h"
#include "kernels/conv/mat_mult_paired_asm.h"

namespace cmnn::conv {
namespace {

// One block of kRows (4 or 2) paired rows: the accumulators of columns 0 and 1, stored as acc[2i],
// acc[2i + 1]; returns the block's end (kRows * depth bytes further).
template <int kRows>
const int8_t* block_portable(const int8_t* w, int32_t depth, const int16_t* cols, const int32_t* bias, int32_t* acc) {
  int32_t a0[kRows], a1[kRows];
  for (int i = 0; i < kRows; ++i) a0[i] = a1[i] = bias != nullptr ? bias[i] : 0;
  const int32_t groups = depth >> 2;
  for (int32_t g = 0; g < groups; ++g, w += 4 * kRows) {
    const int16_t* c = cols + 8 * g;
    const uint32_t c0e = dsp::load_u32(c), c0o = dsp::load_u32(c + 2);
    const uint32_t c1e = dsp::load_u32(c + 4), c1o = dsp::load_u32(c + 6);
    for (int p = 0; p < kRows / 2; ++p) {
      const uint32_t wa = dsp::load_u32(w + 8 * p), wb = dsp::load_u32(w + 8 * p + 4);
      const uint32_t e0 = dsp::sxtb16(wa), e1 = dsp::sxtb16_ror8(wa);  // rows 2p, 2p + 1: (k0, k2)
      const uint32_t o0 = dsp::sxtb16(wb), o1 = dsp::sxtb16_ror8(wb);  // (k1, k3)
      a0[2 * p] = dsp::smlad(o0, c0o, dsp::smlad(e0, c0e, a0[2 * p]));
      a0[2 * p + 1] = dsp::smlad(o1, c0o, dsp::smlad(e1, c0e, a0[2 * p + 1]));
      a1[2 * p] = dsp::smlad(o0, c1o, dsp::smlad(e0, c1e, a1[2 * p]));
      a1[2 * p + 1] = dsp::smlad(o1, c1o, dsp::smlad(e1, c1e, a1[2 * p + 1]));
    }
  }
  w = mac_row_tails(w, kRows, depth, cols, a0, a1);
  for (int i = 0; i < kRows; ++i) {
    acc[2 * i] = a0[i];
    acc[2 * i + 1] = a1[i];
  }
  return w;
}

}  // namespace

void accumulate_paired(const int8_t* paired, int32_t rows, int32_t depth, const int16_t* cols, const int32_t* bias,
                       int32_t* acc) {
  const int32_t quads = rows >> 2;
  int32_t r = 0;
  const int8_t* w = paired;
  if (bias != nullptr && (depth & 3) == 0 && quads > 0 && paired_quads_asm(w, quads, depth, cols, bias, acc)) {
    r = 4 * quads;
    w += static_cast<size_t>(r) * depth;
  }
  for (; r + 4 <= rows; r += 4) {
    w = block_portable<4>(w, depth, cols, bias != nullptr ? bias + r : nullptr, acc + 2 * r);
  }
  if (r + 2 <= rows) {
    w = block_portable<2>(w, depth, cols, bias != nullptr ? bias + r : nullptr, acc + 2 * r);
    r += 2;
  }
  if (r < rows) accumulate_plain_row(w, depth, cols, bias != nullptr ? bias + r : nullptr, acc + 2 * r);
}

void mat_mult_paired_2col(const int8_t* paired, int32_t rows, int32_t depth, const int16_t* cols,
                          const OutputStage& stage, int8_t* out0, int8_t* out1) {
#if defined(__ARM_FEATURE_DSP) && CMNN_DUAL_ISSUE_SCHEDULE
  // Cortex-M7, a folded stage with the full int8 clamp: the quads requantize in registers
  // (quad_output_m7.h); the rows % 4 left take the two-phase path.
  const bool full = stage.activation_min == -128 && stage.activation_max == 127;
  const int32_t quads = rows >> 2;
  if (stage.bias != nullptr && stage.folded && full && (depth & 3) == 0 && quads > 0 &&
      paired_quads_m7(paired, depth, cols, stage.bias,
                      quad_end_fused(stage.quant, stage.output_offset, quads, out0, out1))) {
    const int32_t done = 4 * quads;
    if (done < rows) {
      OutputStage tail = stage;
      tail.bias += done;
      tail.quant += done;
      accumulate_paired(paired + static_cast<size_t>(done) * depth, rows - done, depth, cols, tail.bias, stage.acc);
      requantize_acc_2col(tail, stage.acc, rows - done, out0 + done, out1 + done);
    }
    return;
  }
#endif
  accumulate_paired(paired, rows, depth, cols, stage.bias, stage.acc);
  requantize_acc_2col(stage, stage.acc, rows, out0, out1);
}

}  // namespace cmnn::conv
