// CMSIS-NN's fully connected functions over cmnn's fully_connected_s8 / _s4 / _s16 tables, and
// arm_vector_sum_s8(_s64), the kernel-sum precomputation CMSIS-NN callers run in Prepare.
#include <cstring>

#include "arm_nnfunctions.h"
#include "cmnn/fully_connected.h"
#include "cmnn/fully_connected_s16.h"
#include "cmnn/fully_connected_s4.h"
#include "cmsis_nn_api/common.h"

namespace cmnn::cmsis_nn_api {
namespace {

// input_dims->n batches; filter_dims->n accumulation depth, ->c output depth (CMSIS-NN's layout).
bool shape_of(const cmsis_nn_fc_params* fp, const cmsis_nn_dims* in, const cmsis_nn_dims* f, const cmsis_nn_dims* out,
              FullyConnectedParams* p) {
  if (fp == nullptr || in == nullptr || f == nullptr || out == nullptr) return false;
  p->batches = in->n;
  p->input_depth = f->n;
  p->output_depth = f->c;
  p->input_offset = fp->input_offset;
  p->filter_offset = fp->filter_offset;
  p->output_offset = fp->output_offset;
  p->activation_min = fp->activation.min;
  p->activation_max = fp->activation.max;
  return p->batches > 0 && p->input_depth > 0 && p->output_depth > 0 && out->c == f->c;
}

// The buffer of a depth x rows filter, batch-independent (cmnn's FC scratch does not grow with
// batches): cmnn's scratch, and room for the rows' int32 kernel sums callers may store there.
size_t s8_contract(int32_t depth, int32_t rows) {
  if (depth <= 0 || rows <= 0) return 0;
  FullyConnectedParams p;
  p.input_depth = depth;
  p.output_depth = rows;
  const size_t scratch = fully_connected_s8_scratch_bytes(p);
  const size_t sums = static_cast<size_t>(rows) * sizeof(int32_t);
  return scratch > sums ? scratch : sums;
}

arm_cmsis_nn_status fc_s8(const cmsis_nn_context* ctx, const cmsis_nn_fc_params* fp, const int32_t* multiplier,
                          const int32_t* shift, bool per_channel, const cmsis_nn_dims* in, const int8_t* input,
                          const cmsis_nn_dims* f, const int8_t* filter, const int32_t* bias, const cmsis_nn_dims* out,
                          int8_t* output) {
  FullyConnectedParams p;
  if (!shape_of(fp, in, f, out, &p)) return ARM_CMSIS_NN_ARG_ERROR;
  p.per_channel = per_channel;
  FullyConnectedS8Args a;
  a.input = input;
  a.weights = filter;
  a.bias = bias;
  a.multiplier = multiplier;
  a.shift = shift;
  a.output = output;
  return run_on_buffer(fully_connected_s8_variants, fully_connected_s8_run_variant, p, a, ctx,
                       s8_contract(p.input_depth, p.output_depth));
}

}  // namespace
}  // namespace cmnn::cmsis_nn_api

using namespace cmnn;
using namespace cmnn::cmsis_nn_api;

