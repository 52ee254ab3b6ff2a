// PRELU int8 (int8 alpha) and int16 (int8 alpha) with numpy broadcasting of input and alpha, bit-exact
// with TFLM's reference_ops::BroadcastPrelu4DSlow (tflite-micro 90b983c2):
//   x = in + input_offset; out = clamp(output_offset + (x >= 0 ? MBQM(x, m1, s1)
//                                       : MBQM(x * (alpha + alpha_offset), m2, s2))).
#pragma once
#include <cstdint>

#include "cmnn/op_api.h"

namespace cmnn {

constexpr int kPreluMaxRank = 5;

struct PreluParams {
  // Shapes right-aligned to kPreluMaxRank, padded with leading 1s (row-major, last dimension
  // fastest). Each input dimension equals the output's or is 1 (broadcast); the output dimension
  // is the larger of the two.
  int32_t input_dims[kPreluMaxRank] = {1, 1, 1, 1, 1};
  int32_t alpha_dims[kPreluMaxRank] = {1, 1, 1, 1, 1};
  int32_t output_dims[kPreluMaxRank] = {1, 1, 1, 1, 1};
  int32_t input_offset = 0;   // minus the input zero point
  int32_t alpha_offset = 0;   // minus the alpha zero point
  int32_t output_offset = 0;  // the output zero point
  int32_t output_multiplier_1 = 0;  // identity (x >= 0): Q31 >= 0, shift in [-31, 30]
  int32_t output_shift_1 = 0;
  int32_t output_multiplier_2 = 0;  // alpha branch
  int32_t output_shift_2 = 0;
};

template <typename T>
struct PreluArgs {
  const T* input = nullptr;       // input_dims
  const int8_t* alpha = nullptr;  // alpha_dims (int8 for both int8 and int16 inputs, as TFLM requires)
  T* output = nullptr;            // output_dims; must not overlap alpha, may equal input only if the shapes match
};

// TFLM CalculatePreluParams, in double: (output_multiplier_1, output_shift_1) =
// QuantizeMultiplier(double(input_scale) / double(output_scale)); (output_multiplier_2,
// output_shift_2) = QuantizeMultiplier(double(input_scale) * double(alpha_scale) /
// double(output_scale)); input_offset = -input_zero_point, alpha_offset = -alpha_zero_point,
// output_offset = output_zero_point. Shapes (ranks 0..5, as in the model) are right-aligned and
// broadcast into the dims arrays; kBadShape when they do not broadcast or a rank exceeds 5.
// The same helper serves prelu_s8 and prelu_s16 (int16: TFLM checks no zero points).
Status prelu_params(float input_scale, int32_t input_zero_point, float alpha_scale, int32_t alpha_zero_point,
                    float output_scale, int32_t output_zero_point, const int32_t* input_shape, int input_rank,
                    const int32_t* alpha_shape, int alpha_rank, PreluParams* params);

CMNN_DECLARE_OP_TABLE(prelu_s8, PreluParams, PreluArgs<int8_t>)
CMNN_DECLARE_OP_TABLE(prelu_s16, PreluParams, PreluArgs<int16_t>)

}  // namespace cmnn
