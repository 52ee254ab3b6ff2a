#include "run/reference.h"

#include <cstring>
#include <stdexcept>

namespace cmnn::tool {

uint32_t fnv1a32(const uint8_t* data, size_t size) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < size; ++i) {
    h ^= data[i];
    h *= 16777619u;
  }
  return h;
}

void run_layer_reference(const Layer& l, const std::function<uint8_t*(int)>& data,
                         const std::function<size_t(int)>& size) {
  if (l.is_alias()) {
    const size_t n = std::min(size(l.inputs.at(0)), size(l.outputs.at(0)));
    std::memmove(data(l.outputs.at(0)), data(l.inputs.at(0)), n);
    return;
  }
  const std::vector<void*> ptrs = l.binding_ptrs([&](const ArgSource& src) -> void* {
    const auto i = static_cast<size_t>(src.index);
    return data(src.kind == ArgSource::Kind::kInput    ? l.inputs.at(i)
                : src.kind == ArgSource::Kind::kOutput ? l.outputs.at(i)
                                                       : l.states.at(i));
  });
  const std::string id = l.call->reference_id();
  std::vector<uint8_t> scratch(l.call->scratch_bytes(id));
  const Status s = l.call->run(id, ptrs, scratch.empty() ? nullptr : scratch.data(), scratch.size());
  if (s != Status::kOk) {
    throw std::runtime_error("layer of operator " + std::to_string(l.node) + " (" + l.op_name + ") " + id + ": " +
                             status_name(s));
  }
}

ReferenceRunner::ReferenceRunner(const Graph& graph, const LoweredModel& model) : graph_(graph), model_(model) {
  if (!model.ok()) throw std::runtime_error(missing_ops_text(model));
  buffers_.resize(graph.tensors.size());
  for (const GraphTensor& t : graph.tensors) {
    std::vector<uint8_t>& b = buffers_[static_cast<size_t>(t.index)];
    const uint8_t* d = model.constant_data(graph, t.index);
    if (d != nullptr) {
      b.assign(d, d + t.bytes);
    } else {
      b.assign(static_cast<size_t>(t.bytes), 0);
    }
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

void ReferenceRunner::invoke(bool keep_state) {
  if (!keep_state) reset_states();
  for (const Layer& l : model_.layers) {
    run_layer_reference(l, [&](int t) { return ptr(t); }, [&](int t) { return buffers_.at(static_cast<size_t>(t)).size(); });
  }
}

}  // namespace cmnn::tool
