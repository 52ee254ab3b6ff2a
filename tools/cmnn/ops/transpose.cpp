// TRANSPOSE, int8 and int16: one copy_nd box walking the output in order (perm constant).
#include "ops/movement.h"

namespace cmnn::tool::ops {

namespace {

void lower(LowerContext& ctx) {
  ctx.expect_arity(2, 2, 1);
  const GraphTensor& in = ctx.input(0);
  const GraphTensor& o = ctx.output(0);
  const int32_t eb = element_bytes(in, "input");
  require_same_quant(in, o, "TRANSPOSE");
  const std::vector<int32_t> shape = shape_of(in, ::cmnn::kCopyNdMaxRank, "input");
  if (shape.empty()) throw Unsupported("TRANSPOSE of a scalar");
  const long rank = static_cast<long>(shape.size());
  const std::vector<int32_t> perm = constant_i32(ctx.input(1), "perm", rank);
  ::cmnn::CopyNdParams p;
  std::vector<int32_t> out_shape(shape.size());
  check_plan(::cmnn::copy_nd_plan_transpose(static_cast<int32_t>(rank), shape.data(), perm.data(), eb, &p,
                                            out_shape.data()),
             "perm is not a permutation of the input dimensions");
  require_shape(o, out_shape, "output");
  add_copy_layer(ctx, ctx.node.inputs[0], ctx.node.outputs[0], p);
}

}  // namespace

extern const OpDef kTranspose = {tflite::op::kTranspose, "transpose", lower};

}  // namespace cmnn::tool::ops
