// Helium (MVE) variants of conv2d_s8 (internal), listed first in conv_s8.cpp's table so that the
// compiler picks them on Cortex-M55 only; on the host they run through src/arch/mve's emulation.
#pragma once
#include "cmnn/conv.h"

namespace cmnn::conv {

// mve general: any filter size, stride, dilation, padding, groups and batches. Per output pixel
// and group, the im2col column (int8, padding taps = the input zero point) into scratch. Depths up
// to 64: the per-pixel core of conv_s8_mve_core.h (the column held in registers against every
// filter row with VMLADAVA). Deeper: output pixels two at a time against filter rows two at a time
// (arch/mve/dot_block_ops.h: one vector load per 16 MACs, the row loop in one asm block when the
// depth is a multiple of 16; depths in (16, 64] that are not run on per-call copies of the filter
// rows zero-padded to a multiple of 16, at most 16 KiB, in scratch). The raw int32 sums into scratch, requantized four channels at a time
// (two pixels share the per-channel loads); the input offset folded into per-channel start values
// (bias + input_offset * filter row sum, per call). Scratch: 3 (alignment) + 12 * output_c +
// 2 * (16 * ceil(depth / 16) + 16) (+ the padded rows) with depth = filter_h * filter_w * input_c / groups.
bool mve_supports(const Conv2dParams& params);
size_t mve_scratch_bytes(const Conv2dParams& params);
Status mve_run(const Conv2dParams& params, const Conv2dS8Args& args, void* scratch, size_t scratch_size);

}  // namespace cmnn::conv
