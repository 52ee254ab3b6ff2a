#include "plan/ram_fit.h"

#include <algorithm>
#include <map>
#include <set>

#include "plan/patch_fit.h"
#include "plan/timeline.h"
#include "select/fuse_block.h"
#include "select/fuse_fc.h"
#include "select/fuse_rows.h"

namespace cmnn::tool {

namespace {

bool goal_met(const RamGoal& goal, int64_t peak) {  // kLean and kMinimize: never met, go as low as allowed
  return goal.kind == RamGoal::Kind::kFastest || (goal.kind == RamGoal::Kind::kBudget && peak <= goal.bytes);
}

// Slower variants: for a byte budget (to fit) and for `min`, never for `lean` (the default).
bool may_slow_down(const RamGoal& goal) { return goal.kind == RamGoal::Kind::kBudget || goal.kind == RamGoal::Kind::kMinimize; }

constexpr int32_t kBandRows = 2;  // output rows per in-place call: small work buffer, few calls

// In place with 2-row bands first; 1-row bands (more calls, a smaller work buffer) only if that helps.
enum class Change { kScratchCap, kRowsInPlace, kNarrowBands, kFuseNext, kFuseFc, kRecordsInFlash, kFuseBlock };

// A depthwise layer whose .dsp variant could read its weight records from flash (select: ops/depthwise_conv2d.cpp).
bool records_movable(const Layer& l) {
  return !l.is_alias() && l.call->function() == "depthwise_conv2d_s8" && l.constant("dsp_records") == nullptr &&
         (l.variant_id == "depthwise_s8.dsp" || l.variant_id == "depthwise_s8.3x3.dsp");
}

// " in place (2-row bands)", " into the FC's sums (2-row bands)", ...: how a layer runs now.
std::string form_of(const LoweredModel& m, const Layer& l) {
  std::string s;
  if (l.rows_band > 0) s += " in place (" + std::to_string(l.rows_band) + "-row band" + (l.rows_band > 1 ? "s)" : ")");
  if (l.fused_into_next) s += " fused with the next layer (row bands)";
  if (l.runs_inside >= 0 && m.layers.at(static_cast<size_t>(l.runs_inside)).fc_band > 0) {
    s += " into the FC's sums (" + std::to_string(m.layers.at(static_cast<size_t>(l.runs_inside)).fc_band) + "-row bands)";
  }
  if (l.block_band > 0) {
    s += " running its residual block (" + std::to_string(l.block_band) + "-row bands, output over the block input)";
  }
  if (l.runs_inside >= 0 && m.layers.at(static_cast<size_t>(l.runs_inside)).block_band > 0) s = " inside the block's ADD";
  if (l.constant("dsp_records") != nullptr) s += ", weight records in flash";
  return s;
}

// The variant's own scratch (a banded layer's scratch_bytes also holds its rows).
size_t kernel_scratch(const Layer& l) { return l.rows_band > 0 ? l.call->scratch_bytes(l.variant_id) : l.scratch_bytes; }

// Lowers with `change` applied to `layers` and keeps the result when the peak drops.
bool try_change(const Graph& graph, Target target, LowerOptions& options, const std::vector<size_t>& layers, Change change,
                const RamGoal& goal, RamFit& fit) {
  LowerOptions trial = options;
  for (size_t i : layers) {
    const Layer& l = fit.model.layers[i];
    if (change == Change::kScratchCap) trial.scratch_cap[l.node] = kernel_scratch(l) - 1;
    else if (change == Change::kRowsInPlace) trial.rows_in_place[l.node] = kBandRows;
    else if (change == Change::kNarrowBands) trial.rows_in_place[l.node] = 1;
    else if (change == Change::kFuseFc) trial.fuse_into_fc[l.node] = kFcBandRows;
    else if (change == Change::kRecordsInFlash) trial.records_in_flash.insert(l.node);
    else if (change == Change::kFuseBlock) trial.fuse_block[l.node] = kBlockBandRows;
    else trial.fuse_with_next.insert(l.node);
  }
  LoweredModel m = lower_graph(graph, target, trial);
  if (!m.ok()) return false;  // some layer has no table entry with less scratch
  if (change == Change::kRecordsInFlash && options.weight_budget >= 0 && m.constant_bytes() > options.weight_budget) return false;
  MemoryPlan p = plan_memory(graph, m);
  if (p.peak_bytes() >= fit.plan.peak_bytes()) return false;
  // Minimizing, a slower variant must buy at least 5 % of the peak (a few hundred bytes are not
  // worth a reference kernel); a budget takes whatever it needs to fit.
  if (change == Change::kScratchCap && goal.kind == RamGoal::Kind::kMinimize &&
      p.peak_bytes() * 20 > fit.plan.peak_bytes() * 19) {
    return false;
  }
  // Lean, 1-row bands must buy at least 5 % too: each band is a call whose setup the variant
  // repeats (KWS's 1x1 layers on M4: 1.02M est. cycles whole, 1.40M in 1-row bands, for 3.6 % of the peak).
  if (change == Change::kNarrowBands && goal.kind == RamGoal::Kind::kLean && p.peak_bytes() * 20 > fit.plan.peak_bytes() * 19) {
    return false;
  }
  for (size_t i : layers) {
    const Layer& l = fit.model.layers[i];
    const Layer* now = nullptr;
    for (const Layer& x : m.layers) {
      if (x.node == l.node && x.outputs == l.outputs) now = &x;
    }
    VariantSwap s;
    s.node = l.node;
    s.op_name = l.op_name;
    s.from = l.variant_id;
    s.to = now ? now->variant_id + form_of(m, *now) : std::string("?");
    s.from_scratch = static_cast<int64_t>(l.scratch_bytes);
    s.to_scratch = now ? static_cast<int64_t>(now->scratch_bytes) : 0;
    s.peak_before = fit.plan.peak_bytes();
    s.peak_after = p.peak_bytes();
    s.macs = l.macs;
    fit.swaps.push_back(s);
  }
  options = trial;
  fit.model = std::move(m);
  fit.plan = std::move(p);
  return true;
}

bool can_change(const Graph& graph, const LoweredModel& m, size_t i, Change change) {
  const Layer& l = m.layers[i];
  if (l.in_patch || l.patch) return false;  // the patch stage's layers run whole on their tiles
  if (change == Change::kRecordsInFlash) return records_movable(l);  // also inside a fused or banded call
  if (change == Change::kFuseBlock) return block_fusion_work(graph, m, i, kBlockBandRows, nullptr) > 0;
  if (l.is_alias() || l.fused_into_next || l.fused_band > 0 || l.runs_inside >= 0 || l.fc_band > 0) return false;
  if (change == Change::kScratchCap) return kernel_scratch(l) > 0;
  if (change == Change::kNarrowBands) return l.rows_band > 1 && l.call->rows_in_place_work(l.variant_id, 1) > 0;
  if (change == Change::kRowsInPlace) return l.rows_band == 0 && l.call->rows_in_place_work(l.variant_id, kBandRows) > 0;
  if (change == Change::kFuseFc) {
    size_t fc = 0;
    return fc_fusion_work(graph, m, i, kFcBandRows, &fc) > 0;
  }
  return i + 1 < m.layers.size() && row_fusion_work(graph, l, m.layers[i + 1], kFusedBandRows) > 0;
}

// Relax pass: the loop above changes every layer live at a peak, but only the layers that define the
// final peak need their lean form. Each changed layer, most MACs first, is given back the fastest form
// that leaves the planned peak where it is: no fusion, no in-place bands, then the widest bands that
// fit, then (min, byte budgets) its fastest variant. Wider bands mean fewer calls, so each band's
// per-call setup (a variant's weight records, halo rows) is amortised over more rows.
void relax(const Graph& graph, Target target, LowerOptions& options, RamFit& fit) {
  const int64_t peak = fit.plan.peak_bytes();
  std::map<int, int64_t> macs_of;
  for (const Layer& l : fit.model.layers) macs_of[l.node] += l.macs;
  std::set<int> nodes;
  for (int n : options.fuse_with_next) nodes.insert(n);
  for (const auto& [n, band] : options.rows_in_place) nodes.insert(n);
  for (const auto& [n, cap] : options.scratch_cap) nodes.insert(n);
  for (const auto& [n, band] : options.fuse_into_fc) nodes.insert(n);
  for (int n : options.records_in_flash) nodes.insert(n);
  for (const auto& [n, band] : options.fuse_block) nodes.insert(n);
  std::vector<int> order(nodes.begin(), nodes.end());
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return macs_of[a] > macs_of[b]; });
  auto keep_if_no_higher = [&](const LowerOptions& trial) {
    LoweredModel m = lower_graph(graph, target, trial);
    if (!m.ok()) return false;
    MemoryPlan p = plan_memory(graph, m);
    if (p.peak_bytes() > peak) return false;
    options = trial;
    fit.model = std::move(m);
    fit.plan = std::move(p);
    return true;
  };
  for (int n : order) {
    if (options.scratch_cap.count(n) != 0) {  // the fastest variant first: it decides the bands' work
      LowerOptions trial = options;
      trial.scratch_cap.erase(n);
      keep_if_no_higher(trial);
    }
    if (options.fuse_with_next.count(n) != 0) {
      LowerOptions trial = options;
      trial.fuse_with_next.erase(n);
      keep_if_no_higher(trial);
    }
    if (options.records_in_flash.count(n) != 0) {  // flash back when the RAM is not needed
      LowerOptions trial = options;
      trial.records_in_flash.erase(n);
      keep_if_no_higher(trial);
    }
    const auto block = options.fuse_block.find(n);
    if (block != options.fuse_block.end()) {  // not fused, else the widest band that fits
      const int32_t now = block->second;
      LowerOptions whole = options;
      whole.fuse_block.erase(n);
      if (!keep_if_no_higher(whole)) {
        for (int32_t b : {64, 32, 16, 8, 4, 3}) {
          if (b <= now) break;
          LowerOptions trial = options;
          trial.fuse_block[n] = b;
          if (keep_if_no_higher(trial)) break;
        }
      }
    }
    const auto into_fc = options.fuse_into_fc.find(n);
    if (into_fc != options.fuse_into_fc.end()) {  // not fused, else the widest band that fits
      const int32_t now = into_fc->second;
      LowerOptions whole = options;
      whole.fuse_into_fc.erase(n);
      if (keep_if_no_higher(whole)) continue;
      for (int32_t b : {64, 32, 16, 8, 4, 3}) {
        if (b <= now) break;
        LowerOptions trial = options;
        trial.fuse_into_fc[n] = b;
        if (keep_if_no_higher(trial)) break;
      }
    }
    const auto band = options.rows_in_place.find(n);
    if (band == options.rows_in_place.end()) continue;
    const int32_t now = band->second;  // options changes below
    LowerOptions whole = options;
    whole.rows_in_place.erase(n);
    if (keep_if_no_higher(whole)) continue;
    // Widest band first (a band taller than the layer is the layer: one call).
    for (int32_t b : {64, 32, 16, 8, 4, 3, 2}) {
      if (b <= now) break;
      LowerOptions trial = options;
      trial.rows_in_place[n] = b;
      if (keep_if_no_higher(trial)) break;
    }
  }
}

