// Transpose (permutation of up to 4 dimensions) of an int8 tensor: output dimension i is input
// dimension perm[i] (TFLite TRANSPOSE; CMSIS-NN arm_transpose_s8).
#pragma once
#include <cstdint>

#include "cmnn/op_api.h"

namespace cmnn {

struct TransposeParams {
  int32_t rank = 4;                  // 1..4
  int32_t input[4] = {1, 1, 1, 1};   // first `rank` entries used
  int32_t perm[4] = {0, 1, 2, 3};
};

struct TransposeArgs {
  const int8_t* input = nullptr;
  int8_t* output = nullptr;  // must not overlap input
};

CMNN_DECLARE_OP_TABLE(transpose_s8, TransposeParams, TransposeArgs)

}  // namespace cmnn
