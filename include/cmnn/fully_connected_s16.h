// Fully connected layer of TFLite's 16x8 quantization: int16 input and output (zero points 0),
// int8 symmetric weights [output_depth][input_depth], requantized per tensor or per channel. The
// bias is int64 (the TFLite default: int64 accumulator, MultiplyByQuantizedMultiplier(int64_t...))
// or int32 (then, as in TFLite, the accumulator is int32, wrapping, and the 32-bit double-rounding
// MultiplyByQuantizedMultiplier applies; as conv2d_s16's bias32). Parameters as
// fully_connected_s8 (FullyConnectedParams, include/cmnn/fully_connected.h) with input_offset,
// filter_offset and output_offset 0, int16 activation limits and has_kernel_sums false.
#pragma once
#include <cstdint>

#include "cmnn/fully_connected.h"
#include "cmnn/op_api.h"

namespace cmnn {

struct FullyConnectedS16Args {
  const int16_t* input = nullptr;       // [batches][input_depth]
  const int8_t* weights = nullptr;      // [output_depth][input_depth]
  const int64_t* bias = nullptr;        // [output_depth] int64 bias, or null
  const int32_t* bias32 = nullptr;      // [output_depth] int32 bias (int32 accumulator), or null; not both
  const int32_t* multiplier = nullptr;  // [output_depth] or [1]
  const int32_t* shift = nullptr;       // [output_depth] or [1]
  int16_t* output = nullptr;            // [batches][output_depth]
};

using FullyConnectedS16Variant = Variant<FullyConnectedParams, FullyConnectedS16Args>;

// Ids "fully_connected_s16.<kind>.<isa>"; see docs/variants.md.
CMNN_DECLARE_OP_TABLE(fully_connected_s16, FullyConnectedParams, FullyConnectedS16Args)

}  // namespace cmnn
