// The memory part of the compile report: the fit to the RAM and flash budgets (what a slower
// variant or a dropped packed copy gave up) and the per-layer RAM timeline, as Markdown, JSON
// members and an SVG chart (DIR/NAME_memory.svg).
#pragma once
#include <string>

#include "cli/json.h"
#include "emit/emit_cpp.h"
#include "plan/ram_fit.h"

namespace cmnn::tool {

// The patch stage's paragraph: chain, grid, peak layer by layer and now, MACs recomputed, est. cycles.
std::string patch_markdown(const EmitInput& in, const PatchStage& st, int64_t layer_peak, int64_t model_macs);
std::string memory_markdown(const EmitInput& in, const FitSummary* fit);
// Adds the members "fit" (when fit is given) and "ram_timeline" to the report object j.
void memory_json(Json& j, const EmitInput& in, const FitSummary* fit);
std::string memory_svg(const EmitInput& in, const FitSummary* fit);

}  // namespace cmnn::tool
