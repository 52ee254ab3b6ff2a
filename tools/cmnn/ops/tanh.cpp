// TANH int8 (tanh_s8) and int16 (tanh_s16); TFLM's fixed output quantizations.
#include "ops/activation_support.h"

namespace cmnn::tool::ops {

namespace {

namespace lib = ::cmnn;

std::vector<ParamField> s8_fields(const lib::TanhS8Params& p) {
  return {CMNN_FIELD(size), CMNN_FIELD(input_zero_point), CMNN_FIELD(input_range_radius), CMNN_FIELD(input_multiplier), CMNN_FIELD(input_left_shift)};
}

const CallSpec<lib::TanhS8Params, lib::UnaryArgs<int8_t>> kS8 = {
    "tanh_s8", "cmnn/activations.h", "cmnn::TanhS8Params", "cmnn::UnaryArgs<int8_t>",
    lib::tanh_s8_variants, lib::tanh_s8_run_variant, s8_fields};

std::vector<ParamField> s16_fields(const lib::TanhS16Params& p) {
  return {CMNN_FIELD(size), CMNN_FIELD(input_multiplier), CMNN_FIELD(input_left_shift)};
}

const CallSpec<lib::TanhS16Params, lib::UnaryArgs<int16_t>> kS16 = {
    "tanh_s16", "cmnn/activations.h", "cmnn::TanhS16Params", "cmnn::UnaryArgs<int16_t>",
    lib::tanh_s16_variants, lib::tanh_s16_run_variant, s16_fields};

void lower(LowerContext& ctx) {
  const TensorType t = unary_type(ctx, "TANH", true);
  const Quant iq = activation_quant(ctx.input(0), "input"), oq = activation_quant(ctx.output(0), "output");
  const auto n = static_cast<int32_t>(ctx.input(0).elements);
  if (t == TensorType::kInt8) {
    lib::TanhS8Params p;
    check_params_status(lib::tanh_s8_params(iq.scale, iq.zero_point, oq.scale, oq.zero_point, n, &p), "TANH");
    add_unary_layer(ctx, kS8, p);
  } else {
    lib::TanhS16Params p;
    check_params_status(lib::tanh_s16_params(iq.scale, iq.zero_point, oq.scale, oq.zero_point, n, &p), "TANH");
    add_unary_layer(ctx, kS16, p);
  }
}

}  // namespace

extern const OpDef kTanh = {tflite::op::kTanh, "tanh", lower};

}  // namespace cmnn::tool::ops
