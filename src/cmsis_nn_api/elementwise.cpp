// CMSIS-NN's elementwise functions over cmnn's tables: add, mul (flat), maximum / minimum (4-D
// broadcasting) and the in-place ReLUs.
#include "arm_nnfunctions.h"
#include "cmnn/activation.h"
#include "cmnn/elementwise.h"
#include "cmnn/legacy/activations.h"
#include "cmsis_nn_api/common.h"

namespace cmnn::cmsis_nn_api {
namespace {

template <typename T>
BinaryArgs<T> args_of(const T* in1, const T* in2, T* out) {
  BinaryArgs<T> a;
  a.input1 = in1;
  a.input2 = in2;
  a.output = out;
  return a;
}

bool broadcast_of(const cmsis_nn_dims* d1, const cmsis_nn_dims* d2, const cmsis_nn_dims* out, BroadcastParams* p) {
  if (!positive(d1) || !positive(d2) || !positive(out)) return false;
  const cmsis_nn_dims* dims[3] = {d1, d2, out};
  int32_t* fields[3] = {p->input1, p->input2, p->output};
  for (int i = 0; i < 3; ++i) {
    fields[i][0] = dims[i]->n;
    fields[i][1] = dims[i]->h;
    fields[i][2] = dims[i]->w;
    fields[i][3] = dims[i]->c;
  }
  return true;
}

}  // namespace
}  // namespace cmnn::cmsis_nn_api

using namespace cmnn;
using namespace cmnn::cmsis_nn_api;

extern "C" {

#define CMNN_ADD_PARAMS                                                                                    \
  AddParams p;                                                                                             \
  p.size = block_size;                                                                                     \
  p.input1_offset = input_1_offset;                                                                        \
  p.input1_multiplier = input_1_mult;                                                                      \
  p.input1_shift = input_1_shift;                                                                          \
  p.input2_offset = input_2_offset;                                                                        \
  p.input2_multiplier = input_2_mult;                                                                      \
  p.input2_shift = input_2_shift;                                                                          \
  p.left_shift = left_shift;                                                                               \
  p.output_offset = out_offset;                                                                            \
  p.output_multiplier = out_mult;                                                                          \
  p.output_shift = out_shift;                                                                              \
  p.activation_min = out_activation_min;                                                                   \
  p.activation_max = out_activation_max

arm_cmsis_nn_status arm_elementwise_add_s8(ARM_NN_ADD_ARGS(int8_t)) {
  CMNN_ADD_PARAMS;
  return to_status(add_s8(p, args_of(input_1_vect, input_2_vect, output), nullptr, 0));
}

arm_cmsis_nn_status arm_elementwise_add_s16(ARM_NN_ADD_ARGS(int16_t)) {
  CMNN_ADD_PARAMS;
  return to_status(add_s16(p, args_of(input_1_vect, input_2_vect, output), nullptr, 0));
}
#undef CMNN_ADD_PARAMS

#define CMNN_MUL_PARAMS                                                                                    \
  MulParams p;                                                                                             \
  p.size = block_size;                                                                                     \
  p.input1_offset = input_1_offset;                                                                        \
  p.input2_offset = input_2_offset;                                                                        \
  p.output_offset = out_offset;                                                                            \
  p.output_multiplier = out_mult;                                                                          \
  p.output_shift = out_shift;                                                                              \
  p.activation_min = out_activation_min;                                                                   \
  p.activation_max = out_activation_max

arm_cmsis_nn_status arm_elementwise_mul_s8(ARM_NN_MUL_ARGS(int8_t)) {
  CMNN_MUL_PARAMS;
  return to_status(mul_s8(p, args_of(input_1_vect, input_2_vect, output), nullptr, 0));
}

arm_cmsis_nn_status arm_elementwise_mul_s16(ARM_NN_MUL_ARGS(int16_t)) {
  CMNN_MUL_PARAMS;
  return to_status(mul_s16(p, args_of(input_1_vect, input_2_vect, output), nullptr, 0));
}
#undef CMNN_MUL_PARAMS

arm_cmsis_nn_status arm_maximum_s8(const cmsis_nn_context* ctx, const int8_t* input_1_data,
                                   const cmsis_nn_dims* input_1_dims, const int8_t* input_2_data,
                                   const cmsis_nn_dims* input_2_dims, int8_t* output_data,
                                   const cmsis_nn_dims* output_dims) {
  (void)ctx;
  BroadcastParams p;
  if (!broadcast_of(input_1_dims, input_2_dims, output_dims, &p)) return ARM_CMSIS_NN_ARG_ERROR;
  return to_status(maximum_s8(p, args_of(input_1_data, input_2_data, output_data), nullptr, 0));
}

arm_cmsis_nn_status arm_minimum_s8(const cmsis_nn_context* ctx, const int8_t* input_1_data,
                                   const cmsis_nn_dims* input_1_dims, const int8_t* input_2_data,
                                   const cmsis_nn_dims* input_2_dims, int8_t* output_data,
                                   const cmsis_nn_dims* output_dims) {
  (void)ctx;
  BroadcastParams p;
  if (!broadcast_of(input_1_dims, input_2_dims, output_dims, &p)) return ARM_CMSIS_NN_ARG_ERROR;
  return to_status(minimum_s8(p, args_of(input_1_data, input_2_data, output_data), nullptr, 0));
}

// In place; a null pointer is ignored (the functions return nothing).
void arm_relu_q7(int8_t* data, uint16_t size) {
  if (data != nullptr) (void)legacy::relu_q7(data, size, data);
}
void arm_relu_q15(int16_t* data, uint16_t size) {
  if (data != nullptr) (void)legacy::relu_q15(data, size, data);
}
// CMSIS-NN's ReLU6 clamps the raw values to [0, 6].
void arm_relu6_s8(int8_t* data, uint16_t size) {
  if (data == nullptr || size == 0) return;
  ClampParams p;
  p.size = size;
  p.min = 0;
  p.max = 6;
  ClampArgs a;
  a.input = data;
  a.output = data;
  (void)clamp_s8(p, a, nullptr, 0);
}

}  // extern "C"
