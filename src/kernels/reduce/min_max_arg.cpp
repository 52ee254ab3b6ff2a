// REDUCE_MAX / REDUCE_MIN int8 over any axes and ARG_MAX / ARG_MIN int8 over one axis (reference;
// TFLite ReduceGeneric with lowest()/max() start values, ArgMinMax with strict > / < so the first
// extreme wins).
#include "cmnn/reduce.h"
#include "kernels/op_table/op_table.h"
#include "kernels/reduce/reduce_walk.h"

namespace cmnn {

namespace {
template <bool kMax>
Status reduce_min_max_ref(const ReduceMinMaxParams& p, const ReduceArgs<int8_t>& a, void*, size_t) {
  const reduce::AxisSplit s = reduce::split(p.dims, p.axis_mask);
  int8_t* out = a.output;
  reduce::for_each_offset(s.kept_dims, s.kept_strides, s.kept_count, [&](int32_t base) {
    int8_t best = kMax ? int8_t{-128} : int8_t{127};
    const int8_t* in = a.input + base;
    reduce::for_each_offset(s.reduced_dims, s.reduced_strides, s.reduced_count, [&](int32_t offset) {
      const int8_t v = in[offset];
      if (kMax ? v > best : v < best) best = v;
    });
    *out++ = best;
  });
  return Status::kOk;
}

Status check_reduce_min_max(const ReduceMinMaxParams& p, const ReduceArgs<int8_t>& a) {
  if (a.input == nullptr || a.output == nullptr) return Status::kNullPointer;
  if (!reduce::valid_dims(p.dims, p.axis_mask)) return Status::kBadShape;
  return Status::kOk;
}

template <bool kMax, typename Index>
Status arg_min_max_ref(const ArgMinMaxParams& p, const ArgMinMaxArgs<Index>& a, void*, size_t) {
  for (int32_t o = 0; o < p.outer; ++o) {
    const int8_t* block = a.input + o * p.axis_size * p.inner;
    Index* out = a.output + o * p.inner;
    for (int32_t i = 0; i < p.inner; ++i) {
      int8_t best = block[i];
      int32_t best_index = 0;
      for (int32_t k = 1; k < p.axis_size; ++k) {
        const int8_t v = block[k * p.inner + i];
        if (kMax ? v > best : v < best) {
          best = v;
          best_index = k;
        }
      }
      out[i] = static_cast<Index>(best_index);
    }
  }
  return Status::kOk;
}

template <typename Index>
Status check_arg_min_max(const ArgMinMaxParams& p, const ArgMinMaxArgs<Index>& a) {
  if (a.input == nullptr || a.output == nullptr) return Status::kNullPointer;
  const int32_t dims[3] = {p.outer, p.axis_size, p.inner};
  if (!op_table::product_fits(dims, 3)) return Status::kBadShape;
  return Status::kOk;
}

bool always_rm(const ReduceMinMaxParams&) { return true; }
size_t no_scratch_rm(const ReduceMinMaxParams&) { return 0; }
bool always_arg(const ArgMinMaxParams&) { return true; }
size_t no_scratch_arg(const ArgMinMaxParams&) { return 0; }

constexpr Variant<ReduceMinMaxParams, ReduceArgs<int8_t>> kReduceMax[] = {
    {"reduce_max_s8.ref", Isa::kPortable, always_rm, no_scratch_rm, reduce_min_max_ref<true>},
};
constexpr Variant<ReduceMinMaxParams, ReduceArgs<int8_t>> kReduceMin[] = {
    {"reduce_min_s8.ref", Isa::kPortable, always_rm, no_scratch_rm, reduce_min_max_ref<false>},
};
constexpr Variant<ArgMinMaxParams, ArgMinMaxArgs<int32_t>> kArgMax[] = {
    {"arg_max_s8.ref", Isa::kPortable, always_arg, no_scratch_arg, arg_min_max_ref<true, int32_t>},
};
constexpr Variant<ArgMinMaxParams, ArgMinMaxArgs<int32_t>> kArgMin[] = {
    {"arg_min_s8.ref", Isa::kPortable, always_arg, no_scratch_arg, arg_min_max_ref<false, int32_t>},
};
constexpr Variant<ArgMinMaxParams, ArgMinMaxArgs<int64_t>> kArgMax64[] = {
    {"arg_max_s8_i64.ref", Isa::kPortable, always_arg, no_scratch_arg, arg_min_max_ref<true, int64_t>},
};
constexpr Variant<ArgMinMaxParams, ArgMinMaxArgs<int64_t>> kArgMin64[] = {
    {"arg_min_s8_i64.ref", Isa::kPortable, always_arg, no_scratch_arg, arg_min_max_ref<false, int64_t>},
};
}  // namespace

CMNN_DEFINE_OP_TABLE(reduce_max_s8, ReduceMinMaxParams, ReduceArgs<int8_t>, kReduceMax, check_reduce_min_max)
CMNN_DEFINE_OP_TABLE(reduce_min_s8, ReduceMinMaxParams, ReduceArgs<int8_t>, kReduceMin, check_reduce_min_max)
CMNN_DEFINE_OP_TABLE(arg_max_s8, ArgMinMaxParams, ArgMinMaxArgs<int32_t>, kArgMax, check_arg_min_max<int32_t>)
CMNN_DEFINE_OP_TABLE(arg_min_s8, ArgMinMaxParams, ArgMinMaxArgs<int32_t>, kArgMin, check_arg_min_max<int32_t>)
CMNN_DEFINE_OP_TABLE(arg_max_s8_i64, ArgMinMaxParams, ArgMinMaxArgs<int64_t>, kArgMax64, check_arg_min_max<int64_t>)
CMNN_DEFINE_OP_TABLE(arg_min_s8_i64, ArgMinMaxParams, ArgMinMaxArgs<int64_t>, kArgMin64, check_arg_min_max<int64_t>)

}  // namespace cmnn