// The trades the report lists, after relax(): layers given back their fastest form drop out, the
// others show the form they kept.
void restate_swaps(const LowerOptions& options, RamFit& fit) {
  std::vector<VariantSwap> kept;  // one row per node: its first peak_before, its last peak_after
  for (const VariantSwap& s : fit.swaps) {
    const bool traded = options.fuse_with_next.count(s.node) != 0 || options.rows_in_place.count(s.node) != 0 ||
                        options.scratch_cap.count(s.node) != 0 || options.fuse_into_fc.count(s.node) != 0 ||
                        options.records_in_flash.count(s.node) != 0 || options.fuse_block.count(s.node) != 0;
    if (!traded) continue;
    auto same = std::find_if(kept.begin(), kept.end(), [&](const VariantSwap& k) { return k.node == s.node; });
    if (same != kept.end()) {
      same->peak_after = s.peak_after;
      continue;
    }
    kept.push_back(s);
  }
  for (VariantSwap& s : kept) {
    for (const Layer& l : fit.model.layers) {
      if (l.node != s.node || l.is_alias()) continue;
      s.to = l.variant_id + form_of(fit.model, l);
      s.to_scratch = static_cast<int64_t>(l.scratch_bytes);
    }
  }
  fit.swaps = std::move(kept);
}

}  // namespace

