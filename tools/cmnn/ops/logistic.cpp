// LOGISTIC int8 (logistic_s8) and int16 (logistic_s16); TFLM's fixed output quantizations.
#include "ops/activation_support.h"

namespace cmnn::tool::ops {

namespace {

namespace lib = ::cmnn;

std::vector<ParamField> s8_fields(const lib::LogisticS8Params& p) {
  return {CMNN_FIELD(size), CMNN_FIELD(input_zero_point), CMNN_FIELD(input_range_radius),
          CMNN_FIELD(input_multiplier), CMNN_FIELD(input_left_shift)};
}
std::vector<ParamField> s16_fields(const lib::LogisticS16Params& p) {
  return {CMNN_FIELD(size), CMNN_FIELD(input_multiplier), CMNN_FIELD(input_left_shift)};
}

const CallSpec<lib::LogisticS8Params, lib::UnaryArgs<int8_t>> kS8 = {
    "logistic_s8", "cmnn/activations.h", "cmnn::LogisticS8Params", "cmnn::UnaryArgs<int8_t>",
    lib::logistic_s8_variants, lib::logistic_s8_run_variant, s8_fields};
const CallSpec<lib::LogisticS16Params, lib::UnaryArgs<int16_t>> kS16 = {
    "logistic_s16", "cmnn/activations.h", "cmnn::LogisticS16Params", "cmnn::UnaryArgs<int16_t>",
    lib::logistic_s16_variants, lib::logistic_s16_run_variant, s16_fields};

void lower(LowerContext& ctx) {
  const TensorType t = unary_type(ctx, "LOGISTIC", true);
  const Quant iq = activation_quant(ctx.input(0), "input"), oq = activation_quant(ctx.output(0), "output");
  const auto n = static_cast<int32_t>(ctx.input(0).elements);
  if (t == TensorType::kInt8) {
    lib::LogisticS8Params p;
    check_params_status(lib::logistic_s8_params(iq.scale, iq.zero_point, oq.scale, oq.zero_point, n, &p), "LOGISTIC");
    add_unary_layer(ctx, kS8, p);
  } else {
    lib::LogisticS16Params p;
    check_params_status(lib::logistic_s16_params(iq.scale, iq.zero_point, oq.scale, oq.zero_point, n, &p), "LOGISTIC");
    add_unary_layer(ctx, kS16, p);
  }
}

}  // namespace

extern const OpDef kLogistic = {tflite::op::kLogistic, "logistic", lower};

}  // namespace cmnn::tool::ops
