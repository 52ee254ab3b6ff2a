// Generic plumbing shared by every op's variant table (conv, depthwise, fully connected, pooling,
// softmax, elementwise, ...; CMNN_DEFINE_OP_TABLE below): finding a variant by id, choosing
// the one an entry point runs, and the checks every run goes through in the same order
// (parameters first, then variant support, then scratch), so a variant's run() may assume
// validated parameters and enough scratch.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <utility>

#include "cmnn/op_api.h"

#include "cmnn/status.h"
#include "cmnn/variant.h"

namespace cmnn::op_table {

template <typename P, typename A, size_t N>
const Variant<P, A>* find(const Variant<P, A> (&table)[N], const char* id) {
  if (id == nullptr) return nullptr;
  for (size_t i = 0; i < N; ++i) {
    if (std::strcmp(table[i].id, id) == 0) return &table[i];
  }
  return nullptr;
}

// The fastest native variant that supports params and needs at most scratch_size bytes; with
// scratch_size = SIZE_MAX, the fastest one (whose scratch_bytes is what callers should provide).
template <typename P, typename A, size_t N>
const Variant<P, A>* choose(const Variant<P, A> (&table)[N], const P& params, size_t scratch_size) {
  for (size_t i = 0; i < N; ++i) {
    if (isa_native(table[i].isa) && table[i].supports(params) && table[i].scratch_bytes(params) <= scratch_size) {
      return &table[i];
    }
  }
  return nullptr;
}

// The largest scratch any entry of a table that supports params needs, whatever its ISA: what a
// variant that delegates to another op's entry point (the int4 "unpacked" variants over the int8
// tables) plans for that part, so the figure is the same on the host, where the compiler plans
// scratch, and on every core.
template <typename P, typename A>
size_t max_scratch_any_core(const Variant<P, A>* table, size_t count, const P& params) {
  size_t most = 0;
  for (size_t i = 0; i < count; ++i) {
    if (table[i].supports(params) && table[i].scratch_bytes(params) > most) most = table[i].scratch_bytes(params);
  }
  return most;
}

// Parameters any table may be asked about (the default of CMNN_DEFINE_OP_TABLE: its variants'
// supports() and scratch_bytes() take any values).
template <typename P>
bool any_params(const P&) {
  return true;
}

// The variant the entry point runs with prefix_scratch_bytes() bytes: the fastest native one that
// supports params; nullptr when none does or valid(params) is false (ops whose supports() and
// scratch_bytes() need sane shapes first, e.g. conv2d_s8: int32 sizes).
template <typename P, typename A, size_t N>
const Variant<P, A>* select(const Variant<P, A> (&table)[N], bool (*valid)(const P&), const P& params) {
  return valid(params) ? choose(table, params, SIZE_MAX) : nullptr;
}

// Runs variant after the op's check(params, args); scratch may be null when none is needed.
template <typename P, typename A>
Status run_checked(const Variant<P, A>& variant, Status (*check)(const P&, const A&), const P& params,
                   const A& args, void* scratch, size_t scratch_size) {
  const Status s = check(params, args);
  if (s != Status::kOk) return s;
  if (!isa_runnable(variant.isa) || !variant.supports(params)) return Status::kUnsupported;
  const size_t need = variant.scratch_bytes(params);
  if (need > 0 && (scratch == nullptr || scratch_size < need)) {
    return scratch == nullptr ? Status::kNullPointer : Status::kScratchTooSmall;
  }
  return variant.run(params, args, scratch, scratch_size);
}

// Entry point: checks, then the fastest variant that fits the scratch given.
template <typename P, typename A, size_t N>
Status run_best(const Variant<P, A> (&table)[N], Status (*check)(const P&, const A&), const P& params,
                const A& args, void* scratch, size_t scratch_size) {
  const Status s = check(params, args);
  if (s != Status::kOk) return s;
  const Variant<P, A>* v = choose(table, params, scratch == nullptr ? 0 : scratch_size);
  if (v == nullptr) return Status::kUnsupported;
  return v->run(params, args, scratch, scratch_size);
}

inline bool product_fits(const int32_t* dims, int count, int64_t limit = INT32_MAX) {
  int64_t p = 1;
  for (int i = 0; i < count; ++i) {
    if (dims[i] <= 0) return false;
    p *= dims[i];
    if (p > limit) return false;
  }
  return true;
}

// Valid Q31 multiplier of a requantization (TFLite: [2^30, 2^31) or 0) and shift.
inline bool valid_requant(int32_t multiplier, int32_t shift) {
  return multiplier >= 0 && shift >= -31 && shift <= 30;
}

// A variant's id as a char array of its own. The table's string literals share one mergeable
// section per object file (.rodata.str1.4), which the linker keeps or drops as a whole, so an entry
// pointing at its literal would link every id of the object; an entry pointing at its own array
// links only its own id (-fdata-sections: one section per array).
template <size_t N>
struct OwnId {
  char text[N];
};

constexpr size_t id_size(const char* id) {
  size_t n = 0;
  while (id[n] != '\0') ++n;
  return n + 1;
}

template <size_t N>
constexpr OwnId<N> own_id(const char* id) {
  OwnId<N> copy{};
  for (size_t i = 0; i < N; ++i) copy.text[i] = id[i];
  return copy;
}

}  // namespace cmnn::op_table

