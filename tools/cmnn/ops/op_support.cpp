#include "ops/op_support.h"

#include <cmath>
#include <cstring>

#include "cmnn/elementwise.h"
#include "select/variant_cost.h"

namespace cmnn::tool {

const GraphTensor& LowerContext::input(size_t i) const {
  if (!has_input(i)) throw ImportError("required input " + std::to_string(i) + " is missing");
  return graph.tensors.at(static_cast<size_t>(node.inputs[i]));
}

const GraphTensor& LowerContext::output(size_t i) const {
  if (i >= node.outputs.size()) throw ImportError("output " + std::to_string(i) + " is missing");
  return graph.tensors.at(static_cast<size_t>(node.outputs[i]));
}

void LowerContext::expect_arity(size_t min_inputs, long max_inputs, size_t outputs) const {
  detail::OpContext(graph, node).expect_arity(min_inputs, max_inputs, outputs);
}

Layer& LowerContext::add_layer() {
  layers_.emplace_back();
  Layer& l = layers_.back();
  l.node = node.index;
  l.op_name = node.op_name;
  return l;
}

namespace ops {

const char* type_name(TensorType t) {
  switch (t) {
    case TensorType::kInt8: return "int8";
    case TensorType::kUint8: return "uint8";
    case TensorType::kInt16: return "int16";
    case TensorType::kInt32: return "int32";
    case TensorType::kInt64: return "int64";
    case TensorType::kFloat32: return "float32";
    case TensorType::kInt4: return "int4";
    default: return tflite::tensor_type_name(t);
  }
}

void require_type(const GraphTensor& t, TensorType type, const char* role) {
  if (t.type != type) {
    throw Unsupported(std::string(role) + " is " + type_name(t.type) + ", expected " + type_name(type));
  }
}

std::string types_text(const LowerContext& ctx) {
  std::string s;
  for (size_t i = 0; i < ctx.input_count(); ++i) {
    if (!ctx.has_input(i)) continue;
    s += (s.empty() ? "" : ",") + std::string(type_name(ctx.input(i).type));
  }
  s += " -> ";
  for (size_t i = 0; i < ctx.output_count(); ++i) s += (i ? "," : "") + std::string(type_name(ctx.output(i).type));
  return s;
}

ConstArray tensor_constant(const Graph& g, int tensor, TensorType type, const std::string& role) {
  const GraphTensor& t = g.tensors.at(static_cast<size_t>(tensor));
  if (t.data == nullptr || t.type != type) {
    throw Unsupported(role + " is not a constant " + type_name(type) + " tensor");
  }
  ConstArray a;
  a.role = role;
  switch (type) {
    case TensorType::kInt8: a.type = ConstArray::Type::kI8; break;
    case TensorType::kInt4:
    case TensorType::kUint8: a.type = ConstArray::Type::kU8; break;
    case TensorType::kInt16: a.type = ConstArray::Type::kI16; break;
    case TensorType::kInt32: a.type = ConstArray::Type::kI32; break;
    case TensorType::kInt64: a.type = ConstArray::Type::kI64; break;
    case TensorType::kFloat32: a.type = ConstArray::Type::kF32; break;
    default: throw Unsupported(role + " has an unsupported constant type");
  }
  a.data.assign(t.data, t.data + t.bytes);  // little-endian file, little-endian hosts and targets
  return a;
}

ConstArray int8_constant(const Graph& g, int tensor, const std::string& role) {
  return tensor_constant(g, tensor, TensorType::kInt8, role);
}
ConstArray int32_constant(const Graph& g, int tensor, const std::string& role) {
  return tensor_constant(g, tensor, TensorType::kInt32, role);
}

void add_rescale(Layer& l, const OutputRescale& r, size_t channels) {
  std::vector<int32_t> m = r.multiplier, s = r.shift;
  if (m.size() == 1 && channels > 1) {
    m.assign(channels, r.multiplier[0]);
    s.assign(channels, r.shift[0]);
  }
  if (m.size() != channels) {
    throw Unsupported("rescale has " + std::to_string(m.size()) + " channels, expected " + std::to_string(channels));
  }
  l.constants.push_back(values("multiplier", m));
  l.constants.push_back(values("shift", s));
}

std::vector<int64_t> constant_ints(const GraphTensor& t, const char* role) {
  if (!t.constant || t.data == nullptr) throw Unsupported(std::string(role) + " must be a constant tensor");
  std::vector<int64_t> v(static_cast<size_t>(t.elements));
  if (t.type == TensorType::kInt32) {
    for (size_t i = 0; i < v.size(); ++i) {
      int32_t x;
      std::memcpy(&x, t.data + i * 4, 4);
      v[i] = x;
    }
  } else if (t.type == TensorType::kInt64) {
    for (size_t i = 0; i < v.size(); ++i) std::memcpy(&v[i], t.data + i * 8, 8);
  } else {
    throw Unsupported(std::string(role) + " must be int32 or int64");
  }
  return v;
}

Quant activation_quant(const GraphTensor& t, const char* role) {
  if (!t.quant.quantized()) throw Unsupported(std::string(role) + " " + detail::describe(t) + " is not quantized");
  if (t.quant.per_channel()) throw Unsupported(std::string(role) + " has per-channel quantization");
  if (!(t.quant.scale[0] > 0.0f) || !std::isfinite(t.quant.scale[0])) {
    throw ImportError(std::string(role) + " has a scale that is not a finite number > 0");
  }
  const int32_t zp = t.quant.zero_point[0];
  if (zp < type_min(t.type) || zp > type_max(t.type) || zp == INT32_MIN) {  // INT32_MIN: -zp overflows
    throw ImportError(std::string(role) + " has zero point " + std::to_string(zp) + " outside its type's range");
  }
  return Quant{t.quant.scale[0], zp};
}

int32_t type_min(TensorType t) {
  switch (t) {
    case TensorType::kInt8: return -128;
    case TensorType::kUint8: return 0;
    case TensorType::kInt16: return -32768;
    default: return INT32_MIN;
  }
}
int32_t type_max(TensorType t) {
  switch (t) {
    case TensorType::kInt8: return 127;
    case TensorType::kUint8: return 255;
    case TensorType::kInt16: return 32767;
    default: return INT32_MAX;
  }
}

// Common checks and the layer: two same-typed int8/int16 inputs broadcasting to the output.
Layer& broadcast_binary_layer(LowerContext& ctx, int32_t* d1, int32_t* d2, int32_t* dout, bool* is_int16) {
  ctx.expect_arity(2, 2, 1);
  const GraphTensor& a = ctx.input(0);
  const GraphTensor& b = ctx.input(1);
  const GraphTensor& out = ctx.output(0);
  if (a.type != TensorType::kInt8 && a.type != TensorType::kInt16) {
    throw Unsupported(std::string("no kernel for ") + type_name(a.type) + " inputs");
  }
  require_type(b, a.type, "input 2");
  require_type(out, a.type, "output");
  *is_int16 = a.type == TensorType::kInt16;
  if (::cmnn::broadcast_dims(a.shape.data(), static_cast<int32_t>(a.shape.size()), b.shape.data(),
                          static_cast<int32_t>(b.shape.size()), d1, d2, dout) != ::cmnn::Status::kOk) {
    throw ImportError("input shapes do not broadcast (or rank above 6)");
  }
  int64_t elements = 1;
  for (int d = 0; d < ::cmnn::kMaxBroadcastRank; ++d) elements *= dout[d];
  if (elements != out.elements) throw ImportError("output shape is not the inputs' broadcast shape");
  Layer& l = ctx.add_layer();
  l.inputs = {ctx.node.inputs[0], ctx.node.inputs[1]};
  l.outputs = {ctx.node.outputs[0]};
  // Writing over an input is safe only when no input broadcasts.
  l.in_place = a.elements == out.elements && b.elements == out.elements;
  l.macs = out.elements;
  return l;
}

bool costs_less(Target target, const Choice& a, const Choice& b, int64_t macs, int64_t outputs) {
  if (!a.found || !b.found) return false;
  double ca = 0.0, cb = 0.0;
  return estimate_variant_cycles(target, a.id, macs, outputs, &ca) &&
         estimate_variant_cycles(target, b.id, macs, outputs, &cb) && ca < cb;
}

}  // namespace ops
}  // namespace cmnn::tool
