// Per-layer RAM timeline of a memory plan: at each layer, the bytes of the tensors live there,
// the layer's own scratch, and the arena's high-water mark (the highest byte any of them uses).
// The peak of `live` is the plan's lower bound; the arena is the peak of `high_water`.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "graph/graph.h"
#include "plan/memory_plan.h"
#include "select/lowered.h"

namespace cmnn::tool {

struct TimelineRow {
  int position = 0;
  int node = 0;
  std::string op_name;
  std::vector<int> tensors;   // one tensor per live buffer (its first tensor)
  int64_t tensor_bytes = 0;   // sum of the live tensor buffers
  int64_t scratch_bytes = 0;  // this layer's scratch buffer
  int64_t high_water = 0;     // max(offset + bytes) over the live buffers and the scratch
  bool in_place = false;      // the layer writes its output over a dead input
  int64_t live() const { return tensor_bytes + scratch_bytes; }
};

std::vector<TimelineRow> ram_timeline(const LoweredModel& model, const MemoryPlan& plan);

}  // namespace cmnn::tool
