// CMSIS-NN's softmax functions over cmnn's softmax tables (TFLite reference results, including
// one-element int16 rows, which CMSIS-NN's arm_softmax_s16 gets wrong).
#include "arm_nnfunctions.h"
#include "cmnn/softmax.h"
#include "cmsis_nn_api/common.h"

namespace cmnn::cmsis_nn_api {
namespace {

SoftmaxParams params_of(int32_t rows, int32_t row_size, int32_t mult, int32_t shift, int32_t diff_min) {
  SoftmaxParams p;
  p.rows = rows;
  p.row_size = row_size;
  p.input_multiplier = mult;
  p.input_left_shift = shift;
  p.diff_min = diff_min;
  return p;
}

}  // namespace
}  // namespace cmnn::cmsis_nn_api

using namespace cmnn;
using namespace cmnn::cmsis_nn_api;

extern "C" {

void arm_softmax_s8(const int8_t* input, const int32_t num_rows, const int32_t row_size, const int32_t mult,
                    const int32_t shift, const int32_t diff_min, int8_t* output) {
  SoftmaxS8Args a;
  a.input = input;
  a.output = output;
  (void)softmax_s8(params_of(num_rows, row_size, mult, shift, diff_min), a, nullptr, 0);
}

void arm_softmax_s8_s16(const int8_t* input, const int32_t num_rows, const int32_t row_size, const int32_t mult,
                        const int32_t shift, const int32_t diff_min, int16_t* output) {
  SoftmaxS8S16Args a;
  a.input = input;
  a.output = output;
  (void)softmax_s8_s16(params_of(num_rows, row_size, mult, shift, diff_min), a, nullptr, 0);
}

arm_cmsis_nn_status arm_softmax_s16(const int16_t* input, const int32_t num_rows, const int32_t row_size,
                                    const int32_t mult, const int32_t shift,
                                    const cmsis_nn_softmax_lut_s16* softmax_params, int16_t* output) {
  // CMSIS-NN reads the two tables from softmax_params; cmnn's built-in tables are TFLM's (same formula).
  if (softmax_params == nullptr || softmax_params->exp_lut == nullptr || softmax_params->one_by_one_lut == nullptr)
    return ARM_CMSIS_NN_ARG_ERROR;
  SoftmaxS16Args a;
  a.input = input;
  a.output = output;
  return to_status(softmax_s16(params_of(num_rows, row_size, mult, shift, 0), a, nullptr, 0));
}

}  // extern "C"
