// Shared by the vector handlers: picks arrays by role, reads config with defaults, and runs every
// variant of an op table that supports a case, with guard bytes around the output and the scratch,
// comparing the output byte for byte.
#pragma once
#include <cstring>
#include <initializer_list>
#include <type_traits>

#include "arena.h"
#include "test_data.h"
#include "cmnn/variant.h"
#include "registry.h"

namespace cmnn::vectors {

using test::guards_intact;
inline uint8_t* guarded(size_t bytes) { return test::guarded_alloc(bytes); }

// The first present array among roles, of dtype when not null.
inline Array first_of(const Case& c, std::initializer_list<const char*> roles, const char* dtype) {
  for (const char* r : roles) {
    Array a = c.array(r, dtype);
    if (a.present()) return a;
  }
  return Array{};
}

inline int32_t cfg(const Case& c, const char* key, int32_t fallback) {
  return c.has_config(key) ? static_cast<int32_t>(c.config(key)) : fallback;
}

// Runs every runnable variant of table that supports p on args (output written through the
// member pointer `output`, out_count elements) and compares with expected; finishes o unless told
// not to. Variants that also support *already_run are skipped (a second pass with prepared data,
// e.g. packed weights, runs only the variants that need it).
template <typename P, typename A, typename T>
void run_every_variant(const Variant<P, A>* table, size_t count,
                       Status (*run_variant)(const Variant<P, A>&, const P&, const A&, void*, size_t), const P& p,
                       A args, T* A::*output, size_t out_count, const void* expected, Outcome* o,
                       const std::remove_reference_t<P>* already_run = nullptr, bool finish_outcome = true) {
  const size_t out_bytes = out_count * sizeof(T);
  for (size_t i = 0; i < count; ++i) {
    const Variant<P, A>& v = table[i];
    if (!isa_runnable(v.isa) || !v.supports(p)) continue;
    if (already_run != nullptr && v.supports(*already_run)) continue;  // ran in an earlier pass
    const size_t mark = test::arena_mark();
    const size_t scratch_bytes = v.scratch_bytes(p);
    uint8_t* out = guarded(out_bytes);
    uint8_t* scratch = guarded(scratch_bytes);
    if (out == nullptr || scratch == nullptr) return fail(o, "arena exhausted");
    args.*output = reinterpret_cast<T*>(out);
    const Status s = run_variant(v, p, args, scratch, scratch_bytes);
    if (s != Status::kOk) return fail(o, "%s returned %s", v.id, status_name(s));
    if (!guards_intact(out, out_bytes) || !guards_intact(scratch, scratch_bytes))
      return fail(o, "%s wrote outside its output or scratch", v.id);
    if (!compare_variant(o, v.id, out, expected, out_bytes)) return;
    test::arena_rewind(mark);
  }
  if (finish_outcome) finish(o);
}

}  // namespace cmnn::vectors
