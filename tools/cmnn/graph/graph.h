// The model graph cmnn compiles: the main subgraph of a TFLite model as tensors and nodes in
// execution order, each node with its decoded options and derived kernel parameters.
// Built by build_graph(); later stages (kernel selection, memory planning, code generation)
// read it and attach their own results by node / tensor index.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "graph/op_params.h"
#include "import/tflite_model.h"

namespace cmnn::tool {

struct TensorQuant {
  std::vector<float> scale;
  std::vector<int32_t> zero_point;  // same length as scale (zeros when the file has none)
  int32_t dimension = 0;            // the channel axis when per-channel
  bool quantized() const { return !scale.empty(); }
  bool per_channel() const { return scale.size() > 1; }
};

struct GraphTensor {
  int index = 0;
  std::string name;
  tflite::TensorType type = tflite::TensorType::kFloat32;
  std::vector<int32_t> shape;
  int64_t elements = 0;
  int64_t bytes = 0;  // elements * element size (packed for INT4)
  TensorQuant quant;
  bool constant = false;  // has data in the model (weights, biases, shape operands)
  bool variable = false;  // state carried between invocations (SVDF / LSTM)
  uint32_t buffer = 0;
  const uint8_t* data = nullptr;  // into Graph::model.bytes when constant
  int producer = -1;              // node index; -1 for graph inputs, constants and variables
  std::vector<int> consumers;     // node indices, ascending
  bool graph_input = false, graph_output = false;
};

struct Node {
  int index = 0;  // == TFLite operator index in the subgraph
  int32_t builtin_code = 0;
  std::string op_name;      // "CONV_2D", or the custom code for CUSTOM operators
  int32_t op_version = 1;
  std::vector<int> inputs;  // -1 = optional input absent
  std::vector<int> outputs;
  std::vector<int> intermediates;
  tflite::BuiltinOptions options;
  OpParams params;  // UnsupportedParams when cmnn cannot compile this operator
  bool supported() const { return !std::holds_alternative<UnsupportedParams>(params); }
  const std::string& unsupported_reason() const;
};

struct Graph {
  tflite::Model model;  // owns the file bytes that constant tensors point into
  std::string subgraph_name;
  std::vector<GraphTensor> tensors;
  std::vector<Node> nodes;
  std::vector<int> inputs, outputs;

  int64_t total_macs() const;
  int64_t total_weight_bytes() const;  // bytes of every constant tensor
  std::vector<const Node*> unsupported_nodes() const;
};

// Builds the graph of subgraph 0 (the model's main function) and derives every node's parameters.
// A node whose parameters are invalid (a stride of 0, an int8 tensor without quantization,
// mismatched shapes ...) is an error: ImportError "operator 3 (CONV_2D): ...".
// A node cmnn cannot compile is kept with UnsupportedParams and its reason.
Graph build_graph(tflite::Model model);

// Short op type name used in listings and layers.json ("conv2d", "depthwise_conv2d", ...).
const char* op_kind_name(const Node& node);

}  // namespace cmnn::tool