// The per-layer trades until the goal is met or nothing lowers the peak further.
void fit_layers(const Graph& graph, Target target, LowerOptions& options, const RamGoal& goal, RamFit& fit) {
  // Each accepted change strictly lowers the peak, so the loop ends. In place first (it keeps the
  // fast variant, at the cost of copying the rows once more), then fusion with the next layer (no
  // middle tensor; a ring of rows), then less scratch; one layer at a
  // time (largest first), then, since layers that tie at the peak only help together, every
  // layer live at the peak at once.
  while (!goal_met(goal, fit.plan.peak_bytes())) {
    bool changed = false;
    for (Change change : {Change::kRowsInPlace, Change::kFuseNext, Change::kFuseFc, Change::kRecordsInFlash, Change::kFuseBlock, Change::kNarrowBands, Change::kScratchCap}) {
      if (change == Change::kScratchCap && !may_slow_down(goal)) continue;
      std::vector<size_t> order;
      for (size_t i = 0; i < fit.model.layers.size(); ++i) {
        if (can_change(graph, fit.model, i, change)) order.push_back(i);
      }
      std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        return fit.model.layers[a].scratch_bytes > fit.model.layers[b].scratch_bytes;
      });
      for (size_t i : order) {
        if ((changed = try_change(graph, target, options, {i}, change, goal, fit))) break;
      }
      if (changed) break;
    }
    if (changed) continue;
    const std::vector<TimelineRow> rows = ram_timeline(fit.model, fit.plan);
    for (Change change : {Change::kRowsInPlace, Change::kFuseNext, Change::kFuseFc, Change::kRecordsInFlash, Change::kFuseBlock, Change::kNarrowBands, Change::kScratchCap}) {
      if (change == Change::kScratchCap && !may_slow_down(goal)) continue;
      std::vector<size_t> group;
      for (const TimelineRow& r : rows) {
        const size_t i = static_cast<size_t>(r.position);
        const bool after_fused = change == Change::kFuseNext && !group.empty() && group.back() + 1 == i;
        if (r.live() + 64 >= fit.plan.lower_bound_bytes && !after_fused && can_change(graph, fit.model, i, change)) {
          group.push_back(i);
        }
      }
      if (group.size() >= 2 && (changed = try_change(graph, target, options, group, change, goal, fit))) break;
    }
    if (!changed) break;
  }
}

