// SVDF (singular value decomposition filter) layer of TFLite's integer quantization, one time
// step per call (TFLite EvalIntegerSVDF; CMSIS-NN arm_svdf_s8 / arm_svdf_state_s16_s8):
//  1. each batch's state [feature_batches][time_batches] shifts one step toward index 0;
//  2. state[b][f][time_batches - 1] = clamp(requantize(Σ_k (input[b][k] + input_offset) *
//     weights_feature[f][k], input_multiplier, input_shift), state_min, state_max);
//  3. per feature f: t[f] = Σ_j weights_time[f][j] * state[b][f][j] (int32, wrapping);
//  4. output[b][u] = clamp(requantize(bias[u] + Σ_{r < rank} t[u * rank + r], output_multiplier,
//     output_shift) + output_offset, activation_min, activation_max), u < feature_batches / rank.
// svdf_s8 keeps int8 state and int8 time weights; svdf_state_s16_s8 int16 state and time weights.
// Requantization is TFLite's 32-bit MultiplyByQuantizedMultiplier.
#pragma once
#include <cstdint>

#include "cmnn/op_api.h"

namespace cmnn {

struct SvdfParams {
  int32_t batches = 1;
  int32_t input_size = 0;
  int32_t feature_batches = 0;  // units * rank
  int32_t rank = 1;
  int32_t time_batches = 0;     // memory length
  int32_t input_offset = 0;     // = -input zero point, in [-127, 128]
  int32_t output_offset = 0;    // = output zero point, in [-128, 127]
  int32_t input_multiplier = 0, input_shift = 0;    // feature projection -> state
  int32_t output_multiplier = 0, output_shift = 0;  // unit sums -> output
  int32_t state_min = -128, state_max = 127;        // clamp of new state values, within the state type
  int32_t activation_min = -128, activation_max = 127;
  // State zero point (TFLM EvalIntegerSvdfReference): a new state value is stored as
  // State(state_zero_point + clamped value), wrapping like TFLM's narrowing store, and step 3 reads
  // (state - state_zero_point).
  int32_t state_zero_point = 0;

  constexpr int32_t units() const { return rank > 0 ? feature_batches / rank : 0; }
};

template <typename State>
struct SvdfTensors {
  const int8_t* input = nullptr;            // [batches][input_size]
  const int8_t* weights_feature = nullptr;  // [feature_batches][input_size]
  const State* weights_time = nullptr;      // [feature_batches][time_batches]
  const int32_t* bias = nullptr;            // [units], may be null
  State* state = nullptr;                   // [batches][feature_batches][time_batches], updated in place
  int8_t* output = nullptr;                 // [batches][units]
};
using SvdfS8Args = SvdfTensors<int8_t>;
using SvdfS16StateArgs = SvdfTensors<int16_t>;

// Ids "svdf_s8.<kind>.<isa>", "svdf_state_s16_s8.<kind>.<isa>"; see docs/variants.md.
CMNN_DECLARE_OP_TABLE(svdf_s8, SvdfParams, SvdfS8Args)
CMNN_DECLARE_OP_TABLE(svdf_state_s16_s8, SvdfParams, SvdfS16StateArgs)

}  // namespace cmnn
