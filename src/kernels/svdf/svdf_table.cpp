// svdf_s8 / svdf_state_s16_s8: parameter checks, variant tables and the reference variant (one
// template over the state type; no scratch: unit sums are formed as the time products are made).
#include <cstring>

#include "cmnn/svdf.h"
#include "kernels/op_table/op_table.h"
#include "kernels/svdf/svdf_internal.h"

namespace cmnn {
namespace {

bool supports_any(const SvdfParams&) { return true; }
size_t no_scratch(const SvdfParams&) { return 0; }

inline int32_t wrap_add(int32_t a, int32_t b) {
  return static_cast<int32_t>(static_cast<uint32_t>(a) + static_cast<uint32_t>(b));
}

template <typename State>
Status ref_run(const SvdfParams& p, const SvdfTensors<State>& a, void*, size_t) {
  const int32_t f_count = p.feature_batches, t_count = p.time_batches;
  for (int32_t b = 0; b < p.batches; ++b) {
    State* state = a.state + static_cast<size_t>(b) * f_count * t_count;
    const int8_t* input = a.input + static_cast<size_t>(b) * p.input_size;
    for (int32_t f = 0; f < f_count; ++f) {
      const int8_t* w = a.weights_feature + static_cast<size_t>(f) * p.input_size;
      int32_t acc = 0;
      for (int32_t k = 0; k < p.input_size; ++k) acc = wrap_add(acc, (input[k] + p.input_offset) * w[k]);
      svdf::push_state(p, state + static_cast<size_t>(f) * t_count, acc);
    }
    for (int32_t u = 0; u < p.units(); ++u) {
      int32_t sum = a.bias != nullptr ? a.bias[u] : 0;
      for (int32_t r = 0; r < p.rank; ++r) {
        const int32_t f = u * p.rank + r;
        const State* row = state + static_cast<size_t>(f) * t_count;
        const State* wt = a.weights_time + static_cast<size_t>(f) * t_count;
        int32_t dot = 0;
        for (int32_t j = 0; j < t_count; ++j) dot = wrap_add(dot, int32_t{wt[j]} * (int32_t{row[j]} - p.state_zero_point));
        sum = wrap_add(sum, dot);
      }
      a.output[static_cast<size_t>(b) * p.units() + u] = svdf::output_value(p, sum);
    }
  }
  return Status::kOk;
}

template <typename State>
Status check(const SvdfParams& p, const SvdfTensors<State>& a) {
  if (a.input == nullptr || a.weights_feature == nullptr || a.weights_time == nullptr || a.state == nullptr ||
      a.output == nullptr)
    return Status::kNullPointer;
  const int32_t dims[] = {p.batches, p.input_size, p.feature_batches, p.time_batches};
  if (!op_table::product_fits(dims, 4) || p.rank <= 0 || p.feature_batches % p.rank != 0 ||
      int64_t{p.feature_batches} * p.input_size > INT32_MAX || int64_t{p.batches} * p.input_size > INT32_MAX)
    return Status::kBadShape;
  if (p.input_offset < -127 || p.input_offset > 128 || p.output_offset < -128 || p.output_offset > 127)
    return Status::kBadParameter;
  if (!op_table::valid_requant(p.input_multiplier, p.input_shift) ||
      !op_table::valid_requant(p.output_multiplier, p.output_shift))
    return Status::kBadParameter;
  constexpr int32_t kStateMin = sizeof(State) == 1 ? INT8_MIN : INT16_MIN;
  constexpr int32_t kStateMax = sizeof(State) == 1 ? INT8_MAX : INT16_MAX;
  if (p.state_min > p.state_max || p.state_min < kStateMin || p.state_max > kStateMax) return Status::kBadParameter;
  if (p.state_zero_point < kStateMin || p.state_zero_point > kStateMax) return Status::kBadParameter;
  if (p.activation_min > p.activation_max || p.activation_min < -128 || p.activation_max > 127)
    return Status::kBadParameter;
  return Status::kOk;
}

Status check_s8(const SvdfParams& p, const SvdfS8Args& a) { return check(p, a); }
Status check_s16(const SvdfParams& p, const SvdfS16StateArgs& a) { return check(p, a); }

// Fastest first; ref is last and supports every valid call.
constexpr Variant<SvdfParams, SvdfS8Args> kS8Variants[] = {
    {"svdf_s8.mve", Isa::kMve, supports_any, no_scratch, svdf::mve_run<int8_t>},
    {"svdf_s8.dsp", Isa::kDsp, supports_any, svdf::dsp_scratch, svdf::dsp_run<int8_t>},
    {"svdf_s8.ref", Isa::kPortable, supports_any, no_scratch, ref_run<int8_t>},
};
constexpr Variant<SvdfParams, SvdfS16StateArgs> kS16Variants[] = {
    {"svdf_state_s16_s8.mve", Isa::kMve, supports_any, no_scratch, svdf::mve_run<int16_t>},
    {"svdf_state_s16_s8.dsp", Isa::kDsp, supports_any, svdf::dsp_scratch, svdf::dsp_run<int16_t>},
    {"svdf_state_s16_s8.ref", Isa::kPortable, supports_any, no_scratch, ref_run<int16_t>},
};

}  // namespace

CMNN_DEFINE_OP_TABLE(svdf_s8, SvdfParams, SvdfS8Args, kS8Variants, check_s8)
CMNN_DEFINE_OP_TABLE(svdf_state_s16_s8, SvdfParams, SvdfS16StateArgs, kS16Variants, check_s16)

}  // namespace cmnn
