// MEAN / SUM int8 and int16 (reference): TFLite's QuantizedMeanOrSum. The int32 sum of the reduced
// elements (wrapping like TFLite's AddTensorValuesWithExpectedOverflow), minus zp_in * n, requantized
// with the parameters' multiplier/shift, which for MEAN already include the 1/n (mean_params).
// Accumulates one output at a time, so no scratch is needed.
#include "cmnn/reduce.h"
#include "kernels/op_table/op_table.h"
#include "kernels/reduce/reduce_walk.h"
#include "quant/fixed_point.h"

namespace cmnn {

namespace {
template <typename T>
Status mean_sum_ref(const MeanSumParams& p, const ReduceArgs<T>& a, void*, size_t) {
  constexpr int32_t kLo = sizeof(T) == 1 ? -128 : -32768, kHi = sizeof(T) == 1 ? 127 : 32767;
  const reduce::AxisSplit s = reduce::split(p.dims, p.axis_mask);
  const int64_t zero_point_sum = static_cast<int64_t>(p.input_zero_point) * s.reduced;
  T* out = a.output;
  reduce::for_each_offset(s.kept_dims, s.kept_strides, s.kept_count, [&](int32_t base) {
    uint32_t sum = 0;
    const T* in = a.input + base;
    reduce::for_each_offset(s.reduced_dims, s.reduced_strides, s.reduced_count,
                            [&](int32_t offset) { sum += static_cast<uint32_t>(static_cast<int32_t>(in[offset])); });
    // TFLite: static_cast<int32_t>(temp_sum - zp * n) with the product in int64.
    const auto shifted = static_cast<int32_t>(static_cast<uint32_t>(
        static_cast<int64_t>(static_cast<int32_t>(sum)) - zero_point_sum));
    const int32_t v = quant::multiply_by_quantized_multiplier(shifted, p.multiplier, p.shift) + p.output_zero_point;
    *out++ = static_cast<T>(quant::clamp(v, kLo, kHi));
  });
  return Status::kOk;
}

template <typename T>
Status check_mean_sum(const MeanSumParams& p, const ReduceArgs<T>& a) {
  if (a.input == nullptr || a.output == nullptr) return Status::kNullPointer;
  if (!reduce::valid_dims(p.dims, p.axis_mask)) return Status::kBadShape;
  if (!op_table::valid_requant(p.multiplier, p.shift)) return Status::kBadParameter;
  if constexpr (sizeof(T) == 1) {
    if (p.input_zero_point < -128 || p.input_zero_point > 127 || p.output_zero_point < -128 ||
        p.output_zero_point > 127) {
      return Status::kBadParameter;
    }
  } else if (p.input_zero_point != 0 || p.output_zero_point != 0) {
    return Status::kBadParameter;
  }
  return Status::kOk;
}

bool always(const MeanSumParams&) { return true; }
size_t no_scratch(const MeanSumParams&) { return 0; }

// MEAN and SUM differ only in how their parameters are derived: one kernel serves both.
constexpr Variant<MeanSumParams, ReduceArgs<int8_t>> kMeanS8[] = {
    {"mean_s8.ref", Isa::kPortable, always, no_scratch, mean_sum_ref<int8_t>},
};
constexpr Variant<MeanSumParams, ReduceArgs<int16_t>> kMeanS16[] = {
    {"mean_s16.ref", Isa::kPortable, always, no_scratch, mean_sum_ref<int16_t>},
};
constexpr Variant<MeanSumParams, ReduceArgs<int8_t>> kSumS8[] = {
    {"sum_s8.ref", Isa::kPortable, always, no_scratch, mean_sum_ref<int8_t>},
};
constexpr Variant<MeanSumParams, ReduceArgs<int16_t>> kSumS16[] = {
    {"sum_s16.ref", Isa::kPortable, always, no_scratch, mean_sum_ref<int16_t>},
};
}  // namespace

CMNN_DEFINE_OP_TABLE(mean_s8, MeanSumParams, ReduceArgs<int8_t>, kMeanS8, check_mean_sum<int8_t>)
CMNN_DEFINE_OP_TABLE(mean_s16, MeanSumParams, ReduceArgs<int16_t>, kMeanS16, check_mean_sum<int16_t>)
CMNN_DEFINE_OP_TABLE(sum_s8, MeanSumParams, ReduceArgs<int8_t>, kSumS8, check_mean_sum<int8_t>)
CMNN_DEFINE_OP_TABLE(sum_s16, MeanSumParams, ReduceArgs<int16_t>, kSumS16, check_mean_sum<int16_t>)

}  // namespace cmnn
