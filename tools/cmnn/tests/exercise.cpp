#include "exercise.h"

#include <fstream>
#include <ostream>
#include <streambuf>

#include "cli/inspect.h"
#include "graph/graph.h"
#include "import/flatbuffer.h"

namespace cmnn::tool::test {

namespace {
class NullBuffer : public std::streambuf {
 protected:
  int overflow(int c) override { return c; }
  std::streamsize xsputn(const char*, std::streamsize n) override { return n; }
};
}  // namespace

bool exercise_importer(const uint8_t* data, size_t size, std::string* error) {
  try {
    Graph g = build_graph(tflite::read_model(std::vector<uint8_t>(data, data + size)));
    NullBuffer null_buffer;
    std::ostream null_stream(&null_buffer);
    print_inspect_text(g, "fuzz.tflite", null_stream);
    print_inspect_json(g, "fuzz.tflite", null_stream);
    return true;
  } catch (const ImportError& e) {
    if (error != nullptr) *error = e.what();
    return false;
  }
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
