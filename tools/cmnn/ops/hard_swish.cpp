// HARD_SWISH int8 (hard_swish_s8).
#include "ops/activation_support.h"

namespace cmnn::tool::ops {

namespace {

namespace lib = ::cmnn;

std::vector<ParamField> s8_fields(const lib::HardSwishS8Params& p) {
  return {CMNN_FIELD(size), CMNN_FIELD(input_zero_point), CMNN_FIELD(output_zero_point), CMNN_FIELD(reluish_multiplier_fixedpoint_int16), CMNN_FIELD(reluish_multiplier_exponent), CMNN_FIELD(output_multiplier_fixedpoint_int16), CMNN_FIELD(output_multiplier_exponent)};
}

const CallSpec<lib::HardSwishS8Params, lib::UnaryArgs<int8_t>> kS8 = {
    "hard_swish_s8", "cmnn/activations.h", "cmnn::HardSwishS8Params", "cmnn::UnaryArgs<int8_t>",
    lib::hard_swish_s8_variants, lib::hard_swish_s8_run_variant, s8_fields};

void lower(LowerContext& ctx) {
  const TensorType t = unary_type(ctx, "HARD_SWISH", false);
  const Quant iq = activation_quant(ctx.input(0), "input"), oq = activation_quant(ctx.output(0), "output");
  const auto n = static_cast<int32_t>(ctx.input(0).elements);
  (void)t;
  lib::HardSwishS8Params p;
  check_params_status(lib::hard_swish_s8_params(iq.scale, iq.zero_point, oq.scale, oq.zero_point, n, &p), "HARD_SWISH");
  add_unary_layer(ctx, kS8, p);
}

}  // namespace

extern const OpDef kHardSwish = {tflite::op::kHardSwish, "hard_swish", lower};

}  // namespace cmnn::tool::ops
