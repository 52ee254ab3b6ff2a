// SQUARED_DIFFERENCE, MAXIMUM, MINIMUM: int8 and int16 with up to 6-D broadcasting
// (squared_difference_s8/s16, maximum_broadcast_s8/s16, minimum_broadcast_s8/s16). The library's
// squared_difference_params / broadcast_dims are the single place of TFLM's Prepare arithmetic.
// Same-shape outputs may overwrite an input.
#include <algorithm>

#include "cmnn/elementwise.h"
#include "ops/op_support.h"

namespace cmnn::tool::ops {

namespace {

namespace lib = ::cmnn;

#define CMNN_DIMS6(name)                                                                               \
  CMNN_FIELD(name[0]), CMNN_FIELD(name[1]), CMNN_FIELD(name[2]), CMNN_FIELD(name[3]), CMNN_FIELD(name[4]), \
      CMNN_FIELD(name[5])

std::vector<ParamField> arithmetic_fields(const lib::ArithmeticBroadcastParams& p) {
  return {CMNN_DIMS6(input1_dims),     CMNN_DIMS6(input2_dims),      CMNN_DIMS6(output_dims),
          CMNN_FIELD(input1_offset),   CMNN_FIELD(input1_multiplier), CMNN_FIELD(input1_shift),
          CMNN_FIELD(input2_offset),   CMNN_FIELD(input2_multiplier), CMNN_FIELD(input2_shift),
          CMNN_FIELD(left_shift),      CMNN_FIELD(output_offset),     CMNN_FIELD(output_multiplier),
          CMNN_FIELD(output_shift),    CMNN_FIELD(activation_min),    CMNN_FIELD(activation_max)};
}
std::vector<ParamField> max_min_fields(const lib::MaxMinBroadcastParams& p) {
  return {CMNN_DIMS6(input1_dims), CMNN_DIMS6(input2_dims), CMNN_DIMS6(output_dims)};
}
#undef CMNN_DIMS6

using ArithP = lib::ArithmeticBroadcastParams;
using MmP = lib::MaxMinBroadcastParams;
const CallSpec<ArithP, lib::BinaryArgs<int8_t>> kSqDiffS8 = {
    "squared_difference_s8", "cmnn/elementwise.h", "cmnn::ArithmeticBroadcastParams", "cmnn::BinaryArgs<int8_t>",
    lib::squared_difference_s8_variants, lib::squared_difference_s8_run_variant, arithmetic_fields};
const CallSpec<ArithP, lib::BinaryArgs<int16_t>> kSqDiffS16 = {
    "squared_difference_s16", "cmnn/elementwise.h", "cmnn::ArithmeticBroadcastParams", "cmnn::BinaryArgs<int16_t>",
    lib::squared_difference_s16_variants, lib::squared_difference_s16_run_variant, arithmetic_fields};
const CallSpec<MmP, lib::BinaryArgs<int8_t>> kMaxS8 = {
    "maximum_broadcast_s8", "cmnn/elementwise.h", "cmnn::MaxMinBroadcastParams", "cmnn::BinaryArgs<int8_t>",
    lib::maximum_broadcast_s8_variants, lib::maximum_broadcast_s8_run_variant, max_min_fields};
const CallSpec<MmP, lib::BinaryArgs<int16_t>> kMaxS16 = {
    "maximum_broadcast_s16", "cmnn/elementwise.h", "cmnn::MaxMinBroadcastParams", "cmnn::BinaryArgs<int16_t>",
    lib::maximum_broadcast_s16_variants, lib::maximum_broadcast_s16_run_variant, max_min_fields};
const CallSpec<MmP, lib::BinaryArgs<int8_t>> kMinS8 = {
    "minimum_broadcast_s8", "cmnn/elementwise.h", "cmnn::MaxMinBroadcastParams", "cmnn::BinaryArgs<int8_t>",
    lib::minimum_broadcast_s8_variants, lib::minimum_broadcast_s8_run_variant, max_min_fields};
const CallSpec<MmP, lib::BinaryArgs<int16_t>> kMinS16 = {
    "minimum_broadcast_s16", "cmnn/elementwise.h", "cmnn::MaxMinBroadcastParams", "cmnn::BinaryArgs<int16_t>",
    lib::minimum_broadcast_s16_variants, lib::minimum_broadcast_s16_run_variant, max_min_fields};


void lower_squared_difference(LowerContext& ctx) {
  int32_t d1[6], d2[6], dout[6];
  bool is_int16 = false;
  Layer& l = broadcast_binary_layer(ctx, d1, d2, dout, &is_int16);
  const Quant q1 = activation_quant(ctx.input(0), "input 1"), q2 = activation_quant(ctx.input(1), "input 2");
  const Quant qo = activation_quant(ctx.output(0), "output");
  if (is_int16 && (q1.zero_point != 0 || q2.zero_point != 0 || qo.zero_point != 0)) {
    throw ImportError("int16 SQUARED_DIFFERENCE needs zero points 0");
  }
  ArithP p = lib::squared_difference_params(q1.scale, q1.zero_point, q2.scale, q2.zero_point, qo.scale,
                                            qo.zero_point, is_int16);
  std::copy(d1, d1 + 6, p.input1_dims);
  std::copy(d2, d2 + 6, p.input2_dims);
  std::copy(dout, dout + 6, p.output_dims);
  if (is_int16) {
    using A = lib::BinaryArgs<int16_t>;
    l.call = make_call(kSqDiffS16, p, {CMNN_ARG(A, input1, in(0)), CMNN_ARG(A, input2, in(1)), CMNN_ARG(A, output, out(0))});
  } else {
    using A = lib::BinaryArgs<int8_t>;
    l.call = make_call(kSqDiffS8, p, {CMNN_ARG(A, input1, in(0)), CMNN_ARG(A, input2, in(1)), CMNN_ARG(A, output, out(0))});
  }
}

template <bool kMax>
void lower_max_min(LowerContext& ctx) {
  MmP p;
  bool is_int16 = false;
  Layer& l = broadcast_binary_layer(ctx, p.input1_dims, p.input2_dims, p.output_dims, &is_int16);
  // TFLM compares the raw values: no requantization, whatever the quantization says.
  if (is_int16) {
    using A = lib::BinaryArgs<int16_t>;
    l.call = make_call(kMax ? kMaxS16 : kMinS16, p,
                       {CMNN_ARG(A, input1, in(0)), CMNN_ARG(A, input2, in(1)), CMNN_ARG(A, output, out(0))});
  } else {
    using A = lib::BinaryArgs<int8_t>;
    l.call = make_call(kMax ? kMaxS8 : kMinS8, p,
                       {CMNN_ARG(A, input1, in(0)), CMNN_ARG(A, input2, in(1)), CMNN_ARG(A, output, out(0))});
  }
}

}  // namespace

extern const OpDef kSquaredDifference = {tflite::op::kSquaredDifference, "squared_difference",
                                         lower_squared_difference};
extern const OpDef kMaximum = {tflite::op::kMaximum, "maximum", lower_max_min<true>};
extern const OpDef kMinimum = {tflite::op::kMinimum, "minimum", lower_max_min<false>};

}  // namespace cmnn::tool::ops
