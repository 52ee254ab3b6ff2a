// CMSIS-NN's batch matmul over cmnn's batch_matmul_s8 / _s16 tables. As in CMSIS-NN the right-hand
// side arrives transposed ([n][h][cols][depth]) and the adjoint flags are not read: the caller
// (TFLM) has already transposed both operands.
#include "arm_nnfunctions.h"
#include "cmnn/batch_matmul.h"
#include "cmsis_nn_api/common.h"

namespace cmnn::cmsis_nn_api {
namespace {

bool shape_of(const cmsis_nn_bmm_params* bp, const cmsis_nn_per_tensor_quant_params* q, const cmsis_nn_dims* lhs,
              const cmsis_nn_dims* rhs, const cmsis_nn_dims* out, BatchMatmulParams* p) {
  if (bp == nullptr || q == nullptr || !positive(lhs) || !positive(rhs) || !positive(out)) return false;
  p->lhs_batch = lhs->n;
  p->lhs_height = lhs->h;
  p->rhs_batch = rhs->n;
  p->rhs_height = rhs->h;
  p->rows = lhs->w;
  p->cols = rhs->w;
  p->depth = lhs->c;
  p->lhs_offset = bp->fc_params.input_offset;
  p->rhs_offset = bp->fc_params.filter_offset;
  p->output_offset = bp->fc_params.output_offset;
  p->output_multiplier = q->multiplier;
  p->output_shift = q->shift;
  p->activation_min = bp->fc_params.activation.min;
  p->activation_max = bp->fc_params.activation.max;
  const int32_t batch = lhs->n > rhs->n ? lhs->n : rhs->n, height = lhs->h > rhs->h ? lhs->h : rhs->h;
  return rhs->c == lhs->c && out->n == batch && out->h == height && out->w == lhs->w && out->c == rhs->w;
}

template <typename T>
arm_cmsis_nn_status bmm(const Variant<BatchMatmulParams, BatchMatmulArgs<T>>* table, size_t count,
                        Status (*run_variant)(const Variant<BatchMatmulParams, BatchMatmulArgs<T>>&,
                                              const BatchMatmulParams&, const BatchMatmulArgs<T>&, void*, size_t),
                        const cmsis_nn_context* ctx, const cmsis_nn_bmm_params* bp,
                        const cmsis_nn_per_tensor_quant_params* q, const cmsis_nn_dims* lhs_dims, const T* lhs,
                        const cmsis_nn_dims* rhs_dims, const T* rhs, const cmsis_nn_dims* out_dims, T* out) {
  BatchMatmulParams p;
  if (!shape_of(bp, q, lhs_dims, rhs_dims, out_dims, &p)) return ARM_CMSIS_NN_ARG_ERROR;
  BatchMatmulArgs<T> a;
  a.lhs = lhs;
  a.rhs_t = rhs;
  a.output = out;
  // The CMSIS-NN buffer of an int8 batch matmul holds out->c int32 values (TFLM sizes it with
  // arm_fully_connected_s8_get_buffer_size(output dims)).
  const size_t contract = static_cast<size_t>(out_dims->c) * sizeof(int32_t);
  return to_status(run_fastest(table, count, run_variant, p, a, buffer_of(ctx), buffer_bytes(ctx, contract)));
}

}  // namespace
}  // namespace cmnn::cmsis_nn_api

using namespace cmnn;
using namespace cmnn::cmsis_nn_api;

extern "C" {

arm_cmsis_nn_status arm_batch_matmul_s8(const cmsis_nn_context* ctx, const cmsis_nn_bmm_params* bmm_params,
                                        const cmsis_nn_per_tensor_quant_params* quant_params,
                                        const cmsis_nn_dims* input_lhs_dims, const int8_t* input_lhs,
                                        const cmsis_nn_dims* input_rhs_dims, const int8_t* input_rhs,
                                        const cmsis_nn_dims* output_dims, int8_t* output) {
  size_t count = 0;
  const auto* table = batch_matmul_s8_variants(&count);
  return bmm<int8_t>(table, count, batch_matmul_s8_run_variant, ctx, bmm_params, quant_params, input_lhs_dims,
                     input_lhs, input_rhs_dims, input_rhs, output_dims, output);
}

arm_cmsis_nn_status arm_batch_matmul_s16(const cmsis_nn_context* ctx, const cmsis_nn_bmm_params* bmm_params,
                                         const cmsis_nn_per_tensor_quant_params* quant_params,
                                         const cmsis_nn_dims* input_lhs_dims, const int16_t* input_lhs,
                                         const cmsis_nn_dims* input_rhs_dims, const int16_t* input_rhs,
                                         const cmsis_nn_dims* output_dims, int16_t* output) {
  size_t count = 0;
  const auto* table = batch_matmul_s16_variants(&count);
  // CMSIS-NN's int16 batch matmul takes no buffer: cmnn uses one only when ctx->size gives it.
  const cmsis_nn_context none = {nullptr, 0};
  const cmsis_nn_context* used = ctx != nullptr && ctx->size > 0 ? ctx : &none;
  return bmm<int16_t>(table, count, batch_matmul_s16_run_variant, used, bmm_params, quant_params, input_lhs_dims,
                      input_lhs, input_rhs_dims, input_rhs, output_dims, output);
}

}  // extern "C"
