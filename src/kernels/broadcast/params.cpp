// Host-side parameter derivations of the broadcasting binary ops, written as TFLM 90b983c2's
// Prepare functions compute them (the float vs double steps matter for bit-exactness).
#include <algorithm>

#include "cmnn/elementwise.h"
#include "cmnn/quant.h"

namespace cmnn {

Status broadcast_dims(const int32_t* shape1, int32_t rank1, const int32_t* shape2, int32_t rank2,
                      int32_t input1_dims[kMaxBroadcastRank], int32_t input2_dims[kMaxBroadcastRank],
                      int32_t output_dims[kMaxBroadcastRank]) {
  if (rank1 < 0 || rank2 < 0 || rank1 > kMaxBroadcastRank || rank2 > kMaxBroadcastRank) return Status::kBadShape;
  if ((rank1 > 0 && shape1 == nullptr) || (rank2 > 0 && shape2 == nullptr)) return Status::kNullPointer;
  for (int d = 0; d < kMaxBroadcastRank; ++d) {
    const int from_end = kMaxBroadcastRank - d;  // 1 = innermost
    const int32_t a = from_end <= rank1 ? shape1[rank1 - from_end] : 1;
    const int32_t b = from_end <= rank2 ? shape2[rank2 - from_end] : 1;
    if (a <= 0 || b <= 0 || (a != b && a != 1 && b != 1)) return Status::kBadShape;
    input1_dims[d] = a;
    input2_dims[d] = b;
    output_dims[d] = a > b ? a : b;
  }
  return Status::kOk;
}

namespace {
void set_multiplier(double real, int32_t* multiplier, int32_t* shift) {
  int s = 0;
  quantize_multiplier(real, multiplier, &s);
  *shift = s;
}
}  // namespace

ArithmeticBroadcastParams add_broadcast_params(float input1_scale, int32_t input1_zero_point, float input2_scale,
                                               int32_t input2_zero_point, float output_scale,
                                               int32_t output_zero_point, int32_t act_min, int32_t act_max,
                                               bool is_int16) {
  ArithmeticBroadcastParams p;
  p.input1_offset = -input1_zero_point;
  p.input2_offset = -input2_zero_point;
  p.output_offset = output_zero_point;
  p.left_shift = is_int16 ? 15 : 20;
  // add_common.cc: every ratio in double.
  const double twice_max = 2 * static_cast<double>(std::max(input1_scale, input2_scale));
  set_multiplier(static_cast<double>(input1_scale) / twice_max, &p.input1_multiplier, &p.input1_shift);
  set_multiplier(static_cast<double>(input2_scale) / twice_max, &p.input2_multiplier, &p.input2_shift);
  set_multiplier(twice_max / ((1 << p.left_shift) * static_cast<double>(output_scale)), &p.output_multiplier,
                 &p.output_shift);
  p.activation_min = act_min;
  p.activation_max = act_max;
  return p;
}

ArithmeticBroadcastParams sub_params(float input1_scale, int32_t input1_zero_point, float input2_scale,
                                     int32_t input2_zero_point, float output_scale, int32_t output_zero_point,
                                     int32_t act_min, int32_t act_max, bool is_int16) {
  ArithmeticBroadcastParams p;
  p.input1_offset = -input1_zero_point;
  p.input2_offset = -input2_zero_point;
  p.output_offset = output_zero_point;
  p.left_shift = is_int16 ? 15 : 20;
  // sub_common.cc: the ratios are float divisions, widened to double afterwards.
  const float twice_max = 2 * std::max(input1_scale, input2_scale);
  set_multiplier(static_cast<double>(input1_scale / twice_max), &p.input1_multiplier, &p.input1_shift);
  set_multiplier(static_cast<double>(input2_scale / twice_max), &p.input2_multiplier, &p.input2_shift);
  const float out_denominator = static_cast<float>(1 << p.left_shift) * output_scale;
  set_multiplier(static_cast<double>(twice_max / out_denominator), &p.output_multiplier, &p.output_shift);
  p.activation_min = act_min;
  p.activation_max = act_max;
  return p;
}

ArithmeticBroadcastParams squared_difference_params(float input1_scale, int32_t input1_zero_point,
                                                    float input2_scale, int32_t input2_zero_point,
                                                    float output_scale, int32_t output_zero_point, bool is_int16) {
  ArithmeticBroadcastParams p;
  p.input1_offset = -input1_zero_point;
  p.input2_offset = -input2_zero_point;
  p.output_offset = output_zero_point;
  p.left_shift = is_int16 ? 0 : 7;
  const double twice_max = 2.0 * static_cast<double>(std::max(input1_scale, input2_scale));
  set_multiplier(static_cast<double>(input1_scale) / twice_max, &p.input1_multiplier, &p.input1_shift);
  set_multiplier(static_cast<double>(input2_scale) / twice_max, &p.input2_multiplier, &p.input2_shift);
  // (1 << 2 * left_shift) * output_scale is a float product in TFLM, widened afterwards.
  const float out_denominator = static_cast<float>(1 << (p.left_shift * 2)) * output_scale;
  set_multiplier((twice_max * twice_max) / static_cast<double>(out_denominator), &p.output_multiplier,
                 &p.output_shift);
  p.activation_min = is_int16 ? -32768 : -128;
  p.activation_max = is_int16 ? 32767 : 127;
  return p;
}

MulBroadcastParams mul_broadcast_params(float input1_scale, int32_t input1_zero_point, float input2_scale,
                                        int32_t input2_zero_point, float output_scale, int32_t output_zero_point,
                                        int32_t act_min, int32_t act_max) {
  MulBroadcastParams p;
  p.input1_offset = -input1_zero_point;
  p.input2_offset = -input2_zero_point;
  p.output_offset = output_zero_point;
  const double real = static_cast<double>(input1_scale) * static_cast<double>(input2_scale) /
                      static_cast<double>(output_scale);
  set_multiplier(real, &p.output_multiplier, &p.output_shift);
  p.activation_min = act_min;
  p.activation_max = act_max;
  return p;
}

}  // namespace cmnn
