// cmnn bench: joining the compile report with the profile; the table, JSON and SVG outputs.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

#include "bench/bench.h"
#include "cli/json.h"

namespace cmnn::tool {

int64_t BenchResult::total_macs() const {
  int64_t s = 0;
  for (const BenchLayer& l : layers) s += l.macs;
  return s;
}
int64_t BenchResult::total_instructions() const {
  int64_t s = 0;
  for (const BenchLayer& l : layers) s += l.instructions;
  return s;
}
int64_t BenchResult::total_cycles(size_t model) const {
  int64_t s = 0;
  for (const BenchLayer& l : layers) s += model < l.cycles.size() ? l.cycles[model] : 0;
  return s;
}

namespace {

Json load_json(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw std::runtime_error(path + ": cannot read");
  std::stringstream ss;
  ss << f.rdbuf();
  try {
    return Json::parse(ss.str());
  } catch (const std::exception& e) {
    throw std::runtime_error(path + ": " + e.what());
  }
}

std::string cycles_key(const std::string& model) {
  std::string k = "cycles_" + model;
  std::replace(k.begin(), k.end(), '-', '_');
  return k;
}

std::string grouped(int64_t v) {  // 1234567 -> "1,234,567"
  std::string s = std::to_string(v < 0 ? -v : v);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<size_t>(i), ",");
  return v < 0 ? "-" + s : s;
}

std::string per_mac(int64_t cycles, int64_t macs) {
  if (macs <= 0) return "-";
  char b[32];
  std::snprintf(b, sizeof b, "%.2f", static_cast<double>(cycles) / static_cast<double>(macs));
  return b;
}

std::string xml_escape(const std::string& s) {
  std::string o;
  for (char c : s) {
    if (c == '<') o += "&lt;";
    else if (c == '>') o += "&gt;";
    else if (c == '&') o += "&amp;";
    else if (c == '"') o += "&quot;";
    else o += c;
  }
  return o;
}

}  // namespace

void load_bench_inputs(const std::string& report_json, const std::string& prof_json, BenchResult* r) {
  const Json rep = load_json(report_json);
  const Json prof = load_json(prof_json);
  r->weight_bytes = rep.at("weight_bytes").get<int64_t>();
  r->arena_bytes = rep.at("arena_bytes").get<int64_t>();
  r->scratch_bytes = rep.at("scratch_bytes").get<int64_t>();
  r->state_bytes = rep.at("state_bytes").get<int64_t>();
  r->peak_ram_bytes = rep.at("peak_ram_bytes").get<int64_t>();
  if (rep.contains("fit")) {
    const Json& fit = rep.at("fit");
    r->ram_goal = fit.value("ram_goal", std::string());
    r->ram_budget_bytes = fit.value("ram_budget_bytes", int64_t{-1});
    r->weight_budget_bytes = fit.value("weight_budget_bytes", int64_t{-1});
    r->weight_budget_source = fit.value("weight_budget_source", std::string());
  }
  const Json& total = prof.at("total");
  r->run_instructions = total.at("instructions").get<int64_t>();
  r->run_cycles.clear();
  for (const std::string& m : r->models) r->run_cycles.push_back(total.at(cycles_key(m)).get<int64_t>());

  // Region names are "<operator index> <OP> <variant id>" (emit/emit_cpp.cpp, CMNN_LAYER_BEGIN).
  std::map<int, const Json*> by_op;
  for (const Json& reg : prof.at("regions")) {
    const std::string name = reg.at("name").get<std::string>();
    const int op = std::atoi(name.c_str());
    if (by_op.count(op)) throw std::runtime_error(prof_json + ": two regions for operator " + std::to_string(op));
    by_op[op] = &reg;
  }
  r->layers.clear();
  for (const Json& l : rep.at("layers")) {
    BenchLayer b;
    b.op_index = l.at("operator").get<int>();
    b.op = l.at("op").get<std::string>();
    b.variant = l.value("variant", std::string());
    b.macs = l.value("macs", int64_t{0});
    b.scratch_bytes = l.value("scratch_bytes", int64_t{0});
    auto it = by_op.find(b.op_index);
    if (it != by_op.end()) {
      const Json& reg = *it->second;
      b.region = reg.at("name").get<std::string>();
      b.instructions = reg.at("instructions").get<int64_t>();
      for (const std::string& m : r->models) b.cycles.push_back(reg.at(cycles_key(m)).get<int64_t>());
      by_op.erase(it);
    } else {
      b.cycles.assign(r->models.size(), 0);
    }
    r->layers.push_back(b);
  }
  if (!by_op.empty()) {
    throw std::runtime_error(prof_json + ": region '" + by_op.begin()->second->at("name").get<std::string>() +
                             "' matches no layer of " + report_json);
  }
}

