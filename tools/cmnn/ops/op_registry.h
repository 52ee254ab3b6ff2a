// The operator registry: every TFLite builtin operator cmnn compiles has one file under ops/ that
// validates the node, derives the library parameters, lowers it to one or more library calls
// (layers), and chooses their variants; ops/registry.cpp lists them. Every stage of the compiler
// (lowering, the reference runner, constant folding, memory planning, code generation, the
// report, `cmnn inspect`) loops over the layers these produce and never names an operator.
#pragma once
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "graph/derive.h"
#include "graph/graph.h"
#include "ops/layer_call.h"
#include "select/lowered.h"

namespace cmnn::tool {

// Thrown while lowering an operator that is valid TFLite but that cmnn cannot run (a type pair
// without a kernel, a parameter outside what the kernels accept): the model is refused with the
// node and this reason. Invalid models (wrong arity, bad shapes) throw ImportError instead.
struct Unsupported : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// What an op's lower function sees, and where it puts its layers.
class LowerContext {
 public:
  LowerContext(const Graph& g, const Node& n, Target t, int declined, int64_t budget)
      : graph(g), node(n), target(t), copies_declined(declined), weight_budget(budget) {}

  const Graph& graph;
  const Node& node;
  const Target target;
  // Copies the weight budget declined for this node (CopyPlan, select/lowered.h): an op offering
  // copies in its order of preference takes its copy of rank r (0 = first choice) only if
  // may_copy(r); kAllCopies when the node's scratch is capped or every copy was declined.
  const int copies_declined;
  bool may_copy(int rank = 0) const { return rank >= copies_declined; }
  const int64_t weight_budget;  // for the report's verdict
  // LowerOptions::records_in_flash names this node: an int8 depthwise layer on a .dsp variant gets
  // its weight records as a constant (DepthwiseConvParams::has_prepared_records) instead of scratch.
  bool records_in_flash = false;
  // LowerOptions::depthwise_as_conv.
  bool depthwise_as_conv = true;

  size_t input_count() const { return node.inputs.size(); }
  size_t output_count() const { return node.outputs.size(); }
  bool has_input(size_t i) const { return i < node.inputs.size() && node.inputs[i] >= 0; }
  const GraphTensor& input(size_t i) const;   // ImportError when absent
  const GraphTensor& output(size_t i) const;  // ImportError when absent
  // ImportError unless the node has min..max inputs (max < 0: any) and exactly `outputs` outputs.
  void expect_arity(size_t min_inputs, long max_inputs, size_t outputs) const;
  // Typed view of the node's builtin options (the default-constructed struct when the file has none);
  // ImportError when the node carries another options type.
  template <typename T>
  T options() const {
    if (const T* o = std::get_if<T>(&node.options)) return *o;
    if (std::holds_alternative<tflite::NoOptions>(node.options)) return T{};
    throw ImportError("unexpected builtin options type");
  }

  // A new layer for this node (node index and op name filled in). Most ops add one; SPLIT, UNPACK,
  // CONCATENATION ... may add several, executed in order.
  Layer& add_layer();
  std::vector<Layer> take_layers() { return std::move(layers_); }

 private:
  std::vector<Layer> layers_;
};

struct OpDef {
  int32_t builtin_code;  // tflite::op::k...
  const char* kind;      // short name for listings and layers.json ("conv2d", "pad", ...)
  void (*lower)(LowerContext& ctx);
  // Optional graph-level derivation run by build_graph() (its result is Node::params, listed by
  // `cmnn inspect` and read by lower); null: the op file derives everything while lowering.
  OpParams (*derive)(const detail::OpContext& ctx) = nullptr;
};

// Every operator cmnn compiles (ops/registry.cpp).
const std::vector<OpDef>& op_registry();
const OpDef* find_op(int32_t builtin_code);

}  // namespace cmnn::tool
