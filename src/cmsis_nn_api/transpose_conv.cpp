// CMSIS-NN's transposed convolution over cmnn's transpose_conv_s8 table. cmnn computes TFLite's
// values directly (no reversed-filter convolution), so output_ctx is not needed.
#include "arm_nnfunctions.h"
#include "cmnn/transpose_conv.h"
#include "cmsis_nn_api/common.h"

namespace cmnn::cmsis_nn_api {
namespace {

bool shape_of(const cmsis_nn_transpose_conv_params* tp, const cmsis_nn_dims* in, const cmsis_nn_dims* f,
              const cmsis_nn_dims* out, TransposeConvParams* p) {
  if (tp == nullptr || !positive(in) || !positive(f) || !positive(out)) return false;
  p->batches = in->n;
  p->input_h = in->h;
  p->input_w = in->w;
  p->input_c = in->c;
  p->output_h = out->h;
  p->output_w = out->w;
  p->output_c = out->c;
  p->filter_h = f->h;
  p->filter_w = f->w;
  p->stride_h = tp->stride.h;
  p->stride_w = tp->stride.w;
  p->pad_top = tp->padding.h;
  p->pad_left = tp->padding.w;
  p->input_offset = tp->input_offset;
  p->output_offset = tp->output_offset;
  p->activation_min = tp->activation.min;
  p->activation_max = tp->activation.max;
  // TFLite's TRANSPOSE_CONV has no dilation; padding_offsets (the far side) follow from the output size.
  return tp->dilation.h == 1 && tp->dilation.w == 1 && f->c == in->c && out->n == in->n &&
         p->stride_h > 0 && p->stride_w > 0 && p->pad_top >= 0 && p->pad_left >= 0;
}

}  // namespace
}  // namespace cmnn::cmsis_nn_api

using namespace cmnn;
using namespace cmnn::cmsis_nn_api;

extern "C" {

// Reads the dims and the stride only: TFLM's Prepare sets no other field before this call.
int32_t arm_transpose_conv_s8_get_buffer_size(const cmsis_nn_transpose_conv_params* transposed_conv_params,
                                              const cmsis_nn_dims* input_dims, const cmsis_nn_dims* filter_dims,
                                              const cmsis_nn_dims* out_dims) {
  const cmsis_nn_transpose_conv_params* tp = transposed_conv_params;
  if (tp == nullptr || !positive(input_dims) || !positive(filter_dims) || !positive(out_dims)) return 0;
  TransposeConvParams p;
  p.batches = input_dims->n;
  p.input_h = input_dims->h;
  p.input_w = input_dims->w;
  p.input_c = input_dims->c;
  p.output_h = out_dims->h;
  p.output_w = out_dims->w;
  p.output_c = out_dims->c;
  p.filter_h = filter_dims->h;
  p.filter_w = filter_dims->w;
  p.stride_h = tp->stride.h;
  p.stride_w = tp->stride.w;
  return p.stride_h > 0 && p.stride_w > 0 ? size_result(transpose_conv_s8_scratch_bytes(p)) : 0;
}
int32_t arm_transpose_conv_s8_get_buffer_size_mve(const cmsis_nn_transpose_conv_params* transposed_conv_params,
                                                  const cmsis_nn_dims* input_dims, const cmsis_nn_dims* filter_dims,
                                                  const cmsis_nn_dims* out_dims) {
  return arm_transpose_conv_s8_get_buffer_size(transposed_conv_params, input_dims, filter_dims, out_dims);
}
int32_t arm_transpose_conv_s8_get_reverse_conv_buffer_size(const cmsis_nn_transpose_conv_params* transposed_conv_params,
                                                           const cmsis_nn_dims* input_dims,
                                                           const cmsis_nn_dims* filter_dims) {
  (void)transposed_conv_params;
  (void)input_dims;
  (void)filter_dims;
  return 0;
}

arm_cmsis_nn_status arm_transpose_conv_s8(ARM_NN_TRANSPOSE_CONV_S8_ARGS) {
  (void)bias_dims;
  (void)output_ctx;
  TransposeConvParams p;
  if (quant_params == nullptr || !shape_of(transpose_conv_params, input_dims, filter_dims, output_dims, &p))
    return ARM_CMSIS_NN_ARG_ERROR;
  TransposeConvS8Args a;
  a.input = input_data;
  a.filter = filter_data;
  a.bias = bias_data;
  a.multiplier = quant_params->multiplier;
  a.shift = quant_params->shift;
  a.output = output_data;
  const int32_t need = arm_transpose_conv_s8_get_buffer_size(transpose_conv_params, input_dims, filter_dims, output_dims);
  return run_on_buffer(transpose_conv_s8_variants, transpose_conv_s8_run_variant, p, a, ctx,
                       need > 0 ? static_cast<size_t>(need) : 0);
}

arm_cmsis_nn_status arm_transpose_conv_wrapper_s8(ARM_NN_TRANSPOSE_CONV_S8_ARGS) {
  return arm_transpose_conv_s8(ctx, output_ctx, transpose_conv_params, quant_params, input_dims, input_data,
                               filter_dims, filter_data, bias_dims, bias_data, output_dims, output_data);
}

}  // extern "C"
