// SLICE, int8 and int16: one copy_nd box (begin and size constant; size -1 = to the end).
#include "ops/movement.h"

namespace cmnn::tool::ops {

namespace {

void lower(LowerContext& ctx) {
  ctx.expect_arity(3, 3, 1);
  const GraphTensor& in = ctx.input(0);
  const GraphTensor& o = ctx.output(0);
  const int32_t eb = element_bytes(in, "input");
  require_same_quant(in, o, "SLICE");
  const std::vector<int32_t> shape = shape_of(in, ::cmnn::kCopyNdMaxRank, "input");
  if (shape.empty()) throw Unsupported("SLICE of a scalar");
  const long rank = static_cast<long>(shape.size());
  const std::vector<int32_t> begin = constant_i32(ctx.input(1), "begin", rank);
  const std::vector<int32_t> size = constant_i32(ctx.input(2), "size", rank);
  ::cmnn::CopyNdParams p;
  std::vector<int32_t> out_shape(shape.size());
  check_plan(::cmnn::copy_nd_plan_slice(static_cast<int32_t>(rank), shape.data(), begin.data(), size.data(), eb, &p,
                                        out_shape.data()),
             "begin/size outside the input");
  require_shape(o, out_shape, "output");
  add_copy_layer(ctx, ctx.node.inputs[0], ctx.node.outputs[0], p);
}

}  // namespace

extern const OpDef kSlice = {tflite::op::kSlice, "slice", lower};

}  // namespace cmnn::tool::ops