namespace {

// kLean's last step (RamGoal::patch_above): the smallest stage peak of any patch stage, or -1.
int64_t smallest_stage_peak(const Graph& graph, const LoweredModel& fastest, int64_t fastest_peak) {
  int64_t best = -1;
  for (const PatchCandidate& c : patch_candidates(graph, fastest)) {
    if (c.peak < fastest_peak && (best < 0 || c.stage_peak < best)) best = c.stage_peak;
  }
  return best;
}

}  // namespace

RamFit fit_ram(const Graph& graph, Target target, LowerOptions options, const RamGoal& goal) {
  if (goal.kind == RamGoal::Kind::kLean && goal.patch_above > 0) {
    RamFit lean = fit_ram(graph, target, options, {RamGoal::Kind::kLean, 0, 0});
    if (!lean.model.ok() || lean.plan.peak_bytes() <= goal.patch_above) return lean;
    const LoweredModel fastest = lower_graph(graph, target, options);
    const int64_t stage = smallest_stage_peak(graph, fastest, lean.fastest_peak);
    if (stage < 0 || stage * 2 > lean.plan.peak_bytes()) return lean;
    RamFit patched = fit_ram(graph, target, options, {RamGoal::Kind::kBudget, goal.patch_above, 0});
    if (!patched.model.ok() || patched.plan.peak_bytes() >= lean.plan.peak_bytes()) return lean;
    patched.lean_peak = lean.plan.peak_bytes();
    return patched;
  }
  RamFit fit;
  fit.model = lower_graph(graph, target, options);
  if (!fit.model.ok()) return fit;
  fit.plan = plan_memory(graph, fit.model);
  fit.fastest_peak = fit.plan.peak_bytes();
  options.copies = fit.model.copies;  // trials only remove packed copies: the budget still holds
  const LowerOptions fastest_options = options;
  // Patch-based execution of the first stages (plan/patch_fit.h) for `min` and byte budgets, chosen
  // before the per-layer trades so that they fit the rest of the model around it.
  std::vector<PatchCandidate> patches;
  if (goal.kind == RamGoal::Kind::kMinimize || (goal.kind == RamGoal::Kind::kBudget && !goal_met(goal, fit.plan.peak_bytes()))) {
    patches = patch_candidates(graph, fit.model);
    const PatchChoice c = choose_patch(patches, goal.kind == RamGoal::Kind::kBudget ? goal.bytes : 0, fit.plan.peak_bytes());
    if (c.grid > 0) {
      options.patch = c;
      fit.model = lower_graph(graph, target, options);
      fit.plan = plan_memory(graph, fit.model);
    }
  }
  fit_layers(graph, target, options, goal, fit);
  // A budget the stage with the fewest recomputed MACs left out of reach (the peak is elsewhere,
  // e.g. beside a residual block the stage stops before): again from the stage with the smallest
  // peak; relaxing below then gives back the cheapest stage that keeps the budget.
  if (goal.kind == RamGoal::Kind::kBudget && !goal_met(goal, fit.plan.peak_bytes()) && !patches.empty()) {
    const PatchChoice smallest = choose_patch(patches, 0, fit.fastest_peak);
    if (smallest.grid > 0 && !(smallest.first_node == options.patch.first_node &&
                               smallest.last_node == options.patch.last_node && smallest.grid == options.patch.grid)) {
      LowerOptions retry = fastest_options;
      retry.patch = smallest;
      RamFit again;
      again.model = lower_graph(graph, target, retry);
      again.plan = plan_memory(graph, again.model);
      again.fastest_peak = fit.fastest_peak;
      fit_layers(graph, target, retry, goal, again);
      if (again.plan.peak_bytes() < fit.plan.peak_bytes()) {
        options = retry;
        fit = std::move(again);
      }
    }
  }
  if (goal.kind != RamGoal::Kind::kFastest) {
    relax(graph, target, options, fit);
    restate_swaps(options, fit);
  }
  // The patch stage recomputing the fewest MACs that keeps the peak the rest of the model reached.
  if (options.patch.grid > 0) {
    int64_t chosen_macs = INT64_MAX;
    for (const PatchCandidate& c : patches) {
      if (c.choice.first_node == options.patch.first_node && c.choice.last_node == options.patch.last_node &&
          c.choice.grid == options.patch.grid) {
        chosen_macs = c.extra_macs;
      }
    }
    std::stable_sort(patches.begin(), patches.end(),
                     [](const PatchCandidate& a, const PatchCandidate& b) { return a.extra_macs < b.extra_macs; });
    for (const PatchCandidate& c : patches) {
      if (c.extra_macs >= chosen_macs) break;
      LowerOptions trial = options;
      trial.patch = c.choice;
      LoweredModel m = lower_graph(graph, target, trial);
      MemoryPlan p = plan_memory(graph, m);
      const int64_t keep = goal.kind == RamGoal::Kind::kBudget ? std::max<int64_t>(fit.plan.peak_bytes(), goal.bytes)
                                                                : fit.plan.peak_bytes();
      if (!m.ok() || p.peak_bytes() > keep) continue;
      options = trial;
      fit.model = std::move(m);
      fit.plan = std::move(p);
      break;
    }
  }
  fit.patch_candidates = patches.size();
  return fit;
}

RamGoal default_ram_goal(Target target, const Board* board, const TflmArenaEstimate& tflm_arena) {
  if (board != nullptr) return {RamGoal::Kind::kBudget, board->ram_bytes, 0};
  if (isa_available(target, Isa::kMve)) return {RamGoal::Kind::kFastest, 0, 0};
  return {RamGoal::Kind::kLean, 0, tflm_arena.total() / 2};
}

}  // namespace cmnn::tool
