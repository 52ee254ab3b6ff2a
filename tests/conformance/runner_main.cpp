// Conformance runner: every compiled oracle case of this program's group runs through its generated
// code; each sample's outputs are compared byte for byte with TFLM's (the .bin files, read from the
// host through semihosting on the cores). One line per case, then "N passed, M failed, K skipped".
// Exit status 1 when any case fails.
#include <cstring>

#include "conformance_case.h"
#include "platform.h"

namespace platform = cmnn::platform;

namespace {

// Compares `got` with `count` bytes of a file from `offset`, in blocks (no large buffer).
// Returns the index of the first differing byte, or -1; -2 when the file is short or missing.
long compare_file(const char* path, size_t offset, const int8_t* got, size_t count) {
  static uint8_t block[2048];
  for (size_t at = 0; at < count;) {
    const size_t n = count - at < sizeof block ? count - at : sizeof block;
    if (platform::read_file(path, block, n, offset + at) != static_cast<long>(n)) return -2;
    for (size_t i = 0; i < n; ++i) {
      if (block[i] != static_cast<uint8_t>(got[at + i])) return static_cast<long>(at + i);
    }
    at += n;
  }
  return -1;
}

bool file_exists(const char* path) { return platform::file_size(path) >= 0; }

// Runs one case; writes the reason of a failure into why.
bool run_case(const conformance::Case& c, int* samples, char* why, size_t why_size) {
  char path[512];
  for (int k = 0;; ++k) {
    if (c.whole_model) platform::format(path, sizeof path, "%s/input%d.bin", c.dir, k);
    else platform::format(path, sizeof path, "%s/input%d_0.bin", c.dir, k);
    if (!file_exists(path)) break;
    cmnn::Status s = c.init();  // resets state: every sample starts a new sequence
    if (s != cmnn::Status::kOk) {
      platform::format(why, why_size, "init failed at operator %d: %s", c.failed_layer(), cmnn::status_name(s));
      return false;
    }
    size_t model_offset = 0;  // whole models: position in the concatenated input / output file
    for (int n = 0; n < c.invokes; ++n) {
      for (int i = 0; i < c.inputs; ++i) {
        const conformance::View v = c.input(i);
        size_t offset = static_cast<size_t>(n) * v.bytes;
        if (c.whole_model) {
          platform::format(path, sizeof path, "%s/input%d.bin", c.dir, k);
          offset = model_offset;
          model_offset += v.bytes;
        } else {
          platform::format(path, sizeof path, "%s/input%d_%d.bin", c.dir, k, i);
        }
        if (platform::read_file(path, v.data, v.bytes, offset) != static_cast<long>(v.bytes)) {
          platform::format(why, why_size, "cannot read %u bytes of %s", static_cast<unsigned>(v.bytes), path);
          return false;
        }
      }
      s = c.invoke();
      if (s != cmnn::Status::kOk) {
        platform::format(why, why_size, "invoke failed at operator %d: %s", c.failed_layer(), cmnn::status_name(s));
        return false;
      }
      size_t out_offset = 0;
      for (int o = 0; o < c.outputs; ++o) {
        const conformance::View v = c.output(o);
        size_t offset = static_cast<size_t>(n) * v.bytes;
        if (c.whole_model) {
          platform::format(path, sizeof path, "%s/output%d.bin", c.dir, k);
          offset = out_offset;
          out_offset += v.bytes;
        } else {
          platform::format(path, sizeof path, "%s/output%d_%d.bin", c.dir, k, o);
        }
        const long d = compare_file(path, offset, v.data, v.bytes);
        if (d == -2) {
          platform::format(why, why_size, "%s is missing or shorter than %u bytes", path,
                           static_cast<unsigned>(offset + v.bytes));
          return false;
        }
        if (d >= 0) {
          platform::format(why, why_size, "sample %d invoke %d output %d differs from TFLM at byte %ld (got %d)", k, n,
                           o, d, static_cast<int>(v.data[d]));
          return false;
        }
      }
    }
    ++*samples;
  }
  if (*samples == 0) {
    platform::format(why, why_size, "no input files in %s", c.dir);
    return false;
  }
  return true;
}

}  // namespace

int main() {
  int passed = 0, failed = 0;
  for (int i = 0; i < conformance::kCaseCount; ++i) {
    const conformance::Case& c = conformance::kCases[i];
    char why[640] = "";
    int samples = 0;
    const bool ok = run_case(c, &samples, why, sizeof why);
    (ok ? passed : failed)++;
    if (ok) platform::print("PASS %s: %d samples (generated code, %s)\n", c.name, samples, platform::target_name());
    else platform::print("FAIL %s: %s\n", c.name, why);
  }
  platform::print("%d passed, %d failed, 0 skipped\n", passed, failed);
  return failed == 0 ? 0 : 1;
}
