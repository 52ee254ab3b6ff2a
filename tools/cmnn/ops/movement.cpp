#include "ops/movement.h"

#include "cmnn/status.h"

namespace cmnn::tool::ops {

namespace {

namespace lib = ::cmnn;

std::vector<ParamField> copy_fields(const lib::CopyNdParams& p) {
  std::vector<ParamField> f = {CMNN_FIELD(rank)};
  for (int32_t d = 0; d < lib::kCopyNdMaxRank; ++d) {
    const std::string i = "[" + std::to_string(d) + "]";
    f.push_back(param_field(("dims" + i).c_str(), p.dims[d]));
    f.push_back(param_field(("in_strides" + i).c_str(), p.in_strides[d]));
    f.push_back(param_field(("out_strides" + i).c_str(), p.out_strides[d]));
  }
  f.push_back(CMNN_FIELD(in_offset));
  f.push_back(CMNN_FIELD(out_offset));
  f.push_back(CMNN_FIELD(input_elements));
  f.push_back(CMNN_FIELD(output_elements));
  f.push_back(CMNN_FIELD(element_bytes));
  return f;
}

const CallSpec<lib::CopyNdParams, lib::CopyNdArgs> kCopyNd = {
    "copy_nd", "cmnn/copy_nd.h", "cmnn::CopyNdParams", "cmnn::CopyNdArgs",
    lib::copy_nd_variants, lib::copy_nd_run_variant, copy_fields};

}  // namespace

int32_t element_bytes(const GraphTensor& t, const char* role) {
  if (t.type == TensorType::kInt8) return 1;
  if (t.type == TensorType::kInt16) return 2;
  throw Unsupported(std::string(role) + " is " + type_name(t.type) + ", expected int8 or int16");
}

void require_same_quant(const GraphTensor& a, const GraphTensor& b, const char* what) {
  if (a.type != b.type) {
    throw Unsupported(std::string(what) + ": types differ (" + type_name(a.type) + " and " + type_name(b.type) + ")");
  }
  if (a.quant.per_channel() || b.quant.per_channel()) throw Unsupported(std::string(what) + ": per-channel quantization");
  if (a.quant.scale != b.quant.scale || a.quant.zero_point != b.quant.zero_point) {
    throw Unsupported(std::string(what) + ": input and output quantization differ (a data-movement operator cannot requantize)");
  }
}

std::vector<int32_t> shape_of(const GraphTensor& t, size_t max_rank, const char* role) {
  if (t.shape.size() > max_rank) {
    throw Unsupported(std::string(role) + " has rank " + std::to_string(t.shape.size()) + ", at most " +
                      std::to_string(max_rank) + " supported");
  }
  return t.shape;
}

void require_shape(const GraphTensor& t, const std::vector<int32_t>& shape, const char* role) {
  if (t.shape != shape) {
    throw ImportError(std::string(role) + " " + detail::describe(t) + " should have shape " + detail::shape_text(shape));
  }
}

std::vector<int32_t> constant_i32(const GraphTensor& t, const char* role, long count) {
  const std::vector<int64_t> v = constant_ints(t, role);
  if (count >= 0 && v.size() != static_cast<size_t>(count)) {
    throw ImportError(std::string(role) + " has " + std::to_string(v.size()) + " values, expected " + std::to_string(count));
  }
  std::vector<int32_t> r(v.size());
  for (size_t i = 0; i < v.size(); ++i) {
    if (v[i] < INT32_MIN || v[i] > INT32_MAX) throw ImportError(std::string(role) + " value out of the int32 range");
    r[i] = static_cast<int32_t>(v[i]);
  }
  return r;
}

void check_plan(Status s, const std::string& what) {
  if (s != Status::kOk) throw Unsupported(what + " (" + status_name(s) + ")");
}

Layer& add_copy_layer(LowerContext& ctx, int input, int output, const lib::CopyNdParams& p) {
  const GraphTensor& in = ctx.graph.tensors.at(static_cast<size_t>(input));
  const GraphTensor& o = ctx.graph.tensors.at(static_cast<size_t>(output));
  if (p.input_elements != in.elements || p.output_elements != o.elements ||
      int64_t{p.input_elements} * p.element_bytes != in.bytes || int64_t{p.output_elements} * p.element_bytes != o.bytes) {
    throw ImportError("copy of " + detail::describe(in) + " into " + detail::describe(o) + " does not match their sizes");
  }
  Layer& l = ctx.add_layer();
  l.inputs = {input};
  l.outputs = {output};
  using A = lib::CopyNdArgs;
  l.call = make_call(kCopyNd, p, {CMNN_ARG(A, input, tool::in(0)), CMNN_ARG(A, output, out(0))});
  return l;
}

Layer& add_fill_layer(LowerContext& ctx, int output, const std::vector<uint8_t>& element, int32_t element_bytes) {
  const GraphTensor& o = ctx.graph.tensors.at(static_cast<size_t>(output));
  if (o.elements <= 0 || o.elements > INT32_MAX || o.bytes != o.elements * element_bytes ||
      element.size() != static_cast<size_t>(element_bytes)) {
    throw ImportError("fill of " + detail::describe(o) + ": sizes do not match");
  }
  lib::CopyNdParams p;  // one dimension: every output element from input element 0 (stride 0)
  p.rank = 1;
  p.dims[0] = static_cast<int32_t>(o.elements);
  p.in_strides[0] = 0;
  p.out_strides[0] = 1;
  p.input_elements = 1;
  p.output_elements = static_cast<int32_t>(o.elements);
  p.element_bytes = element_bytes;
  Layer& l = ctx.add_layer();
  l.outputs = {output};
  ConstArray value;
  value.role = "fill_value";
  value.type = ConstArray::Type::kI8;  // raw bytes: copy_nd reads byte pointers
  value.data = element;
  l.constants.push_back(std::move(value));
  using A = lib::CopyNdArgs;
  l.call = make_call(kCopyNd, p, {CMNN_ARG(A, input, constant("fill_value")), CMNN_ARG(A, output, out(0))});
  return l;
}

}  // namespace cmnn::tool::ops
