// SOFTMAX (the other elementwise operators derive in their ops/ files).
#include <algorithm>

#include "graph/derive.h"
#include "import/flatbuffer.h"

namespace cmnn::tool::detail {

using tflite::TensorType;

OpParams derive_softmax(const OpContext& ctx) {
  ctx.expect_arity(1, 1, 1);
  const GraphTensor& in = ctx.input(0);
  const GraphTensor& out = ctx.output(0);
  if (in.type != TensorType::kInt16) require_type(in, TensorType::kInt8, "input");
  if (out.type != TensorType::kInt8 && out.type != TensorType::kInt16) {
    throw UnsupportedError("output " + describe(out) + " must be INT8 or INT16");
  }
  if (in.type == TensorType::kInt16 && out.type != TensorType::kInt16) {
    throw ImportError("an int16 softmax must have an int16 output");
  }
  if (in.shape.empty() || in.shape != out.shape) throw ImportError("input and output shapes differ or are scalar");
  SoftmaxParams p;
  p.depth = in.shape.back();
  if (p.depth <= 0) throw ImportError("softmax over an empty axis");
  p.rows = static_cast<int32_t>(in.elements / p.depth);
  const auto* o = std::get_if<tflite::SoftmaxOptions>(&ctx.node().options);
  p.beta = o != nullptr ? o->beta : 0.0f;
  p.input_zero_point = activation_zero_point(in, "input");
  p.output_zero_point = activation_zero_point(out, "output");
  const int32_t expected_zp = out.type == TensorType::kInt8 ? -128 : in.type == TensorType::kInt16 ? 0 : -32768;
  if (p.output_zero_point != expected_zp) {
    throw ImportError("output zero point " + std::to_string(p.output_zero_point) + " must be " +
                      std::to_string(expected_zp) + " (TFLite's fixed softmax output quantization)");
  }
  if (in.type == TensorType::kInt16) {
    // TFLM softmax_common.cc (int16): input_scale * beta / (10 / 65535) so that differences in
    // [-65535, 0] cover [-10, 0] of the exp table; QuantizeMultiplier; no diff_min.
    const QuantizedMultiplier q = quantize(static_cast<double>(activation_scale(in, "input")) *
                                           static_cast<double>(p.beta) / (10.0 / 65535.0));
    p.scaling.input_multiplier = q.multiplier;
    p.scaling.input_left_shift = q.shift;
    p.scaling.diff_min = 0;
  } else {
    p.scaling = softmax_scaling(static_cast<double>(p.beta), static_cast<double>(activation_scale(in, "input")));
  }
  return p;
}

}  // namespace cmnn::tool::detail
