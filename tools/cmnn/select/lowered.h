// A model lowered to cmnn library calls: per graph node, one or more layers, each a library call
// (ops/layer_call.h: the op's parameter struct, the tensors and constant arrays bound to its
// arguments) with the variant chosen for one target core and the reasons for that choice.
// Produced by lower_graph() from the operator registry (ops/); consumed by the reference runner
// (run/), the memory planner (plan/), the code generator (emit/) and the report.
#pragma once
#include <cstdint>
#include <cstddef>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "graph/graph.h"
#include "ops/layer_call.h"
#include "select/patch_stage.h"
#include "select/target.h"

namespace cmnn::tool {

// One constant array of a layer (weights, bias, multipliers, prepared sums, packed copies, LUTs),
// stored as little-endian bytes of one element type.
struct ConstArray {
  enum class Type { kI8, kU8, kI16, kI32, kI64, kF32 };
  std::string role;  // "filter", "bias", "multiplier", "shift", "kernel_sums", "packed_weights", "forget_gate.input_weights" ...
  Type type = Type::kI8;
  std::vector<uint8_t> data;

  static size_t element_size(Type t);
  static const char* c_type(Type t);  // "int8_t", ...
  size_t bytes() const { return data.size(); }
  size_t count() const { return data.size() / element_size(type); }
  const void* ptr() const { return data.data(); }
  template <typename T>
  const T* as() const { return reinterpret_cast<const T*>(data.data()); }
  int64_t int_at(size_t i) const;  // element i widened (integer types)
  double float_at(size_t i) const;

  template <typename T>
  static ConstArray of(const std::string& role, const std::vector<T>& v);
};

template <typename T>
ConstArray ConstArray::of(const std::string& role, const std::vector<T>& v) {
  ConstArray a;
  a.role = role;
  if constexpr (std::is_same_v<T, int8_t>) a.type = Type::kI8;
  else if constexpr (std::is_same_v<T, uint8_t>) a.type = Type::kU8;
  else if constexpr (std::is_same_v<T, int16_t>) a.type = Type::kI16;
  else if constexpr (std::is_same_v<T, int32_t>) a.type = Type::kI32;
  else if constexpr (std::is_same_v<T, int64_t>) a.type = Type::kI64;
  else if constexpr (std::is_same_v<T, float>) a.type = Type::kF32;
  else static_assert(sizeof(T) == 0, "unsupported constant element type");
  a.data.resize(v.size() * sizeof(T));
  if (!v.empty()) std::memcpy(a.data.data(), v.data(), a.data.size());
  return a;
}

struct Layer {
  int node = 0;          // graph node (== TFLite operator index)
  std::string op_name;   // "CONV_2D"
  std::string kind;      // registry kind: "conv2d", "pad", ...
  // The library call; nullptr for an alias (RESHAPE, SQUEEZE, EXPAND_DIMS: the output is a view
  // of input 0 and no code runs).
  std::shared_ptr<const LayerCall> call;
  std::vector<ConstArray> constants;
  std::vector<int> inputs;   // tensors read (graph tensor indices; constant tensors allowed)
  std::vector<int> outputs;  // tensors written
  std::vector<int> states;   // variable tensors read and written (LSTM: hidden int8, cell int16)
  // The output may take the buffer of an input of the same size that dies here (the kernel reads
  // each element before writing it): the op's in-place rule, used by the memory planner.
  bool in_place = false;
  // > 0: the output overwrites input 0 in bands of this many output rows (include/cmnn/rows_in_place.h);
  // scratch_bytes is then the band work buffer (the variant's scratch included). The planner
  // decides whether the buffers really are shared (the input must die here).
  int32_t rows_band = 0;
  // Row fusion (include/cmnn/rows_fused.h): fused_band > 0 on the second layer of a pair that runs
  // as one call, bands of that many output rows; the first layer has fused_into_next and runs no
  // code of its own; the tensor between them is never materialised. The second layer's
  // scratch_bytes is the work buffer (ring of middle rows + the larger variant scratch).
  int32_t fused_band = 0;
  bool fused_into_next = false;
  // Patch-based execution (select/patch_stage.h): in_patch on every layer of the chain but the last,
  // which carries the stage and runs the whole chain tile by tile (its scratch is the work area).
  bool in_patch = false;
  std::shared_ptr<const PatchStage> patch;
  // A layer that runs inside a later layer's call: the position of that layer (an FC it feeds by row
  // bands, include/cmnn/rows_into_fc.h, select/fuse_fc.h; or the ADD of a residual block,
  // include/cmnn/rows_block.h, select/fuse_block.h). It runs no code of its own; its output and that
  // output's aliases are never materialised; its inputs live until that call.
  // On the FC: fc_band > 0 (producer rows per band), fc_producer = the producer's position, and
  // scratch_bytes the work buffer (band rows + int32 sums + the producer variant's scratch).
  int32_t runs_inside = -1;
  int32_t fc_band = 0;
  int32_t fc_producer = -1;
  // On the ADD of a residual block run by row bands (include/cmnn/rows_block.h): block_band > 0 (output
  // rows per band), the positions of A, B and the shortcut conv S (-1: identity), whether the ADD's
  // input1 is the shortcut, and scratch_bytes the work buffer (ring + slots + the largest scratch).
  int32_t block_band = 0;
  int32_t block_a = -1, block_b = -1, block_s = -1;
  bool block_skip_first = false;
  // Selection for the target core.
  std::string variant_id;
  size_t variant_index = 0;  // position in the op's table
  std::vector<Candidate> candidates;
  size_t scratch_bytes = 0;
  int64_t macs = 0;
  // Bytes of int8 weights left out because the packed copy is all the chosen variant reads
  // (select/drop_int8.h), and their constant role ("filter", "weights"); 0 / empty when kept.
  int64_t int8_dropped_bytes = 0;
  std::string int8_dropped_role;