void print_bench_table(const BenchResult& r, std::ostream& out) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> head = {"layer", "op", "variant", "MACs", "instructions"};
  for (const std::string& m : r.models) head.push_back("est. cycles " + m);
  head.push_back("est. cyc/MAC " + r.models.front());
  head.push_back("scratch B");
  rows.push_back(head);
  for (const BenchLayer& l : r.layers) {
    std::vector<std::string> row = {std::to_string(l.op_index), l.op, l.region.empty() ? l.variant + " (no code)" : l.variant,
                                    grouped(l.macs), grouped(l.instructions)};
    for (int64_t c : l.cycles) row.push_back(grouped(c));
    row.push_back(per_mac(l.cycles.empty() ? 0 : l.cycles.front(), l.macs));
    row.push_back(grouped(l.scratch_bytes));
    rows.push_back(row);
  }
  std::vector<std::string> tot = {"total", std::to_string(r.layers.size()) + " layers", "", grouped(r.total_macs()),
                                  grouped(r.total_instructions())};
  for (size_t m = 0; m < r.models.size(); ++m) tot.push_back(grouped(r.total_cycles(m)));
  tot.push_back(per_mac(r.total_cycles(0), r.total_macs()));
  tot.push_back(grouped(r.scratch_bytes) + " (largest, in arena)");
  rows.push_back(tot);

  std::vector<size_t> w(head.size(), 0);
  for (const auto& row : rows)
    for (size_t c = 0; c < row.size(); ++c) w[c] = std::max(w[c], row[c].size());
  auto print_row = [&](const std::vector<std::string>& row) {
    for (size_t c = 0; c < row.size(); ++c) {
      const bool left = c == 1 || c == 2;
      const std::string pad(w[c] - row[c].size(), ' ');
      out << (c ? "  " : "") << (left ? row[c] + pad : pad + row[c]);
    }
    out << "\n";
  };
  out << r.name << " on cortex-" << r.core << ": instructions exact, cycles ESTIMATED by static core models ("
      << r.models.front() << (r.models.size() > 1 ? ", " + r.models[1] : std::string()) << "), not measured\n";
  size_t line = 2 * (w.size() - 1);
  for (size_t x : w) line += x;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (i + 1 == rows.size()) out << std::string(line, '-') << "\n";
    print_row(rows[i]);
  }
  out << "whole run (startup, input read, output print included): " << grouped(r.run_instructions) << " instructions\n";
  out << "peak RAM (model): " << grouped(r.peak_ram_bytes) << " B = arena " << grouped(r.arena_bytes)
      << " (each layer's scratch inside, largest " << grouped(r.scratch_bytes) << ") + state " << grouped(r.state_bytes) << "; firmware static RAM (data+bss, incl. the linker's stack reserve): "
      << grouped(r.elf_data + r.elf_bss) << " B\n";
  out << "flash: " << grouped(r.flash_bytes()) << " B (text+data) = weights " << grouped(r.weight_bytes)
      << " + code and the rest " << grouped(r.code_bytes()) << "\n";
  out << "budgets: RAM goal " << (r.ram_goal.empty() ? "-" : r.ram_goal);
  if (r.ram_budget_bytes >= 0) out << " (" << grouped(r.ram_budget_bytes) << " B)";
  out << ", weight budget " << (r.weight_budget_bytes < 0 ? std::string("none") : grouped(r.weight_budget_bytes) + " B");
  if (!r.weight_budget_source.empty()) out << " (" << r.weight_budget_source << ")";
  out << "\n";
  out << "outputs: firmware checksum " << r.firmware_checksum << ", reference (cmnn run) " << r.reference_checksum
      << (r.firmware_checksum == r.reference_checksum ? " (identical)" : " (DIFFERENT)") << "\n";
}

