// Convolutions of the paper's q7/q15 API on HWC tensors. Weights are [out_ch][ker_y][ker_x][in_ch]
// (depthwise: [ker_y][ker_x][ch]); biases have one value per output channel. All take non-square
// shapes through ConvShape. Every function checks its parameters and returns a Status before
// touching memory; scratch is caller-owned and must hold *_scratch_bytes() bytes (2-byte aligned).
//
//   basic      any shape; direct loops, no scratch (the reference every other variant must equal)
//   fast       in_ch % 4 == 0 and out_ch % 2 == 0; partial im2col into q15 + 2x2 matrix multiply
//   rgb        in_ch == 3 (first layers of image networks)
//   1x1 fast   ker 1x1, stride 1, pad 0, in_ch % 4 == 0, out_ch % 2 == 0
// Every optimised variant has a portable and an Armv7E-M DSP path (Path), bit-exact with basic.
#pragma once
#include "cmnn/legacy/types.h"

namespace cmnn::legacy {

// Scratch in bytes for the im2col variants of q7 convolution (fast, rgb, 1x1) and q15 fast.
size_t conv_q7_scratch_bytes(const ConvShape& shape, Im2col mode = Im2col::kPartial);
size_t conv_q15_scratch_bytes(const ConvShape& shape, Im2col mode = Im2col::kPartial);

Status convolve_hwc_q7_basic(const ConvShape& shape, const q7_t* input, const q7_t* weights, const q7_t* bias,
                             Shifts shifts, q7_t* output);
Status convolve_hwc_q7_fast(const ConvShape& shape, const q7_t* input, const q7_t* weights, const q7_t* bias,
                            Shifts shifts, q7_t* output, void* scratch, size_t scratch_size,
                            Path path = Path::kAuto, Im2col mode = Im2col::kPartial);
Status convolve_hwc_q7_rgb(const ConvShape& shape, const q7_t* input, const q7_t* weights, const q7_t* bias,
                           Shifts shifts, q7_t* output, void* scratch, size_t scratch_size,
                           Path path = Path::kAuto, Im2col mode = Im2col::kPartial);
Status convolve_1x1_hwc_q7_fast(const ConvShape& shape, const q7_t* input, const q7_t* weights, const q7_t* bias,
                                Shifts shifts, q7_t* output, void* scratch, size_t scratch_size,
                                Path path = Path::kAuto, Im2col mode = Im2col::kPartial);

// q15: q15 input, weights, bias and output. fast: in_ch % 2 == 0 and out_ch % 2 == 0.
Status convolve_hwc_q15_basic(const ConvShape& shape, const q15_t* input, const q15_t* weights, const q15_t* bias,
                              Shifts shifts, q15_t* output);
Status convolve_hwc_q15_fast(const ConvShape& shape, const q15_t* input, const q15_t* weights, const q15_t* bias,
                             Shifts shifts, q15_t* output, void* scratch, size_t scratch_size,
                             Path path = Path::kAuto, Im2col mode = Im2col::kPartial);

// Depthwise (channel multiplier 1: out_ch == in_ch) q7. fast: in_ch % 2 == 0, no scratch.
Status depthwise_separable_conv_hwc_q7_basic(const ConvShape& shape, const q7_t* input, const q7_t* weights,
                                             const q7_t* bias, Shifts shifts, q7_t* output);
Status depthwise_separable_conv_hwc_q7_fast(const ConvShape& shape, const q7_t* input, const q7_t* weights,
                                            const q7_t* bias, Shifts shifts, q7_t* output,
                                            Path path = Path::kAuto);

}  // namespace cmnn::legacy
