// BATCH_TO_SPACE_ND (batches become block_h x block_w pixels, then cropped) and SPACE_TO_BATCH_ND
// (padded, then block_h x block_w pixels become batches), int8 and int16, 3-D (N,H,C) or 4-D NHWC;
// block_shape and crops / paddings are constant operands. SPACE_TO_BATCH_ND pads with 0, not the
// zero point: TFLM 90b983c2 pads with an output_offset its micro kernel never sets (the oracle
// cases show 0).
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

using Spec = CallSpec<lib::SpaceBatchParams, lib::SpaceBatchArgs>;
const Spec kBatchToSpace = {"batch_to_space_nd", "cmnn/space_batch.h", "cmnn::SpaceBatchParams",
                            "cmnn::SpaceBatchArgs", lib::batch_to_space_nd_variants,
                            lib::batch_to_space_nd_run_variant, space_batch_fields};
const Spec kSpaceToBatch = {"space_to_batch_nd", "cmnn/space_batch.h", "cmnn::SpaceBatchParams",
                            "cmnn::SpaceBatchArgs", lib::space_to_batch_nd_variants,
                            lib::space_to_batch_nd_run_variant, space_batch_fields};

void lower(LowerContext& ctx, bool to_space) {
  const char* op = to_space ? "BATCH_TO_SPACE_ND" : "SPACE_TO_BATCH_ND";
  const char* amounts_role = to_space ? "crops" : "paddings";
  ctx.expect_arity(3, 3, 1);
  const GraphTensor& in = ctx.input(0);
  const GraphTensor& o = ctx.output(0);
  const int32_t eb = element_bytes(in, "input");
  require_same_quant(in, o, op);
  const std::vector<int32_t> shape = shape_of(in, 4, "input");
  if (shape.size() != 3 && shape.size() != 4) {
    throw Unsupported(std::string(op) + " of a " + std::to_string(shape.size()) + "-D input (3-D or 4-D only)");
  }
  const int32_t rank = static_cast<int32_t>(shape.size());
  const std::vector<int32_t> block = constant_i32(ctx.input(1), "block_shape", rank - 2);
  const std::vector<int32_t> amounts = constant_i32(ctx.input(2), amounts_role, 2 * (rank - 2));
  lib::SpaceBatchParams p;
  std::vector<int32_t> out_shape(shape.size());
  const Status s = to_space ? lib::batch_to_space_nd_plan(rank, shape.data(), block.data(), amounts.data(), eb, &p,
                                                          out_shape.data())
                            : lib::space_to_batch_nd_plan(rank, shape.data(), block.data(), amounts.data(),
                                                          /*pad_value=*/0, eb, &p, out_shape.data());
  check_plan(s, "block_shape / " + std::string(amounts_role) + " rejected for input " + detail::shape_text(shape));
  require_shape(o, out_shape, "output");
  Layer& l = ctx.add_layer();
  l.inputs = {ctx.node.inputs[0]};
  l.outputs = {ctx.node.outputs[0]};
  using A = lib::SpaceBatchArgs;
  l.call = make_call(to_space ? kBatchToSpace : kSpaceToBatch, p,
                     {CMNN_ARG(A, input, tool::in(0)), CMNN_ARG(A, output, out(0))});
}

void lower_to_space(LowerContext& ctx) { lower(ctx, true); }
void lower_to_batch(LowerContext& ctx) { lower(ctx, false); }

}  // namespace

extern const OpDef kBatchToSpaceNd = {tflite::op::kBatchToSpaceNd, "batch_to_space_nd", lower_to_space};
extern const OpDef kSpaceToBatchNd = {tflite::op::kSpaceToBatchNd, "space_to_batch_nd", lower_to_batch};

}  // namespace cmnn::tool::ops
