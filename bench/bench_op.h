// Bench adapters: one per layers.json op (conv2d, depthwise_conv2d, ...), in bench/ops/. An adapter
// builds the op's parameters from a Layer, fills deterministic data, and runs each variant of the
// op's table that is native on this core and supports the layer, each call inside its own
// profiler region (measure() below) so that only the kernel call is counted.
#pragma once
#include <cstddef>
#include <cstdint>

#include "arena.h"
#include "cmnn/status.h"
#include "cmnn/variant.h"
#include "layer.h"
#include "platform.h"

namespace cmnn::bench {

// Deterministic data (xorshift32 seeded by the layer index, the same on every core).
class Random {
 public:
  explicit Random(uint32_t seed) : state_(seed == 0 ? 0x2545F491u : seed) {}
  uint32_t next() {
    state_ ^= state_ << 13;
    state_ ^= state_ >> 17;
    state_ ^= state_ << 5;
    return state_;
  }
  void fill_s8(int8_t* data, size_t n) {
    for (size_t i = 0; i < n; ++i) data[i] = static_cast<int8_t>(next() >> 24);
  }
  // Per-channel quantization as the reference harness uses: multipliers in [2^30, 2^31), shifts in [-10, 0].
  void fill_requant(int32_t* multiplier, int32_t* shift, size_t n) {
    for (size_t i = 0; i < n; ++i) {
      multiplier[i] = static_cast<int32_t>(0x40000000u | (next() >> 2));
      shift[i] = -static_cast<int32_t>(next() % 11u);
    }
  }
  void fill_bias(int32_t* bias, size_t n) {
    for (size_t i = 0; i < n; ++i) bias[i] = static_cast<int32_t>(next() % 32768u) - 16384;
  }

 private:
  uint32_t state_;
};

struct Measurement {
  const char* variant;
  Status status;
  size_t scratch_bytes;
  size_t stack_bytes;
  uint32_t checksum;  // FNV-1a of the output: variants and cores must agree
};

// Runs call() alone inside a profiler region named "<model>/<idx>/<op>/<variant>" (the stack is
// painted before the region starts), checksums the output, and prints one "@@cmnn-bench" line.
template <typename Call>
Measurement measure(const Layer& layer, const char* variant, size_t scratch_bytes, const void* output,
                    size_t output_bytes, Call call);

using Adapter = int (*)(const Layer& layer);  // returns the number of variants that failed

struct AdapterRegistration {
  AdapterRegistration(const char* op, Adapter adapter);
  const char* op;
  Adapter adapter;
  AdapterRegistration* next = nullptr;
};
Adapter find_adapter(const char* op);

uint32_t fnv1a(const void* data, size_t bytes);
// Prints the region name "<model>/<idx>/<op>/<variant>" for the next profile mark.
void name_region(const Layer& layer, const char* variant);
void report(const Layer& layer, const Measurement& m);

template <typename Call>
Measurement measure(const Layer& layer, const char* variant, size_t scratch_bytes, const void* output,
                    size_t output_bytes, Call call) {
  Measurement m{variant, Status::kOk, scratch_bytes, 0, 0};
  name_region(layer, variant);
  platform::stack_paint();
  platform::profile_mark();
  m.status = call();
  platform::profile_end();
  // Scanned after the region ends so that the scan is not counted; profile_end's own few bytes
  // of stack are within the kernel call's depth.
  m.stack_bytes = platform::stack_used_since_paint();
  m.checksum = fnv1a(output, output_bytes);
  report(layer, m);
  return m;
}

// Measures every variant of an op's table that runs natively here and supports params: takes each
// variant's scratch from the arena, runs run(variant, scratch, scratch_bytes) through measure().
// Returns the number of calls that did not return kOk.
template <typename Params, typename Args, typename Run>
int measure_table(const Layer& layer, const Variant<Params, Args>* table, size_t count, const Params& params,
                  const void* output, size_t output_bytes, Run run) {
  int failures = 0;
  for (size_t i = 0; i < count; ++i) {
    const Variant<Params, Args>& v = table[i];
    if (!isa_native(v.isa) || !v.supports(params)) continue;
    const size_t scratch_bytes = v.scratch_bytes(params);
    void* scratch = scratch_bytes > 0 ? test::arena_alloc_bytes(scratch_bytes) : nullptr;
    if (scratch_bytes > 0 && scratch == nullptr) {
      platform::print("bench: arena exhausted for the scratch of %s\n", v.id);
      ++failures;
      continue;
    }
    const Measurement m = measure(layer, v.id, scratch_bytes, output, output_bytes,
                                  [&] { return run(v, scratch, scratch_bytes); });
    if (m.status != Status::kOk) ++failures;
  }
  return failures;
}

// Arena buffers filled with deterministic data; false (with a message) when the arena is exhausted.
template <typename T>
T* take(size_t count, bool* ok) {
  T* p = test::arena_alloc<T>(count == 0 ? 1 : count);
  if (p == nullptr) {
    platform::print("bench: arena exhausted (%zu elements)\n", count);
    *ok = false;
  }
  return p;
}

}  // namespace cmnn::bench
