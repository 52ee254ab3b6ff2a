// Path 1 of docs/integration.md from the installed package: CMSIS-NN's C API (cmnn::cmsis_nn).
// Both include spellings must resolve: "arm_nnfunctions.h" (CMSIS-NN's examples) and
// "Include/arm_nnfunctions.h" (TFLM's cmsis_nn kernels). The layer is the one of
// tests/package/kernels_direct: 4 inputs, 2 outputs, weights one row per output, output = acc / 2
// (multiplier 2^30 = 0.5 in Q31, shift 0): acc = {1+2+3+4, 1-2+6-8+11} = {10, 8} -> {5, 4}.
// Prints "arm_fully_connected_s8: 5 4 (ok)" and exits 0, or exits 1.
#include <cstdint>

#include "Include/arm_nnfunctions.h"
#include "arm_nnfunctions.h"
#include "platform.h"

int main() {
  const int8_t input[4] = {1, 2, 3, 4};
  const int8_t weights[2 * 4] = {1, 1, 1, 1, 1, -1, 2, -2};
  const int32_t bias[2] = {0, 11};
  int8_t output[2] = {0, 0};

  const cmsis_nn_dims input_dims = {1, 1, 1, 4};
  const cmsis_nn_dims filter_dims = {4, 1, 1, 2};  // n: accumulation depth, c: output channels
  const cmsis_nn_dims bias_dims = {1, 1, 1, 2};
  const cmsis_nn_dims output_dims = {1, 1, 1, 2};
  cmsis_nn_fc_params fc = {0, 0, 0, {-128, 127}};
  const cmsis_nn_per_tensor_quant_params quant = {1 << 30, 0};
  alignas(16) static uint8_t buffer[4096];
  const int32_t need = arm_fully_connected_s8_get_buffer_size(&filter_dims);
  if (need < 0 || need > static_cast<int32_t>(sizeof buffer)) return 1;
  const cmsis_nn_context ctx = {buffer, static_cast<int32_t>(sizeof buffer)};
  const arm_cmsis_nn_status s = arm_fully_connected_s8(&ctx, &fc, &quant, &input_dims, input, &filter_dims, weights,
                                                       &bias_dims, bias, &output_dims, output);
  const bool ok = s == ARM_CMSIS_NN_SUCCESS && output[0] == 5 && output[1] == 4;
  cmnn::platform::print("arm_fully_connected_s8: %d %d (%s)\n", output[0], output[1], ok ? "ok" : "FAILED");
  return ok ? 0 : 1;
}
