#include "cli/inspect.h"

#include <cstdio>
#include <cstring>

#include "cli/arg_parse.h"
#include "cli/fields.h"
#include "cli/json_writer.h"
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
  JsonWriter j(out);
  j.begin_object();
  j.member("model", path);
  j.member("bytes", static_cast<int64_t>(g.model.bytes.size()));
  j.member("schema_version", int64_t{g.model.version});
  j.member("description", g.model.description);
  j.member("subgraphs", static_cast<int64_t>(g.model.subgraphs.size()));
  j.member("inputs", std::vector<int32_t>(g.inputs.begin(), g.inputs.end()));
  j.member("outputs", std::vector<int32_t>(g.outputs.begin(), g.outputs.end()));
  j.key("operators");
  j.begin_array();
  for (const Node& n : g.nodes) {
    j.begin_object();
    j.member("index", int64_t{n.index});
    j.member("op", n.op_name);
    j.member("kind", op_kind_name(n));
    j.member("builtin_code", int64_t{n.builtin_code});
    j.member("version", int64_t{n.op_version});
    j.member("inputs", std::vector<int32_t>(n.inputs.begin(), n.inputs.end()));
    j.member("outputs", std::vector<int32_t>(n.outputs.begin(), n.outputs.end()));
    j.member("options", tflite::describe_options(n.options));
    j.member("supported", n.supported());
    if (!n.supported()) j.member("unsupported_reason", n.unsupported_reason());
    j.key("params");
    j.begin_object();
    for (const Field& f : param_fields(g, n)) {
      j.key(f.key);
      std::visit([&](const auto& v) { j.value(v); }, f.value);
    }
    j.end_object();
    j.end_object();
  }
  j.end_array();
  j.key("tensors");
  j.begin_array();
  for (const GraphTensor& t : g.tensors) {
    j.begin_object();
    j.member("index", int64_t{t.index});
    j.member("name", t.name);
    j.member("type", tflite::tensor_type_name(t.type));
    j.member("shape", t.shape);
    j.member("bytes", t.bytes);
    j.member("constant", t.constant);
    j.member("variable", t.variable);
    j.key("scale");
    j.begin_array();
    for (float s : t.quant.scale) j.value(static_cast<double>(s));
    j.end_array();
    j.member("zero_point", t.quant.zero_point);
    if (t.quant.per_channel()) j.member("quantized_dimension", int64_t{t.quant.dimension});
    j.member("producer", int64_t{t.producer});
    j.member("consumers", std::vector<int32_t>(t.consumers.begin(), t.consumers.end()));
    j.end_object();
  }
  j.end_array();
  j.key("totals");
  j.begin_object();
  j.member("macs", g.total_macs());
  j.member("weight_bytes", g.total_weight_bytes());
  j.member("unsupported_operators", static_cast<int64_t>(g.unsupported_nodes().size()));
  j.end_object();
  j.end_object();
  j.finish();
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
