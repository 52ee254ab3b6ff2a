// BROADCAST_TO, int8 and int16: one copy_nd box with stride 0 along broadcast dimensions.
#include "ops/movement.h"

namespace cmnn::tool::ops {

namespace {

void lower(LowerContext& ctx) {
  ctx.expect_arity(2, 2, 1);
  const GraphTensor& in = ctx.input(0);
  const GraphTensor& o = ctx.output(0);
  const int32_t eb = element_bytes(in, "input");
  require_same_quant(in, o, "BROADCAST_TO");
  const std::vector<int32_t> in_shape = shape_of(in, ::cmnn::kCopyNdMaxRank, "input");
  const std::vector<int32_t> out_shape = shape_of(o, ::cmnn::kCopyNdMaxRank, "output");
  const std::vector<int32_t> target = constant_i32(ctx.input(1), "shape");
  require_shape(o, target, "output");
  if (out_shape.empty()) throw Unsupported("BROADCAST_TO a scalar");
  if (in_shape.size() > out_shape.size()) throw ImportError("BROADCAST_TO to a lower rank");
  ::cmnn::CopyNdParams p;
  check_plan(::cmnn::copy_nd_plan_broadcast_to(static_cast<int32_t>(in_shape.size()), in_shape.data(),
                                               static_cast<int32_t>(out_shape.size()), out_shape.data(), eb, &p),
             "input shape " + detail::shape_text(in_shape) + " does not broadcast to " + detail::shape_text(out_shape));
  add_copy_layer(ctx, ctx.node.inputs[0], ctx.node.outputs[0], p);
}

}  // namespace

extern const OpDef kBroadcastTo = {tflite::op::kBroadcastTo, "broadcast_to", lower};

}  // namespace cmnn::tool::ops
