// Helpers of the legacy q7/q15 tests: a seeded generator, buffers from the test arena and the
// list of code paths that run in this build.
#pragma once
#include <cstdint>

#include "cmnn/legacy/types.h"
#include "test.h"
#include "test_data.h"

namespace legacy_test {

// The shared xorshift32 (seed 0 means 1 here, as these tests always had it) with array fills.
struct Random : cmnn::test::Xorshift32 {
  explicit Random(uint32_t seed) : Xorshift32(seed ? seed : 1u) {}
  int range(int lo, int hi) { return pick(lo, hi); }
  template <class T>
  void fill(T* p, int n, int lo, int hi) {
    for (int i = 0; i < n; ++i) p[i] = static_cast<T>(range(lo, hi));
  }
};

template <class T>
T* alloc(long n) {
  return cmnn::test::arena_alloc<T>(static_cast<size_t>(n > 0 ? n : 1));
}

// Paths the optimised variants are checked on: portable always, DSP where it runs (host emulation or native).
inline int runnable_paths(cmnn::legacy::Path paths[2]) {
  int n = 0;
  paths[n++] = cmnn::legacy::Path::kPortable;
  if (cmnn::isa_runnable(cmnn::Isa::kDsp)) paths[n++] = cmnn::legacy::Path::kDsp;
  return n;
}

inline const char* path_name(cmnn::legacy::Path p) {
  return p == cmnn::legacy::Path::kPortable ? "portable" : p == cmnn::legacy::Path::kDsp ? "dsp" : "auto";
}

}  // namespace legacy_test
