// The baseline the CMSIS-NN paper (Lai, Suda, Chandra 2018) measured its kernels against:
// convolution built on a general 1-D convolution routine (the way CMSIS-DSP's arm_conv_q7/q15 is
// used for 2-D layers: one full-length 1-D convolution per input row and channel, accumulated into
// the output), Caffe-style pooling (straightforward loops, Caffe's ceil-mode output size) and a
// plain compare-and-set ReLU. Straightforward portable C++ on purpose: it is what is compared with.
//
// Arithmetic. CMSIS-DSP's arm_conv_q7 returns sat8(sum >> 7) per output and arm_conv_q15
// sat16(sum >> 15) (64-bit sum); re-quantising every partial row sum that way would not be
// the paper network's arithmetic. The 2-D convolution therefore uses the *_full 1-D routines
// (same sums, no truncation) and accumulates them in 32 bits, wrapping like SMLAD, then applies the
// layer's q7 rule once: out = sat8(((bias << bias_shift) + round + sum) >> out_shift). Integer sums
// wrap mod 2^32 in any order, so the result equals convolve_hwc_q7_basic/_fast/_rgb bit for bit.
// conv1d_q7/conv1d_q15 (the arm_conv output format) are provided for completeness and tested.
//
// Paths. The q7 1-D convolutions have a DSP path shaped like CMSIS-DSP's Armv7E-M arm_conv_q7 (the
// routine the paper's baseline called): three stages, four outputs at a time in the full-overlap
// stage, byte reads packed into 16-bit pairs, two multiply-accumulates per SMLAD. It returns the same
// exact sums as the portable loops (kAuto: DSP on Cortex-M4/M7/M55, portable elsewhere; kDsp runs the
// intrinsics' emulation on the host, kUnsupported on a core without DSP). The 2-D convolution uses
// kAuto, so on a DSP core the baseline is the SIMD-optimised one the paper compared against.
// The q15 routines are portable only (the example network is q7).
#pragma once
#include "cmnn/legacy/types.h"

namespace cmnn::legacy::baseline {

// Full-length 1-D convolution: out[n] = sum_k a[k] * b[n - k] for n in [0, len_a + len_b - 2]
// (len_a + len_b - 1 outputs), both lengths >= 1. The *_full forms keep the exact sums.
Status conv1d_q7_full(const q7_t* a, int len_a, const q7_t* b, int len_b, int32_t* out, Path path = Path::kAuto);
Status conv1d_q15_full(const q15_t* a, int len_a, const q15_t* b, int len_b, int64_t* out);
// arm_conv's output formats: q7 out[n] = sat8(sum >> 7), q15 out[n] = sat16(sum >> 15) (truncation).
Status conv1d_q7(const q7_t* a, int len_a, const q7_t* b, int len_b, q7_t* out, Path path = Path::kAuto);
Status conv1d_q15(const q15_t* a, int len_a, const q15_t* b, int len_b, q15_t* out);

// 2-D HWC q7 convolution (any shape, ConvShape/weight layout of convolution.h) through conv1d_q7_full:
// the input is first transposed to per-channel rows (CHW), then for every output channel, input
// channel and kernel row, each input row is convolved with the reversed kernel row and the outputs
// at the strided, padded positions are added into a 32-bit accumulator plane. Scratch (caller-owned,
// 4-byte aligned): conv_q7_scratch_bytes(shape) bytes.
size_t conv_q7_scratch_bytes(const ConvShape& shape);
Status convolve_hwc_q7(const ConvShape& shape, const q7_t* input, const q7_t* weights, const q7_t* bias,
                       Shifts shifts, q7_t* output, void* scratch, size_t scratch_size);

// Caffe's pooled size (ceil mode): out = ceil((in + 2 * pad - ker) / stride) + 1, minus one when
// pad > 0 and the last window would start at or beyond in + pad. Returns 0 for impossible shapes.
int caffe_pool_out_dim(int in, int ker, int pad, int stride);

// Caffe-style pooling on HWC q7. shape.out_x/out_y must equal caffe_pool_out_dim (else kBadShape).
// Max: over the window clipped to the image. Average (Caffe's AVE): the sum over the window clipped
// to the image divided by the window clipped to [-pad, in + pad) (padding cells count in the
// divisor, as in Caffe), truncated toward zero. With pad 0 that equals avepool_q7_hwc(kExact).
Status maxpool_q7_hwc(const PoolShape& shape, const q7_t* input, q7_t* output);
Status avepool_q7_hwc(const PoolShape& shape, const q7_t* input, q7_t* output);

// ReLU by compare-and-set per element, in place.
Status relu_q7(q7_t* data, int size);

// Fully connected on a row-major [rows][dim] weight matrix, direct loops, same arithmetic as
// fully_connected_q7.
Status fully_connected_q7(const q7_t* input, const q7_t* weights, int dim, int rows, const q7_t* bias,
                          Shifts shifts, q7_t* output);

}  // namespace cmnn::legacy::baseline
