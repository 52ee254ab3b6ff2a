#include "run/reference.h"

#include <cstring>
#include <stdexcept>

namespace cmnn::tool {

namespace {

namespace lib = ::cmnn;

bool ends_with_ref(const char* id) {
  const size_t n = std::strlen(id);
  return n >= 4 && std::strcmp(id + n - 4, ".ref") == 0;
}

// The table's reference entry: portable, id ending in ".ref".
template <typename Params, typename Args>
const lib::Variant<Params, Args>& reference_of(const lib::Variant<Params, Args>* table, size_t count, const char* op) {
  for (size_t i = 0; i < count; ++i) {
    if (table[i].isa == lib::Isa::kPortable && ends_with_ref(table[i].id)) return table[i];
  }
  throw std::runtime_error(std::string(op) + " has no .ref variant");
}

template <typename T>
const T* data_of(const Layer& l, const char* role) {
  const ConstArray* a = l.constant(role);
  if (a == nullptr) return nullptr;
  if constexpr (sizeof(T) == 4) {
    return a->i32.data();
  } else if constexpr (sizeof(T) == 2) {
    return a->i16.data();
  } else {
    return a->i8.data();
  }
}

}  // namespace

uint32_t fnv1a32(const uint8_t* data, size_t size) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < size; ++i) {
    h ^= data[i];
    h *= 16777619u;
  }
  return h;
}

ReferenceRunner::ReferenceRunner(const Graph& graph, const LoweredModel& model) : graph_(graph), model_(model) {
  if (!model.ok()) throw std::runtime_error(missing_ops_text(model));
  buffers_.resize(graph.tensors.size());
  for (const GraphTensor& t : graph.tensors) {
    if (!t.constant) buffers_[static_cast<size_t>(t.index)].assign(static_cast<size_t>(t.bytes), 0);
  }
}

void ReferenceRunner::set_input(size_t i, const std::vector<uint8_t>& bytes) {
  const int t = graph_.inputs.at(i);
  std::vector<uint8_t>& b = buffers_.at(static_cast<size_t>(t));
  if (bytes.size() != b.size()) {
    throw std::runtime_error("input " + std::to_string(i) + " needs " + std::to_string(b.size()) + " bytes, got " +
                             std::to_string(bytes.size()));
  }
  b = bytes;
}

const std::vector<uint8_t>& ReferenceRunner::output(size_t i) const { return tensor(graph_.outputs.at(i)); }

void ReferenceRunner::reset_states() {
  for (const GraphTensor& t : graph_.tensors) {
    if (!t.variable) continue;
    std::vector<uint8_t>& b = buffers_[static_cast<size_t>(t.index)];
    const int32_t zp = t.quant.zero_point.empty() ? 0 : t.quant.zero_point[0];
    if (t.type == tflite::TensorType::kInt16) {
      const int16_t v = static_cast<int16_t>(zp);
      for (size_t k = 0; k + 1 < b.size(); k += 2) std::memcpy(&b[k], &v, 2);
    } else {
      std::memset(b.data(), static_cast<int8_t>(zp), b.size());
    }
  }
}

void ReferenceRunner::invoke() {
  reset_states();
  for (const Layer& l : model_.layers) run_layer(l);
}

