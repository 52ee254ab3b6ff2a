// C++ code generation: DIR/<name>_model.h (the C++ and C APIs: a context per instance, init() on a
// caller's arena of kArenaBytes) and DIR/<name>_model.cpp (weights in const arrays, per-layer
// parameters as constexpr structs, straight-line calls to the chosen variants, each named by its
// table index (prefix_variant_at<I>) so only the kernels the model runs are linked, through the
// library's checked *_run_variant entry points).
#pragma once
#include <string>

#include "graph/graph.h"
#include "plan/memory_plan.h"
#include "select/lowered.h"

namespace cmnn::tool {

struct EmitInput {
  const Graph& graph;
  const LoweredModel& model;
  const MemoryPlan& plan;
  std::string name;        // C++ identifier: files <name>_model.*, namespace <name>_model
  std::string model_path;  // for the header comment
};

// "person_detect.tflite" -> "person_detect"; non-identifier characters become '_'.
std::string model_identifier(const std::string& path);

std::string emit_header(const EmitInput& in);
std::string emit_source(const EmitInput& in);

}  // namespace cmnn::tool
