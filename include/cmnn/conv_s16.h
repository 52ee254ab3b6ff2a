// 2-D convolution of TFLite's 16x8 quantization: int16 activations (zero points 0), int8 symmetric
// per-output-channel weights, Q31 multiplier + shift per output channel. The bias is int64 (the
// TFLite default: int64 accumulator, MultiplyByQuantizedMultiplier(int64_t...)) or int32 (then,
// as in TFLite and CMSIS-NN, the accumulator is int32 and the 32-bit double-rounding requantize
// applies). Shapes, layouts and groups as conv2d_s8 (Conv2dParams, include/cmnn/conv.h);
// input_offset and output_offset must be 0, activation limits are int16.
#pragma once
#include <cstdint>

#include "cmnn/conv.h"
#include "cmnn/op_api.h"

namespace cmnn {

struct Conv2dS16Args {
  const int16_t* input = nullptr;       // [batches][input_h][input_w][input_c]
  const int8_t* filter = nullptr;       // [output_c][filter_h][filter_w][input_c / groups]
  const int64_t* bias = nullptr;        // [output_c] int64 bias, or null
  const int32_t* bias32 = nullptr;      // [output_c] int32 bias (int32 accumulator), or null; not both
  const int32_t* multiplier = nullptr;  // [output_c], Q31 in [0, 2^31)
  const int32_t* shift = nullptr;       // [output_c], in [-31, 30], positive = left
  int16_t* output = nullptr;            // [batches][output_h][output_w][output_c]
};

using Conv2dS16Variant = Variant<Conv2dParams, Conv2dS16Args>;

// Ids "conv2d_s16.<kind>.<isa>"; see docs/variants.md.
CMNN_DECLARE_OP_TABLE(conv2d_s16, Conv2dParams, Conv2dS16Args)

}  // namespace cmnn
