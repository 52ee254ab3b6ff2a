// The weight budget's choice of packed copies (lower_graph, LowerOptions::weight_budget).
//
// A node offers its copies in its op's order of preference (CopyPlan, select/lowered.h), so it
// has a ladder of tiers: k copies declined, from 0 (its first choice) to the tier with no copy.
// Each tier has the layer's net copy bytes (the copy minus the int8 weights it replaces,
// select/drop_int8.h) and its est. cycles (select/variant_cost.h). While the constants exceed the
// budget, the step down the ladder that gives up the fewest est. cycles per byte it frees is
// taken (MACs per byte where the core has no cost table); then the steps taken are undone, last
// first, where the constants still fit; then an exact multiple-choice knapsack on the estimates
// (one tier per node) replaces that choice when it saves more est. cycles and really fits.
// A tier the op refuses to lower (listed missing) ends the node's ladder like a tier with no copy;
// a node refused with every copy declined keeps its first choice.
#pragma once
#include <functional>
#include <map>

#include "select/lowered.h"

namespace cmnn::tool {

// Lowers every node of the graph with the given copies declined (lower_graph's lower_once).
using LowerWithDeclined = std::function<LoweredModel(const std::map<int, int>& declined)>;

// The model lower_graph keeps for options.weight_budget, starting from options.copies.declined:
// model.copies holds the declined copies and, where any were declined, the estimates behind it.
LoweredModel fit_copies_to_budget(const Graph& graph, const LowerOptions& options, const LowerWithDeclined& lower);

}  // namespace cmnn::tool
