// arm_pad_s8 and arm_transpose_s8.
#include "arena.h"
#include "cmnn/pad.h"
#include "cmnn/transpose.h"
#include "platform.h"
#include "registry.h"

namespace cmnn::vectors {
namespace {

template <typename P, typename A>
void run_all(Outcome* o, const P& p, A args, const Array& ref, const Variant<P, A>* (*variants)(size_t*),
             Status (*run)(const Variant<P, A>&, const P&, const A&, void*, size_t)) {
  size_t count = 0;
  const auto* table = variants(&count);
  for (size_t i = 0; i < count; ++i) {
    if (!isa_runnable(table[i].isa) || !table[i].supports(p)) continue;
    for (size_t k = 0; k < ref.count; ++k) args.output[k] = 0x5A;
    const Status s = run(table[i], p, args, nullptr, 0);
    if (s != Status::kOk) return fail(o, "%s: status %s", table[i].id, status_name(s));
    if (!compare_variant(o, table[i].id, args.output, ref.data, ref.count)) return;
  }
  finish(o);
}

void pad(const Case& c, Outcome* o) {
  const Array in = c.array("input_tensor", "int8"), ref = c.array("output", "int8");
  if (!in.present() || !ref.present()) return fail(o, "missing arrays");
  PadParams p;
  const char* dims[4] = {"N", "H", "W", "C"};
  char key[32];
  for (int d = 0; d < 4; ++d) {
    platform::format(key, sizeof key, "INPUT_%s", dims[d]);
    p.input[d] = static_cast<int32_t>(c.config(key));
    platform::format(key, sizeof key, "PRE_PAD_%s", dims[d]);
    p.before[d] = static_cast<int32_t>(c.config(key));
    platform::format(key, sizeof key, "POST_PAD_%s", dims[d]);
    p.after[d] = static_cast<int32_t>(c.config(key));
  }
  p.value = static_cast<int8_t>(c.config("PAD_VALUE"));
  PadArgs args{in.s8(), test::arena_alloc<int8_t>(ref.count)};
  run_all(o, p, args, ref, pad_s8_variants, pad_s8_run_variant);
}

void transpose(const Case& c, Outcome* o) {
  const Array in = c.array("input_tensor", "int8"), ref = c.array("output", "int8");
  if (!in.present() || !ref.present()) return fail(o, "missing arrays");
  TransposeParams p;
  p.rank = static_cast<int32_t>(c.config("PERM_SIZE"));
  const json::Value dims = c.config_value("IN_DIM"), perm = c.config_value("PERM");
  if (!dims.is_array() || !perm.is_array() || p.rank < 1 || p.rank > 4) return fail(o, "bad IN_DIM/PERM config");
  for (int i = 0; i < p.rank; ++i) {
    p.input[i] = static_cast<int32_t>(dims.at(static_cast<size_t>(i)).int_or(0));
    p.perm[i] = static_cast<int32_t>(perm.at(static_cast<size_t>(i)).int_or(-1));
  }
  TransposeArgs args{in.s8(), test::arena_alloc<int8_t>(ref.count)};
  run_all(o, p, args, ref, transpose_s8_variants, transpose_s8_run_variant);
}

HandlerRegistration r1("arm_pad_s8", pad);
HandlerRegistration r2("arm_transpose_s8", transpose);

}  // namespace
}  // namespace cmnn::vectors
