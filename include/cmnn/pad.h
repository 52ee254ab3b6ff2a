// Pad of an int8 NHWC tensor with a constant (TFLite PAD / PADV2; CMSIS-NN arm_pad_s8).
#pragma once
#include <cstdint>

#include "cmnn/op_api.h"

namespace cmnn {

struct PadParams {
  int32_t input[4] = {1, 1, 1, 1};  // N, H, W, C
  int32_t before[4] = {0, 0, 0, 0}; // elements added before each dimension
  int32_t after[4] = {0, 0, 0, 0};  // and after
  int8_t value = 0;                 // quantized pad value (usually the zero point)
};

struct PadArgs {
  const int8_t* input = nullptr;
  int8_t* output = nullptr;  // [N+b0+a0][H+b1+a1][W+b2+a2][C+b3+a3]; must not overlap input
};

CMNN_DECLARE_OP_TABLE(pad_s8, PadParams, PadArgs)

}  // namespace cmnn
