#include "plan/memory_plan.h"

#include "plan/placer.h"
#include "select/fuse_fc.h"

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

std::string PlannedBuffer::name() const {
  if (scratch_layer >= 0) return "scratch of layer " + std::to_string(scratch_layer);
  return "tensor " + std::to_string(tensors.empty() ? -1 : tensors[0]);
}

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
  // A patch stage (Layer::in_patch / patch) runs at its last layer's position: the chain's input
  // and constants live until then, the tensors inside the chain exist only in its work area.
  std::vector<int> runs_at(static_cast<size_t>(end));
  for (int pos = end; pos-- > 0;) {
    const Layer& l = model.layers[static_cast<size_t>(pos)];
    runs_at[static_cast<size_t>(pos)] = l.in_patch && pos + 1 < end ? runs_at[static_cast<size_t>(pos) + 1] : pos;
  }
  std::vector<bool> inside(nt, false);
  for (const Layer& l : model.layers) {
    if (l.in_patch) inside[static_cast<size_t>(l.outputs[0])] = true;
  }
  // A producer run by bands into an FC (Layer::runs_inside) runs inside the FC's call: its inputs
  // live until then; its output and that output's aliases never exist.
  const std::set<int> away = fc_fused_away_tensors(model);
  for (int pos = 0; pos < end; ++pos) {
    const Layer& l = model.layers[static_cast<size_t>(pos)];
    // A fused pair (Layer::fused_into_next / fused_band) runs as one call at the second layer's
    // position: the first layer's inputs live until then, the tensor between them never exists.
    for (int t : l.inputs) {
      if ((l.fused_band > 0 && t == l.inputs[0]) || inside[static_cast<size_t>(t)] || away.count(t) != 0) continue;
      touch(t, l.fused_into_next ? pos + 1 : l.runs_inside >= 0 ? l.runs_inside : runs_at[static_cast<size_t>(pos)]);
    }
    if (!l.fused_into_next && !l.in_patch) {
      for (int t : l.outputs) {
        if (away.count(t) == 0) touch(t, pos);
      }
    }
    if (l.is_alias() && away.count(l.outputs[0]) != 0) continue;
    if (l.is_alias()) parent[static_cast<size_t>(find_root(parent, l.outputs[0]))] = find_root(parent, l.inputs[0]);
  }

  // In place: a layer whose op allows it (Layer::in_place: ADD, MUL, SOFTMAX ...) may write over an
  // input of the same size when that input's buffer is dead after the layer. Graph inputs and
  // constant tensors are never overwritten.
  for (int pos = 0; pos < end; ++pos) {
    const Layer& l = model.layers[static_cast<size_t>(pos)];
    if (!l.in_place && l.rows_band == 0 && l.block_band == 0) continue;
    const int out = l.outputs[0];
    // A banded layer (Layer::rows_band) writes over input 0 only, of any size (the buffer takes the
    // larger); a residual block run by bands (Layer::block_band) over its block input.
    const std::vector<int> over = l.block_band > 0 ? std::vector<int>{model.layers[static_cast<size_t>(l.block_a)].inputs[0]}
                                  : l.rows_band > 0 ? std::vector<int>{l.inputs[0]}
                                                    : l.inputs;
    for (int in : over) {
      const int root = find_root(parent, in);
      bool dies_here = l.rows_band > 0 || l.block_band > 0 ||
                       graph.tensors[static_cast<size_t>(in)].bytes == graph.tensors[static_cast<size_t>(out)].bytes;
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
      PlannedBuffer nb;
      nb.first = first[i];
      nb.last = last[i];
      plan.buffers.push_back(nb);
    }
    PlannedBuffer& pb = plan.buffers[static_cast<size_t>(b)];
    pb.tensors.push_back(t.index);
    pb.bytes = std::max(pb.bytes, t.bytes);
    pb.first = std::min(pb.first, first[i]);
    pb.last = std::max(pb.last, last[i]);
  }
  for (const Layer& l : model.layers) plan.naive_bytes += static_cast<int64_t>(l.scratch_bytes);

  // Scratch: one buffer per layer that needs any, live at that layer only.
  plan.scratch_offset.assign(model.layers.size(), -1);
  for (int pos = 0; pos < end; ++pos) {
    const int64_t bytes = static_cast<int64_t>(model.layers[static_cast<size_t>(pos)].scratch_bytes);
    if (bytes == 0) continue;
    PlannedBuffer s;
    s.scratch_layer = pos;
    s.bytes = bytes;
    s.first = s.last = pos;
    plan.buffers.push_back(s);
    plan.largest_scratch_bytes = std::max(plan.largest_scratch_bytes, bytes);
  }

  std::vector<Interval> intervals;
  for (const PlannedBuffer& b : plan.buffers) intervals.push_back({b.bytes, b.first, b.last});
  const Placement placed = place_buffers(intervals, MemoryPlan::kAlignment);
  plan.arena_bytes = placed.arena_bytes;
  plan.lower_bound_bytes = placed.lower_bound;
  plan.strategy = placed.strategy;
  for (size_t i = 0; i < plan.buffers.size(); ++i) {
    PlannedBuffer& b = plan.buffers[i];
    b.offset = placed.offsets[i];
    for (int t : b.tensors) plan.tensor_offset[static_cast<size_t>(t)] = b.offset;
    if (b.scratch_layer >= 0) plan.scratch_offset[static_cast<size_t>(b.scratch_layer)] = b.offset;
  }
  verify_plan(plan);
  return plan;
}

void verify_plan(const MemoryPlan& plan) {
  for (size_t i = 0; i < plan.buffers.size(); ++i) {
    const PlannedBuffer& a = plan.buffers[i];
    if (a.offset % MemoryPlan::kAlignment != 0 || a.offset < 0 || a.offset + a.bytes > plan.arena_bytes) {
      throw std::logic_error("memory plan: buffer of " + a.name() + " misplaced");
    }
    for (size_t j = i + 1; j < plan.buffers.size(); ++j) {
      const PlannedBuffer& b = plan.buffers[j];
      const bool bytes_overlap = a.offset < b.offset + b.bytes && b.offset < a.offset + a.bytes;
      if (bytes_overlap && lifetimes_intersect(a, b)) {
        throw std::logic_error("memory plan: " + a.name() + " and " + b.name() + " overlap while both live");
      }
    }
  }
}

}  // namespace cmnn::tool
