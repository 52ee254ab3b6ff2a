// Elementwise binary ops of TFLite's quantization (flat tensors of equal size, except maximum /
// minimum, which broadcast in 4-D NHWC like TFLite's reference):
//   add_s8 / add_s16   out = clamp(rq((rq((x1 + off1) << left_shift, m1, s1) + rq((x2 + off2) << left_shift,
//                      m2, s2)), m_out, s_out) + out_offset), rq = TFLite's MultiplyByQuantizedMultiplier
//   mul_s8 / mul_s16   out = clamp(rq((x1 + off1) * (x2 + off2), m_out, s_out) + out_offset)
//   maximum_s8 / minimum_s8  no requantization (TFLite requires equal input/output quantization)
// and their broadcasting (up to 6-D) counterparts add_broadcast_*, sub_*, squared_difference_*,
// mul_broadcast_*, maximum_broadcast_*, minimum_broadcast_* (s8 and s16) further down.
// int16 tensors have zero points 0 (offsets must be 0). Offsets are negated input zero points.
#pragma once
#include <cstdint>

#include "cmnn/op_api.h"

namespace cmnn {

struct AddParams {
  int32_t size = 0;  // elements
  int32_t input1_offset = 0, input1_multiplier = 0, input1_shift = 0;
  int32_t input2_offset = 0, input2_multiplier = 0, input2_shift = 0;
  int32_t left_shift = 20;  // TFLite: 20 for int8, 15 for int16
  int32_t output_offset = 0, output_multiplier = 0, output_shift = 0;
  int32_t activation_min = -128, activation_max = 127;
};

struct MulParams {
  int32_t size = 0;
  int32_t input1_offset = 0, input2_offset = 0;
  int32_t output_offset = 0, output_multiplier = 0, output_shift = 0;
  int32_t activation_min = -128, activation_max = 127;
};

template <typename T>
struct BinaryArgs {
  const T* input1 = nullptr;
  const T* input2 = nullptr;
  T* output = nullptr;  // may alias an input
};

// 4-D NHWC shapes; an input dimension of 1 broadcasts against the output's.
struct BroadcastParams {
  int32_t input1[4] = {1, 1, 1, 1};
  int32_t input2[4] = {1, 1, 1, 1};
  int32_t output[4] = {1, 1, 1, 1};
};

// ---- Broadcasting binary ops (TFLite's BroadcastBinaryOpSimple / Broadcast*6DSlow, up to 6-D) ----
// Shapes are right-aligned NumPy style and padded with leading 1s to 6 dimensions (dims[0] outermost,
// dims[5] innermost, row-major). Per dimension each input is either the output's size or 1 (then it
// broadcasts). Equal shapes are the plain elementwise case. Fill the three arrays with
// broadcast_dims() below. The output must not alias an input that broadcasts.
constexpr int kMaxBroadcastRank = 6;

// ADD, SUB and SQUARED_DIFFERENCE (one requantization scheme; TFLite ArithmeticParams):
//   a_i = rq((x_i + input_i_offset) << left_shift, input_i_multiplier, input_i_shift)
//   add_broadcast:       out = clamp(rq(a1 + a2, output_multiplier, output_shift) + output_offset)
//   sub:                 out = clamp(rq(a1 - a2, output_multiplier, output_shift) + output_offset)
//   squared_difference:  out = clamp(rq((a1 - a2)^2, output_multiplier, output_shift) + output_offset)
// rq = TFLite's MultiplyByQuantizedMultiplier (double rounding). int16: offsets 0. Fill the quantization
// with add_broadcast_params / sub_params / squared_difference_params (the TFLM Prepare derivations).
struct ArithmeticBroadcastParams {
  int32_t input1_dims[kMaxBroadcastRank] = {1, 1, 1, 1, 1, 1};
  int32_t input2_dims[kMaxBroadcastRank] = {1, 1, 1, 1, 1, 1};
  int32_t output_dims[kMaxBroadcastRank] = {1, 1, 1, 1, 1, 1};
  int32_t input1_offset = 0;      // -input1 zero point (int8: [-127, 128]; int16: 0)
  int32_t input1_multiplier = 0;  // Q31, [2^30, 2^31) or 0
  int32_t input1_shift = 0;       // <= 0 (right shift)
  int32_t input2_offset = 0, input2_multiplier = 0, input2_shift = 0;
  int32_t left_shift = 20;        // ADD/SUB: 20 (int8) or 15 (int16); SQUARED_DIFFERENCE: 7 (int8) or 0 (int16)
  int32_t output_offset = 0;      // output zero point
  int32_t output_multiplier = 0;  // Q31
  int32_t output_shift = 0;       // [-31, 30], positive = left (only SQUARED_DIFFERENCE may be > 0)
  int32_t activation_min = -128, activation_max = 127;  // fused activation in the output's integer domain
};

// MUL: out = clamp(rq((x1 + input1_offset) * (x2 + input2_offset), output_multiplier, output_shift)
//      + output_offset). Fill with mul_broadcast_params.
struct MulBroadcastParams {
  int32_t input1_dims[kMaxBroadcastRank] = {1, 1, 1, 1, 1, 1};
  int32_t input2_dims[kMaxBroadcastRank] = {1, 1, 1, 1, 1, 1};
  int32_t output_dims[kMaxBroadcastRank] = {1, 1, 1, 1, 1, 1};
  int32_t input1_offset = 0, input2_offset = 0;  // -zero points (int16: 0)
  int32_t output_offset = 0, output_multiplier = 0, output_shift = 0;  // shift [-31, 30]
  int32_t activation_min = -128, activation_max = 127;
};

// MAXIMUM / MINIMUM: no requantization (TFLite requires one quantization for inputs and output).
struct MaxMinBroadcastParams {
  int32_t input1_dims[kMaxBroadcastRank] = {1, 1, 1, 1, 1, 1};
  int32_t input2_dims[kMaxBroadcastRank] = {1, 1, 1, 1, 1, 1};
  int32_t output_dims[kMaxBroadcastRank] = {1, 1, 1, 1, 1, 1};
};

// Host-side helpers (the single place of these derivations; plain double math, no allocation).
// broadcast_dims: pads the tensors' shapes (rank 0..6, row-major, outermost first) to the 6-D arrays
// above and computes the output shape; kBadShape when they do not broadcast or a rank is > 6.
Status broadcast_dims(const int32_t* shape1, int32_t rank1, const int32_t* shape2, int32_t rank2,
                      int32_t input1_dims[kMaxBroadcastRank], int32_t input2_dims[kMaxBroadcastRank],
                      int32_t output_dims[kMaxBroadcastRank]);
// Quantization of ADD (TFLM add_common.cc CalculateOpDataAdd, double math), of SUB (sub_common.cc
// CalculateOpDataSub: the scale ratios are computed in float, then widened) and of SQUARED_DIFFERENCE
// (squared_difference.cc PrepareQuantized; its activation range is the whole type range, pass
// -128/127 or -32768/32767). is_int16 selects the int16 left shift. Dims are left at 1: set them with
// broadcast_dims. act_min/act_max: TFLite's CalculateActivationRangeQuantized of the fused activation.
ArithmeticBroadcastParams add_broadcast_params(float input1_scale, int32_t input1_zero_point, float input2_scale,
                                               int32_t input2_zero_point, float output_scale,
                                               int32_t output_zero_point, int32_t act_min, int32_t act_max,
                                               bool is_int16);
ArithmeticBroadcastParams sub_params(float input1_scale, int32_t input1_zero_point, float input2_scale,
                                     int32_t input2_zero_point, float output_scale, int32_t output_zero_point,
                                     int32_t act_min, int32_t act_max, bool is_int16);
ArithmeticBroadcastParams squared_difference_params(float input1_scale, int32_t input1_zero_point,
                                                    float input2_scale, int32_t input2_zero_point,
                                                    float output_scale, int32_t output_zero_point, bool is_int16);
// MUL (mul_common.cc CalculateOpDataMul): real multiplier s1 * s2 / s_out in double.
MulBroadcastParams mul_broadcast_params(float input1_scale, int32_t input1_zero_point, float input2_scale,
                                        int32_t input2_zero_point, float output_scale, int32_t output_zero_point,
                                        int32_t act_min, int32_t act_max);

CMNN_DECLARE_OP_TABLE(add_s8, AddParams, BinaryArgs<int8_t>)
CMNN_DECLARE_OP_TABLE(add_s16, AddParams, BinaryArgs<int16_t>)
CMNN_DECLARE_OP_TABLE(mul_s8, MulParams, BinaryArgs<int8_t>)
CMNN_DECLARE_OP_TABLE(mul_s16, MulParams, BinaryArgs<int16_t>)
CMNN_DECLARE_OP_TABLE(maximum_s8, BroadcastParams, BinaryArgs<int8_t>)
CMNN_DECLARE_OP_TABLE(minimum_s8, BroadcastParams, BinaryArgs<int8_t>)

// Broadcasting ops (6-D, see above).
CMNN_DECLARE_OP_TABLE(add_broadcast_s8, ArithmeticBroadcastParams, BinaryArgs<int8_t>)
CMNN_DECLARE_OP_TABLE(add_broadcast_s16, ArithmeticBroadcastParams, BinaryArgs<int16_t>)
CMNN_DECLARE_OP_TABLE(sub_s8, ArithmeticBroadcastParams, BinaryArgs<int8_t>)
CMNN_DECLARE_OP_TABLE(sub_s16, ArithmeticBroadcastParams, BinaryArgs<int16_t>)
CMNN_DECLARE_OP_TABLE(squared_difference_s8, ArithmeticBroadcastParams, BinaryArgs<int8_t>)
CMNN_DECLARE_OP_TABLE(squared_difference_s16, ArithmeticBroadcastParams, BinaryArgs<int16_t>)
CMNN_DECLARE_OP_TABLE(mul_broadcast_s8, MulBroadcastParams, BinaryArgs<int8_t>)
CMNN_DECLARE_OP_TABLE(mul_broadcast_s16, MulBroadcastParams, BinaryArgs<int16_t>)
CMNN_DECLARE_OP_TABLE(maximum_broadcast_s8, MaxMinBroadcastParams, BinaryArgs<int8_t>)
CMNN_DECLARE_OP_TABLE(maximum_broadcast_s16, MaxMinBroadcastParams, BinaryArgs<int16_t>)
CMNN_DECLARE_OP_TABLE(minimum_broadcast_s8, MaxMinBroadcastParams, BinaryArgs<int8_t>)
CMNN_DECLARE_OP_TABLE(minimum_broadcast_s16, MaxMinBroadcastParams, BinaryArgs<int16_t>)

}  // namespace cmnn
