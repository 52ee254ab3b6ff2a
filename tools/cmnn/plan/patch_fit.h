// Choosing the chain that runs patch by patch and its tile grid (select/patch_stage.h) under a RAM
// goal. Candidates: the chains of int8 conv/depthwise layers that start at a layer reading a graph
// input (MCUNetV2 patches the memory-heavy first stages; deeper tensors are small), every end layer
// along the chain, grids 2x2 .. 8x8. Each candidate is applied to the lowered model and planned; its
// stage peak is the most RAM live at any layer of the chain.
//  * byte budget: the candidate with the fewest MACs recomputed whose stage peak fits the budget
//    (if none fits: the smallest stage peak); `min`: the smallest stage peak, fewest MACs among equals;
//  * then, once the rest of the model has been fitted, relax_patch() gives back the candidate with
//    the fewest recomputed MACs that leaves the planned peak where it is.
#pragma once
#include <vector>

#include "graph/graph.h"
#include "plan/memory_plan.h"
#include "select/lowered.h"

namespace cmnn::tool {

struct PatchCandidate {
  PatchChoice choice;
  int64_t stage_peak = 0;  // most live bytes at a layer of the chain
  int64_t peak = 0;        // the model's planned peak with this stage
  int64_t extra_macs = 0;  // MACs recomputed (patched - layer by layer)
};

// Every runnable candidate for `model` (a model without a patch stage), planned.
std::vector<PatchCandidate> patch_candidates(const Graph& graph, const LoweredModel& model);

// The candidate for a byte budget (budget > 0) or for `min` (budget == 0); grid 0 when none lowers
// the peak of the model without a stage (`unpatched_peak`).
// Estimated cycles per MAC of a MobileNet-class model on `target` (whole model, `make models-bench`:
// vww_96_int8 at the default budgets, docs/models.md: M4 2.47, M7 1.48, M55 0.69), to state the
// recomputation's cost in cycles; 0 where not measured (host, M3). An estimate of an estimate: cmnn
// bench measures the patched model itself.
double patch_cycles_per_mac(Target target);

// The stage of a lowered model (on its last layer), or nullptr.
const PatchStage* find_patch_stage(const LoweredModel& model);

PatchChoice choose_patch(const std::vector<PatchCandidate>& candidates, int64_t budget, int64_t unpatched_peak);

}  // namespace cmnn::tool
