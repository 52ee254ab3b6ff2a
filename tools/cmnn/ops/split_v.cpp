// SPLIT_V, int8 and int16: inputs (value, size_splits, axis); one copy_nd layer per output.
// size_splits may hold one -1 (the rest of the axis).
#include "ops/movement.h"

namespace cmnn::tool::ops {

namespace {

void lower(LowerContext& ctx) {
  const auto opt = ctx.options<tflite::SplitOptions>();
  if (opt.num_splits < 1) throw ImportError("num_splits must be >= 1");
  ctx.expect_arity(3, 3, static_cast<size_t>(opt.num_splits));
  const GraphTensor& in = ctx.input(0);
  const int32_t eb = element_bytes(in, "input");
  const std::vector<int32_t> shape = shape_of(in, ::cmnn::kCopyNdMaxRank, "input");
  if (shape.empty()) throw ImportError("SPLIT_V of a scalar");
  const int32_t rank = static_cast<int32_t>(shape.size());
  const std::vector<int32_t> sizes = constant_i32(ctx.input(1), "size_splits", opt.num_splits);
  const int32_t axis = constant_i32(ctx.input(2), "axis", 1)[0];
  if (axis < -rank || axis >= rank) throw ImportError("axis " + std::to_string(axis) + " outside the input's rank");
  for (int32_t k = 0; k < opt.num_splits; ++k) {
    const GraphTensor& o = ctx.output(static_cast<size_t>(k));
    require_same_quant(in, o, "SPLIT_V");
    ::cmnn::CopyNdParams p;
    std::vector<int32_t> out_shape(shape.size());
    check_plan(::cmnn::copy_nd_plan_split(rank, shape.data(), axis, opt.num_splits, sizes.data(), k, eb, &p,
                                          out_shape.data()),
               "size_splits do not add up to the axis size");
    require_shape(o, out_shape, ("output " + std::to_string(k)).c_str());
    add_copy_layer(ctx, ctx.node.inputs[0], ctx.node.outputs[static_cast<size_t>(k)], p);
  }
}

}  // namespace

extern const OpDef kSplitV = {tflite::op::kSplitV, "split_v", lower};

}  // namespace cmnn::tool::ops
