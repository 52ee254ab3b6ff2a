// PACK, int8 and int16: one copy_nd layer per input, each writing its slice of the one output
// tensor along the new axis (as CONCATENATION).
#include "ops/movement.h"

namespace cmnn::tool::ops {

namespace {

void lower(LowerContext& ctx) {
  const auto opt = ctx.options<tflite::PackOptions>();
  if (opt.values_count < 1) throw ImportError("values_count must be >= 1");
  ctx.expect_arity(static_cast<size_t>(opt.values_count), opt.values_count, 1);
  const GraphTensor& o = ctx.output(0);
  const GraphTensor& first = ctx.input(0);
  const int32_t eb = element_bytes(first, "input 0");
  const std::vector<int32_t> in_shape = shape_of(first, ::cmnn::kCopyNdMaxRank - 1, "input 0");
  const int32_t rank = static_cast<int32_t>(in_shape.size());
  if (opt.axis < -(rank + 1) || opt.axis > rank) throw ImportError("axis " + std::to_string(opt.axis) + " outside the rank");
  std::vector<int32_t> out_shape(in_shape.size() + 1);
  for (int32_t k = 0; k < opt.values_count; ++k) {
    const GraphTensor& in = ctx.input(static_cast<size_t>(k));
    require_same_quant(in, o, "PACK");
    if (in.shape != in_shape) throw ImportError("input " + std::to_string(k) + " " + detail::describe(in) + " differs from input 0");
    ::cmnn::CopyNdParams p;
    check_plan(::cmnn::copy_nd_plan_pack(rank, in_shape.data(), opt.axis, k, opt.values_count, eb, &p, out_shape.data()),
               "pack rejected");
    if (k == 0) require_shape(o, out_shape, "output");
    add_copy_layer(ctx, ctx.node.inputs[static_cast<size_t>(k)], ctx.node.outputs[0], p);
  }
}

}  // namespace

extern const OpDef kPack = {tflite::op::kPack, "pack", lower};

}  // namespace cmnn::tool::ops
