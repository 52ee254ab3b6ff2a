// ELU int8 (elu_s8): the 256-entry table TFLM builds in Prepare, built here by elu_s8_build_lut
// and emitted as a constant.
#include "ops/activation_support.h"

namespace cmnn::tool::ops {

namespace {

namespace lib = ::cmnn;

std::vector<ParamField> elu_fields(const lib::EluS8Params& p) { return {CMNN_FIELD(size)}; }

const CallSpec<lib::EluS8Params, lib::EluS8Args> kS8 = {"elu_s8", "cmnn/activations.h", "cmnn::EluS8Params",
                                                        "cmnn::EluS8Args", lib::elu_s8_variants,
                                                        lib::elu_s8_run_variant, elu_fields};

void lower(LowerContext& ctx) {
  unary_type(ctx, "ELU", false);
  const Quant iq = activation_quant(ctx.input(0), "input"), oq = activation_quant(ctx.output(0), "output");
  std::vector<int8_t> lut(256);
  lib::elu_s8_build_lut(iq.scale, iq.zero_point, oq.scale, oq.zero_point, lut.data());
  lib::EluS8Params p;
  p.size = static_cast<int32_t>(ctx.input(0).elements);
  Layer& l = ctx.add_layer();
  l.inputs = {ctx.node.inputs[0]};
  l.outputs = {ctx.node.outputs[0]};
  l.in_place = true;
  l.constants.push_back(values("lut", lut));
  using A = lib::EluS8Args;
  l.call = make_call(kS8, p, {CMNN_ARG(A, input, in(0)), CMNN_ARG(A, lut, constant("lut")), CMNN_ARG(A, output, out(0))});
}

}  // namespace

extern const OpDef kElu = {tflite::op::kElu, "elu", lower};

}  // namespace cmnn::tool::ops
