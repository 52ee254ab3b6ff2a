// Softmax over the last dimension of TFLite's quantization, bit-exact with TFLite's reference and
// CMSIS-NN:
//   softmax_s8      int8 -> int8 (output scale 1/256, zero point -128)
//   softmax_s8_s16  int8 -> int16 (output scale 1/65536, zero point -32768)
//   softmax_s16     int16 -> int16 (zero point 0, output scale 1/32768), through TFLite's exp and
//                   1/(1+x) lookup tables (built into cmnn, generated from TFLite's formula)
// For int8 input, input_multiplier / input_left_shift scale (x - max) * beta * input_scale into Q5.26
// (TFLite PreprocessSoftmaxScaling with 5 integer bits) and diff_min is the smallest difference
// that still contributes. For int16 input they requantize (x - max) onto the exp table's [-10, 0]
// (multiplier Q31, shift positive = left; diff_min unused).
#pragma once
#include <cstdint>

#include "cmnn/op_api.h"

namespace cmnn {

struct SoftmaxParams {
  int32_t rows = 1;       // independent rows
  int32_t row_size = 0;   // elements per row (at most 4095 for int8 input, 65535 for int16)
  int32_t input_multiplier = 0;
  int32_t input_left_shift = 0;
  int32_t diff_min = 0;
};

template <typename In, typename Out>
struct SoftmaxArgs {
  const In* input = nullptr;  // [rows][row_size]
  Out* output = nullptr;      // [rows][row_size]; may equal input for the same type
};

using SoftmaxS8Args = SoftmaxArgs<int8_t, int8_t>;
using SoftmaxS8S16Args = SoftmaxArgs<int8_t, int16_t>;
using SoftmaxS16Args = SoftmaxArgs<int16_t, int16_t>;

CMNN_DECLARE_OP_TABLE(softmax_s8, SoftmaxParams, SoftmaxS8Args)
CMNN_DECLARE_OP_TABLE(softmax_s8_s16, SoftmaxParams, SoftmaxS8S16Args)
CMNN_DECLARE_OP_TABLE(softmax_s16, SoftmaxParams, SoftmaxS16Args)

// LOG_SOFTMAX int8 over the last dimension, bit-exact with TFLM's reference kernel
// (reference_ops::LogSoftmax on int8): log(sum of exps) through TFLite's fixed-point log, output
// quantization fixed by TFLM at scale 16/256, zero point 127 (beta is always 1 in TFLM).
// All fields come from log_softmax_s8_params (TFLM log_softmax.cc Prepare):
struct LogSoftmaxParams {
  int32_t rows = 1;                         // product of all dimensions but the last
  int32_t depth = 0;                        // the last dimension, [1, 4095] (the Q12.19 exp sum fits)
  int32_t input_multiplier = 0;             // Q31, with input_left_shift: input_scale * 2^26 (x - max into Q5.26)
  int32_t input_left_shift = 0;             // [0, 31], positive = left
  int32_t reverse_scaling_divisor = 0;      // Q31, with the right shift: the inverse of that scaling
  int32_t reverse_scaling_right_shift = 0;  // [0, 31], positive = right
  int32_t diff_min = 0;                     // <= 0: differences x - max below it give -128
};

using LogSoftmaxS8Args = SoftmaxArgs<int8_t, int8_t>;  // output may equal input

CMNN_DECLARE_OP_TABLE(log_softmax_s8, LogSoftmaxParams, LogSoftmaxS8Args)

// TFLM PreprocessLogSoftmaxScalingExp(beta 1, input_scale, 5 integer bits) and
// diff_min = -CalculateInputRadius(5, input_left_shift). Host code (double arithmetic).
LogSoftmaxParams log_softmax_s8_params(float input_scale, int32_t rows, int32_t depth);

}  // namespace cmnn
