// The test registry, checks and the run loop (main() is in test_main.cpp).
#include <cstdlib>
#include <cstring>

#include "test.h"

namespace cmnn::test {
namespace {

Registration* g_first = nullptr;
Registration* g_last = nullptr;
bool g_failed = false;
bool g_skipped = false;
const char* g_shared = CMNN_SHARED_DIR;
const char* g_arguments[32];
int g_argument_count = 0;

bool contains(const char* text, const char* part) { return std::strstr(text, part) != nullptr; }

}  // namespace

Registration::Registration(const char* s, const char* n, TestFunction f) : suite(s), name(n), function(f) {
  if (g_last == nullptr) g_first = this;
  else g_last->next = this;
  g_last = this;
}

void record_failure(const char* file, int line, const char* message) {
  g_failed = true;
  platform::print("  %s:%d: failure: %s\n", file, line, message);
}

void record_skip(const char* reason) {
  g_skipped = true;
  platform::print("  skipped: %s\n", reason);
}

bool current_failed() { return g_failed; }

int argument_count() { return g_argument_count; }
const char* argument(int index) { return index >= 0 && index < g_argument_count ? g_arguments[index] : nullptr; }

const char* shared_path(const char* relative) {
  static char buffers[8][512];
  static unsigned next = 0;
  char* out = buffers[next++ % 8];
  platform::format(out, sizeof buffers[0], "%s/%s", g_shared, relative);
  return out;
}

const uint8_t* read_shared(const char* relative, size_t* size) {
  *size = 0;
  const char* path = shared_path(relative);
  const long n = platform::file_size(path);
  if (n < 0) return nullptr;
  auto* data = arena_alloc<uint8_t>(static_cast<size_t>(n));
  if (data == nullptr && n > 0) return nullptr;
  if (platform::read_file(path, data, static_cast<size_t>(n)) != n) return nullptr;
  *size = static_cast<size_t>(n);
  return data;
}

namespace detail {
bool bytes_differ(const char* file, int line, const char* expression, const void* actual, const void* expected,
                  size_t count) {
  const auto* a = static_cast<const uint8_t*>(actual);
  const auto* b = static_cast<const uint8_t*>(expected);
  size_t mismatches = 0;
  size_t first = 0;
  for (size_t i = 0; i < count; ++i) {
    if (a[i] != b[i] && mismatches++ == 0) first = i;
  }
  if (mismatches == 0) return false;
  record_failure(file, line, expression);
  platform::print("    %zu of %zu bytes differ; first at index %zu: actual 0x%02x, expected 0x%02x\n", mismatches,
                  count, first, a[first], b[first]);
  return true;
}
}  // namespace detail

int run_all(int argc, char** argv) {
  const char* filter = "";
#if !defined(CMNN_TARGET_CORTEX_M)
  if (const char* env = std::getenv("CMNN_SHARED")) g_shared = env;
#endif
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], "--filter=", 9) == 0) filter = argv[i] + 9;
    else if (std::strncmp(argv[i], "--shared=", 9) == 0) g_shared = argv[i] + 9;
    else if (g_argument_count < 32) g_arguments[g_argument_count++] = argv[i];
  }
  int passed = 0, failed = 0, skipped = 0;
  char full_name[160];
  platform::print("cmnn tests on %s\n", platform::target_name());
  for (Registration* r = g_first; r != nullptr; r = r->next) {
    platform::format(full_name, sizeof full_name, "%s.%s", r->suite, r->name);
    if (!contains(full_name, filter)) continue;
    g_failed = false;
    g_skipped = false;
    arena_reset();
    r->function();
    arena_reset();
    if (g_failed) {
      ++failed;
      platform::print("[  FAILED  ] %s\n", full_name);
    } else if (g_skipped) {
      ++skipped;
      platform::print("[  SKIPPED ] %s\n", full_name);
    } else {
      ++passed;
      platform::print("[       OK ] %s\n", full_name);
    }
  }
  platform::print("%d passed, %d failed, %d skipped\n", passed, failed, skipped);
  return failed == 0 ? 0 : 1;
}

}  // namespace cmnn::test
