// GATHER, int8 and int16 data with int32 or int64 indices (axis, batch_dims). The indices may be
// a constant or a tensor computed at run time (bound as the layer's second input); the kernel's
// check rejects an index outside the axis before anything is written.
#include "cmnn/gather.h"
#include "ops/movement.h"

namespace cmnn::tool::ops {

namespace {

namespace lib = ::cmnn;

std::vector<ParamField> gather_fields(const lib::GatherParams& p) {
  return {CMNN_FIELD(batch), CMNN_FIELD(outer),         CMNN_FIELD(axis_size),
          CMNN_FIELD(inner), CMNN_FIELD(coords),        CMNN_FIELD(element_bytes),
          CMNN_FIELD(index_bytes)};
}

const CallSpec<lib::GatherParams, lib::GatherArgs> kGatherSpec = {
    "gather", "cmnn/gather.h", "cmnn::GatherParams", "cmnn::GatherArgs",
    lib::gather_variants, lib::gather_run_variant, gather_fields};

void lower(LowerContext& ctx) {
  ctx.expect_arity(2, 2, 1);
  const GraphTensor& in = ctx.input(0);
  const GraphTensor& idx = ctx.input(1);
  const GraphTensor& o = ctx.output(0);
  const int32_t eb = element_bytes(in, "input");
  require_same_quant(in, o, "GATHER");
  int32_t index_bytes = 0;
  if (idx.type == TensorType::kInt32) index_bytes = 4;
  else if (idx.type == TensorType::kInt64) index_bytes = 8;
  else throw Unsupported(std::string("indices are ") + type_name(idx.type) + ", expected int32 or int64");
  const std::vector<int32_t> in_shape = shape_of(in, 8, "input");
  const std::vector<int32_t> idx_shape = shape_of(idx, 8, "indices");
  if (in_shape.empty()) throw ImportError("GATHER from a scalar");
  const auto opt = ctx.options<tflite::GatherOptions>();
  lib::GatherParams p;
  int32_t out_shape[8] = {};
  int32_t out_rank = 0;
  check_plan(lib::gather_plan(static_cast<int32_t>(in_shape.size()), in_shape.data(),
                              static_cast<int32_t>(idx_shape.size()), idx_shape.data(), opt.axis, opt.batch_dims, eb,
                              index_bytes, &p, out_shape, &out_rank),
             "axis " + std::to_string(opt.axis) + " / batch_dims " + std::to_string(opt.batch_dims) +
                 " rejected for input " + detail::shape_text(in_shape) + " and indices " + detail::shape_text(idx_shape));
  require_shape(o, std::vector<int32_t>(out_shape, out_shape + out_rank), "output");
  const int64_t in_count = int64_t{p.batch} * p.outer * p.axis_size * p.inner;
  const int64_t idx_count = int64_t{p.batch} * p.coords;
  const int64_t out_count = int64_t{p.batch} * p.outer * p.coords * p.inner;
  if (in_count != in.elements || idx_count != idx.elements || out_count != o.elements) {
    throw ImportError("GATHER tensor sizes disagree with the operator's shapes");
  }
  Layer& l = ctx.add_layer();
  l.inputs = {ctx.node.inputs[0], ctx.node.inputs[1]};
  l.outputs = {ctx.node.outputs[0]};
  using A = lib::GatherArgs;
  if (index_bytes == 4) {
    l.call = make_call(kGatherSpec, p, {CMNN_ARG(A, input, tool::in(0)), CMNN_ARG(A, indices, tool::in(1)),
                                        CMNN_ARG(A, indices_i64, null_arg()), CMNN_ARG(A, output, out(0))});
  } else {
    l.call = make_call(kGatherSpec, p, {CMNN_ARG(A, input, tool::in(0)), CMNN_ARG(A, indices, null_arg()),
                                        CMNN_ARG(A, indices_i64, tool::in(1)), CMNN_ARG(A, output, out(0))});
  }
}

}  // namespace

extern const OpDef kGather = {tflite::op::kGather, "gather", lower};

}  // namespace cmnn::tool::ops
