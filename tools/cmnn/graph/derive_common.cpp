#include <cmath>

#include "graph/derive.h"
#include "import/flatbuffer.h"

namespace cmnn::tool::detail {

using tflite::TensorType;

void OpContext::expect_arity(size_t min_inputs, long max_inputs, size_t outputs) const {
  const size_t n = node_.inputs.size();
  if (n < min_inputs || (max_inputs >= 0 && n > static_cast<size_t>(max_inputs))) {
    throw ImportError("has " + std::to_string(n) + " inputs, expected " + std::to_string(min_inputs) +
                      (max_inputs < 0 ? " or more"
                       : static_cast<size_t>(max_inputs) == min_inputs ? ""
                                                                       : " to " + std::to_string(max_inputs)));
  }
  if (node_.outputs.size() != outputs) {
    throw ImportError("has " + std::to_string(node_.outputs.size()) + " outputs, expected " + std::to_string(outputs));
  }
}

const GraphTensor& OpContext::input(size_t i) const {
  const GraphTensor* t = optional_input(i);
  if (t == nullptr) throw ImportError("required input " + std::to_string(i) + " is missing");
  return *t;
}

const GraphTensor* OpContext::optional_input(size_t i) const {
  if (i >= node_.inputs.size() || node_.inputs[i] < 0) return nullptr;
  return &graph_.tensors[static_cast<size_t>(node_.inputs[i])];
}

const GraphTensor& OpContext::output(size_t i) const {
  if (i >= node_.outputs.size()) throw ImportError("output " + std::to_string(i) + " is missing");
  return graph_.tensors[static_cast<size_t>(node_.outputs[i])];
}

std::string shape_text(const std::vector<int32_t>& shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i) s += (i ? "," : "") + std::to_string(shape[i]);
  return s + "]";
}

std::string describe(const GraphTensor& t) {
  std::string name = t.name.size() > 60 ? t.name.substr(0, 60) + "..." : t.name;
  return "tensor " + std::to_string(t.index) + " '" + name + "' " + tflite::tensor_type_name(t.type) + " " +
         shape_text(t.shape);
}

void require_rank(const GraphTensor& t, size_t rank, const char* role) {
  if (t.shape.size() != rank) {
    throw ImportError(std::string(role) + " " + describe(t) + " must have rank " + std::to_string(rank));
  }
  for (int32_t d : t.shape) {
    if (d <= 0) throw ImportError(std::string(role) + " " + describe(t) + " has an empty dimension");
  }
}

Dims4 require_rank4(const GraphTensor& t, const char* role) {
  require_rank(t, 4, role);
  return Dims4{t.shape[0], t.shape[1], t.shape[2], t.shape[3]};
}

void require_type(const GraphTensor& t, TensorType type, const char* role) {
  if (t.type != type) {
    throw UnsupportedError(std::string(role) + " " + describe(t) + " must be " + tflite::tensor_type_name(type));
  }
}

namespace {
void type_range(TensorType type, int32_t* lo, int32_t* hi) {
  switch (type) {
    case TensorType::kInt8: *lo = -128; *hi = 127; return;
    case TensorType::kUint8: *lo = 0; *hi = 255; return;
    case TensorType::kInt16: *lo = -32768; *hi = 32767; return;
    default: *lo = INT32_MIN; *hi = INT32_MAX; return;
  }
}
}  // namespace

float activation_scale(const GraphTensor& t, const char* role) {
  if (t.quant.scale.size() != 1) {
    throw ImportError(std::string(role) + " " + describe(t) + " needs one quantization scale, has " +
                      std::to_string(t.quant.scale.size()));
  }
  const float s = t.quant.scale[0];
  if (!(s > 0.0f) || !std::isfinite(s)) {
    throw ImportError(std::string(role) + " " + describe(t) + " has quantization scale " + std::to_string(s));
  }
  return s;
}

int32_t activation_zero_point(const GraphTensor& t, const char* role) {
  activation_scale(t, role);
  const int32_t zp = t.quant.zero_point[0];
  int32_t lo = 0, hi = 0;
  type_range(t.type, &lo, &hi);
  if (zp < lo || zp > hi) {
    throw ImportError(std::string(role) + " " + describe(t) + " has zero point " + std::to_string(zp) +
                      " outside its type's range");
  }
  return zp;
}

void require_constant(const GraphTensor& t, const char* role) {
  if (!t.constant) throw ImportError(std::string(role) + " " + describe(t) + " must be a constant (weights)");
}

int bias_index(const GraphTensor* bias, int32_t channels) {
  if (bias == nullptr) return -1;
  if (bias->type != TensorType::kInt64) require_type(*bias, TensorType::kInt32, "bias");  // int64: 16x8 ops
  require_constant(*bias, "bias");
  if (bias->elements != channels) {
    throw ImportError("bias " + describe(*bias) + " has " + std::to_string(bias->elements) + " elements, expected " +
                      std::to_string(channels));
  }
  return bias->index;
}

OutputRescale output_rescale(const GraphTensor& input, const GraphTensor& filter, const GraphTensor& output,
                             int32_t channels) {
  const float input_scale = activation_scale(input, "input");
  const float output_scale = activation_scale(output, "output");
  const size_t n = filter.quant.scale.size();
  if (n != 1 && n != static_cast<size_t>(channels)) {
    throw ImportError("filter " + describe(filter) + " has " + std::to_string(n) + " scales for " +
                      std::to_string(channels) + " output channels");
  }
  OutputRescale r;
  r.per_channel = n > 1;
  for (size_t c = 0; c < n; ++c) {
    const float fs = filter.quant.scale[c];
    if (!(fs > 0.0f)) {
      throw ImportError("filter " + describe(filter) + " channel " + std::to_string(c) + " has scale " +
                        std::to_string(fs));
    }
    // TFLite PopulateConvolutionQuantizationParams: double(input) * double(filter[c]) / double(output).
    const double effective =
        static_cast<double>(input_scale) * static_cast<double>(fs) / static_cast<double>(output_scale);
    const QuantizedMultiplier q = quantize(effective);
    r.multiplier.push_back(q.multiplier);
    r.shift.push_back(q.shift);
  }
  return r;
}

ActivationRange fused_range(tflite::Activation act, const GraphTensor& output) {
  int32_t lo = 0, hi = 0;
  type_range(output.type, &lo, &hi);
  return activation_range(act, activation_scale(output, "output"), activation_zero_point(output, "output"), lo, hi);
}

bool has_float_tensors(const OpContext& ctx) {
  auto is_float = [](const GraphTensor* t) {
    return t != nullptr && (t->type == TensorType::kFloat32 || t->type == TensorType::kFloat16 ||
                            t->type == TensorType::kFloat64);
  };
  for (size_t i = 0; i < ctx.node().inputs.size(); ++i) {
    if (is_float(ctx.optional_input(i))) return true;
  }
  for (size_t i = 0; i < ctx.node().outputs.size(); ++i) {
    if (is_float(&ctx.output(i))) return true;
  }
  return false;
}

}  // namespace cmnn::tool::detail
