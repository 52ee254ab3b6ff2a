// ADD, int8 same-shape (add_s8: TFLite's left_shift 20 scheme). The output may overwrite an input.
#include "cmnn/elementwise.h"
#include "ops/op_support.h"

namespace cmnn::tool::ops {

namespace {

namespace lib = ::cmnn;

std::vector<ParamField> add_fields(const lib::AddParams& p) {
  return {CMNN_FIELD(size),          CMNN_FIELD(input1_offset),     CMNN_FIELD(input1_multiplier),
          CMNN_FIELD(input1_shift),  CMNN_FIELD(input2_offset),     CMNN_FIELD(input2_multiplier),
          CMNN_FIELD(input2_shift),  CMNN_FIELD(left_shift),        CMNN_FIELD(output_offset),
          CMNN_FIELD(output_multiplier), CMNN_FIELD(output_shift),  CMNN_FIELD(activation_min),
          CMNN_FIELD(activation_max)};
}

const CallSpec<lib::AddParams, lib::BinaryArgs<int8_t>> kS8 = {
    "add_s8", "cmnn/elementwise.h", "cmnn::AddParams", "cmnn::BinaryArgs<int8_t>",
    lib::add_s8_variants, lib::add_s8_run_variant, add_fields};

void lower(LowerContext& ctx) {
  const auto* a = std::get_if<AddParams>(&ctx.node.params);
  if (a == nullptr) throw Unsupported("ADD parameters were not derived");
  if (a->subtract) throw Unsupported("SUB has no cmnn kernel");
  if (a->broadcast) throw Unsupported("ADD with broadcasting has no cmnn kernel");
  Layer& l = ctx.add_layer();
  l.inputs = {ctx.node.inputs[0], ctx.node.inputs[1]};
  l.outputs = {ctx.node.outputs[0]};
  l.in_place = true;
  lib::AddParams p;
  p.size = static_cast<int32_t>(a->elements);
  p.input1_offset = a->input1_offset, p.input1_multiplier = a->input1.multiplier, p.input1_shift = a->input1.shift;
  p.input2_offset = a->input2_offset, p.input2_multiplier = a->input2.multiplier, p.input2_shift = a->input2.shift;
  p.left_shift = a->left_shift;
  p.output_offset = a->output_offset, p.output_multiplier = a->output.multiplier, p.output_shift = a->output.shift;
  p.activation_min = a->act.min, p.activation_max = a->act.max;
  l.macs = a->elements;
  using A = lib::BinaryArgs<int8_t>;
  l.call = make_call(kS8, p, {CMNN_ARG(A, input1, in(0)), CMNN_ARG(A, input2, in(1)), CMNN_ARG(A, output, out(0))});
}

}  // namespace

extern const OpDef kAdd = {tflite::op::kAdd, "add", lower};

}  // namespace cmnn::tool::ops
