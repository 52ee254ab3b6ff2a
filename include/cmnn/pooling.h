// Average and max pooling of TFLite's int8 / int16 quantization (NHWC; input and output share
// scale and zero point, so no requantization). Average pooling divides by the number of window
// positions inside the input (padding excluded) and rounds half away from zero, as TFLite's
// reference and CMSIS-NN do; both clamp to [activation_min, activation_max].
#pragma once
#include <cstdint>

#include "cmnn/op_api.h"

namespace cmnn {

struct PoolParams {
  int32_t batches = 1;
  int32_t input_h = 0, input_w = 0, channels = 0;
  int32_t output_h = 0, output_w = 0;
  int32_t filter_h = 0, filter_w = 0;
  int32_t stride_h = 1, stride_w = 1;
  int32_t pad_top = 0, pad_left = 0;  // bottom/right padding is implied by the output size
  int32_t activation_min = -128, activation_max = 127;  // in the output's integer domain
};

template <typename T>
struct PoolArgs {
  const T* input = nullptr;  // [batches][input_h][input_w][channels]
  T* output = nullptr;       // [batches][output_h][output_w][channels]
};

using PoolS8Variant = Variant<PoolParams, PoolArgs<int8_t>>;
using PoolS16Variant = Variant<PoolParams, PoolArgs<int16_t>>;

CMNN_DECLARE_OP_TABLE(avgpool_s8, PoolParams, PoolArgs<int8_t>)
CMNN_DECLARE_OP_TABLE(avgpool_s16, PoolParams, PoolArgs<int16_t>)
CMNN_DECLARE_OP_TABLE(maxpool_s8, PoolParams, PoolArgs<int8_t>)
CMNN_DECLARE_OP_TABLE(maxpool_s16, PoolParams, PoolArgs<int16_t>)

}  // namespace cmnn
