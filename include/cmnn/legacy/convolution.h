// Convolutions of the paper's q7/q15 API on HWC tensors. Weights are [out_ch][ker_y][ker_x][in_ch]
// (depthwise: [ker_y][ker_x][ch]); biases have one value per output channel. All take non-square
// shapes through ConvShape. Every function checks its parameters and returns a Status before
// touching memory; scratch is caller-owned and must hold *_scratch_bytes() bytes (2-byte aligned).
//
//   basic      any shape; direct loops, no scratch (the reference every other variant must equal)
//   fast       in_ch % 4 == 0 and out_ch % 2 == 0; partial im2col into q15 + 2x2 matrix multiply
//   rgb        in_ch == 3 (first layers of image networks)
//   1x1 fast   ker 1x1, stride 1, pad 0, in_ch % 4 == 0, out_ch % 2 == 0
//   fast_packed  fast's shapes on weights pre-widened by conv_q7_pack (the int8 kernels' 4x2 block)
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

// fast on pre-widened weights: the result of convolve_hwc_q7_fast (bit-exact: the same wrapping
// int32 sums, the same q7 output stage), with the weights packed once by conv_q7_pack (int16, in the
// int8 kernels' quad-interleaved layout, twice the bytes) so that the int8 convolution's 4-row x
// 2-column SMLAD block (Cortex-M7 schedule on the M7) does the multiplications. Partial im2col only
// (two columns). Needs in_ch % 4 == 0 and out_ch % 2 == 0 (else kUnsupported); scratch of
// conv_q7_packed_scratch_bytes bytes, 4-byte aligned (else kBadParameter); packed_count must be
// conv_q7_packed_count(shape) (else kBadParameter).
size_t conv_q7_packed_count(const ConvShape& shape);  // int16 values; 0 when the shape does not apply
Status conv_q7_pack(const ConvShape& shape, const q7_t* weights, int16_t* packed, size_t packed_count);
size_t conv_q7_packed_scratch_bytes(const ConvShape& shape);  // 0 when the shape does not apply
Status convolve_hwc_q7_fast_packed(const ConvShape& shape, const q7_t* input, const int16_t* packed,
                                   size_t packed_count, const q7_t* bias, Shifts shifts, q7_t* output, void* scratch,
                                   size_t scratch_size);

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
