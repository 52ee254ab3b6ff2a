// Patch-based execution (MCUNetV2) of a chain of int8 conv/depthwise layers: the chain's output
// tensor (the cut) is split into grid x grid tiles; per tile, each layer, last to first, needs the
// rectangle of its input that its output rectangle reads (halos: recomputed by every tile that needs
// them); the first layer's rectangle is copied out of the chain's input, the last layer's written
// into the cut (include/cmnn/patch.h). Interior edges get no padding (the halo is real data), true
// borders the layer's own padding. The tensors inside the chain exist only as tile-local buffers,
// two ping-pong slots in the work area plus the largest kernel scratch of any layer on any tile.
// The chain runs at its last layer's position; that layer's scratch is the work area, so the memory
// planner places it with the tensors and verify_plan checks it like every other buffer.
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
  int first = 0, last = 0;  // layer positions of the chain, inclusive
  int input_tensor = -1, output_tensor = -1;
  int32_t grid = 0;         // grid x grid tiles of the output tensor
  std::vector<PatchRect> in_windows, out_windows;  // per tile: window of the input, tile of the output
  std::vector<std::vector<SubImage>> subs;         // [tile][layer - first]
  std::vector<int32_t> channels;                   // input channels, then each layer's output channels
  int32_t input_w = 0, output_w = 0;               // widths of the chain's input and output tensors
  size_t slot_bytes[2] = {0, 0};  // ping-pong tile buffers: slot 0 = the input window and odd layers' outputs
  size_t kernel_scratch = 0;      // the most scratch any layer's variant needs on any tile
  size_t work_bytes = 0;          // both slots (16-aligned) + kernel scratch
  int64_t macs = 0, layer_macs = 0;  // MACs run patch by patch / layer by layer (the difference is recomputed)
  size_t slot_offset(int slot) const { return slot == 0 ? 0 : (slot_bytes[0] + 15) / 16 * 16; }
  size_t scratch_offset() const { return slot_offset(1) + (slot_bytes[1] + 15) / 16 * 16; }
};

// Which chain runs patch by patch (LowerOptions::patch): graph nodes of its first and last layer.
struct PatchChoice {
  int first_node = -1, last_node = -1;
  int32_t grid = 0;  // 0: none
};

// The stage for layers [first, last] of `model` on grid x grid tiles, or nullptr when they are not
// a chain this can run (not int8 conv/depthwise, a tensor read outside the chain or a graph output,
// a batch > 1, a grid finer than the output, a tile no table entry runs). A layer whose chosen
// variant cannot run some tile's sub-image takes the first table entry that runs them all (changed
// in `model`; a 1x1 grid changes nothing).
std::shared_ptr<PatchStage> make_patch_stage(const Graph& graph, LoweredModel& model, int first, int last,
                                             int32_t grid);

// Marks the chain's layers (Layer::in_patch, Layer::patch on the last), undoes row bands and fusions
// inside it and sets the last layer's scratch to the work area. Returns false (model unchanged) when
// `choice` names no runnable chain.
bool apply_patch_choice(const Graph& graph, const PatchChoice& choice, LoweredModel& model);

}  // namespace cmnn::tool
