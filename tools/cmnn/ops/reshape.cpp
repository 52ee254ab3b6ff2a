// RESHAPE, SQUEEZE, EXPAND_DIMS: no code; the output is a view of the input (same bytes, same
// quantization), which the memory planner makes alias the input's buffer.
#include "ops/op_support.h"

namespace cmnn::tool::ops {

namespace {

void lower(LowerContext& ctx) {
  const GraphTensor& in = ctx.input(0);
  const GraphTensor& o = ctx.output(0);
  if (in.elements != o.elements || in.type != o.type) throw ImportError("a reshape must keep the element count and type");
  if (in.quant.scale != o.quant.scale || in.quant.zero_point != o.quant.zero_point) {
    throw Unsupported("input and output quantization differ (a reshape cannot requantize)");
  }
  Layer& l = ctx.add_layer();
  l.inputs = {ctx.node.inputs[0]};
  l.outputs = {ctx.node.outputs[0]};
  l.variant_id = "alias";
}

}  // namespace

extern const OpDef kReshape = {tflite::op::kReshape, "reshape", lower};
extern const OpDef kSqueeze = {tflite::op::kSqueeze, "squeeze", lower};
extern const OpDef kExpandDims = {tflite::op::kExpandDims, "expand_dims", lower};

}  // namespace cmnn::tool::ops
