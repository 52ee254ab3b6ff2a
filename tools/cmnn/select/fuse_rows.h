// Row fusion of two consecutive int8 layers (include/cmnn/rows_fused.h), a conv/depthwise layer and
// the conv/depthwise layer or max/average pool that reads its output (pooling fused into its
// producer: the pool reads a ring of producer rows, the producer's output never exists whole): applied to
// the layers LowerOptions::fuse_with_next names, when the pair chains (the first layer's only output
// is the second's input 0, read by no other layer and not a graph output, shapes that chain) and
// every band's sub-image parameters are supported by both chosen variants with no more scratch than
// the whole layers. Pairs that do not qualify are left as they are.
#pragma once
#include <set>

#include "graph/graph.h"
#include "select/lowered.h"

namespace cmnn::tool {

constexpr int32_t kFusedBandRows = 2;

void apply_row_fusions(const Graph& graph, const std::set<int>& first_nodes, LoweredModel& model);

// The work bytes of fusing layers a and b, or 0 when they cannot be fused.
size_t row_fusion_work(const Graph& graph, const Layer& a, const Layer& b, int32_t band);

}  // namespace cmnn::tool
