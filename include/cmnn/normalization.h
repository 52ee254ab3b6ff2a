// L2_NORMALIZATION over the last dimension, bit-exact with TFLM's reference int8 kernel
// (reference_integer_ops::L2Normalization): each row of (x - input_zero_point) is multiplied by
// 1 / sqrt(sum of squares) through TFLite's fixed-point inverse square root. The output
// quantization is fixed by the kernel: scale 1/128, zero point 0 (values in [-1, 127/128]); TFLM
// does not check the output tensor's quantization, so the compiler should.
#pragma once
#include <cstdint>

#include "cmnn/op_api.h"

namespace cmnn {

struct L2NormalizationParams {
  int32_t rows = 1;              // product of all dimensions but the last
  int32_t depth = 0;             // the last dimension, [1, 33025] (the sum of squares fits int32)
  int32_t input_zero_point = 0;  // [-128, 127]
};

struct L2NormalizationS8Args {
  const int8_t* input = nullptr;  // [rows][depth]
  int8_t* output = nullptr;       // [rows][depth]; may equal input
};

CMNN_DECLARE_OP_TABLE(l2_normalization_s8, L2NormalizationParams, L2NormalizationS8Args)

// The params of an int8 L2_NORMALIZATION (TFLM L2NormPrepare keeps only the input zero point).
L2NormalizationParams l2_normalization_s8_params(int32_t input_zero_point, int32_t rows, int32_t depth);

}  // namespace cmnn
