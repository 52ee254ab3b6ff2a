#include "select/fuse_fc.h"

#include "cmnn/rows_into_fc.h"

namespace cmnn::tool {

namespace {

using FcCall = TableCall<::cmnn::FullyConnectedParams, ::cmnn::FullyConnectedS8Args>;

bool single_internal_reader(const Graph& graph, int tensor) {
  const GraphTensor& t = graph.tensors.at(static_cast<size_t>(tensor));
  return !t.graph_output && t.consumers.size() == 1;
}

bool banded_or_fused(const Layer& l) {
  return l.rows_band > 0 || l.fused_band > 0 || l.fused_into_next || l.fc_band > 0 || l.runs_inside >= 0 || l.in_patch ||
         l.patch != nullptr;
}

}  // namespace

size_t fc_fusion_work(const Graph& graph, const LoweredModel& model, size_t producer, int32_t band, size_t* fc_pos) {
  const Layer& a = model.layers.at(producer);
  if (a.is_alias() || a.outputs.size() != 1 || banded_or_fused(a)) return 0;
  RowGeometry g;
  if (!a.call->rows_geometry(&g)) return 0;
  int tensor = a.outputs[0];
  for (size_t i = producer + 1; i < model.layers.size(); ++i) {
    const Layer& l = model.layers[i];
    if (!single_internal_reader(graph, tensor) || l.inputs.empty() || l.inputs[0] != tensor) return 0;
    if (l.is_alias()) {
      tensor = l.outputs[0];
      continue;
    }
    const auto* fc = dynamic_cast<const FcCall*>(l.call.get());
    if (fc == nullptr || banded_or_fused(l)) return 0;
    const size_t kernel = a.call->scratch_bytes(a.variant_id);
    for (int32_t o0 = 0; o0 < g.output_h; o0 += band) {
      if (a.call->band_scratch(a.variant_id, o0, std::min(o0 + band, g.output_h)) > kernel) return 0;
    }
    const size_t work = rows_into_fc_work_bytes(g, fc->params(), band, kernel);
    if (work > 0) *fc_pos = i;
    return work;
  }
  return 0;
}

void apply_fc_fusions(const Graph& graph, const std::map<int, int32_t>& producer_bands, LoweredModel& model) {
  for (size_t i = 0; i < model.layers.size(); ++i) {
    const auto band = producer_bands.find(model.layers[i].node);
    if (band == producer_bands.end() || model.layers[i].is_alias()) continue;
    size_t fc = 0;
    const size_t work = fc_fusion_work(graph, model, i, band->second, &fc);
    // The partial sums read the FC's int8 weights: select/drop_int8.h keeps them when this producer
    // is named, so a layer without them here is never fused.
    if (work == 0 || model.layers[fc].int8_dropped_bytes > 0) continue;
    Layer& a = model.layers[i];
    Layer& f = model.layers[fc];
    a.runs_inside = static_cast<int32_t>(fc);
    a.scratch_bytes = 0;
    f.fc_band = band->second;
    f.fc_producer = static_cast<int32_t>(i);
    f.scratch_bytes = work;
  }
}

std::set<int> fc_fused_away_tensors(const LoweredModel& model) {
  std::set<int> away;
  for (const Layer& l : model.layers) {
    if (l.runs_inside >= 0) away.insert(l.outputs[0]);
    else if (l.is_alias() && away.count(l.inputs[0]) != 0) away.insert(l.outputs[0]);
  }
  return away;
}

}  // namespace cmnn::tool
