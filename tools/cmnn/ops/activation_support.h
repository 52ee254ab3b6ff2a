// Shared lowering of the elementwise activation ops (cmnn/activations.h, cmnn/prelu.h): one input,
// one output of the same element count, parameters from the library's own *_params helpers
// (the one place that mirrors TFLM's Prepare), a Status other than kOk refused as Unsupported.
#pragma once
#include <string>

#include "cmnn/activations.h"
#include "ops/op_support.h"

namespace cmnn::tool::ops {

inline void check_params_status(::cmnn::Status s, const char* op) {
  if (s != ::cmnn::Status::kOk) {
    throw Unsupported(std::string(op) + ": TFLM rejects these quantization parameters (" +
                      ::cmnn::status_name(s) + ")");
  }
}

// One layer reading input 0 and writing output 0 through UnaryArgs<T>; may run in place.
template <typename P, typename T>
void add_unary_layer(LowerContext& ctx, const CallSpec<P, ::cmnn::UnaryArgs<T>>& spec, const P& p) {
  Layer& l = ctx.add_layer();
  l.inputs = {ctx.node.inputs[0]};
  l.outputs = {ctx.node.outputs[0]};
  l.in_place = true;
  using A = ::cmnn::UnaryArgs<T>;
  l.call = make_call(spec, p, {CMNN_ARG(A, input, in(0)), CMNN_ARG(A, output, out(0))});
}

// Input 0 and output 0 of one type (int8 or int16; Unsupported otherwise), element counts equal.
inline TensorType unary_type(LowerContext& ctx, const char* op, bool int16_ok) {
  ctx.expect_arity(1, 1, 1);
  const GraphTensor& in = ctx.input(0);
  const GraphTensor& out = ctx.output(0);
  if (in.type != out.type || (in.type != TensorType::kInt8 && !(int16_ok && in.type == TensorType::kInt16))) {
    throw Unsupported(std::string(op) + " " + type_name(in.type) + " -> " + type_name(out.type) + " has no cmnn kernel");
  }
  if (in.elements != out.elements || in.elements <= 0 || in.elements > INT32_MAX) {
    throw ImportError(std::string(op) + ": input and output element counts differ");
  }
  return in.type;
}

}  // namespace cmnn::tool::ops
