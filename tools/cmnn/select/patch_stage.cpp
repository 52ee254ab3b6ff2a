#include "select/patch_stage.h"

#include <algorithm>

#include "select/lowered.h"

namespace cmnn::tool {

namespace {

// Start and length of part k of n nearly equal parts of [0, size).
std::pair<int32_t, int32_t> split(int32_t size, int32_t n, int32_t k) {
  const int32_t a = static_cast<int32_t>(int64_t{size} * k / n), b = static_cast<int32_t>(int64_t{size} * (k + 1) / n);
  return {a, b - a};
}

// The input rectangle that output rectangle `out` of a layer with geometry g reads, clipped to the
// input, and the sub-image that computes `out` from it.
PatchRect input_of(const RowGeometry& g, const PatchRect& out, SubImage* sub) {
  const int32_t y_start = out.y0 * g.stride_h - g.pad_top;
  const int32_t y_end = (out.y0 + out.h - 1) * g.stride_h - g.pad_top + (g.filter_h - 1) * g.dilation_h + 1;
  const int32_t x_start = out.x0 * g.stride_w - g.pad_left;
  const int32_t x_end = (out.x0 + out.w - 1) * g.stride_w - g.pad_left + (g.filter_w - 1) * g.dilation_w + 1;
  PatchRect r;
  r.y0 = std::max(0, y_start);
  r.x0 = std::max(0, x_start);
  r.h = std::min(g.input_h, y_end) - r.y0;
  r.w = std::min(g.input_w, x_end) - r.x0;
  sub->input_h = r.h, sub->input_w = r.w, sub->output_h = out.h, sub->output_w = out.w;
  sub->pad_top = r.y0 - y_start, sub->pad_left = r.x0 - x_start;
  return r;
}

}  // namespace

std::shared_ptr<PatchStage> make_patch_stage(const Graph& graph, LoweredModel& model, int first, int last,
                                             int32_t grid) {
  if (first < 0 || last <= first || last >= static_cast<int>(model.layers.size()) || grid < 1) return nullptr;
  auto st = std::make_shared<PatchStage>();
  st->first = first, st->last = last, st->grid = grid;
  std::vector<RowGeometry> geo;
  for (int pos = first; pos <= last; ++pos) {
    const Layer& l = model.layers[static_cast<size_t>(pos)];
    RowGeometry g;
    SubImage whole;
    if (l.is_alias() || l.outputs.size() != 1 || l.inputs.empty() || !l.call->rows_geometry(&g) ||
        !l.call->subimage(&whole) || g.batches != 1) {
      return nullptr;
    }
    if (pos > first) {
      const Layer& prev = model.layers[static_cast<size_t>(pos - 1)];
      const GraphTensor& mid = graph.tensors.at(static_cast<size_t>(prev.outputs[0]));
      if (l.inputs[0] != prev.outputs[0] || mid.graph_output || mid.consumers.size() != 1) return nullptr;
    }
    geo.push_back(g);
  }
  const Layer& head = model.layers[static_cast<size_t>(first)];
  const Layer& tail = model.layers[static_cast<size_t>(last)];
  st->input_tensor = head.inputs[0];
  st->output_tensor = tail.outputs[0];
  if (model.constant_data(graph, st->input_tensor) != nullptr) return nullptr;
  st->input_w = geo.front().input_w;
  st->output_w = geo.back().output_w;
  st->channels.push_back(geo.front().input_c);
  for (const RowGeometry& g : geo) st->channels.push_back(g.output_c);
  if (grid > geo.back().output_h || grid > geo.back().output_w) return nullptr;

  const size_t n = geo.size();
  for (int32_t ty = 0; ty < grid; ++ty) {
    for (int32_t tx = 0; tx < grid; ++tx) {
      PatchRect out;
      std::tie(out.y0, out.h) = split(geo.back().output_h, grid, ty);
      std::tie(out.x0, out.w) = split(geo.back().output_w, grid, tx);
      st->out_windows.push_back(out);
      std::vector<SubImage> subs(n);
      PatchRect r = out;
      for (size_t k = n; k-- > 0;) {
        const Layer& l = model.layers[static_cast<size_t>(first) + k];
        // Layer k's output goes to slot (k + 1) % 2 (slot 0 holds the input window).
        const size_t out_bytes = static_cast<size_t>(r.h) * static_cast<size_t>(r.w) * static_cast<size_t>(st->channels[k + 1]);
        st->slot_bytes[(k + 1) % 2] = std::max(st->slot_bytes[(k + 1) % 2], out_bytes);
        const int64_t per_pixel = l.macs / std::max<int64_t>(1, int64_t{geo[k].output_h} * geo[k].output_w);
        st->macs += per_pixel * r.h * r.w;
        r = input_of(geo[k], r, &subs[k]);
        if (r.h < 1 || r.w < 1) return nullptr;
      }
      const size_t in_bytes = static_cast<size_t>(r.h) * static_cast<size_t>(r.w) * static_cast<size_t>(st->channels[0]);
      st->slot_bytes[0] = std::max(st->slot_bytes[0], in_bytes);
      st->in_windows.push_back(r);
      st->subs.push_back(std::move(subs));
    }
  }
  // Every layer's variant must run every tile's sub-image (a 3x3 depthwise fast path may want the
  // whole row); otherwise the first table entry that runs them all takes its place.
  for (size_t k = 0; k < n; ++k) {
    Layer& l = model.layers[static_cast<size_t>(first) + k];
    std::vector<SubImage> all;
    for (const auto& tile : st->subs) all.push_back(tile[k]);
    bool runs = true;
    for (const SubImage& sub : all) runs = runs && l.call->subimage_scratch(l.variant_id, sub) != SIZE_MAX;
    if (!runs) {
      const Choice c = l.call->choose_for_subimages(model.target, all);
      if (!c.found) return nullptr;
      l.variant_id = c.id, l.variant_index = c.index, l.candidates = c.candidates;
    }
    for (const SubImage& sub : all) st->kernel_scratch = std::max(st->kernel_scratch, l.call->subimage_scratch(l.variant_id, sub));
  }
  for (int pos = first; pos <= last; ++pos) st->layer_macs += model.layers[static_cast<size_t>(pos)].macs;
  st->work_bytes = st->scratch_offset() + (st->kernel_scratch + 15) / 16 * 16;
  return st;
}

bool apply_patch_choice(const Graph& graph, const PatchChoice& choice, LoweredModel& model) {
  if (choice.grid < 1) return false;
  int first = -1, last = -1;
  for (size_t i = 0; i < model.layers.size(); ++i) {
    if (model.layers[i].node == choice.first_node && first < 0) first = static_cast<int>(i);
    if (model.layers[i].node == choice.last_node) last = static_cast<int>(i);
  }
  if (first < 0 || last <= first) return false;
  // Undo row bands and fusions touching the chain: every layer runs whole on its tiles.
  LoweredModel trial = model;
  auto plain = [](Layer& l) {
    l.rows_band = 0, l.fused_band = 0, l.fused_into_next = false;
    if (l.call) l.scratch_bytes = l.call->scratch_bytes(l.variant_id);
  };
  for (int pos = first; pos <= last; ++pos) plain(trial.layers[static_cast<size_t>(pos)]);
  if (first > 0 && trial.layers[static_cast<size_t>(first - 1)].fused_into_next) plain(trial.layers[static_cast<size_t>(first - 1)]);
  if (static_cast<size_t>(last + 1) < trial.layers.size() && trial.layers[static_cast<size_t>(last + 1)].fused_band > 0) {
    plain(trial.layers[static_cast<size_t>(last + 1)]);
  }
  const std::shared_ptr<PatchStage> st = make_patch_stage(graph, trial, first, last, choice.grid);
  if (!st) return false;
  for (int pos = first; pos < last; ++pos) {
    trial.layers[static_cast<size_t>(pos)].in_patch = true;
    trial.layers[static_cast<size_t>(pos)].scratch_bytes = 0;
  }
  trial.layers[static_cast<size_t>(last)].patch = st;
  trial.layers[static_cast<size_t>(last)].scratch_bytes = st->work_bytes;
  model = std::move(trial);
  return true;
}

}  // namespace cmnn::tool
