// Static memory plan of a lowered model: every activation tensor gets an offset in one arena.
//  * lifetimes: a tensor lives from the layer that writes it (graph inputs: from the start) to the
//    last layer that reads it (graph outputs: to the end), in layer positions;
//  * reshapes alias: the output shares its input's bytes, and the pair lives as one buffer;
//  * ADD / MUL / SOFTMAX write in place over an input of the same size that dies at that layer;
//  * scratch: each layer's variant scratch is a buffer of its own, live during that layer only,
//    placed in the arena with the tensors (a layer's scratch never overlaps its inputs/outputs);
//  * offsets: plan/placer.h (several greedy orders, exact search on small graphs, the smallest
//    arena kept; greedy by size, TFLM's strategy, is always among them);
//  * variable tensors (LSTM state) persist between invocations, so they live outside the arena.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "graph/graph.h"
#include "select/lowered.h"

namespace cmnn::tool {

struct PlannedBuffer {
  std::vector<int> tensors;  // the tensor and its aliases; empty for a scratch buffer
  int scratch_layer = -1;    // layer position whose scratch this is, or -1 (a tensor buffer)
  int64_t bytes = 0;
  int first = 0, last = 0;   // layer positions, inclusive; -1 = before the first layer
  int64_t offset = 0;
  std::string name() const;  // "tensor 12" or "scratch of layer 3"
};

struct MemoryPlan {
  static constexpr int64_t kAlignment = 16;
  std::vector<int64_t> tensor_offset;  // per graph tensor: arena offset, or -1 (constant, state, unused)
  std::vector<int64_t> state_offset;   // per graph tensor: offset in the state region, or -1
  std::vector<int64_t> scratch_offset;  // per layer: arena offset of its scratch, or -1 (none)
  std::vector<PlannedBuffer> buffers;
  std::vector<int> in_place;           // outputs written over a dead input (Layer::in_place)
  int64_t arena_bytes = 0;   // activations and every layer's scratch
  int64_t largest_scratch_bytes = 0;  // the largest one layer needs (inside the arena)
  int64_t lower_bound_bytes = 0;      // largest sum of bytes live at one layer: no placement is smaller
  std::string strategy;               // placement order that won (plan/placer.h)
  int64_t state_bytes = 0;   // variable tensors
  int64_t naive_bytes = 0;   // every activation tensor in its own buffer (aliases counted) + all scratch summed
  int64_t peak_bytes() const { return arena_bytes + state_bytes; }
};

MemoryPlan plan_memory(const Graph& graph, const LoweredModel& model);

// Throws std::logic_error when two buffers (tensors or scratch) with intersecting lifetimes overlap
// in the arena, a buffer leaves the arena or an offset is misaligned (the planner checks its own result).
void verify_plan(const MemoryPlan& plan);

}  // namespace cmnn::tool
