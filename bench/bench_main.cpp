// bench_layers LAYERS_JSON [--model=NAME] [--op=OP] [--idx=N]
// Runs every layer of the benchmark layer list through every variant of its op that is native on
// this core, each call in its own profiler region (see bench_op.h). Run it under the profiler
// (make bench does) to get instructions and estimated cycles per call; on its own it prints the
// per-call lines with scratch, stack and output checksums. Exit status 1 if a call failed.
#include <cstdlib>
#include <cstring>

#include "arena.h"
#include "bench_op.h"
#include "json_view.h"
#include "platform.h"

using namespace cmnn;

int main(int argc, char** argv) {
  const char* path = CMNN_SHARED_DIR "/bench/layers.json";
  const char* only_model = "";
  const char* only_op = "";
  long only_idx = -1;
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], "--model=", 8) == 0) only_model = argv[i] + 8;
    else if (std::strncmp(argv[i], "--op=", 5) == 0) only_op = argv[i] + 5;
    else if (std::strncmp(argv[i], "--idx=", 6) == 0) only_idx = std::strtol(argv[i] + 6, nullptr, 10);
    else path = argv[i];
  }
  const long size = platform::file_size(path);
  char* text = size > 0 ? test::arena_alloc<char>(static_cast<size_t>(size)) : nullptr;
  if (text == nullptr || platform::read_file(path, text, static_cast<size_t>(size)) != size) {
    platform::print("bench: cannot read %s\n", path);
    return 1;
  }
  const json::Value root = json::parse(text, static_cast<size_t>(size));
  const json::Value models = root["models"];
  if (!models.is_array()) {
    platform::print("bench: %s has no 'models' array (see layers.md)\n", path);
    return 1;
  }
  platform::print("bench on %s: %s\n", platform::target_name(), path);
  int failures = 0, measured = 0, unsupported = 0;
  char model[32];
  for (json::Value m = models.first(); m.valid(); m = models.next(m)) {
    if (!m["model"].copy_string(model, sizeof model)) continue;
    if (only_model[0] != '\0' && std::strcmp(model, only_model) != 0) continue;
    const json::Value layers = m["layers"];
    for (json::Value record = layers.first(); record.valid(); record = layers.next(record)) {
      bench::Layer layer;
      if (!bench::parse_layer(record, model, &layer)) return 1;
      if (only_op[0] != '\0' && std::strcmp(layer.op, only_op) != 0) continue;
      if (only_idx >= 0 && layer.idx != only_idx) continue;
      const bench::Adapter adapter = bench::find_adapter(layer.op);
      if (adapter == nullptr) {
        platform::print("@@cmnn-bench model=%s idx=%ld op=%s variant=- status=no-kernel\n", model,
                        static_cast<long>(layer.idx), layer.op);
        ++unsupported;
        continue;
      }
      const size_t mark = test::arena_mark();
      failures += adapter(layer);
      test::arena_rewind(mark);
      ++measured;
    }
  }
  platform::print("bench: %d layers measured, %d without a kernel, %d failed calls\n", measured, unsupported, failures);
  return failures == 0 ? 0 : 1;
}
