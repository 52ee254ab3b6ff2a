// arm_batch_matmul_s8/s16. The operands in cmnn's layout (lhs [rows][depth], rhs as [cols][depth]):
// lhs is lhs_input, or lhs_transposed when ADJ_X; rhs is rhs_transposed, or rhs_input when ADJ_Y.
#include "arena.h"
#include "cmnn/batch_matmul.h"
#include "registry.h"

namespace cmnn::vectors {
namespace {

template <typename T>
void bmm(const Case& c, Outcome* o) {
  const char* dt = sizeof(T) == 1 ? "int8" : "int16";
  const bool adj_x = c.config("ADJ_X") != 0, adj_y = c.config("ADJ_Y") != 0;
  const Array lhs = c.array(adj_x ? "lhs_transposed_tensor" : "lhs_input_tensor", dt);
  const Array rhs = c.array(adj_y ? "rhs_input_tensor" : "rhs_transposed_tensor", dt);
  const Array ref = c.array("output", dt);
  if (!lhs.present() || !rhs.present() || !ref.present()) return fail(o, "missing arrays");
  BatchMatmulParams p;
  auto cfg = [&c](const char* k) { return static_cast<int32_t>(c.config(k)); };
  p.lhs_batch = cfg("LHS_BATCH");
  p.lhs_height = cfg("LHS_HEIGHT");
  p.rhs_batch = cfg("RHS_BATCH");
  p.rhs_height = cfg("RHS_HEIGHT");
  p.rows = cfg("OUTPUT_ROWS");
  p.cols = cfg("OUTPUT_COLS");
  p.depth = static_cast<int32_t>(lhs.count / static_cast<size_t>(p.lhs_batch * p.lhs_height * p.rows));
  p.lhs_offset = cfg("LHS_OFFSET");
  p.rhs_offset = cfg("RHS_OFFSET");
  p.output_offset = cfg("OUTPUT_OFFSET");
  p.output_multiplier = cfg("OUTPUT_MULTIPLIER");
  p.output_shift = cfg("OUTPUT_SHIFT");
  p.activation_min = cfg("ACTIVATION_MIN");
  p.activation_max = cfg("ACTIVATION_MAX");
  BatchMatmulArgs<T> args{static_cast<const T*>(lhs.data), static_cast<const T*>(rhs.data), test::arena_alloc<T>(ref.count)};
  size_t count = 0;
  const Variant<BatchMatmulParams, BatchMatmulArgs<T>>* table;
  Status (*run)(const Variant<BatchMatmulParams, BatchMatmulArgs<T>>&, const BatchMatmulParams&,
                const BatchMatmulArgs<T>&, void*, size_t);
  if constexpr (sizeof(T) == 1) {
    table = batch_matmul_s8_variants(&count);
    run = batch_matmul_s8_run_variant;
  } else {
    table = batch_matmul_s16_variants(&count);
    run = batch_matmul_s16_run_variant;
  }
  for (size_t i = 0; i < count; ++i) {
    if (!isa_runnable(table[i].isa) || !table[i].supports(p)) continue;
    const Status s = run(table[i], p, args, nullptr, 0);
    if (s != Status::kOk) return fail(o, "%s: status %s", table[i].id, status_name(s));
    if (!compare_variant(o, table[i].id, args.output, ref.data, ref.count * sizeof(T))) return;
  }
  finish(o);
}

HandlerRegistration r1("arm_batch_matmul_s8", bmm<int8_t>);
HandlerRegistration r2("arm_batch_matmul_s16", bmm<int16_t>);

}  // namespace
}  // namespace cmnn::vectors
