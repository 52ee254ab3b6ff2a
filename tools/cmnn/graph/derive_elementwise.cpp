// ADD, SUB, MUL, SOFTMAX, RESHAPE/SQUEEZE, QUANTIZE/DEQUANTIZE (int8; QUANTIZE also int16).
#include <algorithm>

#include "graph/derive.h"
#include "import/flatbuffer.h"

namespace cmnn::tool::detail {

using tflite::TensorType;

namespace {

// NumPy-style broadcast of two shapes of rank <= 4; returns false when the output differs from the broadcast.
bool broadcast_matches(const GraphTensor& a, const GraphTensor& b, const GraphTensor& out) {
  const size_t rank = std::max({a.shape.size(), b.shape.size(), out.shape.size()});
  for (size_t i = 0; i < rank; ++i) {
    auto dim = [&](const GraphTensor& t) {
      return i < t.shape.size() ? t.shape[t.shape.size() - 1 - i] : 1;
    };
    const int32_t da = dim(a), db = dim(b), dout = dim(out);
    if (da != db && da != 1 && db != 1) return false;
    if (dout != std::max(da, db) && !(da == 0 || db == 0)) return false;
  }
  return true;
}

Dims4 as_dims4(const GraphTensor& t) {
  Dims4 d;
  int32_t* slots[4] = {&d.n, &d.h, &d.w, &d.c};
  const size_t r = t.shape.size();
  for (size_t i = 0; i < r && i < 4; ++i) *slots[4 - 1 - i] = t.shape[r - 1 - i];
  return d;
}

tflite::Activation options_activation(const Node& node) {
  if (const auto* o = std::get_if<tflite::AddOptions>(&node.options)) return o->activation;
  if (const auto* o = std::get_if<tflite::SubOptions>(&node.options)) return o->activation;
  if (const auto* o = std::get_if<tflite::MulOptions>(&node.options)) return o->activation;
  return tflite::Activation::kNone;  // options table absent: schema default
}

void check_binary(const OpContext& ctx, const GraphTensor& a, const GraphTensor& b, const GraphTensor& out) {
  require_type(a, TensorType::kInt8, "input 1");
  require_type(b, TensorType::kInt8, "input 2");
  require_type(out, TensorType::kInt8, "output");
  if (a.shape.size() > 4 || b.shape.size() > 4 || out.shape.size() > 4) throw ImportError("rank above 4");
  if (!broadcast_matches(a, b, out)) {
    throw ImportError("shapes " + shape_text(a.shape) + " and " + shape_text(b.shape) +
                      " do not broadcast to the output " + shape_text(out.shape));
  }
  (void)ctx;
}

}  // namespace

OpParams derive_add(const OpContext& ctx, bool subtract) {
  ctx.expect_arity(2, 2, 1);
  const GraphTensor& a = ctx.input(0);
  const GraphTensor& b = ctx.input(1);
  const GraphTensor& out = ctx.output(0);
  check_binary(ctx, a, b, out);
  AddParams p;
  p.subtract = subtract;
  p.left_shift = 20;  // int8 (int16 would use 15)
  p.input1_offset = -activation_zero_point(a, "input 1");
  p.input2_offset = -activation_zero_point(b, "input 2");
  p.output_offset = activation_zero_point(out, "output");
  const float s1 = activation_scale(a, "input 1"), s2 = activation_scale(b, "input 2");
  const float so = activation_scale(out, "output");
  const AddRescale r = add_rescale(s1, s2, so, p.left_shift);
  p.input1 = r.input1;
  p.input2 = r.input2;
  p.output = r.output;
  p.activation = options_activation(ctx.node());
  p.act = fused_range(p.activation, out);
  p.broadcast = a.shape != b.shape;
  p.input1_shape = as_dims4(a);
  p.input2_shape = as_dims4(b);
  p.output_shape = as_dims4(out);
  p.elements = out.elements;
  return p;
}

OpParams derive_mul(const OpContext& ctx) {
  ctx.expect_arity(2, 2, 1);
  const GraphTensor& a = ctx.input(0);
  const GraphTensor& b = ctx.input(1);
  const GraphTensor& out = ctx.output(0);
  check_binary(ctx, a, b, out);
  MulParams p;
  p.input1_offset = -activation_zero_point(a, "input 1");
  p.input2_offset = -activation_zero_point(b, "input 2");
  p.output_offset = activation_zero_point(out, "output");
  // TFLite mul Prepare: double(s1) * double(s2) / double(s_out), QuantizeMultiplier.
  p.output = quantize(static_cast<double>(activation_scale(a, "input 1")) *
                      static_cast<double>(activation_scale(b, "input 2")) /
                      static_cast<double>(activation_scale(out, "output")));
  p.activation = options_activation(ctx.node());
  p.act = fused_range(p.activation, out);
  p.broadcast = a.shape != b.shape;
  p.elements = out.elements;
  return p;
}

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

OpParams derive_reshape(const OpContext& ctx) {
  // RESHAPE has an optional shape operand; SQUEEZE has one input.
  ctx.expect_arity(1, 2, 1);
  const GraphTensor& in = ctx.input(0);
  const GraphTensor& out = ctx.output(0);
  if (in.elements != out.elements) {
    throw ImportError("input " + describe(in) + " and output " + describe(out) + " have different element counts");
  }
  if (in.type != out.type) throw ImportError("input and output types differ");
  if (in.quant.scale != out.quant.scale || in.quant.zero_point != out.quant.zero_point) {
    throw ImportError("input and output quantization differ (a reshape cannot requantize)");
  }
  return ReshapeParams{out.elements};
}

OpParams derive_quantize(const OpContext& ctx, bool dequantize) {
  ctx.expect_arity(1, 1, 1);
  const GraphTensor& in = ctx.input(0);
  const GraphTensor& out = ctx.output(0);
  if (in.elements != out.elements) throw ImportError("input and output element counts differ");
  QuantizeParams p;
  p.from = in.type;
  p.to = out.type;
  p.elements = out.elements;
  auto is_int = [](TensorType t) { return t == TensorType::kInt8 || t == TensorType::kInt16; };
  if (dequantize) {
    if (!is_int(in.type) || out.type != TensorType::kFloat32) throw UnsupportedError("DEQUANTIZE must be int8/int16 -> float32");
    p.input_zero_point = activation_zero_point(in, "input");
    p.scale = activation_scale(in, "input");
  } else if (in.type == TensorType::kFloat32) {
    if (!is_int(out.type)) throw UnsupportedError("QUANTIZE from float32 must produce int8 or int16");
    p.output_zero_point = activation_zero_point(out, "output");
    p.scale = activation_scale(out, "output");
  } else {
    if (!is_int(in.type) || !is_int(out.type)) {
      throw UnsupportedError(std::string("QUANTIZE from ") + tflite::tensor_type_name(in.type) + " to " +
                        tflite::tensor_type_name(out.type) + " is not supported");
    }
    p.input_zero_point = activation_zero_point(in, "input");
    p.output_zero_point = activation_zero_point(out, "output");
    // TFLite quantize Prepare (requantize): double(input_scale) / double(output_scale).
    p.requantize = quantize(static_cast<double>(activation_scale(in, "input")) /
                            static_cast<double>(activation_scale(out, "output")));
  }
  return p;
}

}  // namespace cmnn::tool::detail
