#include "cli/inspect.h"

#include <cstdio>
#include <cstring>

#include "cli/arg_parse.h"
#include "cli/fields.h"
#include "cli/json.h"
#include "import/flatbuffer.h"

namespace cmnn::tool {

namespace {

std::string list_text(const std::vector<int>& v) {
  std::string s = "[";
  for (size_t i = 0; i < v.size(); ++i) s += (i ? "," : "") + std::to_string(v[i]);
  return s + "]";
}

std::string shape_text(const std::vector<int32_t>& v) {
  if (v.empty()) return "scalar";
  std::string s;
  for (size_t i = 0; i < v.size(); ++i) s += (i ? "x" : "") + std::to_string(v[i]);
  return s;
}

std::string printable(const std::string& s, size_t limit) {
  std::string out = s.size() > limit ? s.substr(0, limit) + "..." : s;
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 32 || c == 127) c = '?';
  }
  return out;
}

std::string quant_text(const GraphTensor& t) {
  if (!t.quant.quantized()) return "-";
  char s[96];
  if (!t.quant.per_channel()) {
    std::snprintf(s, sizeof s, "scale=%.9g zp=%d", static_cast<double>(t.quant.scale[0]), t.quant.zero_point[0]);
  } else {
    std::snprintf(s, sizeof s, "per-channel(%zu, axis %d) scale[0]=%.9g", t.quant.scale.size(), t.quant.dimension,
                  static_cast<double>(t.quant.scale[0]));
  }
  return s;
}

const char* usage_text =
    "usage: cmnn inspect MODEL.tflite [--json]\n"
    "  Lists the model's operators (index, type, inputs -> outputs, options, the kernel parameters\n"
    "  cmnn derives exactly as TFLite does: padding, activation range, zero points, per-channel\n"
    "  output multipliers and shifts, add/softmax fixed-point parameters), its tensors (type, shape,\n"
    "  quantization, constant bytes) and totals (MACs, weight bytes, unsupported operators).\n"
    "  --json   the same as one JSON document on stdout\n"
    "Exit status: 0 ok, 1 the model is malformed or unreadable (one line on stderr), 2 usage error.\n";

}  // namespace

void print_inspect_text(const Graph& g, const std::string& path, std::ostream& out) {
  const tflite::Model& m = g.model;
  out << "model " << path << ": " << m.bytes.size() << " bytes, schema version " << m.version << ", "
      << m.subgraphs.size() << " subgraph(s), " << m.buffers.size() << " buffers\n";
  if (!m.description.empty()) out << "description: " << printable(m.description, 200) << "\n";
  out << "subgraph 0 '" << printable(g.subgraph_name, 80) << "': " << g.tensors.size() << " tensors, " << g.nodes.size()
      << " operators, inputs " << list_text(g.inputs) << ", outputs " << list_text(g.outputs) << "\n\n";

  out << "operators:\n";
  for (const Node& n : g.nodes) {
    char head[160];
    std::snprintf(head, sizeof head, "  %3d %-28s %s -> %s", n.index, printable(n.op_name, 28).c_str(),
                  list_text(n.inputs).c_str(), list_text(n.outputs).c_str());
    out << head << "\n";
    const std::string options = tflite::describe_options(n.options);
    if (!options.empty()) out << "        options: " << options << "\n";
    if (!n.supported()) {
      out << "        UNSUPPORTED: " << n.unsupported_reason() << "\n";
      continue;
    }
    std::string line = "        ";
    for (const Field& f : param_fields(g, n)) {
      const std::string item = f.key + "=" + field_text(f);
      if (line.size() + item.size() > 118 && line.size() > 8) {
        out << line << "\n";
        line = "        ";
      }
      line += item + " ";
    }
    if (line.size() > 8) out << line << "\n";
  }

  out << "\ntensors:\n";
  out << "    # type     shape                quantization                               bytes     kind   name\n";
  for (const GraphTensor& t : g.tensors) {
    const char* kind = t.constant ? "const" : t.variable ? "state" : t.graph_input ? "input" : t.graph_output ? "output" : "act";
    char row[256];
    std::snprintf(row, sizeof row, "  %3d %-8s %-20s %-42s %-9lld %-6s %s", t.index, tflite::tensor_type_name(t.type),
                  shape_text(t.shape).c_str(), quant_text(t).c_str(), static_cast<long long>(t.bytes), kind,
                  printable(t.name, 60).c_str());
    out << row << "\n";
  }

  out << "\ntotals:\n";
  for (const Node& n : g.nodes) {
    for (const Field& f : param_fields(g, n)) {
      if (f.key == "macs") {
        out << "  " << n.index << " " << n.op_name << ": " << field_text(f) << " MACs\n";
      }
    }
  }
  out << "  MACs: " << g.total_macs() << "\n";
  out << "  weight bytes (all constant tensors): " << g.total_weight_bytes() << "\n";
  const auto unsupported = g.unsupported_nodes();
  out << "  unsupported operators: " << unsupported.size() << "\n";
  for (const Node* n : unsupported) {
    out << "    operator " << n->index << " " << printable(n->op_name, 60) << ": " << n->unsupported_reason() << "\n";
  }
}

