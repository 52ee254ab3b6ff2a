// SPACE_TO_DEPTH, int8 and int16 NHWC: one copy_nd box (block_size x block_size pixels become channels).
#include "ops/movement.h"

namespace cmnn::tool::ops {

namespace {

void lower(LowerContext& ctx) {
  ctx.expect_arity(1, 1, 1);
  const GraphTensor& in = ctx.input(0);
  const GraphTensor& o = ctx.output(0);
  const int32_t eb = element_bytes(in, "input");
  require_same_quant(in, o, "SPACE_TO_DEPTH");
  const std::vector<int32_t> shape = shape_of(in, 4, "input");
  if (shape.size() != 4) throw ImportError("SPACE_TO_DEPTH needs a 4-D input, got " + detail::describe(in));
  const auto opt = ctx.options<tflite::BlockSizeOptions>();
  const int64_t b = opt.block_size;
  if (b < 1 || b > shape[1] || b > shape[2]) throw ImportError("block_size " + std::to_string(b) + " larger than the image");
  ::cmnn::CopyNdParams p;
  std::vector<int32_t> out_shape(4);
  check_plan(::cmnn::copy_nd_plan_space_to_depth(shape.data(), opt.block_size, eb, &p, out_shape.data()),
             "block_size " + std::to_string(opt.block_size) + " does not divide the input");
  require_shape(o, out_shape, "output");
  add_copy_layer(ctx, ctx.node.inputs[0], ctx.node.outputs[0], p);
}

}  // namespace

extern const OpDef kSpaceToDepth = {tflite::op::kSpaceToDepth, "space_to_depth", lower};

}  // namespace cmnn::tool::ops