void write_bench_json(const BenchResult& r, std::ostream& out) {
  Json layers = Json::array();
  for (const BenchLayer& l : r.layers) {
    Json layer = {{"operator", l.op_index}, {"op", l.op},          {"variant", l.variant},
                  {"region", l.region},     {"macs", l.macs},      {"instructions", l.instructions}};
    for (size_t m = 0; m < r.models.size(); ++m) layer["cycles_" + r.models[m]] = l.cycles[m];
    layer["scratch_bytes"] = l.scratch_bytes;
    layers.push_back(layer);
  }
  Json totals = {{"layers", r.layers.size()}, {"macs", r.total_macs()}, {"instructions", r.total_instructions()}};
  Json whole = {{"instructions", r.run_instructions}};
  for (size_t m = 0; m < r.models.size(); ++m) {
    totals["cycles_" + r.models[m]] = r.total_cycles(m);
    whole["cycles_" + r.models[m]] = r.run_cycles[m];
  }
  const Json memory = {{"peak_ram_bytes", r.peak_ram_bytes}, {"arena_bytes", r.arena_bytes},
                       {"scratch_bytes", r.scratch_bytes},   {"state_bytes", r.state_bytes},
                       {"weight_bytes", r.weight_bytes},     {"ram_goal", r.ram_goal},
                       {"ram_budget_bytes", r.ram_budget_bytes}, {"weight_budget_bytes", r.weight_budget_bytes},
                       {"weight_budget_source", r.weight_budget_source}, {"elf_text", r.elf_text},
                       {"elf_data", r.elf_data},             {"elf_bss", r.elf_bss},
                       {"flash_bytes", r.flash_bytes()},     {"code_bytes", r.code_bytes()}};
  const Json j = {{"format", "cmnn-bench"},
                  {"version", 1},
                  {"model", r.model_path},
                  {"name", r.name},
                  {"core", r.core},
                  {"cycle_models", r.models},
                  {"cycles_note", "instructions are exact (QEMU + cmnn-prof); cycles are estimates of static per-core "
                                  "models, not measurements"},
                  {"layers", layers},
                  {"totals", totals},
                  {"whole_run", whole},
                  {"memory", memory},
                  {"reference_checksum", r.reference_checksum},
                  {"firmware_checksum", r.firmware_checksum},
                  {"outputs_match", r.firmware_checksum == r.reference_checksum}};
  out << json_text(j);
}

// Horizontal bars of the estimated cycles per layer (first model), labelled with the layer, the
// variant and the figures; no dependencies, viewable in any browser.
void write_bench_svg(const BenchResult& r, std::ostream& out) {
  const int row_h = 22, top = 50, label_w = 380, bar_w = 520, width = label_w + bar_w + 200;
  const int height = top + row_h * static_cast<int>(r.layers.size()) + 40;
  int64_t max_c = 1;
  for (const BenchLayer& l : r.layers) max_c = std::max(max_c, l.cycles.empty() ? 0 : l.cycles.front());
  out << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << width << "\" height=\"" << height
      << "\" font-family=\"monospace\" font-size=\"12\">\n";
  out << "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  out << "<text x=\"10\" y=\"20\" font-size=\"14\">" << xml_escape(r.name) << " on cortex-" << r.core
      << ": estimated cycles per layer (" << xml_escape(r.models.front()) << " model; estimates, not measurements)</text>\n";
  out << "<text x=\"10\" y=\"38\">total " << grouped(r.total_cycles(0)) << " est. cycles, " << grouped(r.total_instructions())
      << " instructions (exact), " << grouped(r.total_macs()) << " MACs</text>\n";
  for (size_t i = 0; i < r.layers.size(); ++i) {
    const BenchLayer& l = r.layers[i];
    const int64_t c = l.cycles.empty() ? 0 : l.cycles.front();
    const int y = top + row_h * static_cast<int>(i);
    const int w = static_cast<int>(static_cast<double>(bar_w) * static_cast<double>(c) / static_cast<double>(max_c));
    out << "<text x=\"10\" y=\"" << y + 15 << "\">" << l.op_index << " " << xml_escape(l.op) << " "
        << xml_escape(l.variant) << "</text>\n";
    out << "<rect x=\"" << label_w << "\" y=\"" << y + 3 << "\" width=\"" << std::max(w, 1) << "\" height=\"" << row_h - 6
        << "\" fill=\"#4a7ab5\"><title>" << grouped(c) << " est. cycles, " << grouped(l.instructions) << " instructions, "
        << grouped(l.macs) << " MACs</title></rect>\n";
    out << "<text x=\"" << label_w + w + 6 << "\" y=\"" << y + 15 << "\">" << grouped(c) << " ("
        << per_mac(c, l.macs) << "/MAC)</text>\n";
  }
  out << "</svg>\n";
}

}  // namespace cmnn::tool
