#include "plan/ram_fit.h"

#include <algorithm>

#include "plan/timeline.h"
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
enum class Change { kScratchCap, kRowsInPlace, kNarrowBands, kFuseNext };

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
    else trial.fuse_with_next.insert(l.node);
  }
  LoweredModel m = lower_graph(graph, target, trial);
  if (!m.ok()) return false;  // some layer has no table entry with less scratch
  MemoryPlan p = plan_memory(graph, m);
  if (p.peak_bytes() >= fit.plan.peak_bytes()) return false;
  // Minimizing, a slower variant must buy at least 5 % of the peak (a few hundred bytes are not
  // worth a reference kernel); a budget takes whatever it needs to fit.
  if (change == Change::kScratchCap && goal.kind == RamGoal::Kind::kMinimize &&
      p.peak_bytes() * 20 > fit.plan.peak_bytes() * 19) {
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
    s.to = now ? now->variant_id : std::string("?");
    if (now && now->rows_band > 0) {
      s.to += " in place (" + std::to_string(now->rows_band) + "-row band" + (now->rows_band > 1 ? "s)" : ")");
    }
    if (now && now->fused_into_next) s.to += " fused with the next layer (row bands)";
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
  if (l.is_alias() || l.fused_into_next || l.fused_band > 0) return false;
  if (change == Change::kScratchCap) return kernel_scratch(l) > 0;
  if (change == Change::kNarrowBands) return l.rows_band > 1 && l.call->rows_in_place_work(l.variant_id, 1) > 0;
  if (change == Change::kRowsInPlace) return l.rows_band == 0 && l.call->rows_in_place_work(l.variant_id, kBandRows) > 0;
  return i + 1 < m.layers.size() && row_fusion_work(graph, l, m.layers[i + 1], kFusedBandRows) > 0;
}

}  // namespace

RamFit fit_ram(const Graph& graph, Target target, LowerOptions options, const RamGoal& goal) {
  RamFit fit;
  fit.model = lower_graph(graph, target, options);
  if (!fit.model.ok()) return fit;
  fit.plan = plan_memory(graph, fit.model);
  fit.fastest_peak = fit.plan.peak_bytes();
  options.no_pack = fit.model.no_pack;  // trials only remove packed copies: the budget still holds
  // Each accepted change strictly lowers the peak, so the loop ends. In place first (it keeps the
  // fast variant, at the cost of copying the rows once more), then fusion with the next layer (no
  // middle tensor; a ring of rows), then less scratch; one layer at a
  // time (largest first), then, since layers that tie at the peak only help together, every
  // layer live at the peak at once.
  while (!goal_met(goal, fit.plan.peak_bytes())) {
    bool changed = false;
    for (Change change : {Change::kRowsInPlace, Change::kFuseNext, Change::kNarrowBands, Change::kScratchCap}) {
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
    for (Change change : {Change::kRowsInPlace, Change::kFuseNext, Change::kNarrowBands, Change::kScratchCap}) {
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
  return fit;
}

}  // namespace cmnn::tool
