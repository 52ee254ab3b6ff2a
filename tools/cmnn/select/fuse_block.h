// Residual blocks by row bands (include/cmnn/rows_block.h): an int8 same-shape ADD (add_s8) whose
// inputs are conv/depthwise B's output and a shortcut, where B reads conv/depthwise A's output, A
// reads the block input x, and the shortcut is x or a 1x1-style conv/depthwise S of x. A, B and S
// then run inside the ADD's call (Layer::runs_inside), their outputs never materialised, and the
// planner may give the ADD's output x's buffer. Applied to the ADD nodes LowerOptions::fuse_block
// names, with that band, when: every tensor between them is read by its block consumer only and is
// not a graph output; x is read by A and the shortcut only; every band's sub-image is supported by
// each chosen variant within the largest of the four layers' scratch; and the output may overwrite
// x band by band (rows_block_check_in_place). A layer in place by row bands is taken into the block
// (its bands are moot there).
#pragma once
#include <map>

#include "graph/graph.h"
#include "select/lowered.h"

namespace cmnn::tool {

constexpr int32_t kBlockBandRows = 2;

// The layers of the block ending at ADD position `add`, or found = false.
struct BlockLayers {
  bool found = false;
  size_t a = 0, b = 0;
  int32_t s = -1;          // the shortcut conv's position, -1 for the identity shortcut
  bool skip_first = false; // the ADD's input1 is the shortcut
  size_t kernel_scratch = 0;
};
BlockLayers find_block(const Graph& graph, const LoweredModel& model, size_t add);

// The work bytes of running the block ending at ADD position `add` by bands of `band` rows, or 0.
size_t block_fusion_work(const Graph& graph, const LoweredModel& model, size_t add, int32_t band, BlockLayers* found);

void apply_block_fusions(const Graph& graph, const std::map<int, int32_t>& add_bands, LoweredModel& model);

}  // namespace cmnn::tool