void print_inspect_json(const Graph& g, const std::string& path, std::ostream& out) {
  Json operators = Json::array();
  for (const Node& n : g.nodes) {
    Json params = Json::object();
    for (const Field& f : param_fields(g, n)) std::visit([&](const auto& v) { params[f.key] = v; }, f.value);
    Json op = {{"index", n.index},
               {"op", n.op_name},
               {"kind", op_kind_name(n)},
               {"builtin_code", n.builtin_code},
               {"version", n.op_version},
               {"inputs", n.inputs},
               {"outputs", n.outputs},
               {"options", tflite::describe_options(n.options)},
               {"supported", n.supported()}};
    if (!n.supported()) op["unsupported_reason"] = n.unsupported_reason();
    op["params"] = params;
    operators.push_back(op);
  }
  Json tensors = Json::array();
  for (const GraphTensor& t : g.tensors) {
    Json scale = Json::array();
    for (float s : t.quant.scale) scale.push_back(static_cast<double>(s));
    Json tensor = {{"index", t.index}, {"name", t.name}, {"type", tflite::tensor_type_name(t.type)},
                   {"shape", t.shape}, {"bytes", t.bytes}, {"constant", t.constant}, {"variable", t.variable},
                   {"scale", scale}, {"zero_point", t.quant.zero_point}};
    if (t.quant.per_channel()) tensor["quantized_dimension"] = t.quant.dimension;
    tensor["producer"] = t.producer;
    tensor["consumers"] = t.consumers;
    tensors.push_back(tensor);
  }
  const Json j = {{"model", path},
                  {"bytes", g.model.bytes.size()},
                  {"schema_version", g.model.version},
                  {"description", g.model.description},
                  {"subgraphs", g.model.subgraphs.size()},
                  {"inputs", g.inputs},
                  {"outputs", g.outputs},
                  {"operators", operators},
                  {"tensors", tensors},
                  {"totals", {{"macs", g.total_macs()},
                              {"weight_bytes", g.total_weight_bytes()},
                              {"unsupported_operators", g.unsupported_nodes().size()}}}};
  out << json_text(j);
}

int run_inspect(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  bool json = false;
  std::string path;
  CLI::App app{"cmnn inspect"};
  app.add_option("model", path, "the .tflite model")->required();
  app.add_flag("--json", json, "JSON instead of text");
  const int status = parse_args(app, "inspect", usage_text, argc, argv, out, err);
  if (status >= 0) return status;
  try {
    const Graph g = build_graph(tflite::read_model_file(path));
    if (json) {
      print_inspect_json(g, path, out);
    } else {
      print_inspect_text(g, path, out);
    }
  } catch (const ImportError& e) {
    err << path << ": " << e.what() << "\n";
    return 1;
  } catch (const std::bad_alloc&) {
    err << path << ": out of memory\n";
    return 1;
  }
  return 0;
}

}  // namespace cmnn::tool
