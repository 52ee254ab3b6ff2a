// The compile report: per layer op, chosen variant and why (every table entry's verdict), MACs,
// scratch, arena offsets of inputs/outputs; totals (peak RAM vs naive, flash bytes of constants).
#pragma once
#include <string>

#include "emit/emit_cpp.h"

namespace cmnn::tool {

std::string report_markdown(const EmitInput& in);
std::string report_json(const EmitInput& in);

}  // namespace cmnn::tool
