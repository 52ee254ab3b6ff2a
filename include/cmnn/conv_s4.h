// 2-D convolution with int4 weights: TFLite's int8 quantization (int8 activations with zero
// points, int32 bias, per-channel Q31 multiplier + shift) whose symmetric weights are int4 values
// in [-8, 7] packed two per byte, low nibble first, in the flat OHWI order of conv2d_s8 (so a
// filter row may start in the middle of a byte). Parameters as conv2d_s8 (include/cmnn/conv.h).
#pragma once
#include <cstdint>

#include "cmnn/conv.h"
#include "cmnn/op_api.h"

namespace cmnn {

struct Conv2dS4Args {
  const int8_t* input = nullptr;        // [batches][input_h][input_w][input_c]
  const uint8_t* filter = nullptr;      // ceil(output_c * filter_h * filter_w * input_c / groups / 2) bytes
  const int32_t* bias = nullptr;        // [output_c], may be null
  const int32_t* multiplier = nullptr;  // [output_c]
  const int32_t* shift = nullptr;       // [output_c]
  int8_t* output = nullptr;             // [batches][output_h][output_w][output_c]
};

using Conv2dS4Variant = Variant<Conv2dParams, Conv2dS4Args>;

// Ids "conv2d_s4.<kind>.<isa>"; see docs/variants.md.
CMNN_DECLARE_OP_TABLE(conv2d_s4, Conv2dParams, Conv2dS4Args)

// Unpacks count int4 values (low nibble first) into int8: the offline alternative to the packed
// kernels (a model compiler may store the unpacked weights and call conv2d_s8 instead).
void unpack_s4(const uint8_t* packed, int32_t count, int8_t* unpacked);

}  // namespace cmnn
