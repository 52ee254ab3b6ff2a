// cmnn conformance DIR: every TFLM oracle case under DIR (ops/<case>/ single-operator models and
// models/<model>/ whole models, layout in ../shared/data/oracle/README.md) through the host
// reference path, compared byte for byte; models are compared at every tensor TFLM recorded.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <dirent.h>
#include <fstream>
#include <cctype>
#include <sstream>
#include <string>
#include <sys/stat.h>
#include <vector>

#include "cli/arg_parse.h"
#include "cli/commands.h"
#include "import/flatbuffer.h"
#include "run/model_input.h"
#include "run/reference.h"

namespace cmnn::tool {

namespace {

const char* kUsage =
    "usage: cmnn conformance DIR [--filter SUBSTRING]\n"
    "  Runs every case of a TFLM oracle folder (DIR/ops/<case>/ and DIR/models/<model>/, the layout\n"
    "  of ../shared/data/oracle) through the host reference path and compares every output byte (and,\n"
    "  for whole models, every intermediate tensor TFLM recorded). One line per case, then\n"
    "  'N passed, M failed, K skipped'. A case cmnn refuses counts as failed. Exit 1 on any failure.\n";

bool exists(const std::string& p) {
  struct stat st {};
  return ::stat(p.c_str(), &st) == 0;
}

std::vector<std::string> list_dirs(const std::string& dir) {
  std::vector<std::string> out;
  DIR* d = ::opendir(dir.c_str());
  if (d == nullptr) return out;
  while (const dirent* e = ::readdir(d)) {
    const std::string n = e->d_name;
    if (n == "." || n == "..") continue;
    if (exists(dir + "/" + n + "/.")) out.push_back(n);
  }
  ::closedir(d);
  std::sort(out.begin(), out.end());
  return out;
}

std::string read_text(const std::string& path) {
  std::ifstream f(path);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

// The value after "key": in a small JSON file (case.json / tensors.json); no full parser needed.
size_t value_at(const std::string& text, const std::string& key) {
  const size_t k = text.find("\"" + key + "\"");
  if (k == std::string::npos) return std::string::npos;
  const size_t colon = text.find(':', k);
  if (colon == std::string::npos) return std::string::npos;
  return text.find_first_not_of(" \t\r\n", colon + 1);
}

long json_int(const std::string& text, const std::string& key, long fallback) {
  const size_t v = value_at(text, key);
  if (v == std::string::npos || !(std::isdigit(static_cast<unsigned char>(text[v])) || text[v] == '-')) return fallback;
  return std::strtol(text.c_str() + v, nullptr, 10);
}

std::string json_string(const std::string& text, const std::string& key) {
  const size_t v = value_at(text, key);
  if (v == std::string::npos || text[v] != '"') return {};
  const size_t end = text.find('"', v + 1);
  return end == std::string::npos ? std::string() : text.substr(v + 1, end - v - 1);
}

struct Outcome {
  bool pass = false;
  std::string detail;
};

// First differing byte of two buffers, as "byte 12: 5 vs 7 (TFLM)".
std::string first_difference(const std::vector<uint8_t>& got, const std::vector<uint8_t>& want) {
  if (got.size() != want.size()) return std::to_string(got.size()) + " bytes vs " + std::to_string(want.size()) + " (TFLM)";
  size_t diffs = 0, first = 0;
  for (size_t i = 0; i < got.size(); ++i) {
    if (got[i] != want[i] && diffs++ == 0) first = i;
  }
  if (diffs == 0) return {};
  return std::to_string(diffs) + " of " + std::to_string(got.size()) + " bytes differ, first at byte " +
         std::to_string(first) + ": " + std::to_string(got[first]) + " vs " + std::to_string(want[first]) + " (TFLM)";
}

// ops/<case>/: model.tflite, input<k>_<i>.bin, output<k>_<j>.bin, case.json ("invokes").
Outcome run_op_case(const std::string& dir) {
  const Graph g = build_graph(tflite::read_model_file(dir + "/model.tflite"));
  const LoweredModel m = lower_graph(g, Target::kHost);
  if (!m.ok()) return {false, "refused: " + missing_ops_text(m)};
  const long invokes = json_int(read_text(dir + "/case.json"), "invokes", 1);
  ReferenceRunner runner(g, m);
  int samples = 0;
  for (int k = 0; exists(dir + "/input" + std::to_string(k) + "_0.bin"); ++k, ++samples) {
    std::vector<std::vector<uint8_t>> inputs;
    for (size_t i = 0; i < g.inputs.size(); ++i) {
      inputs.push_back(read_bytes(dir + "/input" + std::to_string(k) + "_" + std::to_string(i) + ".bin"));
    }
    std::vector<std::vector<uint8_t>> outputs(g.outputs.size());
    for (long n = 0; n < invokes; ++n) {
      for (size_t i = 0; i < g.inputs.size(); ++i) {
        const size_t chunk = inputs[i].size() / static_cast<size_t>(invokes);
        runner.set_input(i, std::vector<uint8_t>(inputs[i].begin() + static_cast<long>(chunk * static_cast<size_t>(n)),
                                                 inputs[i].begin() + static_cast<long>(chunk * static_cast<size_t>(n + 1))));
      }
      runner.invoke(/*keep_state=*/n > 0);
      for (size_t o = 0; o < g.outputs.size(); ++o) {
        outputs[o].insert(outputs[o].end(), runner.output(o).begin(), runner.output(o).end());
      }
    }
    for (size_t o = 0; o < g.outputs.size(); ++o) {
      const std::string want_path = dir + "/output" + std::to_string(k) + "_" + std::to_string(o) + ".bin";
      const std::string d = first_difference(outputs[o], read_bytes(want_path));
      if (!d.empty()) return {false, "sample " + std::to_string(k) + " output " + std::to_string(o) + ": " + d};
    }
  }
  if (samples == 0) return {false, "no input0_0.bin"};
  return {true, std::to_string(samples) + " samples"};
}

// models/<model>/: tensors.json ("model" path), input<k>.bin, output<k>.bin, tensors<k>/<index>.bin.
Outcome run_model_case(const std::string& dir, const std::string& oracle_root) {
  const std::string json = read_text(dir + "/tensors.json");
  std::string model = json_string(json, "model");
  // "shared/data/models/x.tflite": relative to the folder holding shared/ (the oracle is shared/data/oracle).
  const std::string prefix = "shared/data/";
  std::string path = model;
  if (model.rfind(prefix, 0) == 0) path = oracle_root + "/../" + model.substr(prefix.size());
  if (!exists(path)) return {false, "model file " + model + " not found"};
  const Graph g = build_graph(tflite::read_model_file(path));
  LowerOptions no_folding;
  no_folding.fold_constants = false;
  const LoweredModel m = lower_graph(g, Target::kHost, no_folding);
  if (!m.ok()) return {false, "refused: " + missing_ops_text(m)};
  ReferenceRunner runner(g, m);
  int samples = 0;
  size_t tensors_checked = 0;
  for (int k = 0; exists(dir + "/input" + std::to_string(k) + ".bin"); ++k, ++samples) {
    const std::vector<uint8_t> all = read_bytes(dir + "/input" + std::to_string(k) + ".bin");
    size_t at = 0;
    for (size_t i = 0; i < g.inputs.size(); ++i) {
      const size_t n = static_cast<size_t>(g.tensors.at(static_cast<size_t>(g.inputs[i])).bytes);
      if (at + n > all.size()) return {false, "input" + std::to_string(k) + ".bin is too short"};
      runner.set_input(i, std::vector<uint8_t>(all.begin() + static_cast<long>(at), all.begin() + static_cast<long>(at + n)));
      at += n;
    }
    runner.invoke();
    // Every tensor TFLM recorded, in execution order: the first that differs is the culprit.
    const std::string tdir = dir + "/tensors" + std::to_string(k);
    for (const Layer& l : m.layers) {
      for (int t : l.outputs) {
        const std::string f = tdir + "/" + std::to_string(t) + ".bin";
        if (!exists(f)) continue;
        ++tensors_checked;
        const std::string d = first_difference(runner.tensor(t), read_bytes(f));
        if (!d.empty()) {
          return {false, "sample " + std::to_string(k) + ": first differing tensor " + std::to_string(t) + " '" +
                             g.tensors.at(static_cast<size_t>(t)).name + "' (operator " + std::to_string(l.node) + " " +
                             l.op_name + "): " + d};
        }
      }
    }
    std::vector<uint8_t> outs;
    for (size_t o = 0; o < g.outputs.size(); ++o) outs.insert(outs.end(), runner.output(o).begin(), runner.output(o).end());
    const std::string d = first_difference(outs, read_bytes(dir + "/output" + std::to_string(k) + ".bin"));
    if (!d.empty()) return {false, "sample " + std::to_string(k) + " outputs: " + d};
  }
  if (samples == 0) return {false, "no input0.bin"};
  return {true, std::to_string(samples) + " samples, " + std::to_string(tensors_checked) + " tensors"};
}

}  // namespace

int run_conformance(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  std::string dir, filter;
  CLI::App app{"cmnn conformance"};
  app.add_option("dir", dir, "folder with ops/ and models/")->required();
  app.add_option("--filter", filter, "only cases whose name contains this");
  const int status = parse_args(app, "conformance", kUsage, argc, argv, out, err);
  if (status >= 0) return status;
  if (!exists(dir + "/ops") && !exists(dir + "/models")) return err << "cmnn conformance: " << dir << " has no ops/ or models/\n", 2;
  int passed = 0, failed = 0, skipped = 0;
  for (const char* kind : {"ops", "models"}) {
    for (const std::string& name : list_dirs(dir + "/" + kind)) {
      if (!filter.empty() && name.find(filter) == std::string::npos) continue;
      const std::string cdir = dir + "/" + kind + "/" + name;
      const bool is_model = kind[0] == 'm';
      if (is_model && !exists(cdir + "/tensors.json")) continue;
      Outcome r;
      try {
        r = is_model ? run_model_case(cdir, dir) : run_op_case(cdir);
      } catch (const std::exception& e) {
        r = {false, std::string("error: ") + e.what()};
      }
      (r.pass ? passed : failed)++;
      out << (r.pass ? "PASS " : "FAIL ") << kind << "/" << name << ": " << r.detail << "\n";
    }
  }
  out << passed << " passed, " << failed << " failed, " << skipped << " skipped\n";
  return failed == 0 ? 0 : 1;
}

}  // namespace cmnn::tool
