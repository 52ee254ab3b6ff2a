// CMSIS-NN's pooling over cmnn's avgpool / maxpool tables (no scratch in cmnn: every buffer size is 0).
#include "arm_nnfunctions.h"
#include "cmnn/pooling.h"
#include "cmsis_nn_api/common.h"

namespace cmnn::cmsis_nn_api {
namespace {

bool shape_of(const cmsis_nn_pool_params* pp, const cmsis_nn_dims* in, const cmsis_nn_dims* f,
              const cmsis_nn_dims* out, PoolParams* p) {
  if (pp == nullptr || !positive(in) || f == nullptr || out == nullptr) return false;
  p->batches = in->n;
  p->input_h = in->h;
  p->input_w = in->w;
  p->channels = in->c;
  p->output_h = out->h;
  p->output_w = out->w;
  p->filter_h = f->h;
  p->filter_w = f->w;
  p->stride_h = pp->stride.h;
  p->stride_w = pp->stride.w;
  p->pad_top = pp->padding.h;
  p->pad_left = pp->padding.w;
  p->activation_min = pp->activation.min;
  p->activation_max = pp->activation.max;
  return true;
}

template <typename T>
arm_cmsis_nn_status pool(Status (*op)(const PoolParams&, const PoolArgs<T>&, void*, size_t),
                         const cmsis_nn_context* ctx, const cmsis_nn_pool_params* pp, const cmsis_nn_dims* in,
                         const T* input, const cmsis_nn_dims* f, const cmsis_nn_dims* out, T* output) {
  PoolParams p;
  if (!shape_of(pp, in, f, out, &p)) return ARM_CMSIS_NN_ARG_ERROR;
  PoolArgs<T> a;
  a.input = input;
  a.output = output;
  const size_t bytes = ctx != nullptr && ctx->buf != nullptr && ctx->size > 0 ? static_cast<size_t>(ctx->size) : 0;
  return to_status(op(p, a, bytes > 0 ? ctx->buf : nullptr, bytes));
}

}  // namespace
}  // namespace cmnn::cmsis_nn_api

using namespace cmnn;
using namespace cmnn::cmsis_nn_api;

extern "C" {

arm_cmsis_nn_status arm_avgpool_s8(ARM_NN_POOL_ARGS(int8_t)) {
  return pool<int8_t>(avgpool_s8, ctx, pool_params, input_dims, input_data, filter_dims, output_dims, output_data);
}
arm_cmsis_nn_status arm_avgpool_s16(ARM_NN_POOL_ARGS(int16_t)) {
  return pool<int16_t>(avgpool_s16, ctx, pool_params, input_dims, input_data, filter_dims, output_dims, output_data);
}
arm_cmsis_nn_status arm_max_pool_s8(ARM_NN_POOL_ARGS(int8_t)) {
  return pool<int8_t>(maxpool_s8, ctx, pool_params, input_dims, input_data, filter_dims, output_dims, output_data);
}
arm_cmsis_nn_status arm_max_pool_s16(ARM_NN_POOL_ARGS(int16_t)) {
  return pool<int16_t>(maxpool_s16, ctx, pool_params, input_dims, input_data, filter_dims, output_dims, output_data);
}

// cmnn's pooling variants need no scratch on any core.
int32_t arm_avgpool_s8_get_buffer_size(const int dim_dst_width, const int ch_src) {
  (void)dim_dst_width;
  (void)ch_src;
  return 0;
}
int32_t arm_avgpool_s8_get_buffer_size_dsp(const int dim_dst_width, const int ch_src) {
  return arm_avgpool_s8_get_buffer_size(dim_dst_width, ch_src);
}
int32_t arm_avgpool_s8_get_buffer_size_mve(const int dim_dst_width, const int ch_src) {
  return arm_avgpool_s8_get_buffer_size(dim_dst_width, ch_src);
}
int32_t arm_avgpool_s16_get_buffer_size(const int dim_dst_width, const int ch_src) {
  (void)dim_dst_width;
  (void)ch_src;
  return 0;
}
int32_t arm_avgpool_s16_get_buffer_size_dsp(const int dim_dst_width, const int ch_src) {
  return arm_avgpool_s16_get_buffer_size(dim_dst_width, ch_src);
}
int32_t arm_avgpool_s16_get_buffer_size_mve(const int dim_dst_width, const int ch_src) {
  return arm_avgpool_s16_get_buffer_size(dim_dst_width, ch_src);
}

}  // extern "C"
