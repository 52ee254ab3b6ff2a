#include "plan/ram_fit.h"

#include <algorithm>

#include "plan/timeline.h"

namespace cmnn::tool {

namespace {

bool goal_met(const RamGoal& goal, int64_t peak) {
  return goal.kind == RamGoal::Kind::kFastest || (goal.kind == RamGoal::Kind::kBudget && peak <= goal.bytes);
}

// Lowers with `caps` added (each layer's scratch - 1) and keeps the result when the peak drops.
bool try_caps(const Graph& graph, Target target, LowerOptions& options, const std::vector<size_t>& layers, RamFit& fit) {
  LowerOptions trial = options;
  for (size_t i : layers) trial.scratch_cap[fit.model.layers[i].node] = fit.model.layers[i].scratch_bytes - 1;
  LoweredModel m = lower_graph(graph, target, trial);
  if (!m.ok()) return false;  // some layer has no table entry with less scratch
  MemoryPlan p = plan_memory(graph, m);
  if (p.peak_bytes() >= fit.plan.peak_bytes()) return false;
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

}  // namespace

RamFit fit_ram(const Graph& graph, Target target, LowerOptions options, const RamGoal& goal) {
  RamFit fit;
  fit.model = lower_graph(graph, target, options);
  if (!fit.model.ok()) return fit;
  fit.plan = plan_memory(graph, fit.model);
  fit.fastest_peak = fit.plan.peak_bytes();
  options.no_pack = fit.model.no_pack;  // trials only remove packed copies: the budget still holds
  // Each accepted change strictly lowers the peak, so the loop ends. One layer at a time first
  // (largest scratch first); when several layers tie at the peak no single change helps, so then
  // every layer whose scratch lifts it above the largest tensor-only load is changed together.
  while (!goal_met(goal, fit.plan.peak_bytes())) {
    std::vector<size_t> order;
    for (size_t i = 0; i < fit.model.layers.size(); ++i) {
      if (fit.model.layers[i].scratch_bytes > 0) order.push_back(i);
    }
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      return fit.model.layers[a].scratch_bytes > fit.model.layers[b].scratch_bytes;
    });
    bool changed = false;
    for (size_t i : order) {
      if ((changed = try_caps(graph, target, options, {i}, fit))) break;
    }
    if (changed) continue;
    const std::vector<TimelineRow> rows = ram_timeline(fit.model, fit.plan);
    int64_t floor = 0;
    for (const TimelineRow& r : rows) floor = std::max(floor, r.tensor_bytes);
    std::vector<size_t> group;
    for (const TimelineRow& r : rows) {
      if (r.scratch_bytes > 0 && r.live() > floor) group.push_back(static_cast<size_t>(r.position));
    }
    if (group.size() < 2 || !try_caps(graph, target, options, group, fit)) break;
  }
  return fit;
}

}  // namespace cmnn::tool