// prefix_variant_at<I>() (cmnn/op_api.h): entry I copied at compile time into an object of its own,
// its id too (OwnId), so a reference to it keeps that entry's functions and id, not the table nor
// the other entries' ids (with -ffunction-sections, -fdata-sections and --gc-sections). Every
// index is instantiated here, in the table's file, by prefix_variant_at_all() (its array of their
// addresses makes the compiler emit each one); nothing calls it, so the linker drops it.
#define CMNN_DEFINE_VARIANT_AT(prefix, Params, Args, table)                                                    \
  template <size_t I>                                                                                         \
  const ::cmnn::Variant<Params, Args>* prefix##_variant_at() {                                                \
    static_assert(I < sizeof(table) / sizeof(table[0]), "variant index beyond the table");                     \
    static constexpr auto kId = ::cmnn::op_table::own_id<::cmnn::op_table::id_size(table[I].id)>(table[I].id); \
    static constexpr ::cmnn::Variant<Params, Args> kEntry = {kId.text, table[I].isa, table[I].supports,        \
                                                             table[I].scratch_bytes, table[I].run};           \
    return &kEntry;                                                                                           \
  }                                                                                                           \
  template <size_t... I>                                                                                      \
  const void* prefix##_variant_at_list(std::index_sequence<I...>) {                                           \
    using Fn = const ::cmnn::Variant<Params, Args>* (*)();                                                    \
    static constexpr Fn kAll[] = {&prefix##_variant_at<I>...};                                                \
    return kAll;                                                                                              \
  }                                                                                                           \
  const void* prefix##_variant_at_all() {                                                                     \
    return prefix##_variant_at_list(std::make_index_sequence<sizeof(table) / sizeof(table[0])>{});            \
  }

// Defines the table accessors of one op family (cmnn/op_api.h) next to its table, e.g.
// src/kernels/pooling/pooling.cpp. check(params, args) validates a call; every accessor goes
// through the same code, so adding a variant or an ISA is one table line.
#define CMNN_DEFINE_OP_TABLE(prefix, Params, Args, table, check)                                              \
  CMNN_DEFINE_OP_TABLE_VALIDATED(prefix, Params, Args, table, check, ::cmnn::op_table::any_params<Params>)

// The same, for a table whose supports()/scratch_bytes() may only see parameters with
// valid(params) true (prefix_select() and prefix_scratch_bytes() answer nullptr / 0 for others).
#define CMNN_DEFINE_OP_TABLE_VALIDATED(prefix, Params, Args, table, check, valid)                             \
  CMNN_DEFINE_VARIANT_AT(prefix, Params, Args, table)                                                         \
  const ::cmnn::Variant<Params, Args>* prefix##_variants(size_t* count) {                                     \
    *count = sizeof(table) / sizeof(table[0]);                                                                \
    return table;                                                                                             \
  }                                                                                                           \
  const ::cmnn::Variant<Params, Args>* prefix##_find_variant(const char* id) {                                \
    return ::cmnn::op_table::find(table, id);                                                                 \
  }                                                                                                           \
  const ::cmnn::Variant<Params, Args>* prefix##_select(const Params& params) {                                \
    return ::cmnn::op_table::select(table, valid, params);                                                    \
  }                                                                                                           \
  size_t prefix##_scratch_bytes(const Params& params) {                                                       \
    const auto* v = ::cmnn::op_table::select(table, valid, params);                                           \
    return v == nullptr ? 0 : v->scratch_bytes(params);                                                      \
  }                                                                                                           \
  ::cmnn::Status prefix(const Params& params, const Args& args, void* scratch, size_t scratch_size) {         \
    return ::cmnn::op_table::run_best(table, check, params, args, scratch, scratch_size);                     \
  }                                                                                                           \
  ::cmnn::Status prefix##_run_variant(const ::cmnn::Variant<Params, Args>& variant, const Params& params,      \
                                      const Args& args, void* scratch, size_t scratch_size) {                 \
    return ::cmnn::op_table::run_checked(variant, check, params, args, scratch, scratch_size);                \
  }
