// PRELU int8 (prelu_s8) and int16 with an int8 alpha (prelu_s16), alpha broadcast against the input.
#include "cmnn/prelu.h"
#include "ops/activation_support.h"

namespace cmnn::tool::ops {

namespace {

namespace lib = ::cmnn;

std::vector<ParamField> prelu_fields(const lib::PreluParams& p) {
  return {CMNN_FIELD(input_dims[0]), CMNN_FIELD(input_dims[1]), CMNN_FIELD(input_dims[2]), CMNN_FIELD(input_dims[3]),
          CMNN_FIELD(input_dims[4]), CMNN_FIELD(alpha_dims[0]), CMNN_FIELD(alpha_dims[1]), CMNN_FIELD(alpha_dims[2]),
          CMNN_FIELD(alpha_dims[3]), CMNN_FIELD(alpha_dims[4]), CMNN_FIELD(output_dims[0]), CMNN_FIELD(output_dims[1]),
          CMNN_FIELD(output_dims[2]), CMNN_FIELD(output_dims[3]), CMNN_FIELD(output_dims[4]), CMNN_FIELD(input_offset),
          CMNN_FIELD(alpha_offset), CMNN_FIELD(output_offset), CMNN_FIELD(output_multiplier_1),
          CMNN_FIELD(output_shift_1), CMNN_FIELD(output_multiplier_2), CMNN_FIELD(output_shift_2)};
}

const CallSpec<lib::PreluParams, lib::PreluArgs<int8_t>> kS8 = {
    "prelu_s8", "cmnn/prelu.h", "cmnn::PreluParams", "cmnn::PreluArgs<int8_t>",
    lib::prelu_s8_variants, lib::prelu_s8_run_variant, prelu_fields};
const CallSpec<lib::PreluParams, lib::PreluArgs<int16_t>> kS16 = {
    "prelu_s16", "cmnn/prelu.h", "cmnn::PreluParams", "cmnn::PreluArgs<int16_t>",
    lib::prelu_s16_variants, lib::prelu_s16_run_variant, prelu_fields};

void lower(LowerContext& ctx) {
  ctx.expect_arity(2, 2, 1);
  const GraphTensor& input = ctx.input(0);
  const GraphTensor& alpha = ctx.input(1);
  const GraphTensor& output = ctx.output(0);
  if (input.type != output.type || (input.type != TensorType::kInt8 && input.type != TensorType::kInt16)) {
    throw Unsupported(std::string("PRELU ") + type_name(input.type) + " has no cmnn kernel");
  }
  require_type(alpha, TensorType::kInt8, "alpha");
  const Quant iq = activation_quant(input, "input"), aq = activation_quant(alpha, "alpha"),
              oq = activation_quant(output, "output");
  lib::PreluParams p;
  check_params_status(lib::prelu_params(iq.scale, iq.zero_point, aq.scale, aq.zero_point, oq.scale, oq.zero_point,
                                        input.shape.data(), static_cast<int>(input.shape.size()), alpha.shape.data(),
                                        static_cast<int>(alpha.shape.size()), &p),
                      "PRELU");
  int64_t total = 1;
  for (int32_t d : p.output_dims) total *= d;
  if (total != output.elements) throw ImportError("PRELU: output shape is not the broadcast of input and alpha");
  Layer& l = ctx.add_layer();
  l.inputs = {ctx.node.inputs[0], ctx.node.inputs[1]};
  l.outputs = {ctx.node.outputs[0]};
  l.in_place = input.elements == output.elements;
  if (input.type == TensorType::kInt8) {
    using A = lib::PreluArgs<int8_t>;
    l.call = make_call(kS8, p, {CMNN_ARG(A, input, in(0)), CMNN_ARG(A, alpha, in(1)), CMNN_ARG(A, output, out(0))});
  } else {
    using A = lib::PreluArgs<int16_t>;
    l.call = make_call(kS16, p, {CMNN_ARG(A, input, in(0)), CMNN_ARG(A, alpha, in(1)), CMNN_ARG(A, output, out(0))});
  }
}

}  // namespace

extern const OpDef kPrelu = {tflite::op::kPrelu, "prelu", lower};

}  // namespace cmnn::tool::ops
