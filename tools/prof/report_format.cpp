// Table and JSON output of a Report.
#include <cinttypes>
#include <cstdio>

#include "analysis.h"

namespace cmnn::prof {
namespace {

const char* kClassOrder[] = {"load", "store", "mac", "simd", "mve", "fpu", "branch", "taken", "alu", "div", "other"};

std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char esc[8];
      std::snprintf(esc, sizeof esc, "\\u%04x", c);
      out += esc;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string json_key(const std::string& model) {
  std::string k = "cycles_" + model;
  for (char& c : k)
    if (c == '-') c = '_';
  return k;
}

std::string number(uint64_t v) { return std::to_string(v); }

// {"instructions": N, "cycles_m4": C, ..., "classes": {...}} without the closing brace.
std::string json_totals(const Totals& t, const std::vector<std::string>& models, bool classes) {
  std::string s = "\"instructions\": " + number(t.instructions);
  for (const std::string& m : models) {
    auto it = t.cycles.find(m);
    s += ", " + json_string(json_key(m)) + ": " + number(it == t.cycles.end() ? 0 : it->second);
  }
  if (classes) {
    s += ", \"classes\": {";
    bool first = true;
    for (const char* k : kClassOrder) {
      auto it = t.classes.find(k);
      s += std::string(first ? "" : ", ") + json_string(k) + ": " + number(it == t.classes.end() ? 0 : it->second);
      first = false;
    }
    s += "}";
  }
  return s;
}

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
  std::string s = "{\n  \"format\": \"cmnn-prof-report\",\n  \"version\": 1,\n";
  s += "  \"elf\": " + json_string(r.elf) + ",\n  \"core\": " + json_string(r.core) + ",\n";
  s += "  \"models\": [";
  for (size_t i = 0; i < r.models.size(); i++) s += (i ? ", " : "") + json_string(r.models[i]);
  s += "],\n  \"cycles_note\": \"all cycle figures are estimates of a static per-core model (zero wait states, no "
       "caches or bus contention); instruction counts are exact\",\n";
  s += "  \"exit_status\": " + std::to_string(r.exit_status) + ",\n";
  s += "  \"total\": {" + json_totals(r.all, r.models, true) + "},\n";
  auto region_json = [&](const RegionReport& g) {
    std::string o = "    {\"segment\": " + number(g.segment) + ", \"name\": " + json_string(g.name) + ", " +
                    json_totals(g.totals, r.models, true) + ", \"unmapped\": " + number(g.unmapped) +
                    ",\n     \"functions\": [";
    for (size_t i = 0; i < g.functions.size(); i++)
      o += std::string(i ? ",\n       " : "\n       ") + "{\"name\": " + json_string(g.functions[i].name) + ", " +
           json_totals(g.functions[i].totals, r.models, false) + "}";
    return o + "]}";
  };
  std::string regions, segments;
  for (const RegionReport& g : r.segments) {
    std::string j = region_json(g);
    segments += (segments.empty() ? "\n" : ",\n") + j;
    if (g.named) regions += (regions.empty() ? "\n" : ",\n") + j;
  }
  s += "  \"regions\": [" + regions + "],\n";
  s += "  \"segments\": [" + segments + "]\n}\n";
  return s;
}

}  // namespace cmnn::prof
