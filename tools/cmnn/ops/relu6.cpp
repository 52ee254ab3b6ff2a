// RELU6 int8 / int16 (relu6_s8, relu6_s16): a clamp in the input's quantization.
#include "ops/activation_support.h"

namespace cmnn::tool::ops {

namespace {

namespace lib = ::cmnn;

std::vector<ParamField> s8_fields(const lib::Relu6Params& p) {
  return {CMNN_FIELD(size), CMNN_FIELD(lower), CMNN_FIELD(upper)};
}

const CallSpec<lib::Relu6Params, lib::UnaryArgs<int8_t>> kS8 = {
    "relu6_s8", "cmnn/activations.h", "cmnn::Relu6Params", "cmnn::UnaryArgs<int8_t>",
    lib::relu6_s8_variants, lib::relu6_s8_run_variant, s8_fields};

std::vector<ParamField> s16_fields(const lib::Relu6Params& p) {
  return {CMNN_FIELD(size), CMNN_FIELD(lower), CMNN_FIELD(upper)};
}

const CallSpec<lib::Relu6Params, lib::UnaryArgs<int16_t>> kS16 = {
    "relu6_s16", "cmnn/activations.h", "cmnn::Relu6Params", "cmnn::UnaryArgs<int16_t>",
    lib::relu6_s16_variants, lib::relu6_s16_run_variant, s16_fields};

void lower(LowerContext& ctx) {
  const TensorType t = unary_type(ctx, "RELU6", true);
  const Quant iq = activation_quant(ctx.input(0), "input"), oq = activation_quant(ctx.output(0), "output");
  (void)oq;
  const auto n = static_cast<int32_t>(ctx.input(0).elements);
  if (t == TensorType::kInt8) {
    lib::Relu6Params p;
    check_params_status(lib::relu6_s8_params(iq.scale, iq.zero_point, n, &p), "RELU6");
    add_unary_layer(ctx, kS8, p);
  } else {
    lib::Relu6Params p;
    check_params_status(lib::relu6_s16_params(iq.scale, iq.zero_point, n, &p), "RELU6");
    add_unary_layer(ctx, kS16, p);
  }
}

}  // namespace

extern const OpDef kRelu6 = {tflite::op::kRelu6, "relu6", lower};

}  // namespace cmnn::tool::ops
