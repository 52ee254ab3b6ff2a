#include "plan/memory_plan.h"

#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <string>

namespace cmnn::tool {

namespace {

int64_t align_up(int64_t v) { return (v + MemoryPlan::kAlignment - 1) / MemoryPlan::kAlignment * MemoryPlan::kAlignment; }

bool lifetimes_intersect(const PlannedBuffer& a, const PlannedBuffer& b) { return a.first <= b.last && b.first <= a.last; }

int find_root(std::vector<int>& parent, int t) {
  while (parent[static_cast<size_t>(t)] != t) t = parent[static_cast<size_t>(t)] = parent[static_cast<size_t>(parent[static_cast<size_t>(t)])];
  return t;
}

}  // namespace

MemoryPlan plan_memory(const Graph& graph, const LoweredModel& model) {
  const size_t nt = graph.tensors.size();
  MemoryPlan plan;
  plan.tensor_offset.assign(nt, -1);
  plan.state_offset.assign(nt, -1);
  const int end = static_cast<int>(model.layers.size());

  std::vector<int> parent(nt);
  std::iota(parent.begin(), parent.end(), 0);
  std::vector<int> first(nt, end + 1), last(nt, -2);
  std::vector<bool> used(nt, false);
  auto touch = [&](int t, int pos) {
    used[static_cast<size_t>(t)] = true;
    first[static_cast<size_t>(t)] = std::min(first[static_cast<size_t>(t)], pos);
    last[static_cast<size_t>(t)] = std::max(last[static_cast<size_t>(t)], pos);
  };
  for (int t : graph.inputs) touch(t, -1);
  for (int t : graph.outputs) touch(t, end);
  for (int pos = 0; pos < end; ++pos) {
    const Layer& l = model.layers[static_cast<size_t>(pos)];
    for (int t : l.inputs) touch(t, pos);
    for (int t : l.outputs) touch(t, pos);
    if (l.is_alias()) parent[static_cast<size_t>(find_root(parent, l.outputs[0]))] = find_root(parent, l.inputs[0]);
  }

  // In place: a layer whose op allows it (Layer::in_place: ADD, MUL, SOFTMAX ...) may write over an
  // input of the same size when that input's buffer is dead after the layer. Graph inputs and
  // constant tensors are never overwritten.
  for (int pos = 0; pos < end; ++pos) {
    const Layer& l = model.layers[static_cast<size_t>(pos)];
    if (!l.in_place) continue;
    const int out = l.outputs[0];
    for (int in : l.inputs) {
      const int root = find_root(parent, in);
      bool dies_here = graph.tensors[static_cast<size_t>(in)].bytes == graph.tensors[static_cast<size_t>(out)].bytes;
      for (const GraphTensor& t : graph.tensors) {
        if (find_root(parent, t.index) != root) continue;
        if (t.graph_input || t.graph_output || t.constant || t.variable || last[static_cast<size_t>(t.index)] > pos ||
            model.folded.count(t.index)) {
          dies_here = false;
        }
      }
      if (!dies_here) continue;
      parent[static_cast<size_t>(find_root(parent, out))] = root;
      plan.in_place.push_back(out);
      break;
    }
  }

  // State region: variable tensors, each in its own slot.
  for (const GraphTensor& t : graph.tensors) {
    if (!t.variable) continue;
    plan.state_offset[static_cast<size_t>(t.index)] = plan.state_bytes;
    plan.state_bytes += align_up(t.bytes);
  }

  // One buffer per alias class of used, non-constant, non-variable tensors.
  std::vector<int> buffer_of(nt, -1);
  for (const GraphTensor& t : graph.tensors) {
    const size_t i = static_cast<size_t>(t.index);
    if (!used[i] || t.constant || t.variable || t.bytes == 0 || model.folded.count(t.index)) continue;
    plan.naive_bytes += t.bytes;
    const int root = find_root(parent, t.index);
    int& b = buffer_of[static_cast<size_t>(root)];
    if (b < 0) {
      b = static_cast<int>(plan.buffers.size());
      plan.buffers.push_back(PlannedBuffer{{}, 0, first[i], last[i], 0});
    }
    PlannedBuffer& pb = plan.buffers[static_cast<size_t>(b)];
    pb.tensors.push_back(t.index);
    pb.bytes = std::max(pb.bytes, t.bytes);
    pb.first = std::min(pb.first, first[i]);
    pb.last = std::max(pb.last, last[i]);
  }
  for (const Layer& l : model.layers) plan.naive_bytes += static_cast<int64_t>(l.scratch_bytes);

  // Greedy by size: largest first, lowest gap among the lifetime-overlapping buffers placed so far.
  std::vector<size_t> order(plan.buffers.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return plan.buffers[a].bytes > plan.buffers[b].bytes; });
  std::vector<size_t> placed;
  for (size_t idx : order) {
    PlannedBuffer& b = plan.buffers[idx];
    std::vector<const PlannedBuffer*> live;
    for (size_t p : placed) {
      if (lifetimes_intersect(plan.buffers[p], b)) live.push_back(&plan.buffers[p]);
    }
    std::sort(live.begin(), live.end(), [](const PlannedBuffer* x, const PlannedBuffer* y) { return x->offset < y->offset; });
    int64_t candidate = 0;
    for (const PlannedBuffer* o : live) {
      if (candidate + b.bytes <= o->offset) break;
      candidate = std::max(candidate, align_up(o->offset + o->bytes));
    }
    b.offset = candidate;
    plan.arena_bytes = std::max(plan.arena_bytes, align_up(candidate + b.bytes));
    placed.push_back(idx);
    for (int t : b.tensors) plan.tensor_offset[static_cast<size_t>(t)] = b.offset;
  }
  plan.scratch_bytes = align_up(static_cast<int64_t>(model.max_scratch_bytes()));
  verify_plan(plan);
  return plan;
}

void verify_plan(const MemoryPlan& plan) {
  for (size_t i = 0; i < plan.buffers.size(); ++i) {
    const PlannedBuffer& a = plan.buffers[i];
    if (a.offset % MemoryPlan::kAlignment != 0 || a.offset < 0 || a.offset + a.bytes > plan.arena_bytes) {
      throw std::logic_error("memory plan: buffer of tensor " + std::to_string(a.tensors[0]) + " misplaced");
    }
    for (size_t j = i + 1; j < plan.buffers.size(); ++j) {
      const PlannedBuffer& b = plan.buffers[j];
      const bool bytes_overlap = a.offset < b.offset + b.bytes && b.offset < a.offset + a.bytes;
      if (bytes_overlap && lifetimes_intersect(a, b)) {
        throw std::logic_error("memory plan: tensors " + std::to_string(a.tensors[0]) + " and " +
                               std::to_string(b.tensors[0]) + " overlap while both live");
      }
    }
  }
}

}  // namespace cmnn::tool
