// Clamping activations of int8 tensors, in place or not: clamp_s8 to [min, max] in the tensor's
// integer domain; relu_s8 / relu6_s8 are the same with [max(zero_point, -128), 127] and the
// quantized [0, 6] range, as TFLite fuses them when input and output quantization are equal
// (a ReLU that changes scale is a requantization, not this op).
#pragma once
#include <cstdint>

#include "cmnn/op_api.h"

namespace cmnn {

struct ClampParams {
  int32_t size = 0;
  int32_t min = -128, max = 127;
};

struct ClampArgs {
  const int8_t* input = nullptr;
  int8_t* output = nullptr;  // may equal input
};

CMNN_DECLARE_OP_TABLE(clamp_s8, ClampParams, ClampArgs)

// ReLU: clamp to [zero_point, 127]. ReLU6: clamp to [zero_point, zero_point + round(6 / scale)]
// capped at 127; six_quantized is that upper bound precomputed by the caller.
Status relu_s8(const int8_t* input, int8_t* output, int32_t size, int32_t zero_point);
Status relu6_s8(const int8_t* input, int8_t* output, int32_t size, int32_t zero_point, int32_t six_quantized);

}  // namespace cmnn
