// Table and JSON output of a Report. JSON through nlohmann/json (Debian's nlohmann-json3-dev, as
// tools/cmnn); ordered_json keeps the members in the order docs/measurement.md lists them.
#include <cinttypes>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "analysis.h"

namespace cmnn::prof {
namespace {

using Json = nlohmann::ordered_json;

const char* kClassOrder[] = {"load", "store", "mac", "simd", "mve", "fpu", "branch", "taken", "alu", "div", "other"};

// "cycles_<model>" with '-' as '_' (lab-m4 -> cycles_lab_m4).
std::string cycles_key(const std::string& model) {
  std::string k = "cycles_" + model;
  for (char& c : k)
    if (c == '-') c = '_';
  return k;
}

// One Totals as JSON members: instructions, cycles_<model> per model (0 when the model has no
// figure), and with classes the lab class histogram in kClassOrder.
void add_totals(Json* o, const Totals& t, const std::vector<std::string>& models, bool classes) {
  (*o)["instructions"] = t.instructions;
  for (const std::string& m : models) {
    auto it = t.cycles.find(m);
    (*o)[cycles_key(m)] = it == t.cycles.end() ? 0 : it->second;
  }
  if (!classes) return;
  Json histogram = Json::object();
  for (const char* k : kClassOrder) {
    auto it = t.classes.find(k);
    histogram[k] = it == t.classes.end() ? 0 : it->second;
  }
  (*o)["classes"] = std::move(histogram);
}

std::string number(uint64_t v) { return std::to_string(v); }

std::string row(const std::string& label, const Totals& t, const std::vector<std::string>& models) {
  char buf[96];
  std::snprintf(buf, sizeof buf, "  %-44.44s %13" PRIu64, label.c_str(), t.instructions);
  std::string s = buf;
  for (const std::string& m : models) {
    auto it = t.cycles.find(m);
    uint64_t c = it == t.cycles.end() ? 0 : it->second;
    std::snprintf(buf, sizeof buf, " %13" PRIu64 " %5.2f", c, t.instructions ? double(c) / double(t.instructions) : 0.0);
    s += buf;
  }
  for (const char* k : kClassOrder) {
    auto it = t.classes.find(k);
    std::snprintf(buf, sizeof buf, " %9" PRIu64, it == t.classes.end() ? 0 : it->second);
    s += buf;
  }
  return s + "\n";
}

}  // namespace

std::string format_table(const Report& r, size_t top) {
  std::string s = "cmnn-prof: " + r.elf + " (core " + r.core + "): " + number(r.total_instructions) +
                  " instructions (exact); cycles are ESTIMATED by the named model (zero wait states)\n";
  char buf[64];
  std::string header = "  " + std::string(44, ' ').replace(0, 18, "region / function ") + "  instructions";
  for (const std::string& m : r.models) {
    std::snprintf(buf, sizeof buf, " %13s %5s", ("est.cyc " + m).c_str(), "CPI");
    header += buf;
  }
  for (const char* k : kClassOrder) {
    std::snprintf(buf, sizeof buf, " %9s", k);
    header += buf;
  }
  s += header + "\n";
  for (const RegionReport& g : r.segments) {
    s += "[" + number(g.segment) + "] " + g.name + (g.unmapped ? " (unmapped: " + number(g.unmapped) + ")" : "") + "\n";
    s += row("TOTAL", g.totals, r.models);
    for (size_t i = 0; i < g.functions.size() && i < top; i++) s += row(g.functions[i].name, g.functions[i].totals, r.models);
  }
  s += "ALL SEGMENTS\n" + row("TOTAL", r.all, r.models);
  return s;
}

std::string format_json(const Report& r) {
  Json doc = Json::object();
  doc["format"] = "cmnn-prof-report";
  doc["version"] = 1;
  doc["elf"] = r.elf;
  doc["core"] = r.core;
  doc["models"] = r.models;
  doc["cycles_note"] =
      "all cycle figures are estimates of a static per-core model (zero wait states, no caches or bus contention); "
      "instruction counts are exact";
  doc["exit_status"] = r.exit_status;
  Json total = Json::object();
  add_totals(&total, r.all, r.models, true);
  doc["total"] = std::move(total);
  Json regions = Json::array(), segments = Json::array();
  for (const RegionReport& g : r.segments) {
    Json o = Json::object();
    o["segment"] = g.segment;
    o["name"] = g.name;
    add_totals(&o, g.totals, r.models, true);
    o["unmapped"] = g.unmapped;
    Json functions = Json::array();
    for (const FunctionReport& f : g.functions) {
      Json fo = Json::object();
      fo["name"] = f.name;
      add_totals(&fo, f.totals, r.models, false);
      functions.push_back(std::move(fo));
    }
    o["functions"] = std::move(functions);
    if (g.named) regions.push_back(o);
    segments.push_back(std::move(o));
  }
  doc["regions"] = std::move(regions);
  doc["segments"] = std::move(segments);
  // Names come from the guest's output and the ELF's symbols: replace invalid UTF-8 rather than throw.
  return doc.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace cmnn::prof
