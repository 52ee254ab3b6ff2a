// The depthwise entry points: check, pick the first native variant that supports the call, run it.
#include <iterator>

#include "cmnn/depthwise.h"
#include "kernels/op_table/op_table.h"

namespace cmnn {
namespace {

template <typename V, size_t N>
size_t scratch_of(const V (&table)[N], const DepthwiseConvParams& p) {
  const V* v = select_variant(table, p);
  return v != nullptr ? v->scratch_bytes(p) : 0;
}

// The fastest native variant that supports p and fits the scratch given (a caller without scratch
// still gets the scratch-free reference).
template <typename V, size_t N, typename Args>
Status run_selected(const V (&table)[N], const DepthwiseConvParams& p, const Args& a, void* scratch, size_t size) {
  const Status s = depthwise_conv_check(p, a);
  if (s != Status::kOk) return s;
  for (const V& v : table) {
    const size_t need = v.scratch_bytes(p);
    if (isa_native(v.isa) && v.supports(p) && need <= size && (need == 0 || scratch != nullptr)) {
      return v.run(p, a, scratch, size);
    }
  }
  return Status::kUnsupported;
}

}  // namespace

const DepthwiseConvS8Variant* depthwise_conv2d_s8_variant(const DepthwiseConvParams& p) {
  return select_variant(kDepthwiseConvS8Variants, p);
}
const DepthwiseConvS16Variant* depthwise_conv2d_s16_variant(const DepthwiseConvParams& p) {
  return select_variant(kDepthwiseConvS16Variants, p);
}
const DepthwiseConvS4Variant* depthwise_conv2d_s4_variant(const DepthwiseConvParams& p) {
  return select_variant(kDepthwiseConvS4Variants, p);
}
size_t depthwise_conv2d_s8_scratch_bytes(const DepthwiseConvParams& p) { return scratch_of(kDepthwiseConvS8Variants, p); }
size_t depthwise_conv2d_s16_scratch_bytes(const DepthwiseConvParams& p) { return scratch_of(kDepthwiseConvS16Variants, p); }
size_t depthwise_conv2d_s4_scratch_bytes(const DepthwiseConvParams& p) { return scratch_of(kDepthwiseConvS4Variants, p); }

Status depthwise_conv2d_s8(const DepthwiseConvParams& p, const DepthwiseConvS8Args& a, void* scratch, size_t size) {
  return run_selected(kDepthwiseConvS8Variants, p, a, scratch, size);
}
Status depthwise_conv2d_s16(const DepthwiseConvParams& p, const DepthwiseConvS16Args& a, void* scratch, size_t size) {
  return run_selected(kDepthwiseConvS16Variants, p, a, scratch, size);
}
Status depthwise_conv2d_s4(const DepthwiseConvParams& p, const DepthwiseConvS4Args& a, void* scratch, size_t size) {
  return run_selected(kDepthwiseConvS4Variants, p, a, scratch, size);
}

namespace {
Status check_s8(const DepthwiseConvParams& p, const DepthwiseConvS8Args& a) { return depthwise_conv_check(p, a); }
Status check_s16(const DepthwiseConvParams& p, const DepthwiseConvS16Args& a) { return depthwise_conv_check(p, a); }
Status check_s4(const DepthwiseConvParams& p, const DepthwiseConvS4Args& a) { return depthwise_conv_check(p, a); }
}  // namespace

const DepthwiseConvS8Variant* depthwise_conv2d_s8_variants(size_t* count) {
  *count = std::size(kDepthwiseConvS8Variants);
  return kDepthwiseConvS8Variants;
}
const DepthwiseConvS16Variant* depthwise_conv2d_s16_variants(size_t* count) {
  *count = std::size(kDepthwiseConvS16Variants);
  return kDepthwiseConvS16Variants;
}
const DepthwiseConvS4Variant* depthwise_conv2d_s4_variants(size_t* count) {
  *count = std::size(kDepthwiseConvS4Variants);
  return kDepthwiseConvS4Variants;
}
CMNN_DEFINE_VARIANT_AT(depthwise_conv2d_s8, DepthwiseConvParams, DepthwiseConvS8Args, kDepthwiseConvS8Variants)
CMNN_DEFINE_VARIANT_AT(depthwise_conv2d_s16, DepthwiseConvParams, DepthwiseConvS16Args, kDepthwiseConvS16Variants)
CMNN_DEFINE_VARIANT_AT(depthwise_conv2d_s4, DepthwiseConvParams, DepthwiseConvS4Args, kDepthwiseConvS4Variants)
const DepthwiseConvS8Variant* depthwise_conv2d_s8_find_variant(const char* id) {
  return op_table::find(kDepthwiseConvS8Variants, id);
}
const DepthwiseConvS16Variant* depthwise_conv2d_s16_find_variant(const char* id) {
  return op_table::find(kDepthwiseConvS16Variants, id);
}
const DepthwiseConvS4Variant* depthwise_conv2d_s4_find_variant(const char* id) {
  return op_table::find(kDepthwiseConvS4Variants, id);
}
Status depthwise_conv2d_s8_run_variant(const DepthwiseConvS8Variant& v, const DepthwiseConvParams& p,
                                       const DepthwiseConvS8Args& a, void* scratch, size_t size) {
  return op_table::run_checked(v, check_s8, p, a, scratch, size);
}
Status depthwise_conv2d_s16_run_variant(const DepthwiseConvS16Variant& v, const DepthwiseConvParams& p,
                                        const DepthwiseConvS16Args& a, void* scratch, size_t size) {
  return op_table::run_checked(v, check_s16, p, a, scratch, size);
}
Status depthwise_conv2d_s4_run_variant(const DepthwiseConvS4Variant& v, const DepthwiseConvParams& p,
                                       const DepthwiseConvS4Args& a, void* scratch, size_t size) {
  return op_table::run_checked(v, check_s4, p, a, scratch, size);
}

}  // namespace cmnn
