// Runs one generated model (host or emulated core): reads the input tensor's raw bytes from a host
// file, invokes, prints every output and 'checksum 0x%08x' (FNV-1a 32 over all output bytes, the
// line `cmnn run` prints for the same input). Built once per model with
// CMNN_MODEL_HEADER="NAME_model.h" and CMNN_MODEL_NS=NAME_model.
// usage: model_NAME INPUT_FILE [REPEAT]   (REPEAT > 1 invokes again, e.g. for profiling)
#include <cstdint>
#include <cstdlib>

#include CMNN_MODEL_HEADER
#include "cmnn/status.h"
#include "platform.h"

namespace model = CMNN_MODEL_NS;
namespace platform = cmnn::platform;

int main(int argc, char** argv) {
  if (argc < 2) {
    platform::print("usage: %s INPUT_FILE [REPEAT]\n", argc > 0 ? argv[0] : "model");
    return 2;
  }
  const int repeat = argc > 2 ? std::atoi(argv[2]) : 1;
  // The generated API's refusals: invoke() before init() says so; an arena smaller than kArenaBytes
  // or misaligned is refused before anything is written to it.
  if (model::invoke() != cmnn::Status::kNotInitialized) {
    platform::print("invoke() before init() did not return 'not initialized'\n");
    return 1;
  }
  alignas(16) static int8_t small[32];
  model::Context ctx;
  if (model::init(&ctx, small, model::kArenaBytes - 1) != cmnn::Status::kScratchTooSmall ||
      model::init(&ctx, small + 1, model::kArenaBytes) != cmnn::Status::kBadParameter ||
      model::invoke(&ctx) != cmnn::Status::kNotInitialized) {
    platform::print("init() accepted an arena it cannot use\n");
    return 1;
  }
  cmnn::Status s = model::init();
  if (s != cmnn::Status::kOk) {
    platform::print("init failed at operator %d: %s\n", model::failed_layer(), cmnn::status_name(s));
    return 1;
  }
  const model::TensorView in = model::input(0);
  const long got = platform::read_file(argv[1], in.data, in.bytes);
  if (got != static_cast<long>(in.bytes)) {
    platform::print("cannot read %zu input bytes from %s (got %ld)\n", in.bytes, argv[1], got);
    return 1;
  }
  for (int r = 0; r < (repeat > 0 ? repeat : 1); ++r) {
    s = model::invoke();
    if (s != cmnn::Status::kOk) {
      platform::print("invoke failed at operator %d: %s\n", model::failed_layer(), cmnn::status_name(s));
      return 1;
    }
  }
  uint32_t h = 2166136261u;
  for (int o = 0; o < model::kOutputCount; ++o) {
    const model::TensorView v = model::output(o);
    platform::print("output %d: %zu bytes\n  int8:", o, v.bytes);
    for (size_t k = 0; k < v.bytes; ++k) {
      if (k < 64) platform::print(" %d", v.data[k]);
      h ^= static_cast<uint8_t>(v.data[k]);
      h *= 16777619u;
    }
    platform::print(v.bytes > 64 ? " ...\n" : "\n");
  }
  platform::print("target %s (%s), arena %zu B, scratch %zu B\n", platform::target_name(), model::kTarget,
                  model::kArenaBytes, model::kScratchBytes);
  platform::print("checksum 0x%08x\n", static_cast<unsigned>(h));
  return 0;
}
