// Pooling entry points and variant tables (fastest first).
#include "cmnn/pooling.h"

#include "kernels/op_table/op_table.h"
#include "kernels/pooling/pooling_variants.h"

namespace cmnn {

namespace {
using namespace pooling;

template <typename T>
Status check_pool(const PoolParams& p, const PoolArgs<T>& a) {
  if (a.input == nullptr || a.output == nullptr) return Status::kNullPointer;
  const int32_t in_dims[4] = {p.batches, p.input_h, p.input_w, p.channels};
  const int32_t out_dims[4] = {p.batches, p.output_h, p.output_w, p.channels};
  const int32_t win[2] = {p.filter_h, p.filter_w};
  if (!op_table::product_fits(in_dims, 4) || !op_table::product_fits(out_dims, 4) || !op_table::product_fits(win, 2)) {
    return Status::kBadShape;
  }
  if (p.stride_h <= 0 || p.stride_w <= 0 || p.pad_top < 0 || p.pad_left < 0) return Status::kBadParameter;
  // Every window must overlap the input (else average pooling would divide by zero).
  if (p.pad_top >= p.filter_h || p.pad_left >= p.filter_w) return Status::kBadShape;
  const int64_t last_y = int64_t{p.output_h - 1} * p.stride_h - p.pad_top;
  const int64_t last_x = int64_t{p.output_w - 1} * p.stride_w - p.pad_left;
  if (last_y >= p.input_h || last_x >= p.input_w) return Status::kBadShape;
  // Window sums stay far from int32 overflow: filter area * 2^15 < 2^31.
  if (int64_t{p.filter_h} * p.filter_w > 65536) return Status::kBadShape;
  constexpr int32_t kLo = sizeof(T) == 1 ? -128 : -32768, kHi = sizeof(T) == 1 ? 127 : 32767;
  if (p.activation_min < kLo || p.activation_max > kHi || p.activation_min > p.activation_max) {
    return Status::kBadParameter;
  }
  return Status::kOk;
}

bool always(const PoolParams&) { return true; }
size_t no_scratch(const PoolParams&) { return 0; }
bool small_window(const PoolParams& p) { return p.filter_h * p.filter_w <= 256; }

constexpr PoolS8Variant kAvgS8[] = {
    {"avgpool_s8.mve", Isa::kMve, mve_avg_supports, no_scratch, avgpool_s8_mve},
    {"avgpool_s8.dsp", Isa::kDsp, small_window, no_scratch, avgpool_s8_dsp},
    {"avgpool_s8.ref", Isa::kPortable, always, no_scratch, avgpool_ref<int8_t>},
};
constexpr PoolS16Variant kAvgS16[] = {
    {"avgpool_s16.mve", Isa::kMve, mve_avg_s16_supports, no_scratch, avgpool_s16_mve},
    {"avgpool_s16.ref", Isa::kPortable, always, no_scratch, avgpool_ref<int16_t>},
};
constexpr PoolS8Variant kMaxS8[] = {
    {"maxpool_s8.mve", Isa::kMve, always, no_scratch, maxpool_s8_mve},
    {"maxpool_s8.dsp", Isa::kDsp, always, no_scratch, maxpool_s8_dsp},
    {"maxpool_s8.ref", Isa::kPortable, always, no_scratch, maxpool_ref<int8_t>},
};
constexpr PoolS16Variant kMaxS16[] = {
    {"maxpool_s16.mve", Isa::kMve, always, no_scratch, maxpool_s16_mve},
    {"maxpool_s16.ref", Isa::kPortable, always, no_scratch, maxpool_ref<int16_t>},
};
}  // namespace

CMNN_DEFINE_OP_TABLE(avgpool_s8, PoolParams, PoolArgs<int8_t>, kAvgS8, check_pool<int8_t>)
CMNN_DEFINE_OP_TABLE(avgpool_s16, PoolParams, PoolArgs<int16_t>, kAvgS16, check_pool<int16_t>)
CMNN_DEFINE_OP_TABLE(maxpool_s8, PoolParams, PoolArgs<int8_t>, kMaxS8, check_pool<int8_t>)
CMNN_DEFINE_OP_TABLE(maxpool_s16, PoolParams, PoolArgs<int16_t>, kMaxS16, check_pool<int16_t>)

}  // namespace cmnn
