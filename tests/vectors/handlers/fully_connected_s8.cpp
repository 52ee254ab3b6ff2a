// Vector handler of fully_connected_s8 (arm_fully_connected_s8): every variant, the kernel-sum
// variant with sums from fully_connected_s8_prepare, guard bytes around output and scratch.
#include <cstring>

#include "arena.h"
#include "test_data.h"
#include "cmnn/fully_connected.h"
#include "registry.h"

namespace cmnn::vectors {
namespace {

using test::guards_intact;
inline uint8_t* guarded(size_t bytes) { return test::guarded_alloc(bytes); }

Array first_of(const Case& c, const char* a, const char* b, const char* dtype) {
  const Array x = c.array(a, dtype);
  return x.present() || b == nullptr ? x : c.array(b, dtype);
}

void run_fc_s8(const Case& c, Outcome* o) {
  FullyConnectedParams p;
  p.batches = static_cast<int32_t>(c.config("INPUT_BATCHES"));
  p.input_depth = static_cast<int32_t>(c.config("ACCUMULATION_DEPTH"));
  p.output_depth = static_cast<int32_t>(c.config("OUT_CH"));
  p.input_offset = static_cast<int32_t>(c.config("INPUT_OFFSET"));
  p.filter_offset = c.has_config("FILTER_OFFSET") ? static_cast<int32_t>(c.config("FILTER_OFFSET")) : 0;
  p.output_offset = static_cast<int32_t>(c.config("OUTPUT_OFFSET"));
  p.activation_min = static_cast<int32_t>(c.config("OUT_ACTIVATION_MIN"));
  p.activation_max = static_cast<int32_t>(c.config("OUT_ACTIVATION_MAX"));

  const Array input = c.array("input", "int8"), weights = c.array("weights", "int8");
  const Array bias = first_of(c, "biases", "bias", "int32");
  const Array expected = first_of(c, "output_ref", "output", "int8");
  Array mult = c.array("output_multiplier", "int32"), shift = c.array("output_shift", "int32");
  int32_t tensor_mult = 0, tensor_shift = 0;
  p.per_channel = mult.present();
  if (!p.per_channel) {
    tensor_mult = static_cast<int32_t>(c.config("OUTPUT_MULTIPLIER"));
    tensor_shift = static_cast<int32_t>(c.config("OUTPUT_SHIFT"));
  }
  const size_t out_count = static_cast<size_t>(p.batches) * p.output_depth;
  if (!input.present() || !weights.present() || !expected.present() || (p.per_channel && !shift.present()))
    return fail(o, "missing array");
  if (input.count != static_cast<size_t>(p.batches) * p.input_depth ||
      weights.count != static_cast<size_t>(p.input_depth) * p.output_depth || expected.count != out_count ||
      (bias.present() && bias.count != static_cast<size_t>(p.output_depth)) ||
      (p.per_channel && (mult.count != static_cast<size_t>(p.output_depth) || shift.count != mult.count)))
    return fail(o, "array sizes do not match the config");

  FullyConnectedS8Args args;
  args.input = input.s8();
  args.weights = weights.s8();
  args.bias = bias.present() ? bias.s32() : nullptr;
  args.multiplier = p.per_channel ? mult.s32() : &tensor_mult;
  args.shift = p.per_channel ? shift.s32() : &tensor_shift;
  auto* sums = test::arena_alloc<int32_t>(static_cast<size_t>(p.output_depth));
  if (sums == nullptr) return fail(o, "arena exhausted");
  const Status prepared = fully_connected_s8_prepare(p, args.weights, args.bias, sums);
  if (prepared != Status::kOk) return fail(o, "prepare returned %s", status_name(prepared));
  args.kernel_sums = sums;
  // Weights widened and interleaved offline for the packed variant, when the shape allows it.
  const size_t packed_count = fully_connected_s8_packed_count(p);
  if (packed_count > 0) {
    auto* packed = test::arena_alloc<int16_t>(packed_count);
    if (packed == nullptr) return fail(o, "arena exhausted");
    const Status packed_status = fully_connected_s8_pack(p, args.weights, packed, packed_count);
    if (packed_status != Status::kOk) return fail(o, "pack returned %s", status_name(packed_status));
    args.packed_weights = packed;
  }
  // Weights reordered per row pair for the pairs variant, when the shape allows it.
  const size_t weight_bytes = static_cast<size_t>(p.output_depth) * p.input_depth;
  auto* pairs = test::arena_alloc<int8_t>(weight_bytes);
  if (pairs == nullptr) return fail(o, "arena exhausted");
  const bool has_pairs = fully_connected_s8_pair_weights(p, args.weights, pairs, weight_bytes) == Status::kOk;
  if (has_pairs) args.pair_weights = pairs;

  size_t count = 0;
  const FullyConnectedS8Variant* table = fully_connected_s8_variants(&count);
  for (size_t i = 0; i < count; ++i) {
    const FullyConnectedS8Variant& v = table[i];
    // Plain parameters first; variants that refuse them need the prepared kernel sums, the
    // packed weights or the sums and the pair-reordered weights.
    FullyConnectedParams q = p;
    q.has_kernel_sums = !v.supports(q);
    if (!v.supports(q) && packed_count > 0) {
      q.has_kernel_sums = false;
      q.has_packed_weights = true;
    }
    if (!v.supports(q) && has_pairs) {
      q.has_kernel_sums = q.has_pair_weights = true;
      q.has_packed_weights = false;
    }
    if (!isa_runnable(v.isa) || !v.supports(q)) continue;
    const size_t mark = test::arena_mark();
    const size_t scratch_bytes = v.scratch_bytes(q);
    uint8_t* out = guarded(out_count);
    uint8_t* scratch = guarded(scratch_bytes);
    if (out == nullptr || scratch == nullptr) return fail(o, "arena exhausted");
    args.output = reinterpret_cast<int8_t*>(out);
    const Status s = fully_connected_s8_run_variant(v, q, args, scratch, scratch_bytes);
    if (s != Status::kOk) return fail(o, "%s returned %s", v.id, status_name(s));
    if (!guards_intact(out, out_count) || !guards_intact(scratch, scratch_bytes))
      return fail(o, "%s wrote outside its output or scratch", v.id);
    if (!compare_variant(o, v.id, out, expected.data, out_count)) return;
    test::arena_rewind(mark);
  }
  finish(o);
}

const HandlerRegistration kFullyConnected("arm_fully_connected_s8", run_fc_s8);

}  // namespace
}  // namespace cmnn::vectors
