// CMSIS-NN's SVDF functions over cmnn's svdf_s8 / svdf_state_s16_s8 tables (TFLite reference
// results, including an int8 state with a non-zero zero point, which CMSIS-NN gets wrong).
#include "arm_nnfunctions.h"
#include "cmnn/svdf.h"
#include "cmsis_nn_api/common.h"

namespace cmnn::cmsis_nn_api {
namespace {

bool shape_of(const cmsis_nn_svdf_params* sp, const cmsis_nn_per_tensor_quant_params* in_q,
              const cmsis_nn_per_tensor_quant_params* out_q, const cmsis_nn_dims* in, const cmsis_nn_dims* wf,
              const cmsis_nn_dims* wt, const cmsis_nn_dims* out, SvdfParams* p) {
  if (sp == nullptr || in_q == nullptr || out_q == nullptr || in == nullptr || wf == nullptr || wt == nullptr ||
      out == nullptr)
    return false;
  p->batches = in->n;
  p->input_size = in->h;
  p->feature_batches = wf->n;
  p->rank = sp->rank;
  p->time_batches = wt->h;
  p->input_offset = -sp->input_offset;  // CMSIS-NN's svdf input_offset is the zero point itself
  p->output_offset = sp->output_offset;
  p->input_multiplier = in_q->multiplier;
  p->input_shift = in_q->shift;
  p->output_multiplier = out_q->multiplier;
  p->output_shift = out_q->shift;
  p->state_min = sp->input_activation.min;
  p->state_max = sp->input_activation.max;
  p->activation_min = sp->output_activation.min;
  p->activation_max = sp->output_activation.max;
  return p->batches > 0 && p->input_size > 0 && p->feature_batches > 0 && p->rank > 0 && p->time_batches > 0 &&
         p->feature_batches % p->rank == 0 && wf->h == p->input_size && wt->n == p->feature_batches &&
         out->n == p->batches && out->h == p->units();
}

// The state zero point, read back from the kernel sums a CMSIS-NN caller stores in ctx->buf:
// sums[f] = lhs * (sum_k wf[f][k] - input_size * state_zp) with lhs = -input zero point
// (arm_vector_sum_s8, wrapping int32). 0 when there are no sums, lhs is 0 (the sums then carry
// no information) or the sums do not have that form.
int32_t state_zero_point(const int32_t* sums, const SvdfParams& p, const int8_t* weights_feature) {
  const int32_t lhs = p.input_offset;
  if (sums == nullptr || lhs == 0 || weights_feature == nullptr) return 0;
  int64_t row0 = 0;
  for (int32_t k = 0; k < p.input_size; ++k) row0 += weights_feature[k];
  const int64_t t = int64_t{sums[0]} / lhs;  // = row0 - input_size * zp
  if ((row0 - t) % p.input_size != 0) return 0;
  const int64_t zp = (row0 - t) / p.input_size;
  if (zp < -128 || zp > 127) return 0;
  for (int32_t f = 0; f < p.feature_batches; ++f) {
    uint32_t row = static_cast<uint32_t>(-zp * p.input_size);
    const int8_t* w = weights_feature + static_cast<size_t>(f) * static_cast<size_t>(p.input_size);
    for (int32_t k = 0; k < p.input_size; ++k) row += static_cast<uint32_t>(static_cast<int32_t>(w[k]));
    if (static_cast<int32_t>(row * static_cast<uint32_t>(lhs)) != sums[f]) return 0;
  }
  return static_cast<int32_t>(zp);
}

// input_ctx holds batches * feature_batches int32 values (CMSIS-NN's contract): cmnn's scratch.
size_t input_ctx_bytes(const cmsis_nn_context* input_ctx, const SvdfParams& p) {
  return buffer_bytes(input_ctx, static_cast<size_t>(p.batches) * p.feature_batches * sizeof(int32_t));
}

}  // namespace
}  // namespace cmnn::cmsis_nn_api

using namespace cmnn;
using namespace cmnn::cmsis_nn_api;

