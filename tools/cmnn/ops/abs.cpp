// ABS int8 / int16 (abs_s8, abs_s16), quantized tensors.
#include "ops/activation_support.h"

namespace cmnn::tool::ops {

namespace {

namespace lib = ::cmnn;

std::vector<ParamField> s8_fields(const lib::AbsParams& p) {
  return {CMNN_FIELD(size), CMNN_FIELD(input_offset), CMNN_FIELD(output_offset), CMNN_FIELD(multiplier), CMNN_FIELD(shift), CMNN_FIELD(needs_rescale), CMNN_FIELD(quantized)};
}

const CallSpec<lib::AbsParams, lib::UnaryArgs<int8_t>> kS8 = {
    "abs_s8", "cmnn/activations.h", "cmnn::AbsParams", "cmnn::UnaryArgs<int8_t>",
    lib::abs_s8_variants, lib::abs_s8_run_variant, s8_fields};

std::vector<ParamField> s16_fields(const lib::AbsParams& p) {
  return {CMNN_FIELD(size), CMNN_FIELD(input_offset), CMNN_FIELD(output_offset), CMNN_FIELD(multiplier), CMNN_FIELD(shift), CMNN_FIELD(needs_rescale), CMNN_FIELD(quantized)};
}

const CallSpec<lib::AbsParams, lib::UnaryArgs<int16_t>> kS16 = {
    "abs_s16", "cmnn/activations.h", "cmnn::AbsParams", "cmnn::UnaryArgs<int16_t>",
    lib::abs_s16_variants, lib::abs_s16_run_variant, s16_fields};

void lower(LowerContext& ctx) {
  const TensorType t = unary_type(ctx, "ABS", true);
  const Quant iq = activation_quant(ctx.input(0), "input"), oq = activation_quant(ctx.output(0), "output");
  const auto n = static_cast<int32_t>(ctx.input(0).elements);
  if (t == TensorType::kInt8) {
    lib::AbsParams p;
    check_params_status(lib::abs_s8_params(iq.scale, iq.zero_point, oq.scale, oq.zero_point, n, &p), "ABS");
    add_unary_layer(ctx, kS8, p);
  } else {
    lib::AbsParams p;
    check_params_status(lib::abs_s16_params(iq.scale, iq.zero_point, oq.scale, oq.zero_point, n, &p), "ABS");
    add_unary_layer(ctx, kS16, p);
  }
}

}  // namespace

extern const OpDef kAbs = {tflite::op::kAbs, "abs", lower};

}  // namespace cmnn::tool::ops
