#include "plan/patch_fit.h"

#include <algorithm>

#include "plan/timeline.h"

namespace cmnn::tool {

namespace {

// A layer a patch stage may hold: an int8 conv/depthwise (sub-images) or an elementwise ADD.
bool patch_layer(const Layer& l) {
  SubImage s;
  return !l.is_alias() && (l.call->subimage(&s) || l.call->function() == "add_s8");
}

}  // namespace

std::vector<PatchCandidate> patch_candidates(const Graph& graph, const LoweredModel& model) {
  std::vector<PatchCandidate> out;
  LoweredModel probe = model;  // make_patch_stage may choose other variants (not on 1x1 grids)
  for (size_t s = 0; s < model.layers.size(); ++s) {
    const Layer& head = model.layers[s];
    if (head.is_alias() || head.inputs.empty() || !graph.tensors.at(static_cast<size_t>(head.inputs[0])).graph_input) continue;
    for (size_t e = s + 1; e < model.layers.size(); ++e) {
      // A run that is not closed yet (a block input still read by a later ADD) may close further on;
      // a layer no stage can hold ends the search.
      if (!patch_layer(model.layers[e])) break;
      if (!make_patch_stage(graph, probe, static_cast<int>(s), static_cast<int>(e), 1)) continue;
      for (int32_t grid = 2; grid <= 8; ++grid) {
        PatchCandidate c;
        c.choice = {head.node, model.layers[e].node, grid};
        LoweredModel m = model;
        if (!apply_patch_choice(graph, c.choice, m)) continue;
        const MemoryPlan plan = plan_memory(graph, m);
        c.peak = plan.peak_bytes();
        for (const TimelineRow& r : ram_timeline(m, plan)) {
          if (r.position >= static_cast<int>(s) && r.position <= static_cast<int>(e)) {
            c.stage_peak = std::max(c.stage_peak, r.live());
          }
        }
        const PatchStage& st = *m.layers[e].patch;
        c.extra_macs = st.macs - st.layer_macs;
        out.push_back(c);
      }
    }
  }
  return out;
}

double patch_cycles_per_mac(Target target) {
  switch (target) {
    case Target::kCortexM4: return 2.47;
    case Target::kCortexM7: return 1.48;
    case Target::kCortexM55: return 0.69;
    default: return 0.0;
  }
}

const PatchStage* find_patch_stage(const LoweredModel& model) {
  for (const Layer& l : model.layers) {
    if (l.patch) return l.patch.get();
  }
  return nullptr;
}

PatchChoice choose_patch(const std::vector<PatchCandidate>& candidates, int64_t budget, int64_t unpatched_peak) {
  const PatchCandidate* best = nullptr;
  auto better = [&](const PatchCandidate& a, const PatchCandidate& b) {
    const bool fa = budget > 0 && a.stage_peak <= budget, fb = budget > 0 && b.stage_peak <= budget;
    if (fa != fb) return fa;
    if (fa) return a.extra_macs != b.extra_macs ? a.extra_macs < b.extra_macs : a.stage_peak < b.stage_peak;
    return a.stage_peak != b.stage_peak ? a.stage_peak < b.stage_peak : a.extra_macs < b.extra_macs;
  };
  for (const PatchCandidate& c : candidates) {
    if (c.peak >= unpatched_peak) continue;  // must lower the model's peak
    if (best == nullptr || better(c, *best)) best = &c;
  }
  return best ? best->choice : PatchChoice{};
}

}  // namespace cmnn::tool
