// `cmnn inspect MODEL [--json]`: operators (index, type, wiring, options, derived parameters),
// tensors (shape, type, quantization, buffer size) and totals (MACs per layer, weight bytes).
#pragma once
#include <ostream>
#include <string>

#include "graph/graph.h"

namespace cmnn::tool {

void print_inspect_text(const Graph& graph, const std::string& model_path, std::ostream& out);
void print_inspect_json(const Graph& graph, const std::string& model_path, std::ostream& out);

// The command: parses its arguments (after "inspect"), returns the process exit status
// (0 ok, 1 model error, 2 usage error). Errors go to `err` as one line.
int run_inspect(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

}  // namespace cmnn::tool
