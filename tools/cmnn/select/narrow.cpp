#include "select/narrow.h"

#include <string>

namespace cmnn::tool {

void narrow_variants(LoweredModel& model, const MemoryPlan& plan) {
  for (Layer& l : model.layers) {
    if (l.is_alias() || l.variant_id.empty() || l.in_patch || l.patch) continue;
    const bool rows_in_place =
        l.rows_band > 0 && plan.tensor_offset.at(static_cast<size_t>(l.inputs.at(0))) ==
                               plan.tensor_offset.at(static_cast<size_t>(l.outputs.at(0)));
    int8_t tensor = 0;  // tensors are not read: any address
    const auto ptrs = l.binding_ptrs([&](const ArgSource&) -> void* { return &tensor; });
    const std::string id = l.call->narrowest(l.variant_id, ptrs, rows_in_place);
    if (id.empty()) continue;
    for (size_t i = 0; i < l.candidates.size(); ++i) {
      Candidate& c = l.candidates[i];
      if (c.chosen) {
        c.chosen = false;
        c.verdict = "narrowed: " + id + " runs the same code for this layer, and only that code is linked";
      } else if (c.id == id) {
        c.chosen = true;
        c.verdict = "chosen (narrowed from " + l.variant_id + ")";
        l.variant_index = i;
      }
    }
    l.variant_id = id;
  }
}

}  // namespace cmnn::tool
