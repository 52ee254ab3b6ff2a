// Internal to graph/: the per-operator derivation functions build_graph() dispatches to, and the
// checks they share. Each derive_* validates its operator's tensors and options and returns its
// parameters; problems throw ImportError (build_graph adds "operator N (TYPE): ").
#pragma once
#include <string>
#include <vector>

#include "graph/graph.h"

namespace cmnn::tool::detail {

// A model that is valid TFLite but that cmnn cannot compile (a tensor type, a grouped convolution ...):
// build_graph() keeps the node as UnsupportedParams with this message instead of failing.
class UnsupportedError : public ImportError {
 public:
  using ImportError::ImportError;
};

class OpContext {
 public:
  OpContext(const Graph& graph, const Node& node) : graph_(graph), node_(node) {}
  const Node& node() const { return node_; }
  // Checks the operator has between min and max inputs (max < 0: no limit) and exactly `outputs` outputs.
  void expect_arity(size_t min_inputs, long max_inputs, size_t outputs) const;
  const GraphTensor& input(size_t i) const;              // throws when absent
  const GraphTensor* optional_input(size_t i) const;     // nullptr when absent / -1
  const GraphTensor& output(size_t i) const;

 private:
  const Graph& graph_;
  const Node& node_;
};

std::string describe(const GraphTensor& t);  // "input tensor 3 'x' INT8 [1,2,3]"
std::string shape_text(const std::vector<int32_t>& shape);

// Requires `rank` dimensions (and returns them as NHWC for rank 4).
Dims4 require_rank4(const GraphTensor& t, const char* role);
void require_rank(const GraphTensor& t, size_t rank, const char* role);
void require_type(const GraphTensor& t, tflite::TensorType type, const char* role);
// A per-tensor quantized activation: one scale > 0, zero point within the type's range.
float activation_scale(const GraphTensor& t, const char* role);
int32_t activation_zero_point(const GraphTensor& t, const char* role);
void require_constant(const GraphTensor& t, const char* role);
// int32 bias with `channels` elements and zero points of 0, or absent.
int bias_index(const GraphTensor* bias, int32_t channels);
// Output rescale of conv/depthwise/FC: input_scale * filter_scale[c] / output_scale per channel.
OutputRescale output_rescale(const GraphTensor& input, const GraphTensor& filter, const GraphTensor& output,
                             int32_t channels);
ActivationRange fused_range(tflite::Activation act, const GraphTensor& output);
// True if any of the node's data tensors is float: the graph lists it as unsupported.
bool has_float_tensors(const OpContext& ctx);

OpParams derive_conv(const OpContext& ctx, bool depthwise);
OpParams derive_fully_connected(const OpContext& ctx);
OpParams derive_pool(const OpContext& ctx, bool max);
OpParams derive_softmax(const OpContext& ctx);
OpParams derive_svdf(const OpContext& ctx);
OpParams derive_lstm(const OpContext& ctx);

}  // namespace cmnn::tool::detail
