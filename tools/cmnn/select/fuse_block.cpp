#include "select/fuse_block.h"

#include <algorithm>

#include "cmnn/rows_block.h"

namespace cmnn::tool {

namespace {

using AddCall = TableCall<::cmnn::AddParams, ::cmnn::BinaryArgs<int8_t>>;

// The layer position writing `tensor`, or -1.
int producer_of(const LoweredModel& m, size_t before, int tensor) {
  for (size_t i = before; i-- > 0;) {
    const Layer& l = m.layers[i];
    if (!l.outputs.empty() && l.outputs[0] == tensor) return static_cast<int>(i);
  }
  return -1;
}

bool row_local(const Layer& l, RowGeometry* g) {
  return !l.is_alias() && l.outputs.size() == 1 && l.fused_band == 0 && !l.fused_into_next && l.runs_inside < 0 &&
         l.fc_band == 0 && l.block_band == 0 && !l.in_patch && l.patch == nullptr && l.call->rows_geometry(g);
}

bool internal(const Graph& graph, int tensor, size_t readers) {
  const GraphTensor& t = graph.tensors.at(static_cast<size_t>(tensor));
  return !t.graph_output && !t.graph_input && !t.constant && !t.variable && t.consumers.size() == readers;
}

// Every band of `l` (output rows [o0, o0 + band)) supported within `kernel` bytes.
bool bands_fit(const Layer& l, int32_t output_h, int32_t band, size_t kernel) {
  for (int32_t o0 = 0; o0 < output_h; o0 += band) {
    if (l.call->band_scratch(l.variant_id, o0, std::min(o0 + band, output_h)) > kernel) return false;
  }
  return true;
}

}  // namespace

BlockLayers find_block(const Graph& graph, const LoweredModel& model, size_t add) {
  BlockLayers none;
  const Layer& k = model.layers.at(add);
  if (k.is_alias() || k.block_band > 0 || k.in_patch || k.patch != nullptr || k.inputs.size() != 2 || dynamic_cast<const AddCall*>(k.call.get()) == nullptr) return none;
  for (int side = 0; side < 2; ++side) {  // side: the ADD input that is B's output
    const int b_out = k.inputs[static_cast<size_t>(side)], skip = k.inputs[static_cast<size_t>(1 - side)];
    const int b = producer_of(model, add, b_out);
    RowGeometry g;
    if (b < 0 || !row_local(model.layers[static_cast<size_t>(b)], &g) || !internal(graph, b_out, 1)) continue;
    const int a_out = model.layers[static_cast<size_t>(b)].inputs[0];
    const int a = producer_of(model, static_cast<size_t>(b), a_out);
    if (a < 0 || !row_local(model.layers[static_cast<size_t>(a)], &g) || !internal(graph, a_out, 1)) continue;
    const int x = model.layers[static_cast<size_t>(a)].inputs[0];
    BlockLayers f;
    f.a = static_cast<size_t>(a), f.b = static_cast<size_t>(b), f.skip_first = side == 1;
    if (skip != x) {
      const int s = producer_of(model, add, skip);
      if (s < 0 || !row_local(model.layers[static_cast<size_t>(s)], &g) || !internal(graph, skip, 1) ||
          model.layers[static_cast<size_t>(s)].inputs[0] != x)
        continue;
      f.s = s;
    }
    if (!internal(graph, x, 2) || producer_of(model, static_cast<size_t>(a), x) < 0) continue;  // x: A and the shortcut only
    f.found = true;
    for (size_t i : {f.a, f.b, add}) f.kernel_scratch = std::max(f.kernel_scratch, model.layers[i].call->scratch_bytes(model.layers[i].variant_id));
    if (f.s >= 0) {
      const Layer& sl = model.layers[static_cast<size_t>(f.s)];
      f.kernel_scratch = std::max(f.kernel_scratch, sl.call->scratch_bytes(sl.variant_id));
    }
    return f;
  }
  return none;
}

size_t block_fusion_work(const Graph& graph, const LoweredModel& model, size_t add, int32_t band, BlockLayers* found) {
  const BlockLayers f = find_block(graph, model, add);
  if (!f.found) return 0;
  const Layer& la = model.layers[f.a];
  const Layer& lb = model.layers[f.b];
  const Layer& lk = model.layers[add];
  RowGeometry ga, gb, gs;
  la.call->rows_geometry(&ga);
  lb.call->rows_geometry(&gb);
  const RowGeometry* sp = nullptr;
  if (f.s >= 0) {
    model.layers[static_cast<size_t>(f.s)].call->rows_geometry(&gs);
    sp = &gs;
  }
  const ::cmnn::AddParams& padd = static_cast<const AddCall*>(lk.call.get())->params();
  const size_t kernel = f.kernel_scratch;
  const size_t work = rows_block_work_bytes(ga, gb, sp, padd, band, kernel);
  if (work == 0 || rows_block_check_in_place(ga, gb, sp, band) != Status::kOk) return 0;
  if (!bands_fit(lb, gb.output_h, band, kernel) || (sp != nullptr && !bands_fit(model.layers[static_cast<size_t>(f.s)], gs.output_h, band, kernel))) return 0;
  const Status walk = rows_fused_walk(ga, gb, band, [&](const RowsFusedStep<RowGeometry, RowGeometry>& s) {
    if (s.compute && la.call->band_scratch(la.variant_id, s.q1_o0, s.q1_o0 + s.q1.output_h) > kernel) return Status::kUnsupported;
    return Status::kOk;
  });
  if (walk != Status::kOk) return 0;
  // The ADD on a band's elements: the same variant, within the same scratch.
  const auto* v = ::cmnn::add_s8_find_variant(lk.variant_id.c_str());
  if (v == nullptr) return 0;
  for (int32_t o0 = 0; o0 < gb.output_h; o0 += band) {
    ::cmnn::AddParams q = padd;
    q.size = static_cast<int32_t>(static_cast<int64_t>(std::min(band, gb.output_h - o0)) * gb.output_w * gb.output_c);
    if (!v->supports(q) || v->scratch_bytes(q) > kernel) return 0;
  }
  if (found != nullptr) *found = f;
  return work;
}

void apply_block_fusions(const Graph& graph, const std::map<int, int32_t>& add_bands, LoweredModel& model) {
  for (size_t i = 0; i < model.layers.size(); ++i) {
    const auto band = add_bands.find(model.layers[i].node);
    if (band == add_bands.end()) continue;
    BlockLayers f;
    const size_t work = block_fusion_work(graph, model, i, band->second, &f);
    if (work == 0) continue;
    for (int p : {static_cast<int>(f.a), static_cast<int>(f.b), f.s}) {
      if (p < 0) continue;
      Layer& l = model.layers[static_cast<size_t>(p)];
      l.runs_inside = static_cast<int32_t>(i);
      l.rows_band = 0;  // a layer in place by row bands joins the block whole
      l.scratch_bytes = 0;
    }
    Layer& k = model.layers[i];
    k.block_band = band->second;
    k.block_a = static_cast<int32_t>(f.a), k.block_b = static_cast<int32_t>(f.b), k.block_s = f.s;
    k.block_skip_first = f.skip_first;
    k.scratch_bytes = work;
  }
}

}  // namespace cmnn::tool
