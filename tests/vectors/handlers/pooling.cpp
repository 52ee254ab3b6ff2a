// arm_avgpool_s8/s16, arm_max_pool_s8/s16: every pooling variant on each case.
#include "arena.h"
#include "cmnn/pooling.h"
#include "registry.h"

namespace cmnn::vectors {
namespace {

PoolParams pool_params(const Case& c) {
  PoolParams p;
  p.batches = static_cast<int32_t>(c.config("BATCH_SIZE"));
  p.input_h = static_cast<int32_t>(c.config("INPUT_H"));
  p.input_w = static_cast<int32_t>(c.config("INPUT_W"));
  p.channels = static_cast<int32_t>(c.config("INPUT_C"));
  p.output_h = static_cast<int32_t>(c.config("OUTPUT_H"));
  p.output_w = static_cast<int32_t>(c.config("OUTPUT_W"));
  p.filter_h = static_cast<int32_t>(c.config("FILTER_H"));
  p.filter_w = static_cast<int32_t>(c.config("FILTER_W"));
  p.stride_h = static_cast<int32_t>(c.config("STRIDE_H"));
  p.stride_w = static_cast<int32_t>(c.config("STRIDE_W"));
  p.pad_top = static_cast<int32_t>(c.config("PADDING_H"));
  p.pad_left = static_cast<int32_t>(c.config("PADDING_W"));
  p.activation_min = static_cast<int32_t>(c.config("ACTIVATION_MIN"));
  p.activation_max = static_cast<int32_t>(c.config("ACTIVATION_MAX"));
  return p;
}

template <typename T>
void run_pool(const Case& c, Outcome* o, const Variant<PoolParams, PoolArgs<T>>* (*variants)(size_t*),
              Status (*run)(const Variant<PoolParams, PoolArgs<T>>&, const PoolParams&, const PoolArgs<T>&, void*,
                            size_t)) {
  const char* dtype = sizeof(T) == 1 ? "int8" : "int16";
  const Array in = c.array("input_tensor", dtype), ref = c.array("output", dtype);
  if (!in.present() || !ref.present()) return fail(o, "missing input_tensor/output arrays");
  const PoolParams p = pool_params(c);
  PoolArgs<T> args;
  args.input = static_cast<const T*>(in.data);
  args.output = test::arena_alloc<T>(ref.count);
  size_t count = 0;
  const auto* table = variants(&count);
  for (size_t i = 0; i < count; ++i) {
    if (!isa_runnable(table[i].isa) || !table[i].supports(p)) continue;
    for (size_t k = 0; k < ref.count; ++k) args.output[k] = static_cast<T>(0x5A);
    const Status s = run(table[i], p, args, nullptr, 0);
    if (s != Status::kOk) return fail(o, "%s: status %s", table[i].id, status_name(s));
    if (!compare_variant(o, table[i].id, args.output, ref.data, ref.count * sizeof(T))) return;
  }
  finish(o);
}

void avg_s8(const Case& c, Outcome* o) { run_pool<int8_t>(c, o, avgpool_s8_variants, avgpool_s8_run_variant); }
void avg_s16(const Case& c, Outcome* o) { run_pool<int16_t>(c, o, avgpool_s16_variants, avgpool_s16_run_variant); }
void max_s8(const Case& c, Outcome* o) { run_pool<int8_t>(c, o, maxpool_s8_variants, maxpool_s8_run_variant); }
void max_s16(const Case& c, Outcome* o) { run_pool<int16_t>(c, o, maxpool_s16_variants, maxpool_s16_run_variant); }

HandlerRegistration r1("arm_avgpool_s8", avg_s8);
HandlerRegistration r2("arm_avgpool_s16", avg_s16);
HandlerRegistration r3("arm_max_pool_s8", max_s8);
HandlerRegistration r4("arm_max_pool_s16", max_s16);

}  // namespace
}  // namespace cmnn::vectors
