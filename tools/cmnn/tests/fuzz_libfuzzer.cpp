// libFuzzer entry point (built with -DCMNN_FUZZ=ON by a compiler that has -fsanitize=fuzzer, i.e. clang):
//   CXX=clang++ CC=clang cmake --preset host-asan -B build/fuzz -DCMNN_FUZZ=ON
//   cmake --build build/fuzz --target cmnn_libfuzzer
//   build/fuzz/tools/cmnn/tests/cmnn_libfuzzer -max_total_time=600 CORPUS_DIR ../shared/data/models/*/
#include <cstddef>
#include <cstdint>
#include <string>

#include "exercise.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string error;
  cmnn::tool::test::exercise_importer(data, size, &error);
  return 0;
}
