// The compile report: per layer op, chosen variant and why (every table entry's verdict), MACs,
// scratch, arena offsets of inputs/outputs; totals (peak RAM vs naive, flash bytes of constants).
#pragma once
#include <string>

#include "emit/emit_cpp.h"

namespace cmnn::tool {

struct FitSummary;
// fit: the budgets and trade-offs of `cmnn compile` (plan/ram_fit.h), or nullptr.
std::string report_markdown(const EmitInput& in, const FitSummary* fit = nullptr);
std::string report_json(const EmitInput& in, const FitSummary* fit = nullptr);

}  // namespace cmnn::tool
