// LOG_SOFTMAX int8 (log_softmax_s8) over the last dimension. TFLM requires the output quantization
// (16/256, 127) and derives the rest from the input scale (log_softmax_s8_params). In place is fine.
#include "cmnn/softmax.h"
#include "ops/op_support.h"

namespace cmnn::tool::ops {

namespace {

namespace lib = ::cmnn;

std::vector<ParamField> log_softmax_fields(const lib::LogSoftmaxParams& p) {
  return {CMNN_FIELD(rows), CMNN_FIELD(depth), CMNN_FIELD(input_multiplier), CMNN_FIELD(input_left_shift),
          CMNN_FIELD(reverse_scaling_divisor), CMNN_FIELD(reverse_scaling_right_shift), CMNN_FIELD(diff_min)};
}

const CallSpec<lib::LogSoftmaxParams, lib::LogSoftmaxS8Args> kS8 = {
    "log_softmax_s8", "cmnn/softmax.h", "cmnn::LogSoftmaxParams", "cmnn::LogSoftmaxS8Args",
    lib::log_softmax_s8_variants, lib::log_softmax_s8_run_variant, log_softmax_fields};

void lower(LowerContext& ctx) {
  ctx.expect_arity(1, 1, 1);
  const GraphTensor& input = ctx.input(0);
  const GraphTensor& output = ctx.output(0);
  require_type(input, TensorType::kInt8, "input");
  require_type(output, TensorType::kInt8, "output");
  if (input.shape != output.shape || input.shape.empty()) throw ImportError("LOG_SOFTMAX input and output shapes differ");
  const Quant iq = activation_quant(input, "input");
  const Quant oq = activation_quant(output, "output");
  if (oq.scale != 16.0f / 256 || oq.zero_point != 127) throw ImportError("LOG_SOFTMAX int8 output must be (16/256, 127)");
  const int32_t depth = input.shape.back();
  if (depth < 1 || depth > 4095) throw Unsupported("LOG_SOFTMAX depth outside [1, 4095]");
  const lib::LogSoftmaxParams p = lib::log_softmax_s8_params(iq.scale, static_cast<int32_t>(input.elements / depth), depth);
  if (p.input_left_shift < 0) throw Unsupported("LOG_SOFTMAX input scale <= 2^-26 (TFLM refuses it)");
  if (p.reverse_scaling_right_shift < 0) throw Unsupported("LOG_SOFTMAX input scale 2^-25 (TFLM refuses it)");
  Layer& l = ctx.add_layer();
  l.inputs = {ctx.node.inputs[0]};
  l.outputs = {ctx.node.outputs[0]};
  l.in_place = true;
  using A = lib::LogSoftmaxS8Args;
  l.call = make_call(kS8, p, {CMNN_ARG(A, input, in(0)), CMNN_ARG(A, output, out(0))});
}

}  // namespace

extern const OpDef kLogSoftmax = {tflite::op::kLogSoftmax, "log_softmax", lower};

}  // namespace cmnn::tool::ops
