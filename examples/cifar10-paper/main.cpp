// cifar10_paper VARIANT_DIR IMAGES_FILE [COUNT] [OFFSET] [--full-im2col] [--avgpool=exact|separable]
//               [--path=auto|portable|dsp] [--baseline] [--packed] [--softmax] [--memory] [--profile-images=N]
//               [--expect-correct=N] [--expect-checksum=HEX]
// Classifies COUNT CIFAR-10 records (3073 bytes: label, 1024 R, 1024 G, 1024 B) from IMAGES_FILE,
// starting at record OFFSET, with the paper's q7 network from VARIANT_DIR (a folder of
// ../shared/data/paper-cifar10). Prints the accuracy and a checksum of the predictions (FNV-1a
// over the predicted labels), so runs on the host and on emulated cores can be compared exactly.
// The first N images (default 1) run with one profile region per layer, for the profiler.
// --avgpool=exact (default) reproduces the known top-1 figures; separable is CMSIS's DSP pooling.
// --baseline runs the paper's baseline (include/cmnn/legacy/baseline.h) instead of its kernels.
// --softmax appends the softmax layer (arm_softmax_q7 in the paper's example) when the topology has none.
// --packed runs conv2/conv3 as convolve_hwc_q7_fast_packed on weights packed at start (bit-exact;
//   the int8 kernels' 4x2 SMLAD block; int16 weights: 153,632 bytes more; the memory plan ignores them).
// --memory prints the activation memory plan ("memory_plan ..." and one "memory_step ..." per layer).
// Exit status 1 when an --expect-* value is not met or a layer fails.
#include <cstdlib>
#include <cstring>

#include "paper_network.h"
#include "platform.h"

namespace {

paper::Network g_net;

long parse_long(const char* s, int base) { return std::strtol(s, nullptr, base); }

}  // namespace

int main(int argc, char** argv) {
  namespace platform = cmnn::platform;
  const char* positional[4] = {nullptr, nullptr, nullptr, nullptr};
  int npos = 0;
  bool full = false, separable = false, baseline = false, softmax = false, memory = false, packed = false;
  long profile_images = 1;
  cmnn::legacy::Path path = cmnn::legacy::Path::kAuto;
  long expect_correct = -1;
  long long expect_checksum = -1;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--full-im2col") == 0) {
      full = true;
    } else if (std::strcmp(argv[i], "--baseline") == 0) {
      baseline = true;
    } else if (std::strcmp(argv[i], "--packed") == 0) {
      packed = true;
    } else if (std::strcmp(argv[i], "--softmax") == 0) {
      softmax = true;
    } else if (std::strcmp(argv[i], "--memory") == 0) {
      memory = true;
    } else if (std::strcmp(argv[i], "--avgpool=separable") == 0 || std::strcmp(argv[i], "--avgpool=exact") == 0) {
      separable = argv[i][10] == 's';
    } else if (std::strcmp(argv[i], "--path=portable") == 0) {
      path = cmnn::legacy::Path::kPortable;
    } else if (std::strcmp(argv[i], "--path=dsp") == 0) {
      path = cmnn::legacy::Path::kDsp;
    } else if (std::strncmp(argv[i], "--profile-images=", 17) == 0) {
      profile_images = parse_long(argv[i] + 17, 10);
    } else if (std::strncmp(argv[i], "--expect-correct=", 17) == 0) {
      expect_correct = parse_long(argv[i] + 17, 10);
    } else if (std::strncmp(argv[i], "--expect-checksum=", 18) == 0) {
      expect_checksum = static_cast<long long>(std::strtoul(argv[i] + 18, nullptr, 16));
    } else if (npos < 4) {
      positional[npos++] = argv[i];
    }
  }
  if (npos < 2) {
    platform::print("usage: cifar10_paper VARIANT_DIR IMAGES_FILE [COUNT] [OFFSET] [--full-im2col] "
                    "[--avgpool=exact|separable] [--path=auto|portable|dsp] [--baseline] [--packed] [--softmax] [--memory] "
                    "[--profile-images=N] "
                    "[--expect-correct=N] [--expect-checksum=HEX]\n");
    return 2;
  }
  const long count = npos > 2 ? parse_long(positional[2], 10) : 1017;
  const long offset = npos > 3 ? parse_long(positional[3], 10) : 0;
  if (!paper::load_network(positional[0], &g_net)) return 1;
  if (softmax && !paper::append_softmax(&g_net)) return 1;
  g_net.im2col = full ? cmnn::legacy::Im2col::kFull : cmnn::legacy::Im2col::kPartial;
  g_net.path = path;
  g_net.baseline = baseline;
  g_net.avg_rounding = separable ? cmnn::legacy::AvgRounding::kSeparable : cmnn::legacy::AvgRounding::kExact;
  if (packed && !baseline && !paper::pack_conv_weights(&g_net)) return 1;

  if (memory) {
    const paper::MemoryPlan plan = paper::memory_plan(g_net);
    platform::print("memory_plan im2col=%s input=%zu buffer0=%zu buffer1=%zu scratch=%zu weights=%zu\n",
                    full ? "full" : "partial", plan.input_bytes, plan.buffer_bytes[0], plan.buffer_bytes[1],
                    plan.scratch_bytes, plan.weight_bytes);
    for (int i = 0; i < plan.step_count; ++i) {
      const paper::MemoryStep& m = plan.steps[i];
      platform::print("memory_step %s in_buf=%d in=%zu out_buf=%d out=%zu scratch=%zu\n", g_net.layers[i].name,
                      m.in_buf, m.in_bytes, m.out_buf, m.out_bytes, m.scratch_bytes);
    }
  }
  static uint8_t record[3073];
  static int8_t input[3072];
  long correct = 0, done = 0;
  uint32_t checksum = 2166136261u;
  for (long n = 0; n < count; ++n) {
    if (platform::read_file(positional[1], record, sizeof record, static_cast<size_t>((offset + n) * 3073)) != 3073) {
      if (n == 0) platform::print("cannot read %s\n", positional[1]);
      break;
    }
    paper::preprocess(g_net, record + 1, input);
    g_net.profile = n < profile_images;
    const int predicted = paper::classify(g_net, input);
    if (predicted < 0) return 1;
    correct += predicted == record[0] ? 1 : 0;
    checksum = (checksum ^ static_cast<uint32_t>(predicted)) * 16777619u;
    ++done;
  }
  platform::print("variant=%s target=%s kernels=%s im2col=%s avgpool=%s conv_scratch_bytes=%zu\n", positional[0],
                  platform::target_name(), baseline ? "baseline" : "paper", full ? "full" : "partial",
                  separable ? "separable" : "exact", baseline ? size_t{0} : paper::conv_scratch_bytes(g_net));
  platform::print("images=%ld offset=%ld correct=%ld/%ld accuracy=%.2f%% predictions_checksum=%08x\n", done, offset,
                  correct, done, done > 0 ? 100.0 * static_cast<double>(correct) / static_cast<double>(done) : 0.0,
                  static_cast<unsigned>(checksum));
  if (done == 0) return 1;
  if (expect_correct >= 0 && correct != expect_correct) {
    platform::print("FAIL: expected %ld correct\n", expect_correct);
    return 1;
  }
  if (expect_checksum >= 0 && static_cast<long long>(checksum) != expect_checksum) {
    platform::print("FAIL: expected predictions_checksum %08llx\n", expect_checksum);
    return 1;
  }
  return 0;
}
