// vector_runner [VECTORS_DIR] [--filter=TEXT]
// Runs every case of a bit-exact vector folder (default: CMNN_VECTORS on the host, else
// ../shared/data/vectors) whose CMSIS-NN function has a handler here: every supporting variant,
// every byte. Prints one line per case and function, then "N passed, M failed, K skipped";
// exit status 1 when a case failed or the folder cannot be read.
#include <cstdlib>
#include <cstring>

#include "arena.h"
#include "json_view.h"
#include "platform.h"
#include "registry.h"

using namespace cmnn;

// The program's name in its messages (the CMSIS-NN API test reuses this main).
#ifndef CMNN_RUNNER_NAME
#define CMNN_RUNNER_NAME "vector_runner"
#endif

int main(int argc, char** argv) {
  const char* folder = nullptr;
  const char* filter = "";
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], "--filter=", 9) == 0) filter = argv[i] + 9;
    else if (folder == nullptr) folder = argv[i];
  }
#if !defined(CMNN_TARGET_CORTEX_M)
  if (folder == nullptr) folder = std::getenv("CMNN_VECTORS");
#endif
  if (folder == nullptr) folder = CMNN_SHARED_DIR "/data/vectors";

  char path[512];
  platform::format(path, sizeof path, "%s/index.json", folder);
  const long size = platform::file_size(path);
  static char* index_text = nullptr;
  test::arena_reset();
  index_text = size > 0 ? test::arena_alloc<char>(static_cast<size_t>(size)) : nullptr;
  if (index_text == nullptr || platform::read_file(path, index_text, static_cast<size_t>(size)) != size) {
    platform::print(CMNN_RUNNER_NAME ": cannot read %s\n", path);
    return 1;
  }
  const json::Value index = json::parse(index_text, static_cast<size_t>(size));
  if (!index.is_object()) {
    platform::print(CMNN_RUNNER_NAME ": %s is not a JSON object of case -> functions\n", path);
    return 1;
  }
  platform::print(CMNN_RUNNER_NAME " on %s: %s (%zu cases)\n", platform::target_name(), folder, index.size());
  // Case texts are allocated after the index; the arena is rewound to this mark per case.
  int passed = 0, failed = 0, skipped = 0;
  char name[96], function[96];
  for (json::Value functions = index.first(); functions.valid(); functions = index.next(functions)) {
    if (!index.key_of(functions).copy_string(name, sizeof name) || std::strstr(name, filter) == nullptr) continue;
    for (json::Value f = functions.first(); f.valid(); f = functions.next(f)) {
      f.copy_string(function, sizeof function);
      vectors::Outcome outcome;
      const vectors::Handler handler = vectors::find_handler(function);
      if (handler == nullptr) {
        vectors::skip(&outcome, "not implemented in cmnn");
      } else {
        const size_t mark = test::arena_mark();
        vectors::Case c;
        if (!c.load(folder, name)) vectors::fail(&outcome, "%s", c.error());
        else handler(c, &outcome);
        test::arena_rewind(mark);
      }
      const char* word = "SKIP";
      if (outcome.result == vectors::Outcome::Result::kPass) {
        word = "PASS";
        ++passed;
      } else if (outcome.result == vectors::Outcome::Result::kFail) {
        word = "FAIL";
        ++failed;
      } else {
        ++skipped;
      }
      platform::print("%s %-32s %-34s %s\n", word, name, function, outcome.detail);
    }
  }
  platform::print("%d passed, %d failed, %d skipped\n", passed, failed, skipped);
  return failed == 0 ? 0 : 1;
}
