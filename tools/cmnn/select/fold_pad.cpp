#include "select/fold_pad.h"

#include <string>

namespace cmnn::tool {

namespace {

// Integer field `name` of a call, or `fallback`.
int64_t field_of(const LayerCall& call, const std::string& name, int64_t fallback) {
  for (const ParamField& f : call.fields()) {
    if (f.name == name) return f.i;
  }
  return fallback;
}

}  // namespace

bool fold_pad_into(const Graph& graph, LoweredModel& model, Layer& conv) {
  SubImage s;
  if (conv.is_alias() || conv.inputs.empty() || !conv.call->subimage(&s)) return false;
  const int t = conv.inputs[0];
  const GraphTensor& mid = graph.tensors.at(static_cast<size_t>(t));
  if (mid.graph_output || mid.consumers.size() != 1) return false;
  for (size_t i = model.layers.size(); i-- > 0;) {
    const Layer& pad = model.layers[i];
    if (pad.outputs.size() != 1 || pad.outputs[0] != t) continue;
    if (pad.is_alias() || pad.call->function() != "pad_s8" || pad.inputs.empty()) return false;
    const LayerCall& p = *pad.call;
    // 4-D NHWC: only H (index 1) and W (index 2) padded, by the conv's input zero point.
    if (field_of(p, "before[0]", -1) != 0 || field_of(p, "after[0]", -1) != 0 || field_of(p, "before[3]", -1) != 0 ||
        field_of(p, "after[3]", -1) != 0) {
      return false;
    }
    if (field_of(p, "value", 1000) != -field_of(*conv.call, "input_offset", 1000)) {
      return false;
    }
    const int64_t top = field_of(p, "before[1]", -1), bottom = field_of(p, "after[1]", -1);
    const int64_t left = field_of(p, "before[2]", -1), right = field_of(p, "after[2]", -1);
    if (top < 0 || bottom < 0 || left < 0 || right < 0) return false;
    if (field_of(p, "input[1]", -1) + top + bottom != s.input_h || field_of(p, "input[2]", -1) + left + right != s.input_w) {
      return false;
    }
    SubImage f = s;
    f.input_h = static_cast<int32_t>(s.input_h - top - bottom);
    f.input_w = static_cast<int32_t>(s.input_w - left - right);
    f.pad_top = static_cast<int32_t>(s.pad_top + top);
    f.pad_left = static_cast<int32_t>(s.pad_left + left);
    conv.call = conv.call->on_subimage(f);
    conv.inputs[0] = pad.inputs[0];
    conv.variant_id.clear();  // the caller selects again: supports() may differ with padding
    model.layers.erase(model.layers.begin() + static_cast<std::ptrdiff_t>(i));
    return true;
  }
  return false;
}

}  // namespace cmnn::tool
