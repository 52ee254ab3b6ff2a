// UNPACK, int8 and int16: one copy_nd layer per output (the input's slice `k` along axis, that
// axis removed).
#include "ops/movement.h"

namespace cmnn::tool::ops {

namespace {

void lower(LowerContext& ctx) {
  const auto opt = ctx.options<tflite::UnpackOptions>();
  const GraphTensor& in = ctx.input(0);
  const int32_t eb = element_bytes(in, "input");
  const std::vector<int32_t> shape = shape_of(in, ::cmnn::kCopyNdMaxRank, "input");
  if (shape.empty()) throw ImportError("UNPACK of a scalar");
  const int32_t rank = static_cast<int32_t>(shape.size());
  if (opt.axis < -rank || opt.axis >= rank) throw ImportError("axis " + std::to_string(opt.axis) + " outside the input's rank");
  const int32_t axis = opt.axis < 0 ? opt.axis + rank : opt.axis;
  const int32_t num = shape[static_cast<size_t>(axis)];
  if (opt.num != num) {
    throw ImportError("num " + std::to_string(opt.num) + " differs from the axis size " + std::to_string(num));
  }
  if (num < 1) throw ImportError("UNPACK along an empty axis");
  ctx.expect_arity(1, 1, static_cast<size_t>(num));
  for (int32_t k = 0; k < num; ++k) {
    const GraphTensor& o = ctx.output(static_cast<size_t>(k));
    require_same_quant(in, o, "UNPACK");
    ::cmnn::CopyNdParams p;
    std::vector<int32_t> out_shape(shape.size());
    check_plan(::cmnn::copy_nd_plan_unpack(rank, shape.data(), axis, k, eb, &p, out_shape.data()), "unpack rejected");
    out_shape.resize(shape.size() - 1);
    require_shape(o, out_shape, ("output " + std::to_string(k)).c_str());
    add_copy_layer(ctx, ctx.node.inputs[0], ctx.node.outputs[static_cast<size_t>(k)], p);
  }
}

}  // namespace

extern const OpDef kUnpack = {tflite::op::kUnpack, "unpack", lower};

}  // namespace cmnn::tool::ops
