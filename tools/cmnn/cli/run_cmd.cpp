// cmnn run / cmnn eval: the host reference path (run/reference.h).
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>

#include "cli/arg_parse.h"
#include "cli/commands.h"
#include "import/flatbuffer.h"
#include "run/model_input.h"
#include "run/reference.h"

#ifndef CMNN_SHARED_DIR
#define CMNN_SHARED_DIR "../shared"
#endif

namespace cmnn::tool {

namespace {

const char* kRunUsage =
    "usage: cmnn run MODEL.tflite (--input FILE... | --random SEED [--sparse]) [--invokes N] [--save-input FILE]\n"
    "       [--output FILE]\n"
    "  Executes the model on the host with each op's portable reference kernel (<op>.ref), every\n"
    "  tensor in its own buffer: the reference generated code is compared with, bit for bit.\n"
    "  --input FILE     raw bytes of an input tensor, exactly its size (repeat once per model input,\n"
    "                   in order; with --invokes N, N inputs one after the other); or a .bmp image\n"
    "                   (uncompressed 8-bit grey/palette or 24-bit, any row order) of the input's\n"
    "                   height x width, rows top-down; pixels per --pixels\n"
    "  --pixels bytes   (default) each pixel byte read as int8, as TFLM's person_detection test feeds it\n"
    "  --pixels scaled  pixel -> real value -> int8 through the input tensor's quantization\n"
    "  --random SEED    deterministic pseudo-random input bytes (the same on every host)\n"
    "  --sparse         with --random: the input's zero point (real 0) except ~1 byte in 8\n"
    "  --save-input F   write the input bytes used to F (to feed generated code the same input)\n"
    "  --invokes N      invoke N times in a row, state (LSTM/SVDF) carried over; outputs concatenated\n"
    "  --output FILE    write the raw bytes of every output tensor, in order\n"
    "  Prints each output (int8 values and real values) and 'checksum 0x%08x', the FNV-1a 32 of\n"
    "  all output bytes (generated test firmware prints the same line).\n";

const char* kEvalUsage =
    "usage: cmnn eval MODEL.tflite --dataset cifar10 [--count N] [--data FILE]\n"
    "  Top-1 accuracy of the reference path on a labelled dataset.\n"
    "  cifar10: records of 1 label byte + 3072 pixel bytes (R, G, B planes of 32x32, CHW), by\n"
    "  default " CMNN_SHARED_DIR "/data/cifar10/test_batch_exact_first1017.bin; pixels are\n"
    "  mapped to the model's NHWC int8 input from its quantization (see docs/compiler.md).\n"
    "  Prints 'top-1: CORRECT/COUNT = PERCENT%'.\n";

bool write_file(const std::string& path, const std::vector<uint8_t>& bytes) {
  std::ofstream f(path, std::ios::binary);
  f.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  return static_cast<bool>(f);
}

// The first 64 values of an output as integers (and real values for quantized types).
std::string values_text(const GraphTensor& t, const std::vector<uint8_t>& v) {
  const size_t size = tflite::tensor_type_bytes(t.type) ? tflite::tensor_type_bytes(t.type) : 1;
  const size_t n = v.size() / size;
  const double scale = t.quant.scale.empty() ? 0.0 : static_cast<double>(t.quant.scale[0]);
  const int32_t zp = t.quant.zero_point.empty() ? 0 : t.quant.zero_point[0];
  std::string ints = "  values:", reals = "  real:";
  for (size_t k = 0; k < n && k < 64; ++k) {
    double x = 0.0;
    const uint8_t* p = v.data() + k * size;
    switch (t.type) {
      case tflite::TensorType::kInt8: x = static_cast<int8_t>(*p); break;
      case tflite::TensorType::kUint8: x = *p; break;
      case tflite::TensorType::kInt16: { int16_t q; std::memcpy(&q, p, 2); x = q; break; }
      case tflite::TensorType::kInt32: { int32_t q; std::memcpy(&q, p, 4); x = q; break; }
      case tflite::TensorType::kInt64: { int64_t q; std::memcpy(&q, p, 8); x = static_cast<double>(q); break; }
      case tflite::TensorType::kFloat32: { float q; std::memcpy(&q, p, 4); x = q; break; }
      default: x = *p; break;
    }
    char s[40];
    std::snprintf(s, sizeof s, t.type == tflite::TensorType::kFloat32 ? " %.6g" : " %.0f", x);
    ints += s;
    std::snprintf(s, sizeof s, " %.5f", scale * (x - zp));
    reals += s;
  }
  const char* more = n > 64 ? " ..." : "";
  return ints + more + (scale > 0.0 && t.type != tflite::TensorType::kFloat32 ? "\n" + reals + more : std::string());
}

}  // namespace

int run_run(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  std::string path, input_path, save_path, output_path, seed_text, pixels = "bytes", invokes_text = "1";
  std::vector<std::string> input_paths;
  bool sparse = false;
  CLI::App app{"cmnn run"};
  app.add_option("model", path, "the .tflite model")->required();
  app.add_option("--input", input_paths, "raw input bytes or .bmp, once per model input")->expected(1)->take_all();
  app.add_option("--random", seed_text, "seed of pseudo-random input bytes");
  app.add_flag("--sparse", sparse, "with --random: mostly the zero point");
  app.add_option("--invokes", invokes_text, "invocations, state carried");
  app.add_option("--save-input", save_path, "write the input bytes used");
  app.add_option("--output", output_path, "write every output's bytes");
  app.add_option("--pixels", pixels, "bytes or scaled");
  const int status = parse_args(app, "run", kRunUsage, argc, argv, out, err);
  if (status >= 0) return status;
  if (!input_paths.empty()) input_path = input_paths.front();
  if (input_paths.empty() == seed_text.empty()) {
    return err << "cmnn run: give either --input FILE or --random SEED (see cmnn run --help)\n", 2;
  }
  if (pixels != "bytes" && pixels != "scaled") {
    return err << "cmnn run: --pixels must be 'bytes' or 'scaled', not '" << pixels << "'\n", 2;
  }
  try {
    const Graph g = build_graph(tflite::read_model_file(path));
    const LoweredModel m = lower_graph(g, Target::kHost);
    if (!m.ok()) {
      err << path << ": " << missing_ops_text(m) << "\n";
      return 1;
    }
    const long invokes = std::strtol(invokes_text.c_str(), nullptr, 10);
    if (invokes < 1 || invokes > 100000) return err << "cmnn run: --invokes must be 1..100000\n", 2;
    if (!input_paths.empty() && input_paths.size() != g.inputs.size()) {
      return err << path << ": the model has " << g.inputs.size() << " inputs, " << input_paths.size()
                 << " --input files given\n", 2;
    }
    // Every input's bytes for all invocations.
    std::vector<std::vector<uint8_t>> inputs(g.inputs.size());
    for (size_t i = 0; i < g.inputs.size(); ++i) {
      const GraphTensor& in = g.tensors.at(static_cast<size_t>(g.inputs[i]));
      const size_t need = static_cast<size_t>(in.bytes) * static_cast<size_t>(invokes);
      if (!seed_text.empty()) {
        const uint32_t seed = static_cast<uint32_t>(std::stoul(seed_text)) + static_cast<uint32_t>(i);
        const int32_t zp = in.quant.zero_point.empty() ? 0 : in.quant.zero_point[0];
        inputs[i] = sparse ? sparse_random_bytes(need, seed, static_cast<uint8_t>(zp)) : random_bytes(need, seed);
      } else if (input_paths[i].size() > 4 && input_paths[i].substr(input_paths[i].size() - 4) == ".bmp") {
        inputs[i] = image_to_input(in, read_bmp(input_paths[i]), pixels == "bytes" ? PixelMap::kBytes : PixelMap::kScaled);
      } else {
        inputs[i] = read_bytes(input_paths[i]);
      }
      if (inputs[i].size() != need) {
        return err << path << ": input " << i << " needs " << need << " bytes, " << input_paths[i] << " has "
                   << inputs[i].size() << "\n", 1;
      }
    }
    if (!save_path.empty()) {
      std::vector<uint8_t> saved;
      for (const auto& b : inputs) saved.insert(saved.end(), b.begin(), b.end());
      if (!write_file(save_path, saved)) return err << "cmnn run: cannot write " << save_path << "\n", 1;
    }
    ReferenceRunner runner(g, m);
    std::vector<std::vector<uint8_t>> outputs(g.outputs.size());
    for (long k = 0; k < invokes; ++k) {
      for (size_t i = 0; i < g.inputs.size(); ++i) {
        const size_t n = inputs[i].size() / static_cast<size_t>(invokes);
        runner.set_input(i, std::vector<uint8_t>(inputs[i].begin() + static_cast<long>(n * static_cast<size_t>(k)),
                                                 inputs[i].begin() + static_cast<long>(n * static_cast<size_t>(k + 1))));
      }
      runner.invoke(/*keep_state=*/k > 0);
      for (size_t o = 0; o < g.outputs.size(); ++o) outputs[o].insert(outputs[o].end(), runner.output(o).begin(), runner.output(o).end());
    }
    std::vector<uint8_t> all;
    for (size_t o = 0; o < g.outputs.size(); ++o) {
      const GraphTensor& t = g.tensors.at(static_cast<size_t>(g.outputs[o]));
      const std::vector<uint8_t>& v = outputs[o];
      all.insert(all.end(), v.begin(), v.end());
      out << "output " << o << ": tensor " << t.index << " '" << t.name << "', " << v.size() << " bytes, "
          << tflite::tensor_type_name(t.type) << "\n" << values_text(t, v) << "\n";
    }
    char line[40];
    std::snprintf(line, sizeof line, "checksum 0x%08x\n", fnv1a32(all.data(), all.size()));
    out << line;
    if (!output_path.empty() && !write_file(output_path, all)) return err << "cmnn run: cannot write " << output_path << "\n", 1;
  } catch (const std::exception& e) {
    err << path << ": " << e.what() << "\n";
    return 1;
  }
  return 0;
}

int run_eval(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  std::string path, dataset, data = std::string(CMNN_SHARED_DIR) + "/data/cifar10/test_batch_exact_first1017.bin";
  long count = -1;
  CLI::App app{"cmnn eval"};
  app.add_option("model", path, "the .tflite model")->required();
  app.add_option("--dataset", dataset, "cifar10")->required();
  app.add_option("--data", data, "the dataset file");
  app.add_option("--count", count, "first N images");
  const int status = parse_args(app, "eval", kEvalUsage, argc, argv, out, err);
  if (status >= 0) return status;
  if (dataset != "cifar10") return err << "cmnn eval: --dataset must be cifar10, not '" << dataset << "'\n", 2;
  try {
    const Graph g = build_graph(tflite::read_model_file(path));
    const LoweredModel m = lower_graph(g, Target::kHost);
    if (!m.ok()) return err << path << ": " << missing_ops_text(m) << "\n", 1;
    const GraphTensor& in = g.tensors.at(static_cast<size_t>(g.inputs.at(0)));
    const GraphTensor& outt = g.tensors.at(static_cast<size_t>(g.outputs.at(0)));
    if (in.shape != std::vector<int32_t>{1, 32, 32, 3} || outt.elements != 10) {
      return err << path << ": cifar10 needs a [1,32,32,3] input and 10 outputs\n", 1;
    }
    const std::vector<uint8_t> file = read_bytes(data);
    constexpr size_t kRecord = 1 + 3072;
    const size_t available = file.size() / kRecord;
    const size_t n = count < 0 ? available : std::min(available, static_cast<size_t>(count));
    ReferenceRunner runner(g, m);
    size_t correct = 0;
    std::vector<uint8_t> input(3072);
    for (size_t r = 0; r < n; ++r) {
      const uint8_t* rec = &file[r * kRecord];
      for (size_t p = 0; p < 1024; ++p) {
        for (size_t c = 0; c < 3; ++c) input[p * 3 + c] = static_cast<uint8_t>(pixel_to_input(in, rec[1 + c * 1024 + p]));
      }
      runner.set_input(0, input);
      runner.invoke();
      const std::vector<uint8_t>& o = runner.output(0);
      size_t best = 0;  // first maximum wins ties, as argmax does
      for (size_t k = 1; k < o.size(); ++k) {
        if (static_cast<int8_t>(o[k]) > static_cast<int8_t>(o[best])) best = k;
      }
      correct += best == rec[0];
      // Progress on stderr, a line per 250 images, so that a long evaluation shows it is alive.
      if ((r + 1) % 250 == 0 && r + 1 < n) err << "eval: " << (r + 1) << "/" << n << " images, " << correct << " correct\n";
    }
    char line[96];
    std::snprintf(line, sizeof line, "top-1: %zu/%zu = %.2f%%\n", correct, n, n ? 100.0 * static_cast<double>(correct) / static_cast<double>(n) : 0.0);
    out << line;
  } catch (const std::exception& e) {
    err << path << ": " << e.what() << "\n";
    return 1;
  }
  return 0;
}

}  // namespace cmnn::tool
