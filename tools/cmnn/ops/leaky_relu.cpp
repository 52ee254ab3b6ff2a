// LEAKY_RELU int8 / int16 (leaky_relu_s8, leaky_relu_s16).
#include "ops/activation_support.h"

namespace cmnn::tool::ops {

namespace {

namespace lib = ::cmnn;

std::vector<ParamField> s8_fields(const lib::LeakyReluParams& p) {
  return {CMNN_FIELD(size), CMNN_FIELD(input_zero_point), CMNN_FIELD(output_zero_point), CMNN_FIELD(output_multiplier_alpha), CMNN_FIELD(output_shift_alpha), CMNN_FIELD(output_multiplier_identity), CMNN_FIELD(output_shift_identity)};
}

const CallSpec<lib::LeakyReluParams, lib::UnaryArgs<int8_t>> kS8 = {
    "leaky_relu_s8", "cmnn/activations.h", "cmnn::LeakyReluParams", "cmnn::UnaryArgs<int8_t>",
    lib::leaky_relu_s8_variants, lib::leaky_relu_s8_run_variant, s8_fields};

std::vector<ParamField> s16_fields(const lib::LeakyReluParams& p) {
  return {CMNN_FIELD(size), CMNN_FIELD(input_zero_point), CMNN_FIELD(output_zero_point), CMNN_FIELD(output_multiplier_alpha), CMNN_FIELD(output_shift_alpha), CMNN_FIELD(output_multiplier_identity), CMNN_FIELD(output_shift_identity)};
}

const CallSpec<lib::LeakyReluParams, lib::UnaryArgs<int16_t>> kS16 = {
    "leaky_relu_s16", "cmnn/activations.h", "cmnn::LeakyReluParams", "cmnn::UnaryArgs<int16_t>",
    lib::leaky_relu_s16_variants, lib::leaky_relu_s16_run_variant, s16_fields};

void lower(LowerContext& ctx) {
  const TensorType t = unary_type(ctx, "LEAKY_RELU", true);
  const Quant iq = activation_quant(ctx.input(0), "input"), oq = activation_quant(ctx.output(0), "output");
  const auto* options = std::get_if<tflite::LeakyReluOptions>(&ctx.node.options);
  const float alpha = options != nullptr ? options->alpha : 0.0f;  // schema default
  const auto n = static_cast<int32_t>(ctx.input(0).elements);
  if (t == TensorType::kInt8) {
    lib::LeakyReluParams p;
    check_params_status(lib::leaky_relu_s8_params(iq.scale, iq.zero_point, oq.scale, oq.zero_point, alpha, n, &p), "LEAKY_RELU");
    add_unary_layer(ctx, kS8, p);
  } else {
    lib::LeakyReluParams p;
    check_params_status(lib::leaky_relu_s16_params(iq.scale, iq.zero_point, oq.scale, oq.zero_point, alpha, n, &p), "LEAKY_RELU");
    add_unary_layer(ctx, kS16, p);
  }
}

}  // namespace

extern const OpDef kLeakyRelu = {tflite::op::kLeakyRelu, "leaky_relu", lower};

}  // namespace cmnn::tool::ops
