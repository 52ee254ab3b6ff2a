// Concatenation of int8 tensors along one axis (all inputs share the quantization, as in
// TFLite's int8 CONCATENATION when scales match; CMSIS-NN arm_concatenation_s8_{x,y,z,w}).
// The tensors are seen as [outer][axis * inner]: input k contributes inner_bytes[k] contiguous
// bytes per outer step (its axis length times the product of the dimensions after the axis).
#pragma once
#include <cstdint>

#include "cmnn/op_api.h"

namespace cmnn {

struct ConcatParams {
  int32_t outer = 1;                       // product of the dimensions before the axis
  int32_t num_inputs = 0;
  const int32_t* inner_bytes = nullptr;    // [num_inputs]
};

struct ConcatArgs {
  const int8_t* const* inputs = nullptr;   // [num_inputs]
  int8_t* output = nullptr;                // [outer][sum of inner_bytes]; must not overlap inputs
};

CMNN_DECLARE_OP_TABLE(concatenation_s8, ConcatParams, ConcatArgs)

}  // namespace cmnn
