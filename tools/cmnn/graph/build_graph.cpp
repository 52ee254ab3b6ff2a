// build_graph(): tensors, wiring and per-node parameter derivation (dispatch by builtin code).
#include <algorithm>

#include "graph/derive.h"
#include "graph/graph.h"
#include "import/flatbuffer.h"
#include "ops/op_registry.h"

namespace cmnn::tool {

using tflite::TensorType;
namespace op = tflite::op;

namespace {

GraphTensor make_tensor(const tflite::Model& model, const tflite::Tensor& t, int index) {
  GraphTensor g;
  g.index = index;
  g.name = t.name;
  g.type = t.type;
  g.shape = t.shape;
  g.elements = t.element_count;
  g.bytes = t.type == TensorType::kInt4 ? (g.elements + 1) / 2
                                        : g.elements * static_cast<int64_t>(tflite::tensor_type_bytes(t.type));
  g.quant.scale = t.quantization.scale;
  g.quant.dimension = t.quantization.quantized_dimension;
  g.quant.zero_point.assign(g.quant.scale.size(), 0);
  for (size_t i = 0; i < t.quantization.zero_point.size() && i < g.quant.scale.size(); ++i) {
    const int64_t zp = t.quantization.zero_point[i];
    if (zp < INT32_MIN || zp > INT32_MAX) throw ImportError("zero point " + std::to_string(zp) + " does not fit int32");
    g.quant.zero_point[i] = static_cast<int32_t>(zp);
  }
  g.buffer = t.buffer;
  g.variable = t.is_variable;
  const tflite::Buffer& b = model.buffers[t.buffer];
  if (b.size > 0) {
    g.constant = true;
    g.data = model.bytes.data() + b.offset;
  }
  if (t.is_sparse) throw detail::UnsupportedError("sparse tensors are not supported");
  return g;
}

OpParams derive(const Graph& graph, const Node& node) {
  const detail::OpContext ctx(graph, node);
  if (node.builtin_code == op::kCustom) return UnsupportedParams{"custom operator '" + node.op_name + "'"};
  const bool quantize_op = node.builtin_code == op::kQuantize || node.builtin_code == op::kDequantize;
  if (!quantize_op && detail::has_float_tensors(ctx)) {
    return UnsupportedParams{kFloatComputeReason};
  }
  // The operator registry decides: an op file either derives while lowering (DeferredParams) or
  // names a graph-level derivation (conv, depthwise, FC, pooling, softmax, SVDF, LSTM), whose
  // parameters `cmnn inspect` lists and the op file lowers.
  const OpDef* def = find_op(node.builtin_code);
  if (def == nullptr) return UnsupportedParams{"no cmnn kernel for " + node.op_name + " yet"};
  return def->derive != nullptr ? def->derive(ctx) : OpParams{DeferredParams{}};
}

std::string label(const Node& node) {
  return "operator " + std::to_string(node.index) + " (" + node.op_name + ")";
}

}  // namespace

const std::string& Node::unsupported_reason() const {
  static const std::string kNone;
  const auto* u = std::get_if<UnsupportedParams>(&params);
  return u != nullptr ? u->reason : kNone;
}

int64_t Graph::total_macs() const {
  int64_t total = 0;
  for (const Node& n : nodes) {
    std::visit([&](const auto& p) {
      if constexpr (std::is_same_v<std::decay_t<decltype(p)>, ConvParams> ||
                    std::is_same_v<std::decay_t<decltype(p)>, FullyConnectedParams> ||
                    std::is_same_v<std::decay_t<decltype(p)>, SvdfParams> ||
                    std::is_same_v<std::decay_t<decltype(p)>, LstmParams>) {
        total += p.macs;
      }
    }, n.params);
  }
  return total;
}

int64_t Graph::total_weight_bytes() const {
  int64_t total = 0;
  for (const GraphTensor& t : tensors) {
    if (t.constant) total += t.bytes;
  }
  return total;
}

std::vector<const Node*> Graph::unsupported_nodes() const {
  std::vector<const Node*> out;
  for (const Node& n : nodes) {
    if (!n.supported()) out.push_back(&n);
  }
  return out;
}

const char* op_kind_name(const Node& node) {
  const OpDef* d = find_op(node.builtin_code);
  return d != nullptr ? d->kind : "other";
}

Graph build_graph(tflite::Model model) {
  Graph g;
  g.model = std::move(model);
  const tflite::Model& m = g.model;
  const tflite::SubGraph& sg = m.subgraphs.at(0);
  g.subgraph_name = sg.name;
  g.tensors.reserve(sg.tensors.size());
  for (size_t i = 0; i < sg.tensors.size(); ++i) {
    try {
      g.tensors.push_back(make_tensor(m, sg.tensors[i], static_cast<int>(i)));
    } catch (const ImportError& e) {
      throw ImportError("tensor " + std::to_string(i) + ": " + e.what());
    }
  }
  g.inputs.assign(sg.inputs.begin(), sg.inputs.end());
  g.outputs.assign(sg.outputs.begin(), sg.outputs.end());
  for (int i : g.inputs) g.tensors[static_cast<size_t>(i)].graph_input = true;
  for (int i : g.outputs) g.tensors[static_cast<size_t>(i)].graph_output = true;

  g.nodes.resize(sg.operators.size());
  for (size_t k = 0; k < sg.operators.size(); ++k) {
    const tflite::Operator& o = sg.operators[k];
    Node& n = g.nodes[k];
    const tflite::OperatorCode& code = m.operator_codes[o.opcode_index];
    n.index = static_cast<int>(k);
    n.builtin_code = code.builtin_code;
    n.op_name = code.builtin_code == op::kCustom ? code.custom_code : tflite::builtin_operator_name(code.builtin_code);
    n.op_version = code.version;
    n.inputs.assign(o.inputs.begin(), o.inputs.end());
    n.outputs.assign(o.outputs.begin(), o.outputs.end());
    n.intermediates.assign(o.intermediates.begin(), o.intermediates.end());
    n.options = o.builtin_options;
    // Wiring: every input exists before it is read; every output is written once.
    for (int t : n.inputs) {
      if (t < 0) continue;
      GraphTensor& tensor = g.tensors[static_cast<size_t>(t)];
      if (!tensor.graph_input && !tensor.constant && !tensor.variable && tensor.producer < 0) {
        throw ImportError(label(n) + ": reads " + detail::describe(tensor) + " before any operator writes it");
      }
      if (tensor.consumers.empty() || tensor.consumers.back() != n.index) tensor.consumers.push_back(n.index);
    }
    for (int t : n.outputs) {
      GraphTensor& tensor = g.tensors[static_cast<size_t>(t)];
      if (tensor.producer >= 0 || tensor.constant || tensor.graph_input) {
        throw ImportError(label(n) + ": writes " + detail::describe(tensor) +
                          ", which is a constant, a graph input or another operator's output");
      }
      tensor.producer = n.index;
    }
  }
  for (int i : g.outputs) {
    const GraphTensor& t = g.tensors[static_cast<size_t>(i)];
    if (t.producer < 0 && !t.graph_input && !t.constant) {
      throw ImportError("graph output " + detail::describe(t) + " is never written");
    }
  }
  for (Node& n : g.nodes) {
    try {
      n.params = derive(g, n);
    } catch (const detail::UnsupportedError& e) {
      n.params = UnsupportedParams{e.what()};
    } catch (const ImportError& e) {
      throw ImportError(label(n) + ": " + e.what());
    }
  }
  return g;
}

}  // namespace cmnn::tool
