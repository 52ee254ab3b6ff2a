// CONCATENATION, int8 and int16: one copy_nd layer per input, each writing its box of the one
// output tensor (every such layer lists the node's output; the memory planner keeps the output
// live from the first of them to its last reader). Fused activation NONE only; every input must
// carry the output's quantization (TFLM's rule for int8; int16 would need a requantization cmnn
// does not do).
#include "ops/movement.h"

namespace cmnn::tool::ops {

namespace {

void lower(LowerContext& ctx) {
  ctx.expect_arity(1, -1, 1);
  const auto opt = ctx.options<tflite::ConcatenationOptions>();
  if (opt.activation != tflite::Activation::kNone) {
    throw Unsupported(std::string("fused activation ") + tflite::activation_name(opt.activation) + " (only NONE)");
  }
  const GraphTensor& o = ctx.output(0);
  const int32_t eb = element_bytes(o, "output");
  const std::vector<int32_t> out_shape = shape_of(o, ::cmnn::kCopyNdMaxRank, "output");
  if (out_shape.empty()) throw ImportError("CONCATENATION into a scalar");
  const int32_t rank = static_cast<int32_t>(out_shape.size());
  if (opt.axis < -rank || opt.axis >= rank) throw ImportError("axis " + std::to_string(opt.axis) + " outside the rank");
  const int32_t axis = opt.axis < 0 ? opt.axis + rank : opt.axis;
  // Shapes first (every input, the axis sizes adding up to the output's), then one layer per input.
  int64_t axis_total = 0;
  for (size_t k = 0; k < ctx.input_count(); ++k) {
    const GraphTensor& in = ctx.input(k);
    const std::string role = "input " + std::to_string(k);
    require_same_quant(in, o, "CONCATENATION");
    if (in.shape.size() != out_shape.size()) throw ImportError(role + " " + detail::describe(in) + " has another rank than the output");
    for (int32_t d = 0; d < rank; ++d) {
      if (d != axis && in.shape[static_cast<size_t>(d)] != out_shape[static_cast<size_t>(d)]) {
        throw ImportError(role + " " + detail::describe(in) + " differs from the output outside the axis");
      }
    }
    axis_total += in.shape[static_cast<size_t>(axis)];
  }
  if (axis_total != out_shape[static_cast<size_t>(axis)]) throw ImportError("the inputs' axis sizes do not add up to the output's");
  int32_t offset = 0;
  for (size_t k = 0; k < ctx.input_count(); ++k) {
    const GraphTensor& in = ctx.input(k);
    ::cmnn::CopyNdParams p;
    check_plan(::cmnn::copy_nd_plan_concat(rank, in.shape.data(), axis, offset, out_shape[static_cast<size_t>(axis)], eb, &p),
               "input " + std::to_string(k) + " rejected");
    add_copy_layer(ctx, ctx.node.inputs[k], ctx.node.outputs[0], p);
    offset += in.shape[static_cast<size_t>(axis)];
  }
}

}  // namespace

extern const OpDef kConcatenation = {tflite::op::kConcatenation, "concatenation", lower};

}  // namespace cmnn::tool::ops
