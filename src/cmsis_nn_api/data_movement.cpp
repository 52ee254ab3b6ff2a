// CMSIS-NN's data movement over cmnn's tables: transpose, pad, and the reshape copy.
#include <cstring>

#include "arm_nnfunctions.h"
#include "cmnn/pad.h"
#include "cmnn/transpose.h"
#include "cmsis_nn_api/common.h"

using namespace cmnn;
using namespace cmnn::cmsis_nn_api;

extern "C" {

// A reshape only copies; input and output may overlap.
void arm_reshape_s8(const int8_t* input, int8_t* output, const uint32_t total_size) {
  if (input != nullptr && output != nullptr && input != output) std::memmove(output, input, total_size);
}

// num_dims k uses the first k of (n, h, w, c) as the input's shape, as CMSIS-NN does.
arm_cmsis_nn_status arm_transpose_s8(const int8_t* input_data, int8_t* const output_data,
                                     const cmsis_nn_dims* const input_dims, const cmsis_nn_dims* const output_dims,
                                     const cmsis_nn_transpose_params* const transpose_params) {
  if (input_dims == nullptr || output_dims == nullptr || transpose_params == nullptr ||
      transpose_params->num_dims < 1 || transpose_params->num_dims > 4 || transpose_params->permutations == nullptr)
    return ARM_CMSIS_NN_ARG_ERROR;
  TransposeParams p;
  p.rank = transpose_params->num_dims;
  const int32_t in[4] = {input_dims->n, input_dims->h, input_dims->w, input_dims->c};
  const int32_t out[4] = {output_dims->n, output_dims->h, output_dims->w, output_dims->c};
  for (int32_t i = 0; i < p.rank; ++i) {
    const uint32_t axis = transpose_params->permutations[i];
    if (axis >= static_cast<uint32_t>(p.rank)) return ARM_CMSIS_NN_ARG_ERROR;
    p.input[i] = in[i];
    p.perm[i] = static_cast<int32_t>(axis);
  }
  for (int32_t i = 0; i < p.rank; ++i) {
    if (out[i] != in[p.perm[i]]) return ARM_CMSIS_NN_ARG_ERROR;  // output_dims must be the permuted input
  }
  TransposeArgs a;
  a.input = input_data;
  a.output = output_data;
  return to_status(transpose_s8(p, a, nullptr, 0));
}

arm_cmsis_nn_status arm_pad_s8(const int8_t* input, int8_t* output, const int8_t pad_value,
                               const cmsis_nn_dims* input_size, const cmsis_nn_dims* pre_pad,
                               const cmsis_nn_dims* post_pad) {
  if (input_size == nullptr || pre_pad == nullptr || post_pad == nullptr) return ARM_CMSIS_NN_ARG_ERROR;
  PadParams p;
  const cmsis_nn_dims* dims[3] = {input_size, pre_pad, post_pad};
  int32_t* fields[3] = {p.input, p.before, p.after};
  for (int i = 0; i < 3; ++i) {
    fields[i][0] = dims[i]->n;
    fields[i][1] = dims[i]->h;
    fields[i][2] = dims[i]->w;
    fields[i][3] = dims[i]->c;
  }
  p.value = pad_value;
  PadArgs a;
  a.input = input;
  a.output = output;
  return to_status(pad_s8(p, a, nullptr, 0));
}

}  // extern "C"
