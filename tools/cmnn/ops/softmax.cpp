// SOFTMAX: int8 -> int8 (softmax_s8), int8 -> int16 (softmax_s8_s16), int16 (softmax_s16), TFLM's fixed output
// quantizations. The output may overwrite the input (same type).
#include "cmnn/softmax.h"
#include "ops/op_support.h"

namespace cmnn::tool::ops {

namespace {

namespace lib = ::cmnn;

std::vector<ParamField> softmax_fields(const lib::SoftmaxParams& p) {
  return {CMNN_FIELD(rows), CMNN_FIELD(row_size), CMNN_FIELD(input_multiplier), CMNN_FIELD(input_left_shift),
          CMNN_FIELD(diff_min)};
}

const CallSpec<lib::SoftmaxParams, lib::SoftmaxS8Args> kS8 = {
    "softmax_s8", "cmnn/softmax.h", "cmnn::SoftmaxParams", "cmnn::SoftmaxS8Args",
    lib::softmax_s8_variants, lib::softmax_s8_run_variant, softmax_fields};
const CallSpec<lib::SoftmaxParams, lib::SoftmaxS16Args> kS16 = {
    "softmax_s16", "cmnn/softmax.h", "cmnn::SoftmaxParams", "cmnn::SoftmaxS16Args",
    lib::softmax_s16_variants, lib::softmax_s16_run_variant, softmax_fields};
const CallSpec<lib::SoftmaxParams, lib::SoftmaxS8S16Args> kS8S16 = {
    "softmax_s8_s16", "cmnn/softmax.h", "cmnn::SoftmaxParams", "cmnn::SoftmaxS8S16Args",
    lib::softmax_s8_s16_variants, lib::softmax_s8_s16_run_variant, softmax_fields};

void lower(LowerContext& ctx) {
  const auto* s = std::get_if<SoftmaxParams>(&ctx.node.params);
  if (s == nullptr) throw Unsupported("SOFTMAX parameters were not derived");
  Layer& l = ctx.add_layer();
  l.inputs = {ctx.node.inputs[0]};
  l.outputs = {ctx.node.outputs[0]};
  lib::SoftmaxParams p;
  p.rows = s->rows, p.row_size = s->depth;
  p.input_multiplier = s->scaling.input_multiplier;
  p.input_left_shift = s->scaling.input_left_shift;
  p.diff_min = s->scaling.diff_min;
  if (ctx.input(0).type == TensorType::kInt16) {
    l.in_place = true;
    using A = lib::SoftmaxS16Args;
    l.call = make_call(kS16, p, {CMNN_ARG(A, input, in(0)), CMNN_ARG(A, output, out(0))});
    return;
  }
  if (ctx.output(0).type == TensorType::kInt16) {
    using A = lib::SoftmaxS8S16Args;
    l.call = make_call(kS8S16, p, {CMNN_ARG(A, input, in(0)), CMNN_ARG(A, output, out(0))});
    return;
  }
  l.in_place = true;
  using A = lib::SoftmaxS8Args;
  l.call = make_call(kS8, p, {CMNN_ARG(A, input, in(0)), CMNN_ARG(A, output, out(0))});
}

}  // namespace

extern const OpDef kSoftmax = {tflite::op::kSoftmax, "softmax", lower, detail::derive_softmax};

}  // namespace cmnn::tool::ops
