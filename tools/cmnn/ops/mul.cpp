// MUL, int8 same-shape (mul_s8). The output may overwrite an input.
#include "cmnn/elementwise.h"
#include "ops/op_support.h"

namespace cmnn::tool::ops {

namespace {

namespace lib = ::cmnn;

std::vector<ParamField> mul_fields(const lib::MulParams& p) {
  return {CMNN_FIELD(size),          CMNN_FIELD(input1_offset), CMNN_FIELD(input2_offset),
          CMNN_FIELD(output_offset), CMNN_FIELD(output_multiplier), CMNN_FIELD(output_shift),
          CMNN_FIELD(activation_min), CMNN_FIELD(activation_max)};
}

const CallSpec<lib::MulParams, lib::BinaryArgs<int8_t>> kS8 = {
    "mul_s8", "cmnn/elementwise.h", "cmnn::MulParams", "cmnn::BinaryArgs<int8_t>",
    lib::mul_s8_variants, lib::mul_s8_run_variant, mul_fields};

void lower(LowerContext& ctx) {
  const auto* m = std::get_if<MulParams>(&ctx.node.params);
  if (m == nullptr) throw Unsupported("MUL parameters were not derived");
  if (m->broadcast) throw Unsupported("MUL with broadcasting has no cmnn kernel");
  Layer& l = ctx.add_layer();
  l.inputs = {ctx.node.inputs[0], ctx.node.inputs[1]};
  l.outputs = {ctx.node.outputs[0]};
  l.in_place = true;
  lib::MulParams p;
  p.size = static_cast<int32_t>(m->elements);
  p.input1_offset = m->input1_offset, p.input2_offset = m->input2_offset;
  p.output_offset = m->output_offset, p.output_multiplier = m->output.multiplier, p.output_shift = m->output.shift;
  p.activation_min = m->act.min, p.activation_max = m->act.max;
  l.macs = m->elements;
  using A = lib::BinaryArgs<int8_t>;
  l.call = make_call(kS8, p, {CMNN_ARG(A, input1, in(0)), CMNN_ARG(A, input2, in(1)), CMNN_ARG(A, output, out(0))});
}

}  // namespace

extern const OpDef kMul = {tflite::op::kMul, "mul", lower};

}  // namespace cmnn::tool::ops
