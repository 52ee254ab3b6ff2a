// RELU int8 / int16 (relu_s8, relu_s16): a requantization clamped at the output's zero.
#include "ops/activation_support.h"

namespace cmnn::tool::ops {

namespace {

namespace lib = ::cmnn;

std::vector<ParamField> s8_fields(const lib::ReluParams& p) {
  return {CMNN_FIELD(size), CMNN_FIELD(input_offset), CMNN_FIELD(output_offset), CMNN_FIELD(output_multiplier), CMNN_FIELD(output_shift), CMNN_FIELD(activation_min), CMNN_FIELD(activation_max)};
}

const CallSpec<lib::ReluParams, lib::UnaryArgs<int8_t>> kS8 = {
    "relu_s8", "cmnn/activations.h", "cmnn::ReluParams", "cmnn::UnaryArgs<int8_t>",
    lib::relu_s8_variants, lib::relu_s8_run_variant, s8_fields};

std::vector<ParamField> s16_fields(const lib::ReluParams& p) {
  return {CMNN_FIELD(size), CMNN_FIELD(input_offset), CMNN_FIELD(output_offset), CMNN_FIELD(output_multiplier), CMNN_FIELD(output_shift), CMNN_FIELD(activation_min), CMNN_FIELD(activation_max)};
}

const CallSpec<lib::ReluParams, lib::UnaryArgs<int16_t>> kS16 = {
    "relu_s16", "cmnn/activations.h", "cmnn::ReluParams", "cmnn::UnaryArgs<int16_t>",
    lib::relu_s16_variants, lib::relu_s16_run_variant, s16_fields};

void lower(LowerContext& ctx) {
  const TensorType t = unary_type(ctx, "RELU", true);
  const Quant iq = activation_quant(ctx.input(0), "input"), oq = activation_quant(ctx.output(0), "output");
  const auto n = static_cast<int32_t>(ctx.input(0).elements);
  if (t == TensorType::kInt8) {
    lib::ReluParams p;
    check_params_status(lib::relu_s8_params(iq.scale, iq.zero_point, oq.scale, oq.zero_point, n, &p), "RELU");
    add_unary_layer(ctx, kS8, p);
  } else {
    lib::ReluParams p;
    check_params_status(lib::relu_s16_params(iq.scale, iq.zero_point, oq.scale, oq.zero_point, n, &p), "RELU");
    add_unary_layer(ctx, kS16, p);
  }
}

}  // namespace

extern const OpDef kRelu = {tflite::op::kRelu, "relu", lower};

}  // namespace cmnn::tool::ops
