// SPLIT, int8 and int16: inputs (axis, value); one copy_nd layer per output, each a slice along axis.
#include "ops/movement.h"

namespace cmnn::tool::ops {

namespace {

void lower(LowerContext& ctx) {
  const auto opt = ctx.options<tflite::SplitOptions>();
  if (opt.num_splits < 1) throw ImportError("num_splits must be >= 1");
  ctx.expect_arity(2, 2, static_cast<size_t>(opt.num_splits));
  const GraphTensor& in = ctx.input(1);
  const int32_t eb = element_bytes(in, "input");
  const std::vector<int32_t> shape = shape_of(in, ::cmnn::kCopyNdMaxRank, "input");
  if (shape.empty()) throw ImportError("SPLIT of a scalar");
  const int32_t rank = static_cast<int32_t>(shape.size());
  const int32_t axis = constant_i32(ctx.input(0), "axis", 1)[0];
  if (axis < -rank || axis >= rank) throw ImportError("axis " + std::to_string(axis) + " outside the input's rank");
  if (shape[static_cast<size_t>(axis < 0 ? axis + rank : axis)] % opt.num_splits != 0) {
    throw ImportError("the axis size does not divide into " + std::to_string(opt.num_splits) + " parts");
  }
  for (int32_t k = 0; k < opt.num_splits; ++k) {
    const GraphTensor& o = ctx.output(static_cast<size_t>(k));
    require_same_quant(in, o, "SPLIT");
    ::cmnn::CopyNdParams p;
    std::vector<int32_t> out_shape(shape.size());
    check_plan(::cmnn::copy_nd_plan_split(rank, shape.data(), axis, opt.num_splits, nullptr, k, eb, &p, out_shape.data()),
               "split rejected");
    require_shape(o, out_shape, ("output " + std::to_string(k)).c_str());
    add_copy_layer(ctx, ctx.node.inputs[1], ctx.node.outputs[static_cast<size_t>(k)], p);
  }
}

}  // namespace

extern const OpDef kSplit = {tflite::op::kSplit, "split", lower};

}  // namespace cmnn::tool::ops
