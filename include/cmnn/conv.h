// 2-D convolution of TFLite's int8 quantization (int8 activations with zero points, int8 symmetric
// per-output-channel weights, int32 bias, Q31 multiplier + shift per output channel).
// Layouts: input/output NHWC, filter OHWI with I = input_c / groups (grouped convolution: group g
// reads input channels [g*I, (g+1)*I) and writes output channels [g*O/groups, (g+1)*O/groups)).
// One entry point picks the fastest variant of the table that runs natively here; tests and
// benches run any listed variant by name through conv2d_s8_run_variant.
#pragma once
#include <cstddef>
#include <cstdint>

#include "cmnn/op_api.h"
#include "cmnn/status.h"
#include "cmnn/variant.h"

namespace cmnn {

struct Conv2dParams {
  int32_t batches = 1;
  int32_t input_h = 0, input_w = 0, input_c = 0;
  int32_t output_h = 0, output_w = 0, output_c = 0;
  int32_t filter_h = 0, filter_w = 0;
  int32_t stride_h = 1, stride_w = 1;
  int32_t dilation_h = 1, dilation_w = 1;
  // Top/left padding; bottom/right padding is implied by the output size.
  int32_t pad_top = 0, pad_left = 0;
  int32_t groups = 1;
  int32_t input_offset = 0;    // = -input zero point, in [-127, 128]
  int32_t output_offset = 0;   // = output zero point, in [-128, 127]
  int32_t activation_min = -128, activation_max = 127;
  bool has_packed_filter = false;  // args.packed_filter holds conv2d_s8_pack's result
  // args.filter is not given (may be null): the packed copy replaces the int8 filter, so a compiled
  // model stores it once. Needs has_packed_filter (else kBadParameter); then only the packed
  // variants ("*.packed.dsp") support the call: every other variant, the entry point's fallback
  // included, refuses with kUnsupported instead of reading the filter.
  bool packed_filter_only = false;
  bool has_kernel_sums = false;    // args.kernel_sums holds conv2d_s8_prepare's result
  // args.filter holds conv2d_s8_pair_filter's result (the same bytes in the row-pair interleaved
  // order) instead of the OHWI filter: only the paired variants ("*.paired.dsp") and the reference
  // support the call; every other variant refuses it with kUnsupported. Not with packed_filter_only
  // (kBadParameter).
  bool paired_filter = false;
  // args.filter holds conv2d_s8_stack_filter's result (the paired order with the odd rows' bytes
  // stacked, same size) instead of the OHWI filter: only the stacked variants ("*.stacked.dsp")
  // and the reference support the call; every other variant refuses it with kUnsupported. Not
  // with paired_filter or packed_filter_only (kBadParameter).
  bool stacked_filter = false;
  // args.filter's rows hold their taps in x-major order, (fx, fy, c) instead of OHWI's (fy, fx, c)
  // (conv2d_s8_x_major_filter), then paired or stacked as the flags above say: only the row-window
  // variants ("*.window.*.dsp") and the reference support the call; every other variant refuses it
  // with kUnsupported.
  bool x_major_filter = false;
  // args.packed_filter holds conv2d_s8_rgb_pack's result (the rgb3x3 variant's layout: widened
  // filter, bias and requantization words) instead of conv2d_s8_pack's. Needs has_packed_filter
  // (else kBadParameter); only "conv2d_s8.rgb3x3.dsp" reads that copy, so the other packed
  // variants refuse the call (the int8 filter, when given, stays OHWI for everything else).
  bool rgb_packed = false;
  // true: the scratch still holds what a previous call of the same variant prepared for the same
  // tensors and parameters (other than input_h, output_h, pad_top), so a variant may skip its
  // per-call setup (the .dsp variants' requantization table). run_rows_in_place() sets it for every
  // band after the first; a caller that sets it otherwise gets wrong values, never an out-of-bounds
  // access. Variants without such setup ignore it.
  bool scratch_prepared = false;
};

struct Conv2dS8Args {
  const int8_t* input = nullptr;       // [batches][input_h][input_w][input_c]
  const int8_t* filter = nullptr;      // [output_c][filter_h][filter_w][input_c / groups] (or paired or stacked,
                                       // see Conv2dParams::paired_filter, stacked_filter); null allowed with
                                       // packed_filter_only
  const int32_t* bias = nullptr;       // [output_c], may be null (zero bias)
  const int32_t* multiplier = nullptr; // [output_c], Q31 in [0, 2^31)
  const int32_t* shift = nullptr;      // [output_c], in [-31, 30], positive = left
  int8_t* output = nullptr;            // [batches][output_h][output_w][output_c]
  const int16_t* packed_filter = nullptr;  // conv2d_s8_packed_count(params) values when params.has_packed_filter
  const int32_t* kernel_sums = nullptr;    // [output_c] when params.has_kernel_sums
};

using Conv2dS8Variant = Variant<Conv2dParams, Conv2dS8Args>;

// Offline filter packing for the packed DSP variants (a compiler step, like TFLM's Prepare but
// stored in flash): the filter widened to int16 and interleaved per pair of output channels in the
// lane order of the im2col columns, so the inner loop needs no sign extension (twice the filter
// bytes). Applies when filter_h * filter_w * input_c / groups is a multiple of 4 and the output
// channels per group are even; conv2d_s8_packed_count is then output_c * that depth, else 0.
// The packed variants read only the packed copy: with params.packed_filter_only the int8 filter
// need not be kept (the packing itself reads it, offline).
size_t conv2d_s8_packed_count(const Conv2dParams& params);
// Writes conv2d_s8_packed_count(params) int16 values (kBadShape when the packing does not apply).
Status conv2d_s8_pack(const Conv2dParams& params, const int8_t* filter, int16_t* packed, size_t packed_count);

// Offline packing for the RGB first-layer variant "conv2d_s8.rgb3x3.dsp" (3x3 filter on 3 input
// channels, one group, no dilation; src/kernels/conv/conv_s8_rgb_dsp.cpp has the layout): per
// group of 4 output channels the bias, the 27 weights widened to int16 in the order of the
// variant's shared window buffer (once for windows starting at an even buffer column, once more
// for odd ones when stride_w is odd), and the folded requantization words of each channel when
// every channel has them (multiplier 0, or >= 2^30 with a right shift). bias may be null (zero);
// multiplier and shift are conv2d_s8's per-channel arrays: a call must pass the same three arrays
// it was packed with. conv2d_s8_rgb_packed_count is 0 when the shape does not apply.
size_t conv2d_s8_rgb_packed_count(const Conv2dParams& params);
// Writes conv2d_s8_rgb_packed_count(params) int16 values (kBadShape when it does not apply,
// kBadParameter for a multiplier < 0 or a shift outside [-31, 30]).
Status conv2d_s8_rgb_pack(const Conv2dParams& params, const int8_t* filter, const int32_t* bias,
                          const int32_t* multiplier, const int32_t* shift, int16_t* packed, size_t packed_count);

// Offline row-pair interleaving for the paired DSP variants (a compiler step like the packing, at
// no flash cost: the result replaces the int8 filter, same size). Per group of output channels the
// rows go in quads, then a pair, then a single row; per quad or pair and group of 4 accumulation
// steps, each row pair's bytes are interleaved so that one SXTB16 widens two rows' lanes
// (src/kernels/conv/paired_filter.h has the exact layout and docs/variants.md the picture).
// conv2d_s8_paired_count is output_c * filter_h * filter_w * input_c / groups (0 for a shape that
// fails the checks); any shape applies.
size_t conv2d_s8_paired_count(const Conv2dParams& params);
// Writes conv2d_s8_paired_count(params) bytes (params.paired_filter is ignored here).
Status conv2d_s8_pair_filter(const Conv2dParams& params, const int8_t* filter, int8_t* paired, size_t paired_count);

// Offline stacking for the stacked DSP variants (a compiler step at no flash cost, like the
// interleaving above, whose order it keeps): per row pair of a quad or pair block, each odd row's
// byte of the body (the steps below depth & ~3) is stored as r1 - (r0 < 0 ? 1 : 0) with r0 the
// even row's weight at the same step, so that each 16-bit lane of a word read as int16 is
// 256 * r1 + r0 and one SMLAD sums both rows (src/kernels/conv/stacked_filter.h has the layout,
// src/kernels/conv/mat_mult_stacked_dsp.h the arithmetic and its bounds). Writes
// conv2d_s8_paired_count(params) bytes; kBadParameter, nothing written, when some odd-row weight
// is -128 under a negative even-row weight (no int8 stacked form; TFLite's int8 weights are in
// [-127, 127], so this needs a filter outside TFLite's spec). params.stacked_filter is ignored here.
Status conv2d_s8_stack_filter(const Conv2dParams& params, const int8_t* filter, int8_t* stacked, size_t stacked_count);

// Offline tap reordering for the row-window DSP variants (a compiler step at no flash cost, applied
// before conv2d_s8_pair_filter / conv2d_s8_stack_filter, which reorder the depth steps as given):
// out[o][fx][fy][c] = filter[o][fy][fx][c] (c < input_c / groups), so that an output pixel's column is
// filter_w consecutive input columns of filter_h x C values (src/kernels/conv/conv_s8_window_dsp.cpp).
// Writes conv2d_s8_paired_count(params) bytes; kBadParameter when out overlaps filter.
Status conv2d_s8_x_major_filter(const Conv2dParams& params, const int8_t* filter, int8_t* out, size_t out_count);

// Offline kernel sums for the ksum variants (a compiler step, like the packing above):
// kernel_sums[o] = bias[o] + input_offset * sum of filter row o (filter_h * filter_w * input_c /
// groups values), wrapping in int32 (bias may be null). The variant then adds them to its raw
// int8 x int8 dot products instead of summing each filter row again per call.
Status conv2d_s8_prepare(const Conv2dParams& params, const int8_t* filter, const int32_t* bias, int32_t* kernel_sums);

// The table API every op has (cmnn/op_api.h): conv2d_s8_variants (fastest first, ids
// "conv2d_s8.<kind>.<isa>"), _find_variant, _select (nullptr also for invalid shapes),
// _scratch_bytes (0 when invalid), conv2d_s8() (checks params and args: null pointers, shapes,
// quantization; then the fastest variant that fits the scratch given), _run_variant, _variant_at<I>.
CMNN_DECLARE_OP_TABLE(conv2d_s8, Conv2dParams, Conv2dS8Args)

// Shape checks alone (sizes positive, no int32 overflow, windows overlapping the input).
Status conv2d_check_shape(const Conv2dParams& params);

// True when `variant` may run one whole call with args.output == args.input (run_rows_in_place
// then makes that one call: no bands, no row copies). Holds for the DSP 1x1 drivers
// (conv2d_s8.1x1.dsp and its packed, paired, stacked and stacked_doubled forms: conv_s8_dsp.cpp's
// run_im2col<true>, and the doubled pixel loop, which takes the pairs in the same order)
// on one group with output_c <= input_c: they widen both input pixels of a pair into their scratch
// columns before writing that pair's outputs, pixels in order, and output pixel j's bytes end at
// (j + 1) x output_c <= (j + 1) x input_c, the first byte of the next pixel's input (a stride only
// moves that input further on), so every byte written was read already.
bool conv2d_s8_pointwise_in_place(const Conv2dS8Variant& variant, const Conv2dParams& params);

// For a layer on conv2d_s8.1x1.stacked.dsp (`variant`; nullptr for any other) whose calls are known
// when a model is compiled: conv2d_s8.1x1.stacked_doubled.dsp (listed after it, with its
// supports()) when the layer has the doubled form's shape (one group, output_c % 4 == 0, input_c in
// 32, 64, ..., 256) and its constant tables take the doubled output stage (a bias, the full clamp,
// right shifts of 0 that the stacked path would requantize through its accumulators:
// src/kernels/conv/stacked_doubled.h), so that an image links the doubled form only when a layer
// runs it; nullptr otherwise. Every call of the layer is covered: row bands change only heights,
// which neither the shape nor the tables' verdict reads, and both entries run in place alike
// (conv2d_s8_pointwise_in_place; rows_in_place is not needed). Reads args' bias, multipliers and
// shifts (not the tensors).
const Conv2dS8Variant* conv2d_s8_stacked_narrowest(const Conv2dS8Variant& variant, const Conv2dParams& params,
                                                   const Conv2dS8Args& args, bool rows_in_place);

}  // namespace cmnn
