// Helium (MVE) variants of conv2d_s8 (internal), listed first in conv_s8.cpp's table so that the
// compiler picks them on Cortex-M55 only; on the host they run through src/arch/mve's emulation.
#pragma once
#include "cmnn/conv.h"

namespace cmnn::conv {

// mve general: any filter size, stride, dilation, padding, groups and batches. im2col of three
// output pixels (int8, padding taps = the input zero point) into scratch, interleaved by 16-byte
// depth steps, then VMLADAVA dot products over the depth for 2 output channels x 3 pixels per pass
// (5 vector loads per 6 products; the 6 accumulators in even registers as VMLADAVA requires), the input
// offset folded into a per-channel bias (input_offset * sum of the filter row, computed per call),
// requantized 4 values at once. Scratch: 3 (alignment) + 4 * output_c + 48 * ceil(depth / 16)
// with depth = filter_h * filter_w * input_c / groups.
bool mve_supports(const Conv2dParams& params);
size_t mve_scratch_bytes(const Conv2dParams& params);
Status mve_run(const Conv2dParams& params, const Conv2dS8Args& args, void* scratch, size_t scratch_size);

}  // namespace cmnn::conv
