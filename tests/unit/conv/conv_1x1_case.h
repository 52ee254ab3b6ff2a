// One random 1x1 conv2d_s8 case for the variant tests: tensors in the test arena, filled with
// random values or the extremes (input -128, filter mostly -128 with every fifth 127: the largest
// sums of either sign), bias mostly in +-200,000 with every seventh channel near INT32_MAX. The
// caller sets the per-channel multipliers and shifts (each test covers its variant's paths), then
// run_against_reference() runs conv2d_s8.ref and the variant (output and scratch guarded).
#pragma once
#include <cstring>

#include "cmnn/conv.h"
#include "test.h"
#include "test_data.h"

namespace cmnn::test {

struct Conv1x1Case {
  int8_t* input = nullptr;
  int8_t* filter = nullptr;
  int32_t *bias = nullptr, *mult = nullptr, *shift = nullptr;
  int8_t* want = nullptr;
  size_t out_n = 0, channels = 0;
};

// false when the arena is exhausted.
inline bool make_1x1_case(const Conv2dParams& p, bool extreme, Xorshift32& rng, Conv1x1Case* c) {
  const size_t in_n = static_cast<size_t>(p.batches) * p.input_h * p.input_w * p.input_c;
  const size_t w_n = static_cast<size_t>(p.output_c) * p.input_c;
  c->out_n = static_cast<size_t>(p.batches) * p.output_h * p.output_w * p.output_c;
  c->channels = static_cast<size_t>(p.output_c);
  c->input = arena_alloc<int8_t>(in_n);
  c->filter = arena_alloc<int8_t>(w_n);
  c->bias = arena_alloc<int32_t>(c->channels);
  c->mult = arena_alloc<int32_t>(c->channels);
  c->shift = arena_alloc<int32_t>(c->channels);
  c->want = arena_alloc<int8_t>(c->out_n);
  if (!c->input || !c->filter || !c->bias || !c->mult || !c->shift || !c->want) return false;
  for (size_t i = 0; i < in_n; ++i) c->input[i] = static_cast<int8_t>(extreme ? -128 : rng.pick(-128, 127));
  for (size_t i = 0; i < w_n; ++i) {
    c->filter[i] = static_cast<int8_t>(extreme ? (i % 5 == 0 ? 127 : -128) : rng.pick(-128, 127));
  }
  for (size_t ch = 0; ch < c->channels; ++ch) {
    c->bias[ch] = ch % 7 == 0 ? INT32_MAX - rng.pick(0, 99) : rng.pick(-200000, 200000);
  }
  return true;
}

// The reference's output into c.want, then the variant's into a guarded buffer: true when the
// variant ran, left its guards intact and wrote the reference's bytes.
inline bool run_against_reference(const Conv2dS8Variant& v, const Conv2dParams& p, const Conv1x1Case& c, bool no_bias) {
  const Conv2dS8Variant* ref = conv2d_s8_find_variant("conv2d_s8.ref");
  Conv2dS8Args args{c.input, c.filter, no_bias ? nullptr : c.bias, c.mult, c.shift, c.want, nullptr};
  if (ref == nullptr || conv2d_s8_run_variant(*ref, p, args, nullptr, 0) != Status::kOk) return false;
  const size_t scratch_n = v.scratch_bytes(p);
  uint8_t* out = guarded_alloc(c.out_n);
  uint8_t* scratch = guarded_alloc(scratch_n);
  if (out == nullptr || scratch == nullptr) return false;
  args.output = reinterpret_cast<int8_t*>(out);
  return conv2d_s8_run_variant(v, p, args, scratch, scratch_n) == Status::kOk && guards_intact(out, c.out_n) &&
         guards_intact(scratch, scratch_n) && std::memcmp(out, c.want, c.out_n) == 0;
}

}  // namespace cmnn::test
