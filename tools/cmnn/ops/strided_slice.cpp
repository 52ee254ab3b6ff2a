// STRIDED_SLICE, int8 and int16: one copy_nd box (negative strides read backwards). As TFLM
// 90b983c2: begin/end/strides constant with one entry per input dimension; begin, end and shrink
// masks honoured; ellipsis_mask, new_axis_mask and offset ignored as TFLM ignores them (the model's
// output shape must then agree, as TFLM checks).
#include "ops/movement.h"

namespace cmnn::tool::ops {

namespace {

void lower(LowerContext& ctx) {
  ctx.expect_arity(4, 4, 1);
  const GraphTensor& in = ctx.input(0);
  const GraphTensor& o = ctx.output(0);
  const int32_t eb = element_bytes(in, "input");
  require_same_quant(in, o, "STRIDED_SLICE");
  const std::vector<int32_t> shape = shape_of(in, 5, "input");  // TFLM's kMaxDim
  if (shape.empty()) throw Unsupported("STRIDED_SLICE of a scalar");
  const long rank = static_cast<long>(shape.size());
  const std::vector<int32_t> begin = constant_i32(ctx.input(1), "begin", rank);
  const std::vector<int32_t> end = constant_i32(ctx.input(2), "end", rank);
  const std::vector<int32_t> strides = constant_i32(ctx.input(3), "strides", rank);
  const auto opt = ctx.options<tflite::StridedSliceOptions>();
  ::cmnn::StridedSliceSpec s;
  s.rank = static_cast<int32_t>(rank);
  s.count = static_cast<int32_t>(rank);
  for (long d = 0; d < rank; ++d) {
    s.shape[d] = shape[static_cast<size_t>(d)];
    s.begin[d] = begin[static_cast<size_t>(d)];
    s.end[d] = end[static_cast<size_t>(d)];
    s.strides[d] = strides[static_cast<size_t>(d)];
    if (s.strides[d] == 0) throw ImportError("stride 0 in dimension " + std::to_string(d));
  }
  s.begin_mask = opt.begin_mask;
  s.end_mask = opt.end_mask;
  s.shrink_axis_mask = opt.shrink_axis_mask;
  s.ellipsis_mask = 0;    // TFLM: op_params.ellipsis_mask = 0
  s.new_axis_mask = 0;    // TFLM: op_params.new_axis_mask = 0
  s.offset = false;
  s.element_bytes = eb;
  ::cmnn::CopyNdParams p;
  int32_t out_shape[::cmnn::kCopyNdMaxRank] = {};
  int32_t out_rank = 0;
  check_plan(::cmnn::copy_nd_plan_strided_slice(s, &p, out_shape, &out_rank), "begin/end/strides rejected");
  require_shape(o, std::vector<int32_t>(out_shape, out_shape + out_rank), "output");
  add_copy_layer(ctx, ctx.node.inputs[0], ctx.node.outputs[0], p);
}

}  // namespace

extern const OpDef kStridedSlice = {tflite::op::kStridedSlice, "strided_slice", lower};

}  // namespace cmnn::tool::ops
