// The rest of the legacy q7/q15 API (CMSIS-NN 3.x) over cmnn's src/legacy: fully connected,
// pooling, activations, softmax and the q7 -> q15 support functions. Functions returning void
// write nothing when their arguments are invalid.
#include <climits>

#include "arm_nnfunctions.h"
#include "arm_nnsupportfunctions.h"
#include "cmnn/legacy/activations.h"
#include "cmnn/legacy/fully_connected.h"
#include "cmnn/legacy/pooling.h"
#include "cmnn/legacy/support.h"
#include "cmsis_nn_api/common.h"

namespace cmnn::cmsis_nn_api {
namespace {

legacy::Shifts shifts_of(uint16_t bias_shift, uint16_t out_shift) { return legacy::Shifts{bias_shift, out_shift}; }

legacy::PoolShape pool_shape(uint16_t dim_im_in, uint16_t ch_im_in, uint16_t dim_kernel, uint16_t padding,
                             uint16_t stride, uint16_t dim_im_out) {
  return legacy::PoolShape{dim_im_in, dim_im_in, ch_im_in,  dim_kernel, dim_kernel, padding,
                           padding,   stride,    stride,    dim_im_out, dim_im_out};
}

// Block sizes of the uint32 support functions as the int sizes of cmnn's legacy API (0 if too large).
int block(uint32_t size) { return size > static_cast<uint32_t>(INT_MAX) ? 0 : static_cast<int>(size); }

legacy::Activation activation_of(arm_nn_activation_type type) {
  return type == ARM_TANH ? legacy::Activation::kTanh : legacy::Activation::kSigmoid;
}

}  // namespace
}  // namespace cmnn::cmsis_nn_api

using namespace cmnn;
using namespace cmnn::cmsis_nn_api;