extern "C" {

int32_t arm_fully_connected_s8_get_buffer_size(const cmsis_nn_dims* filter_dims) {
  return filter_dims == nullptr ? 0 : size_result(s8_contract(filter_dims->n, filter_dims->c));
}
int32_t arm_fully_connected_s8_get_buffer_size_dsp(const cmsis_nn_dims* filter_dims) {
  return arm_fully_connected_s8_get_buffer_size(filter_dims);
}
int32_t arm_fully_connected_s8_get_buffer_size_mve(const cmsis_nn_dims* filter_dims) {
  return arm_fully_connected_s8_get_buffer_size(filter_dims);
}

arm_cmsis_nn_status arm_fully_connected_s8(const cmsis_nn_context* ctx, const cmsis_nn_fc_params* fc_params,
                                           const cmsis_nn_per_tensor_quant_params* quant_params,
                                           const cmsis_nn_dims* input_dims, const int8_t* input_data,
                                           const cmsis_nn_dims* filter_dims, const int8_t* filter_data,
                                           const cmsis_nn_dims* bias_dims, const int32_t* bias_data,
                                           const cmsis_nn_dims* output_dims, int8_t* output_data) {
  (void)bias_dims;
  if (quant_params == nullptr) return ARM_CMSIS_NN_ARG_ERROR;
  return fc_s8(ctx, fc_params, &quant_params->multiplier, &quant_params->shift, false, input_dims, input_data,
               filter_dims, filter_data, bias_data, output_dims, output_data);
}

arm_cmsis_nn_status arm_fully_connected_per_channel_s8(const cmsis_nn_context* ctx, const cmsis_nn_fc_params* fc_params,
                                                       const cmsis_nn_per_channel_quant_params* quant_params,
                                                       const cmsis_nn_dims* input_dims, const int8_t* input_data,
                                                       const cmsis_nn_dims* filter_dims, const int8_t* filter_data,
                                                       const cmsis_nn_dims* bias_dims, const int32_t* bias_data,
                                                       const cmsis_nn_dims* output_dims, int8_t* output_data) {
  (void)bias_dims;
  if (quant_params == nullptr) return ARM_CMSIS_NN_ARG_ERROR;
  return fc_s8(ctx, fc_params, quant_params->multiplier, quant_params->shift, true, input_dims, input_data,
               filter_dims, filter_data, bias_data, output_dims, output_data);
}

arm_cmsis_nn_status arm_fully_connected_wrapper_s8(const cmsis_nn_context* ctx, const cmsis_nn_fc_params* fc_params,
                                                   const cmsis_nn_quant_params* quant_params,
                                                   const cmsis_nn_dims* input_dims, const int8_t* input_data,
                                                   const cmsis_nn_dims* filter_dims, const int8_t* filter_data,
                                                   const cmsis_nn_dims* bias_dims, const int32_t* bias_data,
                                                   const cmsis_nn_dims* output_dims, int8_t* output_data) {
  (void)bias_dims;
  if (quant_params == nullptr) return ARM_CMSIS_NN_ARG_ERROR;
  return fc_s8(ctx, fc_params, quant_params->multiplier, quant_params->shift, quant_params->is_per_channel != 0,
               input_dims, input_data, filter_dims, filter_data, bias_data, output_dims, output_data);
}

arm_cmsis_nn_status arm_fully_connected_s4(const cmsis_nn_context* ctx, const cmsis_nn_fc_params* fc_params,
                                           const cmsis_nn_per_tensor_quant_params* quant_params,
                                           const cmsis_nn_dims* input_dims, const int8_t* input_data,
                                           const cmsis_nn_dims* filter_dims, const int8_t* filter_data,
                                           const cmsis_nn_dims* bias_dims, const int32_t* bias_data,
                                           const cmsis_nn_dims* output_dims, int8_t* output_data) {
  (void)bias_dims;
  FullyConnectedParams p;
  if (quant_params == nullptr || !shape_of(fc_params, input_dims, filter_dims, output_dims, &p))
    return ARM_CMSIS_NN_ARG_ERROR;
  FullyConnectedS4Args a;
  a.input = input_data;
  a.weights = reinterpret_cast<const uint8_t*>(filter_data);
  a.bias = bias_data;
  a.multiplier = &quant_params->multiplier;
  a.shift = &quant_params->shift;
  a.output = output_data;
  // CMSIS-NN's int4 fully connected takes no buffer size: cmnn uses one only when ctx->size gives it.
  return run_on_buffer(fully_connected_s4_variants, fully_connected_s4_run_variant, p, a, ctx, 0);
}

int32_t arm_fully_connected_s16_get_buffer_size(const cmsis_nn_dims* filter_dims) {
  if (filter_dims == nullptr || filter_dims->n <= 0 || filter_dims->c <= 0) return 0;
  FullyConnectedParams p;
  p.input_depth = filter_dims->n;
  p.output_depth = filter_dims->c;
  p.activation_min = INT16_MIN;
  p.activation_max = INT16_MAX;
  return size_result(fully_connected_s16_scratch_bytes(p));
}
int32_t arm_fully_connected_s16_get_buffer_size_dsp(const cmsis_nn_dims* filter_dims) {
  return arm_fully_connected_s16_get_buffer_size(filter_dims);
}
int32_t arm_fully_connected_s16_get_buffer_size_mve(const cmsis_nn_dims* filter_dims) {
  return arm_fully_connected_s16_get_buffer_size(filter_dims);
}

arm_cmsis_nn_status arm_fully_connected_s16(const cmsis_nn_context* ctx, const cmsis_nn_fc_params* fc_params,
                                            const cmsis_nn_per_tensor_quant_params* quant_params,
                                            const cmsis_nn_dims* input_dims, const int16_t* input_data,
                                            const cmsis_nn_dims* filter_dims, const int8_t* filter_data,
                                            const cmsis_nn_dims* bias_dims, const int64_t* bias_data,
                                            const cmsis_nn_dims* output_dims, int16_t* output_data) {
  (void)bias_dims;
  FullyConnectedParams p;
  if (quant_params == nullptr || !shape_of(fc_params, input_dims, filter_dims, output_dims, &p))
    return ARM_CMSIS_NN_ARG_ERROR;
  FullyConnectedS16Args a;
  a.input = input_data;
  a.weights = filter_data;
  a.bias = bias_data;
  a.multiplier = &quant_params->multiplier;
  a.shift = &quant_params->shift;
  a.output = output_data;
  const int32_t need = arm_fully_connected_s16_get_buffer_size(filter_dims);
  return run_on_buffer(fully_connected_s16_variants, fully_connected_s16_run_variant, p, a, ctx,
                       need > 0 ? static_cast<size_t>(need) : 0);
}

arm_cmsis_nn_status arm_vector_sum_s8(int32_t* vector_sum_buf, const int32_t vector_cols, const int32_t vector_rows,
                                      const int8_t* vector_data, const int32_t lhs_offset, const int32_t rhs_offset,
                                      const int32_t* bias_data) {
  if (vector_sum_buf == nullptr || vector_rows < 0 || vector_cols < 0 ||
      (vector_data == nullptr && lhs_offset != 0 && vector_rows > 0 && vector_cols > 0))
    return ARM_CMSIS_NN_ARG_ERROR;
  for (int32_t r = 0; r < vector_rows; ++r) {
    // Wrapping int32 arithmetic, as the accumulators these sums stand for.
    uint32_t sum = bias_data != nullptr ? static_cast<uint32_t>(bias_data[r]) : 0u;
    if (lhs_offset != 0) {
      uint32_t row = static_cast<uint32_t>(vector_cols) * static_cast<uint32_t>(rhs_offset);
      const int8_t* w = vector_data + static_cast<size_t>(r) * static_cast<size_t>(vector_cols);
      for (int32_t c = 0; c < vector_cols; ++c) row += static_cast<uint32_t>(static_cast<int32_t>(w[c]));
      sum += row * static_cast<uint32_t>(lhs_offset);
    }
    vector_sum_buf[r] = static_cast<int32_t>(sum);
  }
  return ARM_CMSIS_NN_SUCCESS;
}

arm_cmsis_nn_status arm_vector_sum_s8_s64(int64_t* vector_sum_buf, const int32_t vector_cols, const int32_t vector_rows,
                                          const int8_t* vector_data, const int32_t lhs_offset,
                                          const int64_t* bias_data) {
  if (vector_sum_buf == nullptr || vector_rows < 0 || vector_cols < 0 ||
      (vector_data == nullptr && lhs_offset != 0 && vector_rows > 0 && vector_cols > 0))
    return ARM_CMSIS_NN_ARG_ERROR;
  for (int32_t r = 0; r < vector_rows; ++r) {
    int64_t sum = bias_data != nullptr ? bias_data[r] : 0;
    if (lhs_offset != 0) {
      int64_t row = 0;  // |row| < 2^31 * 128: no overflow
      const int8_t* w = vector_data + static_cast<size_t>(r) * static_cast<size_t>(vector_cols);
      for (int32_t c = 0; c < vector_cols; ++c) row += w[c];
      sum = static_cast<int64_t>(static_cast<uint64_t>(sum) + static_cast<uint64_t>(row * lhs_offset));
    }
    vector_sum_buf[r] = sum;
  }
  return ARM_CMSIS_NN_SUCCESS;
}

}  // extern "C"