void ReferenceRunner::run_layer(const Layer& l) {
  lib::Status s = lib::Status::kOk;
  const char* id = "alias";
  auto in = [&](size_t k) { return reinterpret_cast<const int8_t*>(ptr(l.inputs.at(k))); };
  int8_t* out = reinterpret_cast<int8_t*>(ptr(l.outputs.at(0)));
  size_t count = 0;
  switch (l.kind) {
    case LayerKind::kReshape: {
      const auto& src = buffers_.at(static_cast<size_t>(l.inputs[0]));
      std::memcpy(out, src.data(), src.size());
      break;
    }
    case LayerKind::kConv: {
      const auto* table = lib::conv2d_s8_variants(&count);
      const auto& v = reference_of(table, count, "conv2d_s8");
      lib::Conv2dS8Args a;
      a.input = in(0), a.filter = data_of<int8_t>(l, "filter"), a.bias = data_of<int32_t>(l, "bias");
      a.multiplier = data_of<int32_t>(l, "multiplier"), a.shift = data_of<int32_t>(l, "shift"), a.output = out;
      a.packed_filter = data_of<int16_t>(l, "packed_filter");
      const auto& p = std::get<lib::Conv2dParams>(l.params);
      std::vector<uint8_t> scratch(v.scratch_bytes(p));
      id = v.id;
      s = lib::conv2d_s8_run_variant(v, p, a, scratch.data(), scratch.size());
      break;
    }
    case LayerKind::kDepthwise: {
      const auto& v = reference_of(lib::kDepthwiseConvS8Variants, std::size(lib::kDepthwiseConvS8Variants), "depthwise");
      lib::DepthwiseConvS8Args a;
      a.input = in(0), a.filter = data_of<int8_t>(l, "filter"), a.bias = data_of<int32_t>(l, "bias");
      a.output_multiplier = data_of<int32_t>(l, "multiplier"), a.output_shift = data_of<int32_t>(l, "shift");
      a.output = out;
      const auto& p = std::get<lib::DepthwiseConvParams>(l.params);
      std::vector<uint8_t> scratch(v.scratch_bytes(p));
      id = v.id;
      s = v.run(p, a, scratch.data(), scratch.size());
      break;
    }
    case LayerKind::kFullyConnected: {
      const auto* table = lib::fully_connected_s8_variants(&count);
      const auto& v = reference_of(table, count, "fully_connected_s8");
      lib::FullyConnectedS8Args a;
      a.input = in(0), a.weights = data_of<int8_t>(l, "weights"), a.bias = data_of<int32_t>(l, "bias");
      a.multiplier = data_of<int32_t>(l, "multiplier"), a.shift = data_of<int32_t>(l, "shift");
      a.kernel_sums = data_of<int32_t>(l, "kernel_sums"), a.output = out;
      a.packed_weights = data_of<int16_t>(l, "packed_weights");
      const auto& p = std::get<lib::FullyConnectedParams>(l.params);
      std::vector<uint8_t> scratch(v.scratch_bytes(p));
      id = v.id;
      s = lib::fully_connected_s8_run_variant(v, p, a, scratch.data(), scratch.size());
      break;
    }
    case LayerKind::kAvgPool:
    case LayerKind::kMaxPool: {
      const bool max = l.kind == LayerKind::kMaxPool;
      const auto* table = max ? lib::maxpool_s8_variants(&count) : lib::avgpool_s8_variants(&count);
      const auto& v = reference_of(table, count, "pool");
      lib::PoolArgs<int8_t> a;
      a.input = in(0), a.output = out;
      const auto& p = std::get<lib::PoolParams>(l.params);
      id = v.id;
      s = max ? lib::maxpool_s8_run_variant(v, p, a, nullptr, 0) : lib::avgpool_s8_run_variant(v, p, a, nullptr, 0);
      break;
    }
    case LayerKind::kAdd:
    case LayerKind::kMul: {
      lib::BinaryArgs<int8_t> a;
      a.input1 = in(0), a.input2 = in(1), a.output = out;
      if (l.kind == LayerKind::kAdd) {
        const auto* table = lib::add_s8_variants(&count);
      const auto& v = reference_of(table, count, "add_s8");
        id = v.id;
        s = lib::add_s8_run_variant(v, std::get<lib::AddParams>(l.params), a, nullptr, 0);
      } else {
        const auto* table = lib::mul_s8_variants(&count);
      const auto& v = reference_of(table, count, "mul_s8");
        id = v.id;
        s = lib::mul_s8_run_variant(v, std::get<lib::MulParams>(l.params), a, nullptr, 0);
      }
      break;
    }
    case LayerKind::kSoftmax: {
      const auto* table = lib::softmax_s8_variants(&count);
      const auto& v = reference_of(table, count, "softmax_s8");
      lib::SoftmaxS8Args a;
      a.input = in(0), a.output = out;
      id = v.id;
      s = lib::softmax_s8_run_variant(v, std::get<lib::SoftmaxParams>(l.params), a, nullptr, 0);
      break;
    }
    case LayerKind::kLstm: {
      const auto* table = lib::lstm_s8_variants(&count);
      const auto& v = reference_of(table, count, "lstm_s8");
      lib::LstmS8Args a;
      a.input = in(0), a.output = out;
      a.hidden_state = reinterpret_cast<int8_t*>(ptr(l.states.at(0)));
      a.cell_state = reinterpret_cast<int16_t*>(ptr(l.states.at(1)));
      lib::LstmS8Args::Gate* gates[4] = {&a.input_gate, &a.forget_gate, &a.cell_gate, &a.output_gate};
      const char* names[4] = {"input_gate", "forget_gate", "cell_gate", "output_gate"};
      for (int g = 0; g < 4; ++g) {
        const std::string n = names[g];
        gates[g]->input_weights = data_of<int8_t>(l, (n + ".input_weights").c_str());
        gates[g]->hidden_weights = data_of<int8_t>(l, (n + ".hidden_weights").c_str());
        gates[g]->bias = data_of<int32_t>(l, (n + ".bias").c_str());
      }
      const auto& p = std::get<lib::LstmParams>(l.params);
      std::vector<uint8_t> scratch(v.scratch_bytes(p));
      id = v.id;
      s = lib::lstm_s8_run_variant(v, p, a, scratch.data(), scratch.size());
      break;
    }
  }
  if (s != lib::Status::kOk) {
    throw std::runtime_error("layer " + std::to_string(l.node) + " (" + l.op_name + ") " + id + ": " +
                             lib::status_name(s));
  }
}

}  // namespace cmnn::tool