extern "C" {

// Room for the kernel sums (one int32 per feature) the caller stores for the state zero point;
// cmnn's own scratch comes from input_ctx.
int32_t arm_svdf_s8_get_buffer_size(const cmsis_nn_dims* filter_dims) {
  return filter_dims == nullptr || filter_dims->n <= 0 ? 0 : size_result(static_cast<size_t>(filter_dims->n) * 4);
}
int32_t arm_svdf_s8_get_buffer_size_dsp(const cmsis_nn_dims* filter_dims) {
  return arm_svdf_s8_get_buffer_size(filter_dims);
}
int32_t arm_svdf_s8_get_buffer_size_mve(const cmsis_nn_dims* filter_dims) {
  return arm_svdf_s8_get_buffer_size(filter_dims);
}

arm_cmsis_nn_status arm_svdf_s8(const cmsis_nn_context* ctx, const cmsis_nn_context* input_ctx,
                                const cmsis_nn_context* output_ctx, const cmsis_nn_svdf_params* svdf_params,
                                const cmsis_nn_per_tensor_quant_params* input_quant_params,
                                const cmsis_nn_per_tensor_quant_params* output_quant_params,
                                const cmsis_nn_dims* input_dims, const int8_t* input_data,
                                const cmsis_nn_dims* state_dims, int8_t* state_data,
                                const cmsis_nn_dims* weights_feature_dims, const int8_t* weights_feature_data,
                                const cmsis_nn_dims* weights_time_dims, const int8_t* weights_time_data,
                                const cmsis_nn_dims* bias_dims, const int32_t* bias_data,
                                const cmsis_nn_dims* output_dims, int8_t* output_data) {
  (void)output_ctx;
  (void)state_dims;
  (void)bias_dims;
  SvdfParams p;
  if (!shape_of(svdf_params, input_quant_params, output_quant_params, input_dims, weights_feature_dims,
                weights_time_dims, output_dims, &p))
    return ARM_CMSIS_NN_ARG_ERROR;
  p.state_zero_point = state_zero_point(static_cast<const int32_t*>(buffer_of(ctx)), p, weights_feature_data);
  // New state values saturate to the int8 state, as TFLite's reference does (TFLM's glue passes the
  // int16 limits for either state type).
  p.state_min = p.state_min < INT8_MIN ? INT8_MIN : p.state_min;
  p.state_max = p.state_max > INT8_MAX ? INT8_MAX : p.state_max;
  SvdfS8Args a;
  a.input = input_data;
  a.weights_feature = weights_feature_data;
  a.weights_time = weights_time_data;
  a.bias = bias_data;
  a.state = state_data;
  a.output = output_data;
  size_t count = 0;
  const auto* table = svdf_s8_variants(&count);
  return to_status(
      run_fastest(table, count, svdf_s8_run_variant, p, a, buffer_of(input_ctx), input_ctx_bytes(input_ctx, p)));
}

arm_cmsis_nn_status arm_svdf_state_s16_s8(const cmsis_nn_context* input_ctx, const cmsis_nn_context* output_ctx,
                                          const cmsis_nn_svdf_params* svdf_params,
                                          const cmsis_nn_per_tensor_quant_params* input_quant_params,
                                          const cmsis_nn_per_tensor_quant_params* output_quant_params,
                                          const cmsis_nn_dims* input_dims, const int8_t* input_data,
                                          const cmsis_nn_dims* state_dims, int16_t* state_data,
                                          const cmsis_nn_dims* weights_feature_dims,
                                          const int8_t* weights_feature_data, const cmsis_nn_dims* weights_time_dims,
                                          const int16_t* weights_time_data, const cmsis_nn_dims* bias_dims,
                                          const int32_t* bias_data, const cmsis_nn_dims* output_dims,
                                          int8_t* output_data) {
  (void)output_ctx;
  (void)state_dims;
  (void)bias_dims;
  SvdfParams p;
  if (!shape_of(svdf_params, input_quant_params, output_quant_params, input_dims, weights_feature_dims,
                weights_time_dims, output_dims, &p))
    return ARM_CMSIS_NN_ARG_ERROR;
  SvdfS16StateArgs a;
  a.input = input_data;
  a.weights_feature = weights_feature_data;
  a.weights_time = weights_time_data;
  a.bias = bias_data;
  a.state = state_data;
  a.output = output_data;
  size_t count = 0;
  const auto* table = svdf_state_s16_s8_variants(&count);
  return to_status(run_fastest(table, count, svdf_state_s16_s8_run_variant, p, a, buffer_of(input_ctx),
                               input_ctx_bytes(input_ctx, p)));
}

}  // extern "C"