  bool is_alias() const { return call == nullptr; }
  const ConstArray* constant(const std::string& role) const;
  // The pointers LayerCall::run (and narrowest) take, in bindings() order: each constant's bytes,
  // null for a null argument, tensor(source) for an input, output or state.
  std::vector<void*> binding_ptrs(const std::function<void*(const ArgSource&)>& tensor) const;
  std::string function() const { return call ? call->function() : std::string("alias"); }
};

// A graph node cmnn cannot compile, with the reason.
struct MissingOp {
  int node = 0;
  std::string op_name;
  std::string reason;
};

// Copies an op may decline at most (LowerContext::copies_declined): every one it offers.
constexpr int kAllCopies = 1 << 16;

// The weight budget's choice of packed copies (select/copy_budget.h). A node may offer several
// copies, its op's first choice first (conv2d: an RGB first layer's own copy, then the packed
// filter); the budget declines them one at a time and the op takes the first that remains.
struct CopyPlan {
  // Graph node -> copies declined (kAllCopies: every one); absent nodes keep their first choice.
  std::map<int, int> declined;
  // When the budget declined copies: per node that offered one, the est. cycles its first-choice
  // copy saves against no copy (the variant without it minus the variant with it, per the core's
  // cost table, select/variant_cost.h) and that copy's net flash bytes (minus the int8 weights it
  // replaces, select/drop_int8.h); kept_*: the same for the copy the node still keeps, if any.
  // estimated false when the cost table lacks some variant (host, cores not benchmarked): the
  // ranking then used MACs per byte.
  std::map<int, double> saving;
  std::map<int, int64_t> bytes;
  std::map<int, double> kept_saving;
  std::map<int, int64_t> kept_bytes;
  bool estimated = false;

  int declined_at(int node) const {
    const auto it = declined.find(node);
    return it == declined.end() ? 0 : it->second;
  }
  // Est. cycles the budget gave up on node, and the net bytes it freed there.
  double given_up(int node) const { return at(saving, node) - at(kept_saving, node); }
  int64_t freed_bytes(int node) const { return at(bytes, node) - at(kept_bytes, node); }

