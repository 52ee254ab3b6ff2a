// RSQRT int8 (rsqrt_s8); a run fails (kBadParameter) on inputs below the zero point, as TFLM's invoke does.
#include "ops/activation_support.h"

namespace cmnn::tool::ops {

namespace {

namespace lib = ::cmnn;

std::vector<ParamField> s8_fields(const lib::RsqrtParams& p) {
  return {CMNN_FIELD(size), CMNN_FIELD(input_offset), CMNN_FIELD(output_offset), CMNN_FIELD(multiplier), CMNN_FIELD(shift)};
}

const CallSpec<lib::RsqrtParams, lib::UnaryArgs<int8_t>> kS8 = {
    "rsqrt_s8", "cmnn/activations.h", "cmnn::RsqrtParams", "cmnn::UnaryArgs<int8_t>",
    lib::rsqrt_s8_variants, lib::rsqrt_s8_run_variant, s8_fields};

void lower(LowerContext& ctx) {
  const TensorType t = unary_type(ctx, "RSQRT", false);
  const Quant iq = activation_quant(ctx.input(0), "input"), oq = activation_quant(ctx.output(0), "output");
  const auto n = static_cast<int32_t>(ctx.input(0).elements);
  (void)t;
  lib::RsqrtParams p;
  check_params_status(lib::rsqrt_s8_params(iq.scale, iq.zero_point, oq.scale, oq.zero_point, n, &p), "RSQRT");
  add_unary_layer(ctx, kS8, p);
}

}  // namespace

extern const OpDef kRsqrt = {tflite::op::kRsqrt, "rsqrt", lower};

}  // namespace cmnn::tool::ops
