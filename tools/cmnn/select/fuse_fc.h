// Row bands into a fully connected layer (include/cmnn/rows_into_fc.h): an int8 conv/depthwise layer
// whose output (directly or through RESHAPE-like aliases) is input 0 of an int8 FULLY_CONNECTED
// layer and nothing else runs inside that FC's call; its output is never materialised. Applied to
// the producer nodes LowerOptions::fuse_into_fc names, with that band, when the chain qualifies:
// every tensor between them read only by the next link and not a graph output, only aliases in
// between, the FC reads exactly the producer's output, and every band's sub-image is supported by
// the producer's variant within the whole layer's scratch. Other requests are left as they are.
#pragma once
#include <map>
#include <set>

#include "graph/graph.h"
#include "select/lowered.h"

namespace cmnn::tool {

constexpr int32_t kFcBandRows = 2;

void apply_fc_fusions(const Graph& graph, const std::map<int, int32_t>& producer_bands, LoweredModel& model);

// The work bytes of running layer `producer` into the FC at *fc_pos by bands of `band` rows, or 0
// when it cannot (then *fc_pos is unchanged).
size_t fc_fusion_work(const Graph& graph, const LoweredModel& model, size_t producer, int32_t band, size_t* fc_pos);

// Tensors no layer materialises because of these fusions (a producer's output and its aliases).
std::set<int> fc_fused_away_tensors(const LoweredModel& model);

}  // namespace cmnn::tool
