// arm_softmax_s8, arm_softmax_s8_s16, arm_softmax_s16: every softmax variant on each case.
#include "arena.h"
#include "cmnn/softmax.h"
#include "registry.h"

namespace cmnn::vectors {
namespace {

template <typename In, typename Out>
void run_softmax(const Case& c, Outcome* o, const Variant<SoftmaxParams, SoftmaxArgs<In, Out>>* (*variants)(size_t*),
                 Status (*run)(const Variant<SoftmaxParams, SoftmaxArgs<In, Out>>&, const SoftmaxParams&,
                               const SoftmaxArgs<In, Out>&, void*, size_t)) {
  const Array in = c.array("input", sizeof(In) == 1 ? "int8" : "int16");
  const Array ref = c.array("output_ref", sizeof(Out) == 1 ? "int8" : "int16");
  if (!in.present() || !ref.present()) return fail(o, "missing input/output_ref arrays");
  SoftmaxParams p;
  p.rows = static_cast<int32_t>(c.config("NUM_ROWS"));
  p.row_size = static_cast<int32_t>(c.config("ROW_SIZE"));
  p.input_multiplier = static_cast<int32_t>(c.config("INPUT_MULT"));
  p.input_left_shift = static_cast<int32_t>(c.config("INPUT_LEFT_SHIFT"));
  p.diff_min = c.has_config("DIFF_MIN") ? static_cast<int32_t>(c.config("DIFF_MIN")) : 0;
  SoftmaxArgs<In, Out> args;
  args.input = static_cast<const In*>(in.data);
  args.output = test::arena_alloc<Out>(ref.count);
  size_t count = 0;
  const auto* table = variants(&count);
  for (size_t i = 0; i < count; ++i) {
    if (!isa_runnable(table[i].isa) || !table[i].supports(p)) continue;
    const size_t scratch_bytes = table[i].scratch_bytes(p);  // exp_once keeps its exps there
    void* scratch = scratch_bytes > 0 ? test::arena_alloc<uint8_t>(scratch_bytes) : nullptr;
    if (scratch_bytes > 0 && scratch == nullptr) return fail(o, "%s: no arena for %zu scratch bytes", table[i].id, scratch_bytes);
    const Status s = run(table[i], p, args, scratch, scratch_bytes);
    if (s != Status::kOk) return fail(o, "%s: status %s", table[i].id, status_name(s));
    if (!compare_variant(o, table[i].id, args.output, ref.data, ref.count * sizeof(Out))) return;
  }
  finish(o);
}

void s8(const Case& c, Outcome* o) { run_softmax<int8_t, int8_t>(c, o, softmax_s8_variants, softmax_s8_run_variant); }
void s8_s16(const Case& c, Outcome* o) {
  run_softmax<int8_t, int16_t>(c, o, softmax_s8_s16_variants, softmax_s8_s16_run_variant);
}
void s16(const Case& c, Outcome* o) { run_softmax<int16_t, int16_t>(c, o, softmax_s16_variants, softmax_s16_run_variant); }

HandlerRegistration r1("arm_softmax_s8", s8);
HandlerRegistration r2("arm_softmax_s8_s16", s8_s16);
HandlerRegistration r3("arm_softmax_s16", s16);

}  // namespace
}  // namespace cmnn::vectors
