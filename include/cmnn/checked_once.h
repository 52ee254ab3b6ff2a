// Checking a call once for many runs. A compiled model calls each layer's variant with the same
// parameters and the same pointers (its constants and fixed places in the context's arena) on every
// invoke(); only the tensors' values change. For ops whose checks read nothing but the parameters,
// the pointers and the constant quantization arrays (never tensor data: conv2d, depthwise_conv2d,
// fully_connected), the generated init() runs the op's full checks once through check_call() and
// invoke() then calls the variant's run() directly, which may assume them (cmnn/variant.h). A tiny
// layer (person_detect's 256 -> 2 head on Cortex-M55) otherwise spends more on its checks than on
// its arithmetic. The public entry points keep checking every call.
#pragma once
#include <cstddef>

#include "cmnn/status.h"
#include "cmnn/variant.h"

namespace cmnn {

// The verdict run_variant(variant, params, args, scratch, scratch_size) would give before running:
// the op's parameter and argument checks, the variant's ISA and supports(), the scratch size. It
// relies on the contract of every op's *_run_variant: it calls variant.run only after all of those
// passed and returns its result unchanged, so a copy of the entry whose run() does nothing returns
// kOk exactly when the real call would run.
template <typename P, typename A>
Status check_call(const Variant<P, A>& variant, Status (*run_variant)(const Variant<P, A>&, const P&, const A&, void*, size_t),
                  const P& params, const A& args, void* scratch, size_t scratch_size) {
  Variant<P, A> probe = variant;
  probe.run = [](const P&, const A&, void*, size_t) { return Status::kOk; };
  return run_variant(probe, params, args, scratch, scratch_size);
}

// An op's *_run_variant without its checks, for calls check_call (or check_rows_in_place,
// cmnn/rows_in_place.h) passed with the same values: runs variant.run and returns its result.
template <typename P, typename A>
Status run_unchecked(const Variant<P, A>& variant, const P& params, const A& args, void* scratch, size_t scratch_size) {
  return variant.run(params, args, scratch, scratch_size);
}

}  // namespace cmnn
