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

// The same for int16 (TFLite PAD / PADV2 int16: TFLM pads with the PADV2 constant, else 0).
struct PadS16Params {
  int32_t input[4] = {1, 1, 1, 1};  // N, H, W, C
  int32_t before[4] = {0, 0, 0, 0};
  int32_t after[4] = {0, 0, 0, 0};
  int16_t value = 0;
};

struct PadS16Args {
  const int16_t* input = nullptr;
  int16_t* output = nullptr;  // must not overlap input
};

CMNN_DECLARE_OP_TABLE(pad_s16, PadS16Params, PadS16Args)

// Host helper: input shape (rank 1..4, extended to 4-D with leading 1s) and the TFLite paddings
// operand ([rank][2] row-major: before, after) -> Params; out_shape gets rank entries.
Status pad_s16_plan(int32_t rank, const int32_t* in_shape, const int32_t* paddings, int16_t value, PadS16Params* p,
                    int32_t* out_shape);

}  // namespace cmnn
