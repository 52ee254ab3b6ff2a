// BATCH_TO_SPACE_ND, int8 and int16, 3-D (N,H,C) or 4-D NHWC: batches become block_h x block_w pixels, then cropped.
// block_shape and crops are constant operands.
#include "cmnn/space_batch.h"
#include "ops/movement.h"

namespace cmnn::tool::ops {

namespace {

namespace lib = ::cmnn;

std::vector<ParamField> space_batch_fields(const lib::SpaceBatchParams& p) {
  return {CMNN_FIELD(input[0]),  CMNN_FIELD(input[1]),  CMNN_FIELD(input[2]),  CMNN_FIELD(input[3]),
          CMNN_FIELD(output[0]), CMNN_FIELD(output[1]), CMNN_FIELD(output[2]), CMNN_FIELD(output[3]),
          CMNN_FIELD(block_h),   CMNN_FIELD(block_w),   CMNN_FIELD(top),       CMNN_FIELD(left),
          CMNN_FIELD(pad_value), CMNN_FIELD(element_bytes)};
}

const CallSpec<lib::SpaceBatchParams, lib::SpaceBatchArgs> kSpec = {
    "batch_to_space_nd", "cmnn/space_batch.h", "cmnn::SpaceBatchParams", "cmnn::SpaceBatchArgs",
    lib::batch_to_space_nd_variants, lib::batch_to_space_nd_run_variant, space_batch_fields};

void lower(LowerContext& ctx) {
  ctx.expect_arity(3, 3, 1);
  const GraphTensor& in = ctx.input(0);
  const GraphTensor& o = ctx.output(0);
  const int32_t eb = element_bytes(in, "input");
  require_same_quant(in, o, "BATCH_TO_SPACE_ND");
  const std::vector<int32_t> shape = shape_of(in, 4, "input");
  if (shape.size() != 3 && shape.size() != 4) throw Unsupported("BATCH_TO_SPACE_ND of a " + std::to_string(shape.size()) + "-D input (3-D or 4-D only)");
  const int32_t rank = static_cast<int32_t>(shape.size());
  const std::vector<int32_t> block = constant_i32(ctx.input(1), "block_shape", rank - 2);
  const std::vector<int32_t> amounts = constant_i32(ctx.input(2), "crops", 2 * (rank - 2));
  lib::SpaceBatchParams p;
  std::vector<int32_t> out_shape(shape.size());
  check_plan(lib::batch_to_space_nd_plan(rank, shape.data(), block.data(), amounts.data(), eb, &p, out_shape.data()),
             "block_shape / crops rejected for input " + detail::shape_text(shape));
  require_shape(o, out_shape, "output");
  Layer& l = ctx.add_layer();
  l.inputs = {ctx.node.inputs[0]};
  l.outputs = {ctx.node.outputs[0]};
  using A = lib::SpaceBatchArgs;
  l.call = make_call(kSpec, p, {CMNN_ARG(A, input, tool::in(0)), CMNN_ARG(A, output, out(0))});
}

}  // namespace

extern const OpDef kBatchToSpaceNd = {tflite::op::kBatchToSpaceNd, "batch_to_space_nd", lower};

}  // namespace cmnn::tool::ops