 private:
  template <typename V>
  static V at(const std::map<int, V>& m, int node) {
    const auto it = m.find(node);
    return it == m.end() ? V{} : it->second;
  }
};

struct LoweredModel {
  Target target = Target::kHost;
  std::vector<Layer> layers;      // execution order
  std::vector<MissingOp> missing; // empty when the model compiles
  // Tensors computed at compile time (every input of their operator was constant): tensor -> bytes.
  std::map<int, std::vector<uint8_t>> folded;
  CopyPlan copies;  // the packed copies the weight budget declined (select/copy_budget.h)
  bool ok() const { return missing.empty(); }
  int64_t constant_bytes() const;  // layer constants + constant tensors the layers read
  size_t max_scratch_bytes() const;
  // Bytes of a tensor that is constant for the generated code (model constant or folded), or nullptr.
  const uint8_t* constant_data(const Graph& graph, int tensor) const;
  // Constant tensors read by some layer (emitted as arrays), ascending.
  std::vector<int> constant_tensors_read(const Graph& graph) const;
};

// Lowers every node of the graph and selects its variant for target. Never throws for an
// unsupported operator: it is listed in `missing` (all of them, not just the first).
struct LowerOptions {
  // Bytes the constants may take (weights + prepared data); packed copies that would exceed it are
  // not made, fewest est. cycles saved per packed byte first (select/variant_cost.h). -1: no limit. The compiler's default is 1.25x
  // unpacked_constant_bytes() (cli/compile_cmd.cpp, plan/board.h).
  int64_t weight_budget = -1;
  // Evaluate operators whose inputs are all constant at compile time (their outputs become constants).
  bool fold_constants = true;
  // Per graph node: the most scratch its layers' variants may need (plan/ram_fit.h sets it to trade
  // speed for peak RAM). A capped node gets no packed copies; its layers take the first table entry
  // within the cap.
  std::map<int, size_t> scratch_cap;
  // Copies declined whatever the budget (fit_ram passes the plan a first lowering chose, so its
  // trials need no new budget search): copies.declined is each node's floor; copies' estimates are
  // copied into the result when this call declines nothing more itself, so the report still shows them.
  CopyPlan copies;
  // Per graph node: run its conv/depthwise layer in place in bands of this many output rows
  // (plan/ram_fit.h sets it where that lowers the peak).
  std::map<int, int32_t> rows_in_place;
  // Graph nodes whose conv/depthwise layer is fused with the next layer by row bands (fuse_rows.h).
  std::set<int> fuse_with_next;
  // Fold a PAD into the int8 conv/depthwise that reads it (select/fold_pad.h). `cmnn compile` sets
  // it; the reference runner and the conformance check keep every tensor of the graph.
  bool fold_pad = false;
  // A chain run patch by patch (plan/patch_fit.h chooses it under `min` and byte budgets).
  PatchChoice patch;
  // Per graph node: run its conv/depthwise layer by bands of this many rows into the FC that reads
  // its output (select/fuse_fc.h).
  std::map<int, int32_t> fuse_into_fc;
  // Graph nodes whose int8 depthwise layer, when it runs a .dsp variant, reads its weight records from
  // a constant made at compile time instead of building them in scratch (flash for RAM).
  std::set<int> records_in_flash;
  // Per graph node: run the residual block ending at this ADD by bands of this many rows (select/fuse_block.h).
  std::map<int, int32_t> fuse_block;
  // Keep the int8 weights beside every packed copy (select/drop_int8.h leaves them out where only
  // the packed variant reads them): the layout before that, for comparisons and tests.
  bool keep_int8_weights = false;
  // Lower an int8 DEPTHWISE_CONV_2D with one input channel as the convolution it is
  // (ops/depthwise_conv2d.cpp); false keeps it on the depthwise entries (comparisons and tests).
  bool depthwise_as_conv = true;
};
LoweredModel lower_graph(const Graph& graph, Target target, const LowerOptions& options = {});
// Flash bytes of the constants with no packed copy (int8 weights, bias, rescale, kernel sums ...).
int64_t unpacked_constant_bytes(const Graph& graph, Target target, const LowerOptions& options = {});

// Chooses layer.call's variant for target (fills variant_id, variant_index, scratch_bytes, candidates);
// throws Unsupported when no entry of the table runs these parameters on that core.
void select_variant(Layer& layer, Target target, size_t scratch_cap = SIZE_MAX);

// "missing operators: 0 QUANTIZE (reason), 14 QUANTIZE (reason)" on one line.
std::string missing_ops_text(const LoweredModel& model);

}  // namespace cmnn::tool
