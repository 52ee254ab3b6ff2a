// Elementwise binary ops of TFLite's quantization (flat tensors of equal size, except maximum /
// minimum, which broadcast in 4-D NHWC like TFLite's reference):
//   add_s8 / add_s16   out = clamp(rq((rq((x1 + off1) << left_shift, m1, s1) + rq((x2 + off2) << left_shift,
//                      m2, s2)), m_out, s_out) + out_offset), rq = TFLite's MultiplyByQuantizedMultiplier
//   mul_s8 / mul_s16   out = clamp(rq((x1 + off1) * (x2 + off2), m_out, s_out) + out_offset)
//   maximum_s8 / minimum_s8  no requantization (TFLite requires equal input/output quantization)
// int16 tensors have zero points 0 (offsets must be 0). Offsets are negated input zero points.
#pragma once
#include <cstdint>

#include "cmnn/op_api.h"

namespace cmnn {

struct AddParams {
  int32_t size = 0;  // elements
  int32_t input1_offset = 0, input1_multiplier = 0, input1_shift = 0;
  int32_t input2_offset = 0, input2_multiplier = 0, input2_shift = 0;
  int32_t left_shift = 20;  // TFLite: 20 for int8, 15 for int16
  int32_t output_offset = 0, output_multiplier = 0, output_shift = 0;
  int32_t activation_min = -128, activation_max = 127;
};

struct MulParams {
  int32_t size = 0;
  int32_t input1_offset = 0, input2_offset = 0;
  int32_t output_offset = 0, output_multiplier = 0, output_shift = 0;
  int32_t activation_min = -128, activation_max = 127;
};

template <typename T>
struct BinaryArgs {
  const T* input1 = nullptr;
  const T* input2 = nullptr;
  T* output = nullptr;  // may alias an input
};

// 4-D NHWC shapes; an input dimension of 1 broadcasts against the output's.
struct BroadcastParams {
  int32_t input1[4] = {1, 1, 1, 1};
  int32_t input2[4] = {1, 1, 1, 1};
  int32_t output[4] = {1, 1, 1, 1};
};

CMNN_DECLARE_OP_TABLE(add_s8, AddParams, BinaryArgs<int8_t>)
CMNN_DECLARE_OP_TABLE(add_s16, AddParams, BinaryArgs<int16_t>)
CMNN_DECLARE_OP_TABLE(mul_s8, MulParams, BinaryArgs<int8_t>)
CMNN_DECLARE_OP_TABLE(mul_s16, MulParams, BinaryArgs<int16_t>)
CMNN_DECLARE_OP_TABLE(maximum_s8, BroadcastParams, BinaryArgs<int8_t>)
CMNN_DECLARE_OP_TABLE(minimum_s8, BroadcastParams, BinaryArgs<int8_t>)

}  // namespace cmnn
