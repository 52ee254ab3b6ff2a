#include "exercise.h"

#include <algorithm>
#include <fstream>
#include <ostream>
#include <streambuf>

#include <dirent.h>

#include "cli/inspect.h"
#include "emit/emit_cpp.h"
#include "emit/report.h"
#include "graph/graph.h"
#include "import/flatbuffer.h"
#include "plan/board.h"
#include "plan/memory_plan.h"
#include "run/model_input.h"
#include "run/reference.h"
#include "select/lowered.h"

namespace cmnn::tool::test {

namespace {
class NullBuffer : public std::streambuf {
 protected:
  int overflow(int c) override { return c; }
  std::streamsize xsputn(const char*, std::streamsize n) override { return n; }
};
}  // namespace

namespace {

// Lowering for two cores, planning, emitting and (for small models) a reference run on
// deterministic inputs. Kernels may refuse hostile parameters with a status (runtime_error);
// anything else escapes as a bug.
void exercise_pipeline(const Graph& g, std::ostream& null_stream) {
  for (Target t : {Target::kHost, Target::kCortexM4}) {
    LowerOptions o;
    o.weight_budget = t == Target::kHost ? -1 : default_weight_budget(unpacked_constant_bytes(g, t));
    const LoweredModel m = lower_graph(g, t, o);
    (void)missing_ops_text(m);
    if (!m.ok()) continue;
    const MemoryPlan plan = plan_memory(g, m);
    const EmitInput in{g, m, plan, "fuzz", "fuzz.tflite"};
    null_stream << emit_header(in) << emit_source(in) << report_markdown(in) << report_json(in);
    if (t != Target::kHost) continue;
    // Reference run only on small models (bounded time per input).
    int64_t bytes = 0, macs = 0;
    for (const GraphTensor& x : g.tensors) bytes += x.bytes;
    for (const Layer& l : m.layers) macs += l.macs;
    if (bytes > (1 << 20) || macs > 2000000) continue;
    try {
      ReferenceRunner runner(g, m);
      for (size_t i = 0; i < g.inputs.size(); ++i) {
        const GraphTensor& x = g.tensors.at(static_cast<size_t>(g.inputs[i]));
        runner.set_input(i, random_bytes(static_cast<size_t>(x.bytes), static_cast<uint32_t>(7 + i)));
      }
      runner.invoke();
    } catch (const std::runtime_error&) {
      // a kernel refused the parameters with a status code, as it must
    }
  }
}

}  // namespace

bool exercise_importer(const uint8_t* data, size_t size, std::string* error) {
  try {
    Graph g = build_graph(tflite::read_model(std::vector<uint8_t>(data, data + size)));
    NullBuffer null_buffer;
    std::ostream null_stream(&null_buffer);
    print_inspect_text(g, "fuzz.tflite", null_stream);
    print_inspect_json(g, "fuzz.tflite", null_stream);
    exercise_pipeline(g, null_stream);
    return true;
  } catch (const ImportError& e) {
    if (error != nullptr) *error = e.what();
    return false;
  }
}

std::vector<std::string> oracle_seed_paths(const std::string& shared) {
  // One single-operator model per oracle case folder: every operator/type pair TFLM covers.
  std::vector<std::string> out;
  const std::string dir = shared + "/data/oracle/ops";
  DIR* d = ::opendir(dir.c_str());
  if (d == nullptr) return out;
  while (const dirent* e = ::readdir(d)) {
    const std::string n = e->d_name;
    if (n != "." && n != "..") out.push_back("data/oracle/ops/" + n + "/model.tflite");
  }
  ::closedir(d);
  std::sort(out.begin(), out.end());
  return out;
}

const std::vector<std::string>& shared_model_paths() {
  static const std::vector<std::string> paths = {
      "data/models/mlcommons-tiny/pretrainedResnet_quant.tflite",
      "data/models/mlcommons-tiny/kws_ref_model.tflite",
      "data/models/mlcommons-tiny/vww_96_int8.tflite",
      "data/models/mlcommons-tiny/ad01_int8.tflite",
      "data/models/tflite-micro/person_detect.tflite",
      "data/models/tflite-micro/micro_speech_quantized.tflite",
      "data/models/tflite-micro/keyword_scrambled_8bit.tflite",
      "data/models/tflite-micro/trained_lstm_int8.tflite",
      "data/models/tflite-micro/hello_world_int8.tflite",
      "data/models/tflite-micro/audio_preprocessor_int8.tflite",
      "data/models/tflite-micro/hello_world_float.tflite",
      "data/models/mlcommons-tiny/kws_ref_model_float32.tflite",
  };
  return paths;
}

std::vector<uint8_t> read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  return std::vector<uint8_t>((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

}  // namespace cmnn::tool::test
