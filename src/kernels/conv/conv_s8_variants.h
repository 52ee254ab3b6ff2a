// Variants of conv2d_s8 (internal): each is a supports/scratch_bytes/run triple listed in the
// table of conv_s8.cpp. run() may assume that conv2d_s8's checks passed and that supports() holds.
#pragma once
#include "cmnn/conv.h"

namespace cmnn::conv {

// ref: the readable definition; any shape, stride, dilation, padding, groups and batches.
size_t ref_scratch_bytes(const Conv2dParams& params);
Status ref_run(const Conv2dParams& params, const Conv2dS8Args& args, void* scratch, size_t scratch_size);

// dsp general: partial im2col (two output pixels at a time, widened to int16 with the input
// offset, in SXTB16 lane order) and a 2x2 register-blocked SMLAD matrix multiply.
size_t dsp_scratch_bytes(const Conv2dParams& params);
Status dsp_run(const Conv2dParams& params, const Conv2dS8Args& args, void* scratch, size_t scratch_size);

// dsp 1x1: 1x1 filter, no padding, any stride: the "im2col" is one pixel widened.
bool dsp_1x1_supports(const Conv2dParams& params);
size_t dsp_1x1_scratch_bytes(const Conv2dParams& params);
Status dsp_1x1_run(const Conv2dParams& params, const Conv2dS8Args& args, void* scratch, size_t scratch_size);

// dsp 1x1 small depth (conv_s8_1x1_smallk_dsp.cpp): 1x1, stride 1, no padding, one group, input
// depth 8 (smallk) or 16 (smallk16), full int8 output range, output extent = input extent: the filter widened once per call
// into per-channel records (bias, weights, requantization words) in scratch, two output pixels
// per pass held widened for every output channel, each output requantized as it is accumulated.
// Scratch: output_c * (4 * (5 + depth / 2) + 24) + 3 bytes (depth 16: at least conv2d_s8.1x1.dsp's).
bool dsp_1x1_smallk_supports(const Conv2dParams& params);
bool dsp_1x1_smallk16_supports(const Conv2dParams& params);  // the same on 16 input channels
size_t dsp_1x1_smallk_scratch_bytes(const Conv2dParams& params);
Status dsp_1x1_smallk_run(const Conv2dParams& params, const Conv2dS8Args& args, void* scratch, size_t scratch_size);

// mve 1x1 (Helium): 1x1 filter, no padding, one group, any stride: each output pixel's input
// vector read in place, held in registers against every filter row with VMLADAVA, the raw sums
// into scratch and requantized in one vector pass (src/kernels/conv/conv_s8_mve_core.h); the input
// offset folded with the bias into per-channel start values; depths that are a multiple of 16 (but
// 64) take output pixels two at a time, depths up to 8 two pixels per vector. Scratch: 12 bytes per
// output channel (28 when the depth is <= 8).
bool mve_1x1_supports(const Conv2dParams& params);
size_t mve_1x1_scratch_bytes(const Conv2dParams& params);
Status mve_1x1_run(const Conv2dParams& params, const Conv2dS8Args& args, void* scratch, size_t scratch_size);

// packed variants: the same two, with the filter pre-widened to int16 (conv2d_s8_pack) for the
// column-pair loop, the depth rounded up to a multiple of 4; supports() needs
// params.has_packed_filter and an even number of output channels per group.
size_t packed_filter_count(const Conv2dParams& params);  // 0 when the packing does not apply
void pack_filter(const Conv2dParams& params, const int8_t* filter, int16_t* packed);
bool dsp_packed_supports(const Conv2dParams& params);
size_t dsp_packed_scratch_bytes(const Conv2dParams& params);  // both packed variants
Status dsp_packed_run(const Conv2dParams& params, const Conv2dS8Args& args, void* scratch, size_t scratch_size);
bool dsp_1x1_packed_supports(const Conv2dParams& params);
Status dsp_1x1_packed_run(const Conv2dParams& params, const Conv2dS8Args& args, void* scratch, size_t scratch_size);

// paired variants (conv_s8_paired_dsp.cpp): the dsp general and 1x1 variants with args.filter in the
// row-pair interleaved order (params.paired_filter, conv2d_s8_pair_filter; paired_filter.h) and a
// 4-row x 2-column SMLAD block (mat_mult_paired_dsp.h); any shape the int8 ones take, same scratch.
void pair_filter(const Conv2dParams& params, const int8_t* filter, int8_t* paired);
bool dsp_paired_supports(const Conv2dParams& params);
Status dsp_paired_run(const Conv2dParams& params, const Conv2dS8Args& args, void* scratch, size_t scratch_size);
bool dsp_1x1_paired_supports(const Conv2dParams& params);
Status dsp_1x1_paired_run(const Conv2dParams& params, const Conv2dS8Args& args, void* scratch, size_t scratch_size);

// stacked variants (conv_s8_stacked_dsp.cpp): the same drivers with args.filter stacked
// (params.stacked_filter, conv2d_s8_stack_filter; stacked_filter.h: the paired order with the odd
// rows' bytes holding a borrow, so one raw SMLAD sums two rows) and a 4-row x 2-column block of 15
// est. m4 cycles per 16 MACs (mat_mult_stacked_dsp.h); any shape the int8 ones take, same scratch.
// stack_filter returns kBadParameter (nothing written) when a weight has no stacked form.
Status stack_filter(const Conv2dParams& params, const int8_t* filter, int8_t* stacked);
bool dsp_stacked_supports(const Conv2dParams& params);
Status dsp_stacked_run(const Conv2dParams& params, const Conv2dS8Args& args, void* scratch, size_t scratch_size);
bool dsp_1x1_stacked_supports(const Conv2dParams& params);
Status dsp_1x1_stacked_run(const Conv2dParams& params, const Conv2dS8Args& args, void* scratch, size_t scratch_size);
// stacked_doubled (conv_s8_dsp.cpp, stacked_doubled.h): the stacked 1x1 driver whose calls take
// the doubled output stage (dsp_1x1_stacked_doubled_takes: one group, stacked_doubled_shape of
// output_c and input_c, a table with right shifts of 0 that stacked_doubled_tables accepts)
// requantize every pixel pair in the fused Cortex-M4 quad loop; any other call, and every call on
// other cores, runs dsp_1x1_stacked_run. supports(): dsp_1x1_stacked_supports itself (the in-place
// test then knows it without linking another function); the same scratch as dsp_1x1_stacked_run.
bool dsp_1x1_stacked_doubled_takes(const Conv2dParams& params, const Conv2dS8Args& args);
Status dsp_1x1_stacked_doubled_run(const Conv2dParams& params, const Conv2dS8Args& args, void* scratch,
                                   size_t scratch_size);

// row-window variants (conv_s8_window_dsp.cpp): the stacked / paired micro-kernels with the filter's
// depth in x-major order (params.x_major_filter, conv2d_s8_x_major_filter, then stacked or paired),
// one group, no horizontal dilation, input_c % 4 == 0; the column pairs read in place from a window
// of x-column slots built once per chunk of a row's output pixels (as many pairs as the scratch
// given holds). Scratch: one pair's window (the stacked / paired variants' column pair) or up to a
// budget of slots for longer chunks (conv_s8_window_dsp.cpp).
bool dsp_window_supports(const Conv2dParams& params);
size_t dsp_window_scratch_bytes(const Conv2dParams& params);
bool dsp_window_stacked_supports(const Conv2dParams& params);
Status dsp_window_stacked_run(const Conv2dParams& params, const Conv2dS8Args& args, void* scratch, size_t scratch_size);
bool dsp_window_paired_supports(const Conv2dParams& params);
Status dsp_window_paired_run(const Conv2dParams& params, const Conv2dS8Args& args, void* scratch, size_t scratch_size);
// The OHWI filter with each row's taps in (fx, fy) order: out[o][fx][fy][c] = filter[o][fy][fx][c].
void x_major_filter(const Conv2dParams& params, const int8_t* filter, int8_t* out);
// rgb3x3 (conv_s8_rgb_dsp.cpp): 3x3 filter on 3 input channels, one group, no dilation, any
// stride and padding, with params.rgb_packed (args.packed_filter from conv2d_s8_rgb_pack: the
// widened filter, biases and requantization words per quad of output channels): the input columns
// of a run of output pixels widened once per output row into a shared window buffer, 4 channels x
// 2 pixels per SMLAD block held and requantized in registers (Armv7E-M assembly). Scratch 371 B.
bool rgb_supports(const Conv2dParams& params);
size_t rgb_scratch_bytes(const Conv2dParams& params);
Status rgb_run(const Conv2dParams& params, const Conv2dS8Args& args, void* scratch, size_t scratch_size);
size_t rgb_packed_count(const Conv2dParams& params);  // 0 when the shape does not apply
void rgb_pack(const Conv2dParams& params, const int8_t* filter, const int32_t* bias, const int32_t* multiplier,
              const int32_t* shift, int16_t* packed);

}  // namespace cmnn::conv
