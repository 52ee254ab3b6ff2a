// Patch-based execution (MCUNetV2) of a run of int8 conv/depthwise layers and the residual ADDs
// between them: the run's output tensor (the cut) is split into grid x grid tiles; per tile, each
// layer, last to first, computes the rectangle of its output that its readers need (the union over
// readers: an ADD needs its output rectangle of both inputs, a conv/depthwise the rectangle its
// output rectangle reads, halos recomputed by every tile that needs them); the first rectangle of
// the run's input is copied out of it, the last layer's written into the cut (include/cmnn/patch.h).
// Interior edges get no padding (the halo is real data), true borders the layer's own padding.
// The tensors inside the run exist only as tile-local buffers in the work area: a chain alternates
// two slots; a tensor with two readers (a MobileNetV2 block input, read by the expansion and by the
// ADD) keeps its buffer until both ran, buffers placed first-fit by their lifetimes within a tile.
// A conv/depthwise must need exactly the rectangle its input buffer holds; an ADD reads its
// (smaller) output rectangle out of larger input buffers row by row. The work area also holds the
// largest kernel scratch of any layer on any tile. The run executes at its last layer's position;
// that layer's scratch is the work area, so the memory planner places it with the tensors and
// verify_plan checks it like every other buffer.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "graph/graph.h"
#include "ops/layer_call.h"

namespace cmnn::tool {

struct LoweredModel;

struct PatchRect {
  int32_t y0 = 0, x0 = 0, h = 0, w = 0;
};

struct PatchStage {
  int first = 0, last = 0;  // layer positions of the run, inclusive
  int input_tensor = -1, output_tensor = -1;
  int32_t grid = 0;         // grid x grid tiles of the output tensor
  // Buffers: 0 holds the window of the run's input, k + 1 the output of layer first + k.
  std::vector<int32_t> channels;               // per buffer
  std::vector<int> read0, read1;               // per layer: buffer of input 0 / input 1 (ADD only, else -1)
  std::vector<bool> is_add;                    // per layer
  std::vector<std::vector<PatchRect>> regions; // [tile][buffer]: the rectangle of its tensor the buffer holds
  std::vector<PatchRect> in_windows, out_windows;  // per tile: regions[t][0] and regions[t][last buffer]
  std::vector<std::vector<SubImage>> subs;         // [tile][layer - first] (ADD: unused)
  int32_t input_w = 0, output_w = 0;               // widths of the run's input and output tensors
  std::vector<size_t> buf_bytes, buf_offset;       // per buffer: most bytes on any tile, offset in the work area
  size_t buffers_end = 0;                          // end of the buffers (16-aligned)
  size_t kernel_scratch = 0;      // the most scratch any layer's variant needs on any tile
  size_t work_bytes = 0;          // buffers + kernel scratch
  int64_t macs = 0, layer_macs = 0;  // MACs run patch by patch / layer by layer (the difference is recomputed)
  bool has_add() const {
    for (bool a : is_add) {
      if (a) return true;
    }
    return false;
  }
  size_t scratch_offset() const { return buffers_end; }
};

// Which chain runs patch by patch (LowerOptions::patch): graph nodes of its first and last layer.
struct PatchChoice {
  int first_node = -1, last_node = -1;
  int32_t grid = 0;  // 0: none
};

// The stage for layers [first, last] of `model` on grid x grid tiles, or nullptr when they are not
// a run this can execute (not int8 conv/depthwise or same-shape int8 ADD, a layer reading a tensor
// from outside the run other than its input, a tensor inside read after the run or a graph output,
// a batch > 1, a grid finer than the output, a conv needing less than its input buffer holds, a
// tile no table entry runs). A layer whose chosen
// variant cannot run some tile's sub-image takes the first table entry that runs them all (changed
// in `model`; a 1x1 grid changes nothing).
std::shared_ptr<PatchStage> make_patch_stage(const Graph& graph, LoweredModel& model, int first, int last,
                                             int32_t grid);

// Marks the chain's layers (Layer::in_patch, Layer::patch on the last), undoes row bands and fusions
// inside it and sets the last layer's scratch to the work area. Returns false (model unchanged) when
// `choice` names no runnable chain.
bool apply_patch_choice(const Graph& graph, const PatchChoice& choice, LoweredModel& model);

}  // namespace cmnn::tool
