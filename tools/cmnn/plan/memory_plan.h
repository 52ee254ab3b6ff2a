// Static memory plan of a lowered model: every activation tensor gets an offset in one arena.
//  * lifetimes: a tensor lives from the layer that writes it (graph inputs: from the start) to the
//    last layer that reads it (graph outputs: to the end), in layer positions;
//  * reshapes alias: the output shares its input's bytes, and the pair lives as one buffer;
//  * ADD / MUL / SOFTMAX write in place over an input of the same size that dies at that layer;
//  * offsets: greedy by size (largest buffer first, lowest aligned offset that overlaps no buffer
//    whose lifetime intersects), the "greedy by size" strategy of TFLM's planner;
//  * one scratch region, sized to the largest scratch any layer's variant needs, shared by all;
//  * variable tensors (LSTM state) persist between invocations, so they live outside the arena.
#pragma once
#include <cstdint>
#include <vector>

#include "graph/graph.h"
#include "select/lowered.h"

namespace cmnn::tool {

struct PlannedBuffer {
  std::vector<int> tensors;  // the tensor and its aliases
  int64_t bytes = 0;
  int first = 0, last = 0;   // layer positions, inclusive; -1 = before the first layer
  int64_t offset = 0;
};

struct MemoryPlan {
  static constexpr int64_t kAlignment = 16;
  std::vector<int64_t> tensor_offset;  // per graph tensor: arena offset, or -1 (constant, state, unused)
  std::vector<int64_t> state_offset;   // per graph tensor: offset in the state region, or -1
  std::vector<PlannedBuffer> buffers;
  std::vector<int> in_place;           // outputs written over a dead input (Layer::in_place)
  int64_t arena_bytes = 0;   // activations
  int64_t scratch_bytes = 0; // the shared scratch region
  int64_t state_bytes = 0;   // variable tensors
  int64_t naive_bytes = 0;   // every activation tensor in its own buffer (aliases counted) + all scratch summed
  int64_t peak_bytes() const { return arena_bytes + scratch_bytes + state_bytes; }
};

MemoryPlan plan_memory(const Graph& graph, const LoweredModel& model);

// Throws std::logic_error when two buffers with intersecting lifetimes overlap in the arena, a
// buffer leaves the arena or an offset is misaligned (the planner checks its own result).
void verify_plan(const MemoryPlan& plan);

}  // namespace cmnn::tool
