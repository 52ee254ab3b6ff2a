// Fully connected layer with int4 weights: fully_connected_s8's arithmetic (include/cmnn/
// fully_connected.h; filter_offset must be 0, has_kernel_sums false, output_offset in [-128, 128]) whose weights
// [output_depth][input_depth] are int4 values packed two per byte, low nibble first, over the
// flat array (with an odd input_depth, odd rows start in the middle of a byte).
#pragma once
#include <cstdint>

#include "cmnn/fully_connected.h"
#include "cmnn/op_api.h"

namespace cmnn {

struct FullyConnectedS4Args {
  const int8_t* input = nullptr;        // [batches][input_depth]
  const uint8_t* weights = nullptr;     // ceil(output_depth * input_depth / 2) bytes
  const int32_t* bias = nullptr;        // [output_depth], may be null
  const int32_t* multiplier = nullptr;  // [output_depth] or [1]
  const int32_t* shift = nullptr;       // [output_depth] or [1]
  int8_t* output = nullptr;             // [batches][output_depth]
};

using FullyConnectedS4Variant = Variant<FullyConnectedParams, FullyConnectedS4Args>;

// Ids "fully_connected_s4.<kind>.<isa>"; see docs/variants.md.
CMNN_DECLARE_OP_TABLE(fully_connected_s4, FullyConnectedParams, FullyConnectedS4Args)

}  // namespace cmnn
