#include "select/fuse_rows.h"

#include <algorithm>

#include "cmnn/rows_fused.h"

namespace cmnn::tool {

size_t row_fusion_work(const Graph& graph, const Layer& a, const Layer& b, int32_t band) {
  if (a.is_alias() || b.is_alias() || a.outputs.size() != 1 || b.inputs.empty() || a.outputs[0] != b.inputs[0]) return 0;
  if (a.rows_band > 0 || b.rows_band > 0 || a.fused_band > 0 || a.fused_into_next || b.fused_into_next) return 0;
  const GraphTensor& mid = graph.tensors.at(static_cast<size_t>(a.outputs[0]));
  if (mid.graph_output || mid.consumers.size() != 1) return 0;
  RowGeometry g1, g2;
  if (!a.call->rows_geometry(&g1) || !(b.call->rows_geometry(&g2) || b.call->pool_rows_geometry(&g2))) return 0;
  const size_t kernel = std::max(a.call->scratch_bytes(a.variant_id), b.call->scratch_bytes(b.variant_id));
  if (rows_fused_work_bytes(g1, g2, band, kernel, 1) == 0) return 0;
  if (rows_global_pool(g2)) {  // the producer runs on bands of `band` rows into the pool's accumulators
    for (int32_t o0 = 0; o0 < g1.output_h; o0 += band) {
      if (a.call->band_scratch(a.variant_id, o0, std::min(o0 + band, g1.output_h)) > kernel) return 0;
    }
    return rows_fused_work_bytes(g1, g2, band, kernel, 1);
  }
  const Status walk = rows_fused_walk(g1, g2, band, [&](const RowsFusedStep<RowGeometry, RowGeometry>& s) {
    if (s.compute && a.call->band_scratch(a.variant_id, s.q1_o0, s.q1_o0 + s.q1.output_h) > kernel) return Status::kUnsupported;
    const int32_t o1 = std::min(s.o0 + band, g2.output_h);
    return b.call->band_scratch(b.variant_id, s.o0, o1) > kernel ? Status::kUnsupported : Status::kOk;
  });
  return walk == Status::kOk ? rows_fused_work_bytes(g1, g2, band, kernel, 1) : 0;
}

void apply_row_fusions(const Graph& graph, const std::set<int>& first_nodes, LoweredModel& model) {
  for (size_t i = 0; i + 1 < model.layers.size(); ++i) {
    Layer& a = model.layers[i];
    Layer& b = model.layers[i + 1];
    if (first_nodes.count(a.node) == 0) continue;
    const size_t work = row_fusion_work(graph, a, b, kFusedBandRows);
    if (work == 0) continue;
    a.fused_into_next = true;
    a.scratch_bytes = 0;
    b.fused_band = kFusedBandRows;
    b.scratch_bytes = work;
  }
}

}  // namespace cmnn::tool
