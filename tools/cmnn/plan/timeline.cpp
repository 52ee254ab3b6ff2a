#include "plan/timeline.h"

#include <algorithm>

namespace cmnn::tool {

std::vector<TimelineRow> ram_timeline(const LoweredModel& model, const MemoryPlan& plan) {
  std::vector<TimelineRow> rows;
  for (size_t pos = 0; pos < model.layers.size(); ++pos) {
    const Layer& l = model.layers[pos];
    TimelineRow r;
    r.position = static_cast<int>(pos);
    r.node = l.node;
    r.op_name = l.op_name;
    const int p = static_cast<int>(pos);
    for (const PlannedBuffer& b : plan.buffers) {
      if (b.first > p || b.last < p) continue;
      r.high_water = std::max(r.high_water, b.offset + b.bytes);
      if (b.scratch_layer >= 0) {
        r.scratch_bytes += b.bytes;
      } else {
        r.tensor_bytes += b.bytes;
        r.tensors.push_back(b.tensors.front());
      }
    }
    for (int t : l.outputs) {
      if (std::find(plan.in_place.begin(), plan.in_place.end(), t) != plan.in_place.end()) r.in_place = true;
    }
    rows.push_back(r);
  }
  return rows;
}

}  // namespace cmnn::tool
