// RAM-aware choice of how each layer runs. A variant that needs scratch (im2col columns, a widened
// input row ...) is faster, but its scratch is live during its layer and may set the model's peak;
// a conv/depthwise layer can also run in place by row bands (include/cmnn/rows_in_place.h) or fused
// with the next layer by row bands (include/cmnn/rows_fused.h). fit_ram() lowers and plans the model
// with the fastest variants, then, while the peak is above the RAM goal, tries those changes (in
// place, fusion, a table entry needing less scratch: LowerOptions) one layer at a time and then for
// every layer tied at the peak, keeping a change only when the planned peak goes down; then a relax
// pass gives every changed layer back the fastest form (not fused, not in place, wider bands, its
// fastest variant) that keeps that peak. The trades that stay are recorded for the report.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "graph/graph.h"
#include "plan/board.h"
#include "plan/memory_plan.h"
#include "plan/tflm_arena.h"
#include "select/lowered.h"

namespace cmnn::tool {

// The RAM goal: kLean (the default) lowers the peak with in-place bands and fusion only, which keep
// every variant; kMinimize also takes slower variants needing less scratch (each for >= 5 % of the
// peak: a reference kernel can be 10x slower); kBudget does all of it but stops as soon as the peak
// fits `bytes`; kFastest changes nothing.
// kLean with `patch_above` > 0 (the default on cores without Helium: half the estimate of TFLM's arena,
// plan/tflm_arena.h) goes one step further when its peak stays above `patch_above`: if a patch stage
// (plan/patch_fit.h) can at least halve that peak -- the first stages of the model set it, as in
// MobileNet-class CNNs at 224x224 -- the model is fitted to a budget of `patch_above` bytes with the
// stage; otherwise (no stage, or a stage that saves less: a 5-20 % cycle cost for a small RAM gain) it
// stays lean.
struct RamGoal {
  enum class Kind { kFastest, kLean, kMinimize, kBudget };
  Kind kind = Kind::kLean;
  int64_t bytes = 0;
  int64_t patch_above = 0;
};

struct VariantSwap {
  int node = 0;
  std::string op_name, from, to;
  int64_t from_scratch = 0, to_scratch = 0;
  int64_t peak_before = 0, peak_after = 0;
  int64_t macs = 0;  // MACs of the layer now on the slower variant
};

struct RamFit {
  LoweredModel model;
  MemoryPlan plan;
  std::vector<VariantSwap> swaps;
  int64_t fastest_peak = 0;  // peak with the fastest variants (before any swap)
  size_t patch_candidates = 0;  // patch stages tried (plan/patch_fit.h); the chosen one is on its last layer
  int64_t lean_peak = 0;        // kLean with patch_above: the lean peak, when a stage then replaced it (else 0)
};

// What the report says about the fit: the budgets, where they came from, and what was given up.
struct FitSummary {
  const Board* board = nullptr;     // --board, or nullptr
  RamGoal goal;
  int64_t fastest_peak = 0;         // peak RAM with the fastest variants
  std::vector<VariantSwap> swaps;   // variants traded for RAM
  int64_t weight_budget = -1;       // flash for constants, -1 = none
  std::string weight_budget_source; // "default: unpacked constants x 1.25", "board ...", "--weight-budget"
  int64_t unpacked_bytes = 0;       // constants without packed copies
  TflmArenaEstimate tflm_arena;     // what TFLM's arena needs at least (plan/tflm_arena.h)
  int64_t lean_peak = 0;            // RamFit::lean_peak: the default patched past lean's peak
};

RamFit fit_ram(const Graph& graph, Target target, LowerOptions options, const RamGoal& goal);

// The goal when --ram-budget is not given: a board's RAM when --board names one; otherwise kLean on
// cores without Helium (patching above half of `tflm_arena`, see RamGoal) and kFastest on Helium cores. Measured reason (docs/memory.md): the MVE kernels
// run a layer in a fraction of the DSP code's cycles, so the per-call setup that every row band repeats
// weighs several times more (KWS on cortex-m55: lean +31 % est. cycles for 33 % less RAM, against
// +7.3 % on cortex-m4), and Helium parts carry at least 1 MB of SRAM. `--ram-budget lean` still asks for it.
RamGoal default_ram_goal(Target target, const Board* board, const TflmArenaEstimate& tflm_arena);

}  // namespace cmnn::tool
