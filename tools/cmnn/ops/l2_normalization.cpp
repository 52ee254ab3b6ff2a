// L2_NORMALIZATION int8 (l2_normalization_s8) over the last dimension. The kernel's output
// quantization is fixed (1/128, 0); TFLM does not check the output tensor's, and neither do we
// (the bytes are the same). In place is fine.
#include "cmnn/normalization.h"
#include "ops/op_support.h"

namespace cmnn::tool::ops {

namespace {

namespace lib = ::cmnn;

std::vector<ParamField> l2_fields(const lib::L2NormalizationParams& p) {
  return {CMNN_FIELD(rows), CMNN_FIELD(depth), CMNN_FIELD(input_zero_point)};
}

const CallSpec<lib::L2NormalizationParams, lib::L2NormalizationS8Args> kS8 = {
    "l2_normalization_s8", "cmnn/normalization.h", "cmnn::L2NormalizationParams", "cmnn::L2NormalizationS8Args",
    lib::l2_normalization_s8_variants, lib::l2_normalization_s8_run_variant, l2_fields};

void lower(LowerContext& ctx) {
  ctx.expect_arity(1, 1, 1);
  const GraphTensor& input = ctx.input(0);
  const GraphTensor& output = ctx.output(0);
  require_type(input, TensorType::kInt8, "input");
  require_type(output, TensorType::kInt8, "output");
  if (input.shape.empty() || input.shape.size() > 4) throw ImportError("L2_NORMALIZATION needs rank 1 to 4");
  if (input.shape != output.shape) throw ImportError("L2_NORMALIZATION input and output shapes differ");
  const auto* options = std::get_if<tflite::L2NormOptions>(&ctx.node.options);
  if (options != nullptr && options->activation != tflite::Activation::kNone) {
    throw ImportError("L2_NORMALIZATION with a fused activation (TFLM refuses it)");
  }
  const Quant iq = activation_quant(input, "input");
  const int32_t depth = input.shape.back();
  if (depth < 1 || depth > 33025) throw Unsupported("L2_NORMALIZATION depth outside [1, 33025]");
  const lib::L2NormalizationParams p =
      lib::l2_normalization_s8_params(iq.zero_point, static_cast<int32_t>(input.elements / depth), depth);
  Layer& l = ctx.add_layer();
  l.inputs = {ctx.node.inputs[0]};
  l.outputs = {ctx.node.outputs[0]};
  l.in_place = true;
  using A = lib::L2NormalizationS8Args;
  l.call = make_call(kS8, p, {CMNN_ARG(A, input, in(0)), CMNN_ARG(A, output, out(0))});
}

}  // namespace

extern const OpDef kL2Normalization = {tflite::op::kL2Normalization, "l2_normalization", lower};

}  // namespace cmnn::tool::ops
