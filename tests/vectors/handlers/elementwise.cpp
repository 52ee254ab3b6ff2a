// arm_elementwise_add_s8/s16, arm_elementwise_mul_s8/s16, arm_maximum_minimum_s8.
#include <cstring>

#include "arena.h"
#include "cmnn/elementwise.h"
#include "registry.h"

namespace cmnn::vectors {
namespace {

int32_t cfg(const Case& c, const char* key) { return static_cast<int32_t>(c.config(key)); }

template <typename P, typename T>
void run_all(const Case& c, Outcome* o, const P& p, const Array& in1, const Array& in2, const Array& ref,
             const Variant<P, BinaryArgs<T>>* (*variants)(size_t*),
             Status (*run)(const Variant<P, BinaryArgs<T>>&, const P&, const BinaryArgs<T>&, void*, size_t)) {
  (void)c;
  BinaryArgs<T> args;
  args.input1 = static_cast<const T*>(in1.data);
  args.input2 = static_cast<const T*>(in2.data);
  args.output = test::arena_alloc<T>(ref.count);
  constexpr size_t kScratch = 4096;
  void* scratch = test::arena_alloc<uint8_t>(kScratch);
  size_t count = 0;
  const auto* table = variants(&count);
  for (size_t i = 0; i < count; ++i) {
    if (!isa_runnable(table[i].isa) || !table[i].supports(p)) continue;
    const Status s = run(table[i], p, args, scratch, kScratch);
    if (s != Status::kOk) return fail(o, "%s: status %s", table[i].id, status_name(s));
    if (!compare_variant(o, table[i].id, args.output, ref.data, ref.count * sizeof(T))) return;
  }
  finish(o);
}

template <typename T>
void add(const Case& c, Outcome* o) {
  const char* dt = sizeof(T) == 1 ? "int8" : "int16";
  const Array in1 = c.array("input1", dt), in2 = c.array("input2", dt), ref = c.array("output_ref", dt);
  if (!in1.present() || !in2.present() || !ref.present()) return fail(o, "missing arrays");
  AddParams p;
  p.size = static_cast<int32_t>(ref.count);
  p.input1_offset = cfg(c, "INPUT1_OFFSET");
  p.input1_multiplier = cfg(c, "INPUT1_MULT");
  p.input1_shift = cfg(c, "INPUT1_SHIFT");
  p.input2_offset = cfg(c, "INPUT2_OFFSET");
  p.input2_multiplier = cfg(c, "INPUT2_MULT");
  p.input2_shift = cfg(c, "INPUT2_SHIFT");
  p.left_shift = cfg(c, "LEFT_SHIFT");
  p.output_offset = cfg(c, "OUTPUT_OFFSET");
  p.output_multiplier = cfg(c, "OUTPUT_MULT");
  p.output_shift = cfg(c, "OUTPUT_SHIFT");
  p.activation_min = cfg(c, "OUT_ACTIVATION_MIN");
  p.activation_max = cfg(c, "OUT_ACTIVATION_MAX");
  if constexpr (sizeof(T) == 1) run_all(c, o, p, in1, in2, ref, add_s8_variants, add_s8_run_variant);
  else run_all(c, o, p, in1, in2, ref, add_s16_variants, add_s16_run_variant);
}

template <typename T>
void mul(const Case& c, Outcome* o) {
  const char* dt = sizeof(T) == 1 ? "int8" : "int16";
  const Array in1 = c.array("input1", dt), in2 = c.array("input2", dt), ref = c.array("output_ref", dt);
  if (!in1.present() || !in2.present() || !ref.present()) return fail(o, "missing arrays");
  MulParams p;
  p.size = static_cast<int32_t>(ref.count);
  p.input1_offset = cfg(c, "INPUT1_OFFSET");
  p.input2_offset = cfg(c, "INPUT2_OFFSET");
  p.output_offset = cfg(c, "OUTPUT_OFFSET");
  p.output_multiplier = cfg(c, "OUTPUT_MULT");
  p.output_shift = cfg(c, "OUTPUT_SHIFT");
  p.activation_min = cfg(c, "OUT_ACTIVATION_MIN");
  p.activation_max = cfg(c, "OUT_ACTIVATION_MAX");
  if constexpr (sizeof(T) == 1) run_all(c, o, p, in1, in2, ref, mul_s8_variants, mul_s8_run_variant);
  else run_all(c, o, p, in1, in2, ref, mul_s16_variants, mul_s16_run_variant);
}

void max_min(const Case& c, Outcome* o) {
  const Array in1 = c.array("input_tensor_1", "int8"), in2 = c.array("input_tensor_2", "int8");
  const Array ref = c.array("output", "int8");
  if (!in1.present() || !in2.present() || !ref.present()) return fail(o, "missing arrays");
  BroadcastParams p;
  const char* k1[4] = {"BATCH_1", "HEIGHT_1", "WIDTH_1", "CHANNEL_1"};
  const char* k2[4] = {"BATCH_2", "HEIGHT_2", "WIDTH_2", "CHANNEL_2"};
  const char* ko[4] = {"OUTPUT_BATCH", "OUTPUT_HEIGHT", "OUTPUT_WIDTH", "OUTPUT_CHANNEL"};
  for (int d = 0; d < 4; ++d) {
    p.input1[d] = cfg(c, k1[d]);
    p.input2[d] = cfg(c, k2[d]);
    p.output[d] = cfg(c, ko[d]);
  }
  if (std::strncmp(c.name(), "maximum", 7) == 0) run_all(c, o, p, in1, in2, ref, maximum_s8_variants, maximum_s8_run_variant);
  else if (std::strncmp(c.name(), "minimum", 7) == 0) run_all(c, o, p, in1, in2, ref, minimum_s8_variants, minimum_s8_run_variant);
  else fail(o, "case name does not say maximum or minimum");
}

HandlerRegistration r1("arm_elementwise_add_s8", add<int8_t>);
HandlerRegistration r2("arm_elementwise_add_s16", add<int16_t>);
HandlerRegistration r3("arm_elementwise_mul_s8", mul<int8_t>);
HandlerRegistration r4("arm_elementwise_mul_s16", mul<int16_t>);
HandlerRegistration r5("arm_maximum_minimum_s8", max_min);

}  // namespace
}  // namespace cmnn::vectors
