#include "select/patch_stage.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "cmnn/elementwise.h"

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

namespace {

using AddCall = TableCall<::cmnn::AddParams, ::cmnn::BinaryArgs<int8_t>>;

PatchRect bounding(const PatchRect& a, const PatchRect& b) {
  if (a.h < 1 || a.w < 1) return b;
  PatchRect r;
  r.y0 = std::min(a.y0, b.y0), r.x0 = std::min(a.x0, b.x0);
  r.h = std::max(a.y0 + a.h, b.y0 + b.h) - r.y0;
  r.w = std::max(a.x0 + a.w, b.x0 + b.w) - r.x0;
  return r;
}

bool same(const PatchRect& a, const PatchRect& b) { return a.y0 == b.y0 && a.x0 == b.x0 && a.h == b.h && a.w == b.w; }

size_t align16(size_t n) { return (n + 15) / 16 * 16; }

// Offsets for buffers alive over steps [from[b], to[b]] of a tile: a chain alternates two slots
// (even buffers at 0, odd after the largest even one); otherwise first fit in buffer order.
size_t place_buffers(const std::vector<size_t>& bytes, const std::vector<int>& from, const std::vector<int>& to,
                     bool chain, std::vector<size_t>* offset) {
  const size_t n = bytes.size();
  offset->assign(n, 0);
  if (chain) {
    size_t even = 0, odd = 0;
    for (size_t b = 0; b < n; ++b) (b % 2 ? odd : even) = std::max(b % 2 ? odd : even, bytes[b]);
    for (size_t b = 1; b < n; b += 2) (*offset)[b] = align16(even);
    return align16(even) + align16(odd);
  }
  size_t end = 0;
  for (size_t b = 0; b < n; ++b) {
    size_t at = 0;
    for (bool moved = true; moved;) {  // lowest offset clear of every placed buffer alive at the same time
      moved = false;
      for (size_t o = 0; o < b; ++o) {
        const bool alive = from[o] <= to[b] && from[b] <= to[o];
        if (alive && at < (*offset)[o] + align16(bytes[o]) && (*offset)[o] < at + align16(bytes[b])) {
          at = (*offset)[o] + align16(bytes[o]), moved = true;
        }
      }
    }
    (*offset)[b] = at;
    end = std::max(end, at + align16(bytes[b]));
  }
  return end;
}

}  // namespace

