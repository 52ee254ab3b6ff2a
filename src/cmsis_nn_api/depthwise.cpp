// CMSIS-NN's depthwise convolutions over cmnn's depthwise tables (s8, s4 packed weights, s16).
// CMSIS-NN's kernels (3x3, opt, fast, generic) are one op here; the named ones keep their checks.
#include "arm_nnfunctions.h"
#include "cmnn/depthwise.h"
#include "cmsis_nn_api/common.h"

namespace cmnn::cmsis_nn_api {
namespace {

bool shape_of(const cmsis_nn_dw_conv_params* dp, const cmsis_nn_dims* in, const cmsis_nn_dims* f,
              const cmsis_nn_dims* out, DepthwiseConvParams* p) {
  if (dp == nullptr || !positive(in) || !positive(f) || !positive(out)) return false;
  p->batches = in->n;
  p->input_h = in->h;
  p->input_w = in->w;
  p->input_c = in->c;
  p->ch_mult = dp->ch_mult;
  p->filter_h = f->h;
  p->filter_w = f->w;
  p->output_h = out->h;
  p->output_w = out->w;
  p->stride_h = dp->stride.h;
  p->stride_w = dp->stride.w;
  p->dilation_h = dp->dilation.h;
  p->dilation_w = dp->dilation.w;
  p->pad_top = dp->padding.h;
  p->pad_left = dp->padding.w;
  p->input_offset = dp->input_offset;
  p->output_offset = dp->output_offset;
  p->activation_min = dp->activation.min;
  p->activation_max = dp->activation.max;
  return p->ch_mult > 0 && p->stride_h > 0 && p->stride_w > 0 && p->dilation_h > 0 && p->dilation_w > 0 &&
         p->pad_top >= 0 && p->pad_left >= 0 && int64_t{in->c} * p->ch_mult == out->c && f->c == out->c &&
         out->n == in->n;
}

// Partial-shape sizes: stride 1, same padding, channel multiplier output/input (1 if unknown).
bool assumed_shape(const cmsis_nn_dims* in, const cmsis_nn_dims* f, DepthwiseConvParams* p) {
  if (!positive(in) || !positive(f)) return false;
  p->batches = in->n;
  p->input_h = p->output_h = in->h;
  p->input_w = p->output_w = in->w;
  p->input_c = in->c;
  p->ch_mult = f->c % in->c == 0 ? f->c / in->c : 1;
  p->filter_h = f->h;
  p->filter_w = f->w;
  p->pad_top = (f->h - 1) / 2;
  p->pad_left = (f->w - 1) / 2;
  return true;
}

template <typename Args>
void fill(Args* a, const typename Args::activation_type* input, const int8_t* filter,
          const typename Args::bias_type* bias, const cmsis_nn_per_channel_quant_params* q,
          typename Args::activation_type* output) {
  a->input = input;
  a->filter = reinterpret_cast<const typename Args::weight_type*>(filter);
  a->bias = bias;
  a->output_multiplier = q->multiplier;
  a->output_shift = q->shift;
  a->output = output;
}

size_t unsigned_size(int32_t bytes) { return bytes > 0 ? static_cast<size_t>(bytes) : 0; }

enum class Kind { kAny, k3x3, kOpt };

bool kind_holds(Kind kind, const DepthwiseConvParams& p) {
  if (kind == Kind::k3x3) return p.filter_h == 3 && p.filter_w == 3 && p.ch_mult == 1 && p.pad_top <= 1 && p.pad_left <= 1;
  if (kind == Kind::kOpt) return p.ch_mult == 1;
  return true;
}

arm_cmsis_nn_status dw_s8(Kind kind, const cmsis_nn_context* ctx, const cmsis_nn_dw_conv_params* dp,
                          const cmsis_nn_per_channel_quant_params* q, const cmsis_nn_dims* in, const int8_t* input,
                          const cmsis_nn_dims* f, const int8_t* filter, const int32_t* bias, const cmsis_nn_dims* out,
                          int8_t* output, size_t contract) {
  DepthwiseConvParams p;
  if (q == nullptr || !shape_of(dp, in, f, out, &p) || !kind_holds(kind, p)) return ARM_CMSIS_NN_ARG_ERROR;
  DepthwiseConvS8Args a;
  fill(&a, input, filter, bias, q, output);
  return run_on_buffer(depthwise_conv2d_s8_variants, depthwise_conv2d_s8_run_variant, p, a, ctx, contract);
}

arm_cmsis_nn_status dw_s4(Kind kind, const cmsis_nn_context* ctx, const cmsis_nn_dw_conv_params* dp,
                          const cmsis_nn_per_channel_quant_params* q, const cmsis_nn_dims* in, const int8_t* input,
                          const cmsis_nn_dims* f, const int8_t* filter, const int32_t* bias, const cmsis_nn_dims* out,
                          int8_t* output, size_t contract) {
  DepthwiseConvParams p;
  if (q == nullptr || !shape_of(dp, in, f, out, &p) || !kind_holds(kind, p)) return ARM_CMSIS_NN_ARG_ERROR;
  DepthwiseConvS4Args a;
  fill(&a, input, filter, bias, q, output);
  return run_on_buffer(depthwise_conv2d_s4_variants, depthwise_conv2d_s4_run_variant, p, a, ctx, contract);
}

arm_cmsis_nn_status dw_s16(const cmsis_nn_context* ctx, const cmsis_nn_dw_conv_params* dp,
                           const cmsis_nn_per_channel_quant_params* q, const cmsis_nn_dims* in, const int16_t* input,
                           const cmsis_nn_dims* f, const int8_t* filter, const int64_t* bias, const cmsis_nn_dims* out,
                           int16_t* output, size_t contract) {
  DepthwiseConvParams p;
  if (q == nullptr || !shape_of(dp, in, f, out, &p)) return ARM_CMSIS_NN_ARG_ERROR;
  DepthwiseConvS16Args a;
  fill(&a, input, filter, bias, q, output);
  return run_on_buffer(depthwise_conv2d_s16_variants, depthwise_conv2d_s16_run_variant, p, a, ctx, contract);
}

// The wrapper sizes read only what CMSIS-NN's read (the dims, padding and dilation): TFLM's
// Prepare fills no other field before the call. The channel multiplier follows from the dims; the
// stride is unknown, so the size covers strides 1 and 2 (TFLite's depthwise layers; a larger stride
// runs the fastest variant that fits the buffer).
int32_t full_size(const cmsis_nn_dw_conv_params* dp, const cmsis_nn_dims* in, const cmsis_nn_dims* f,
                  const cmsis_nn_dims* out, size_t (*scratch)(const DepthwiseConvParams&)) {
  if (dp == nullptr || !positive(in) || !positive(f) || !positive(out) || out->c % in->c != 0) return 0;
  DepthwiseConvParams p;
  p.batches = in->n;
  p.input_h = in->h;
  p.input_w = in->w;
  p.input_c = in->c;
  p.ch_mult = out->c / in->c;
  p.filter_h = f->h;
  p.filter_w = f->w;
  p.output_h = out->h;
  p.output_w = out->w;
  p.dilation_h = dp->dilation.h;
  p.dilation_w = dp->dilation.w;
  p.pad_top = dp->padding.h;
  p.pad_left = dp->padding.w;
  if (p.dilation_h <= 0 || p.dilation_w <= 0 || p.pad_top < 0 || p.pad_left < 0) return 0;
  size_t most = 0;
  for (int32_t stride = 1; stride <= 2; ++stride) {
    p.stride_h = p.stride_w = stride;
    const size_t need = scratch(p);
    most = need > most ? need : most;
  }
  return size_result(most);
}

int32_t partial_size(const cmsis_nn_dims* in, const cmsis_nn_dims* f, size_t (*scratch)(const DepthwiseConvParams&)) {
  DepthwiseConvParams p;
  return assumed_shape(in, f, &p) ? size_result(scratch(p)) : 0;
}

}  // namespace
}  // namespace cmnn::cmsis_nn_api