extern "C" {

// ---- Fully connected ----
arm_cmsis_nn_status arm_fully_connected_q7(ARM_NN_LEGACY_FC_ARGS(q7_t, q7_t, q7_t, q7_t)) {
  const size_t bytes = vec_buffer == nullptr ? 0 : legacy::fully_connected_q7_scratch_bytes(dim_vec);
  return to_status(legacy::fully_connected_q7(pV, pM, dim_vec, num_of_rows, bias, shifts_of(bias_shift, out_shift),
                                              pOut, vec_buffer, bytes));
}
arm_cmsis_nn_status arm_fully_connected_q7_opt(ARM_NN_LEGACY_FC_ARGS(q7_t, q7_t, q7_t, q7_t)) {
  const size_t bytes = vec_buffer == nullptr ? 0 : legacy::fully_connected_q7_scratch_bytes(dim_vec);
  return to_status(legacy::fully_connected_q7_opt(pV, pM, dim_vec, num_of_rows, bias,
                                                  shifts_of(bias_shift, out_shift), pOut, vec_buffer, bytes));
}
arm_cmsis_nn_status arm_fully_connected_q15(ARM_NN_LEGACY_FC_ARGS(q15_t, q15_t, q15_t, q15_t)) {
  (void)vec_buffer;
  return to_status(
      legacy::fully_connected_q15(pV, pM, dim_vec, num_of_rows, bias, shifts_of(bias_shift, out_shift), pOut));
}
arm_cmsis_nn_status arm_fully_connected_q15_opt(ARM_NN_LEGACY_FC_ARGS(q15_t, q15_t, q15_t, q15_t)) {
  (void)vec_buffer;
  return to_status(
      legacy::fully_connected_q15_opt(pV, pM, dim_vec, num_of_rows, bias, shifts_of(bias_shift, out_shift), pOut));
}
arm_cmsis_nn_status arm_fully_connected_mat_q7_vec_q15(ARM_NN_LEGACY_FC_ARGS(q15_t, q7_t, q7_t, q15_t)) {
  (void)vec_buffer;
  return to_status(legacy::fully_connected_mat_q7_vec_q15(pV, pM, dim_vec, num_of_rows, bias,
                                                          shifts_of(bias_shift, out_shift), pOut));
}
arm_cmsis_nn_status arm_fully_connected_mat_q7_vec_q15_opt(ARM_NN_LEGACY_FC_ARGS(q15_t, q7_t, q7_t, q15_t)) {
  (void)vec_buffer;
  return to_status(legacy::fully_connected_mat_q7_vec_q15_opt(pV, pM, dim_vec, num_of_rows, bias,
                                                              shifts_of(bias_shift, out_shift), pOut));
}

// ---- Pooling ----
void arm_maxpool_q7_HWC(q7_t* Im_in, const uint16_t dim_im_in, const uint16_t ch_im_in, const uint16_t dim_kernel,
                        const uint16_t padding, const uint16_t stride, const uint16_t dim_im_out, q7_t* bufferA,
                        q7_t* Im_out) {
  (void)bufferA;
  (void)legacy::maxpool_q7_hwc(pool_shape(dim_im_in, ch_im_in, dim_kernel, padding, stride, dim_im_out), Im_in,
                               Im_out);
}

// CMSIS-NN's Armv7E-M build averages rows then columns (each truncated), its portable build the
// whole window at once; cmnn follows the core it runs on the same way (docs/legacy-q7.md).
void arm_avepool_q7_HWC(q7_t* Im_in, const uint16_t dim_im_in, const uint16_t ch_im_in, const uint16_t dim_kernel,
                        const uint16_t padding, const uint16_t stride, const uint16_t dim_im_out, q7_t* bufferA,
                        q7_t* Im_out) {
  (void)bufferA;
  const legacy::AvgRounding rounding =
      isa_native(Isa::kDsp) ? legacy::AvgRounding::kSeparable : legacy::AvgRounding::kExact;
  (void)legacy::avepool_q7_hwc(pool_shape(dim_im_in, ch_im_in, dim_kernel, padding, stride, dim_im_out), Im_in,
                               Im_out, rounding);
}

// ---- Activations (in place) ----
void arm_nn_activations_direct_q7(q7_t* data, uint16_t size, uint16_t int_width, arm_nn_activation_type type) {
  if (data != nullptr) (void)legacy::activation_q7(data, size, int_width, activation_of(type), data);
}
void arm_nn_activations_direct_q15(q15_t* data, uint16_t size, uint16_t int_width, arm_nn_activation_type type) {
  if (data != nullptr) (void)legacy::activation_q15(data, size, int_width, activation_of(type), data);
}

// ---- Softmax ----
void arm_softmax_q7(const q7_t* vec_in, const uint16_t dim_vec, q7_t* p_out) {
  (void)legacy::softmax_q7(vec_in, dim_vec, p_out);
}
void arm_softmax_with_batch_q7(const q7_t* vec_in, const uint16_t nb_batches, const uint16_t dim_vec, q7_t* p_out) {
  if (vec_in == nullptr || p_out == nullptr) return;
  for (uint16_t b = 0; b < nb_batches; ++b) {
    const size_t at = static_cast<size_t>(b) * dim_vec;
    (void)legacy::softmax_q7(vec_in + at, dim_vec, p_out + at);
  }
}
void arm_softmax_q15(const q15_t* vec_in, const uint16_t dim_vec, q15_t* p_out) {
  (void)legacy::softmax_q15(vec_in, dim_vec, p_out);
}

// ---- Support ----
void arm_q7_to_q15_no_shift(const q7_t* pSrc, q15_t* pDst, uint32_t blockSize) {
  (void)legacy::q7_to_q15(pSrc, block(blockSize), pDst);
}
void arm_q7_to_q15_reordered_no_shift(const q7_t* pSrc, q15_t* pDst, uint32_t blockSize) {
  (void)legacy::q7_to_q15_reordered(pSrc, block(blockSize), pDst);
}
void arm_q7_to_q15_with_offset(const int8_t* src, int16_t* dst, int32_t block_size, int16_t offset) {
  if (src == nullptr || dst == nullptr) return;
  for (int32_t i = 0; i < block_size; ++i) dst[i] = static_cast<int16_t>(src[i] + offset);
}
void arm_nn_mult_q15(q15_t* pSrcA, q15_t* pSrcB, q15_t* pDst, const uint16_t out_shift, uint32_t blockSize) {
  (void)legacy::mult_q15(pSrcA, pSrcB, block(blockSize), out_shift, pDst);
}
void arm_nn_mult_q7(q7_t* pSrcA, q7_t* pSrcB, q7_t* pDst, const uint16_t out_shift, uint32_t blockSize) {
  (void)legacy::mult_q7(pSrcA, pSrcB, block(blockSize), out_shift, pDst);
}

}  // extern "C"