std::shared_ptr<PatchStage> make_patch_stage(const Graph& graph, LoweredModel& model, int first, int last,
                                             int32_t grid) {
  if (first < 0 || last <= first || last >= static_cast<int>(model.layers.size()) || grid < 1) return nullptr;
  auto st = std::make_shared<PatchStage>();
  st->first = first, st->last = last, st->grid = grid;
  const size_t n = static_cast<size_t>(last - first + 1);
  const Layer& head = model.layers[static_cast<size_t>(first)];
  if (head.is_alias() || head.inputs.empty()) return nullptr;
  st->input_tensor = head.inputs[0];
  if (model.constant_data(graph, st->input_tensor) != nullptr) return nullptr;
  std::map<int, int> buffer_of = {{st->input_tensor, 0}};
  // Tensors read by layers outside the run (graph consumers may be folded away, e.g. a PAD).
  std::set<int> read_outside;
  for (size_t pos = 0; pos < model.layers.size(); ++pos) {
    if (static_cast<int>(pos) >= first && static_cast<int>(pos) <= last) continue;
    for (int t : model.layers[pos].inputs) read_outside.insert(t);
  }
  std::vector<RowGeometry> geo(n);
  std::vector<int32_t> out_h(n), out_w(n);
  st->channels.assign(n + 1, 0);
  for (size_t k = 0; k < n; ++k) {
    const Layer& l = model.layers[static_cast<size_t>(first) + k];
    if (l.is_alias() || l.outputs.size() != 1 || l.inputs.empty()) return nullptr;
    const bool add = dynamic_cast<const AddCall*>(l.call.get()) != nullptr;
    st->is_add.push_back(add);
    auto stage_buffer = [&](int t) {
      const auto f = buffer_of.find(t);
      return f == buffer_of.end() ? -1 : f->second;
    };
    const GraphTensor& out = graph.tensors.at(static_cast<size_t>(l.outputs[0]));
    if (add) {
      if (l.inputs.size() != 2 || out.shape.size() != 4 || out.shape[0] != 1) return nullptr;
      for (int t : l.inputs) {
        if (graph.tensors.at(static_cast<size_t>(t)).shape != out.shape) return nullptr;
      }
      st->read0.push_back(stage_buffer(l.inputs[0]));
      st->read1.push_back(stage_buffer(l.inputs[1]));
      if (st->read0.back() < 0 || st->read1.back() < 0) return nullptr;
      out_h[k] = out.shape[1], out_w[k] = out.shape[2], st->channels[k + 1] = out.shape[3];
    } else {
      SubImage whole;
      if (!l.call->rows_geometry(&geo[k]) || !l.call->subimage(&whole) || geo[k].batches != 1) return nullptr;
      st->read0.push_back(stage_buffer(l.inputs[0]));
      st->read1.push_back(-1);
      if (st->read0.back() < 0) return nullptr;
      out_h[k] = geo[k].output_h, out_w[k] = geo[k].output_w, st->channels[k + 1] = geo[k].output_c;
      if (st->read0.back() == 0) st->channels[0] = geo[k].input_c;
    }
    // Every tensor inside the run is read only inside it.
    if (k + 1 < n && (out.graph_output || read_outside.count(l.outputs[0]) != 0)) return nullptr;
    buffer_of[l.outputs[0]] = static_cast<int>(k + 1);
  }
  if (st->channels[0] == 0) return nullptr;  // the run's input must reach a conv/depthwise
  const Layer& tail = model.layers[static_cast<size_t>(last)];
  st->output_tensor = tail.outputs[0];
  const GraphTensor& input = graph.tensors.at(static_cast<size_t>(st->input_tensor));
  if (input.shape.size() != 4) return nullptr;
  st->input_w = input.shape[2];
  st->output_w = out_w[n - 1];
  if (grid > out_h[n - 1] || grid > out_w[n - 1]) return nullptr;

  // Steps within a tile: -1 copies the input window in, k runs layer first + k, n copies the tile out.
  std::vector<int> from(n + 1), to(n + 1, -1);
  from[0] = -1;
  for (size_t k = 0; k < n; ++k) {
    from[k + 1] = static_cast<int>(k);
    to[static_cast<size_t>(st->read0[k])] = static_cast<int>(k);
    if (st->read1[k] >= 0) to[static_cast<size_t>(st->read1[k])] = static_cast<int>(k);
  }
  to[n] = static_cast<int>(n);
  bool chain = true;
  for (size_t k = 0; k < n; ++k) chain = chain && !st->is_add[k] && st->read0[k] == static_cast<int>(k);

  st->buf_bytes.assign(n + 1, 0);
  for (int32_t ty = 0; ty < grid; ++ty) {
    for (int32_t tx = 0; tx < grid; ++tx) {
      std::vector<PatchRect> reg(n + 1);
      std::tie(reg[n].y0, reg[n].h) = split(out_h[n - 1], grid, ty);
      std::tie(reg[n].x0, reg[n].w) = split(out_w[n - 1], grid, tx);
      std::vector<SubImage> subs(n);
      for (size_t k = n; k-- > 0;) {  // every reader of layer k's output comes after it
        const Layer& l = model.layers[static_cast<size_t>(first) + k];
        const PatchRect r = reg[k + 1];
        if (r.h < 1 || r.w < 1) return nullptr;
        const int64_t per_pixel = l.macs / std::max<int64_t>(1, int64_t{out_h[k]} * out_w[k]);
        st->macs += per_pixel * r.h * r.w;
        if (st->is_add[k]) {
          reg[static_cast<size_t>(st->read0[k])] = bounding(reg[static_cast<size_t>(st->read0[k])], r);
          reg[static_cast<size_t>(st->read1[k])] = bounding(reg[static_cast<size_t>(st->read1[k])], r);
        } else {
          const PatchRect need = input_of(geo[k], r, &subs[k]);
          if (need.h < 1 || need.w < 1) return nullptr;
          reg[static_cast<size_t>(st->read0[k])] = bounding(reg[static_cast<size_t>(st->read0[k])], need);
        }
      }
      // A conv/depthwise reads its whole input buffer: the rectangle it needs must be all of it.
      for (size_t k = 0; k < n; ++k) {
        SubImage s;
        if (!st->is_add[k] && !same(input_of(geo[k], reg[k + 1], &s), reg[static_cast<size_t>(st->read0[k])])) return nullptr;
      }
      for (size_t b = 0; b <= n; ++b) {
        const size_t bytes = static_cast<size_t>(reg[b].h) * static_cast<size_t>(reg[b].w) * static_cast<size_t>(st->channels[b]);
        st->buf_bytes[b] = std::max(st->buf_bytes[b], bytes);
      }
      st->in_windows.push_back(reg[0]);
      st->out_windows.push_back(reg[n]);
      st->regions.push_back(std::move(reg));
      st->subs.push_back(std::move(subs));
    }
  }
  st->buffers_end = place_buffers(st->buf_bytes, from, to, chain, &st->buf_offset);
  // Every layer's variant must run every tile's sub-image (a 3x3 depthwise fast path may want the
  // whole row); otherwise the first table entry that runs them all takes its place. An ADD runs
  // one output row of the tile per call.
  for (size_t k = 0; k < n; ++k) {
    Layer& l = model.layers[static_cast<size_t>(first) + k];
    if (st->is_add[k]) {
      // The chosen variant on every row size, else the first table entry the core runs that takes
      // them all (a table variant pays only on long rows).
      auto rows_run = [&](const ::cmnn::Variant<::cmnn::AddParams, ::cmnn::BinaryArgs<int8_t>>& v, size_t* scratch) {
        for (const auto& reg : st->regions) {
          ::cmnn::AddParams q = static_cast<const AddCall*>(l.call.get())->params();
          q.size = reg[k + 1].w * st->channels[k + 1];
          if (!v.supports(q)) return false;
          *scratch = std::max(*scratch, v.scratch_bytes(q));
        }
        return true;
      };
      size_t count = 0, need = 0;
      const auto* table = ::cmnn::add_s8_variants(&count);
      const auto* chosen = ::cmnn::add_s8_find_variant(l.variant_id.c_str());
      if (chosen == nullptr || !rows_run(*chosen, &need)) {
        chosen = nullptr, need = 0;
        for (size_t i = 0; i < count && chosen == nullptr; ++i) {
          size_t sc = 0;
          if (isa_available(model.target, table[i].isa) && rows_run(table[i], &sc)) {
            chosen = &table[i], need = sc;
            l.variant_id = table[i].id, l.variant_index = i;
          }
        }
        if (chosen == nullptr) return nullptr;
      }
      st->kernel_scratch = std::max(st->kernel_scratch, need);
      continue;
    }
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
  st->work_bytes = st->scratch_offset() + align16(st->kernel_scratch);
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
  // Undo row bands and fusions touching the run (residual blocks by row bands included): every
  // layer runs whole on its tiles.
  LoweredModel trial = model;
  auto plain = [](Layer& l) {
    l.rows_band = 0, l.fused_band = 0, l.fused_into_next = false, l.runs_inside = -1, l.fc_band = 0, l.fc_producer = -1;
    l.block_band = 0, l.block_a = -1, l.block_b = -1, l.block_s = -1, l.block_skip_first = false;
    if (l.call) l.scratch_bytes = l.call->scratch_bytes(l.variant_id);
  };
  auto inside = [&](int pos) { return pos >= first && pos <= last; };
  for (size_t pos = 0; pos < trial.layers.size(); ++pos) {
    Layer& l = trial.layers[pos];
    const bool touches = inside(static_cast<int>(pos)) || inside(l.runs_inside) || inside(l.block_a) ||
                         inside(l.block_b) || inside(l.block_s);
    if (!touches) continue;
    for (int p : {l.block_a, l.block_b, l.block_s, l.runs_inside}) {  // the other members of its fused group
      if (p >= 0) plain(trial.layers[static_cast<size_t>(p)]);
    }
    plain(l);
  }
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