using namespace cmnn;
using namespace cmnn::cmsis_nn_api;

extern "C" {

// ---- int8 ----
int32_t arm_depthwise_conv_wrapper_s8_get_buffer_size(ARM_NN_DW_SIZE_ARGS) {
  return full_size(dw_conv_params, input_dims, filter_dims, output_dims, depthwise_conv2d_s8_scratch_bytes);
}
int32_t arm_depthwise_conv_wrapper_s8_get_buffer_size_dsp(ARM_NN_DW_SIZE_ARGS) {
  return arm_depthwise_conv_wrapper_s8_get_buffer_size(dw_conv_params, input_dims, filter_dims, output_dims);
}
int32_t arm_depthwise_conv_wrapper_s8_get_buffer_size_mve(ARM_NN_DW_SIZE_ARGS) {
  return arm_depthwise_conv_wrapper_s8_get_buffer_size(dw_conv_params, input_dims, filter_dims, output_dims);
}
int32_t arm_depthwise_conv_s8_opt_get_buffer_size(const cmsis_nn_dims* input_dims, const cmsis_nn_dims* filter_dims) {
  return partial_size(input_dims, filter_dims, depthwise_conv2d_s8_scratch_bytes);
}

arm_cmsis_nn_status arm_depthwise_conv_wrapper_s8(ARM_NN_DW_S8_ARGS) {
  (void)bias_dims;
  const int32_t need = arm_depthwise_conv_wrapper_s8_get_buffer_size(dw_conv_params, input_dims, filter_dims, output_dims);
  return dw_s8(Kind::kAny, ctx, dw_conv_params, quant_params, input_dims, input_data, filter_dims, filter_data,
               bias_data, output_dims, output_data, unsigned_size(need));
}
// CMSIS-NN's generic and 3x3 kernels take no buffer: cmnn uses one only when ctx->size gives it.
arm_cmsis_nn_status arm_depthwise_conv_s8(ARM_NN_DW_S8_ARGS) {
  (void)bias_dims;
  return dw_s8(Kind::kAny, ctx, dw_conv_params, quant_params, input_dims, input_data, filter_dims, filter_data,
               bias_data, output_dims, output_data, 0);
}
arm_cmsis_nn_status arm_depthwise_conv_3x3_s8(ARM_NN_DW_S8_ARGS) {
  (void)bias_dims;
  return dw_s8(Kind::k3x3, ctx, dw_conv_params, quant_params, input_dims, input_data, filter_dims, filter_data,
               bias_data, output_dims, output_data, 0);
}
arm_cmsis_nn_status arm_depthwise_conv_s8_opt(ARM_NN_DW_S8_ARGS) {
  (void)bias_dims;
  const int32_t need = arm_depthwise_conv_s8_opt_get_buffer_size(input_dims, filter_dims);
  return dw_s8(Kind::kOpt, ctx, dw_conv_params, quant_params, input_dims, input_data, filter_dims, filter_data,
               bias_data, output_dims, output_data, unsigned_size(need));
}

// ---- int4 weights ----
int32_t arm_depthwise_conv_wrapper_s4_get_buffer_size(ARM_NN_DW_SIZE_ARGS) {
  return full_size(dw_conv_params, input_dims, filter_dims, output_dims, depthwise_conv2d_s4_scratch_bytes);
}
int32_t arm_depthwise_conv_wrapper_s4_get_buffer_size_dsp(ARM_NN_DW_SIZE_ARGS) {
  return arm_depthwise_conv_wrapper_s4_get_buffer_size(dw_conv_params, input_dims, filter_dims, output_dims);
}
int32_t arm_depthwise_conv_wrapper_s4_get_buffer_size_mve(ARM_NN_DW_SIZE_ARGS) {
  return arm_depthwise_conv_wrapper_s4_get_buffer_size(dw_conv_params, input_dims, filter_dims, output_dims);
}
int32_t arm_depthwise_conv_s4_opt_get_buffer_size(const cmsis_nn_dims* input_dims, const cmsis_nn_dims* filter_dims) {
  return partial_size(input_dims, filter_dims, depthwise_conv2d_s4_scratch_bytes);
}

arm_cmsis_nn_status arm_depthwise_conv_wrapper_s4(ARM_NN_DW_S8_ARGS) {
  (void)bias_dims;
  const int32_t need = arm_depthwise_conv_wrapper_s4_get_buffer_size(dw_conv_params, input_dims, filter_dims, output_dims);
  return dw_s4(Kind::kAny, ctx, dw_conv_params, quant_params, input_dims, input_data, filter_dims, filter_data,
               bias_data, output_dims, output_data, unsigned_size(need));
}
arm_cmsis_nn_status arm_depthwise_conv_s4(ARM_NN_DW_S8_ARGS) {
  (void)bias_dims;
  return dw_s4(Kind::kAny, ctx, dw_conv_params, quant_params, input_dims, input_data, filter_dims, filter_data,
               bias_data, output_dims, output_data, 0);
}
arm_cmsis_nn_status arm_depthwise_conv_s4_opt(ARM_NN_DW_S8_ARGS) {
  (void)bias_dims;
  const int32_t need = arm_depthwise_conv_s4_opt_get_buffer_size(input_dims, filter_dims);
  return dw_s4(Kind::kOpt, ctx, dw_conv_params, quant_params, input_dims, input_data, filter_dims, filter_data,
               bias_data, output_dims, output_data, unsigned_size(need));
}

// ---- 16x8 ----
int32_t arm_depthwise_conv_wrapper_s16_get_buffer_size(ARM_NN_DW_SIZE_ARGS) {
  return full_size(dw_conv_params, input_dims, filter_dims, output_dims, depthwise_conv2d_s16_scratch_bytes);
}
int32_t arm_depthwise_conv_wrapper_s16_get_buffer_size_dsp(ARM_NN_DW_SIZE_ARGS) {
  return arm_depthwise_conv_wrapper_s16_get_buffer_size(dw_conv_params, input_dims, filter_dims, output_dims);
}
int32_t arm_depthwise_conv_wrapper_s16_get_buffer_size_mve(ARM_NN_DW_SIZE_ARGS) {
  return arm_depthwise_conv_wrapper_s16_get_buffer_size(dw_conv_params, input_dims, filter_dims, output_dims);
}
int32_t arm_depthwise_conv_fast_s16_get_buffer_size(const cmsis_nn_dims* input_dims, const cmsis_nn_dims* filter_dims) {
  return partial_size(input_dims, filter_dims, depthwise_conv2d_s16_scratch_bytes);
}

arm_cmsis_nn_status arm_depthwise_conv_wrapper_s16(ARM_NN_DW_S16_ARGS) {
  (void)bias_dims;
  const int32_t need =
      arm_depthwise_conv_wrapper_s16_get_buffer_size(dw_conv_params, input_dims, filter_dims, output_dims);
  return dw_s16(ctx, dw_conv_params, quant_params, input_dims, input_data, filter_dims, filter_data, bias_data,
                output_dims, output_data, unsigned_size(need));
}
arm_cmsis_nn_status arm_depthwise_conv_s16(ARM_NN_DW_S16_ARGS) {
  (void)bias_dims;
  return dw_s16(ctx, dw_conv_params, quant_params, input_dims, input_data, filter_dims, filter_data, bias_data,
                output_dims, output_data, 0);
}
arm_cmsis_nn_status arm_depthwise_conv_fast_s16(ARM_NN_DW_S16_ARGS) {
  (void)bias_dims;
  const int32_t need = arm_depthwise_conv_fast_s16_get_buffer_size(input_dims, filter_dims);
  return dw_s16(ctx, dw_conv_params, quant_params, input_dims, input_data, filter_dims, filter_data, bias_data,
                output_dims, output_data, unsigned_size(need));
}

}  // extern "C"
