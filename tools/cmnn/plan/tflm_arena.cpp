#include "plan/tflm_arena.h"

#include <algorithm>
#include <vector>

#include "plan/placer.h"

namespace cmnn::tool {

namespace {

constexpr int64_t kTflmAlignment = 16;  // MicroArenaBufferAlignment()

int64_t align16(int64_t v) { return (v + kTflmAlignment - 1) / kTflmAlignment * kTflmAlignment; }

bool has_per_channel_arrays(const Node& n) {
  return n.op_name == "CONV_2D" || n.op_name == "DEPTHWISE_CONV_2D" || n.op_name == "TRANSPOSE_CONV";
}

}  // namespace

TflmArenaEstimate estimate_tflm_arena(const Graph& graph) {
  TflmArenaEstimate e;
  const int last_op = static_cast<int>(graph.nodes.size()) - 1;
  std::vector<int> first(graph.tensors.size(), -1), last(graph.tensors.size(), -1);
  for (int t : graph.inputs) {
    if (t >= 0) first[t] = 0;
  }
  for (const Node& n : graph.nodes) {
    for (int t : n.inputs) {
      if (t >= 0) last[t] = n.index;
    }
    for (int t : n.outputs) {
      if (t < 0) continue;
      if (first[t] < 0) first[t] = n.index;
      last[t] = std::max(last[t], n.index);
    }
  }
  for (int t : graph.outputs) {
    if (t >= 0) last[t] = last_op;
  }
  std::vector<Interval> buffers;
  for (const GraphTensor& t : graph.tensors) {
    if (t.constant) continue;
    if (t.variable) {
      e.persistent_bytes += align16(t.bytes);
      continue;
    }
    const size_t i = static_cast<size_t>(t.index);
    if (first[i] < 0 || last[i] < first[i] || t.bytes <= 0) continue;  // never written or never read
    buffers.push_back({t.bytes, first[i], last[i]});
  }
  e.head_bytes = greedy_by_size_arena(buffers, kTflmAlignment);
  for (const Node& n : graph.nodes) {
    if (!has_per_channel_arrays(n) || n.outputs.empty() || n.outputs[0] < 0) continue;
    const GraphTensor& out = graph.tensors[static_cast<size_t>(n.outputs[0])];
    if (!out.shape.empty()) e.persistent_bytes += 2 * align16(4 * int64_t{out.shape.back()});
  }
  return e;
}

}  // namespace cmnn::tool
