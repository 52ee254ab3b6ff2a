// HARD_SWISH int8: TFLite reference_ops::HardSwish<int8_t>, x * relu6(x + 3) / 6 in int16 fixed
// point (the int16 intermediates wrap and saturate exactly where the reference's do).
#include "cmnn/activations.h"
#include "kernels/activations/unary.h"
#include "kernels/op_table/op_table.h"
#include "quant/fixed_point_s16.h"

namespace cmnn {

namespace {
using activations::always;
using activations::no_scratch;

Status hard_swish_s8_ref(const HardSwishS8Params& p, const UnaryArgs<int8_t>& a, void*, size_t) {
  const auto output_m = static_cast<int16_t>(p.output_multiplier_fixedpoint_int16);
  const auto reluish_m = static_cast<int16_t>(p.reluish_multiplier_fixedpoint_int16);
  const int reluish_exp = p.reluish_multiplier_exponent;
  for (int32_t i = 0; i < p.size; ++i) {
    const auto x = static_cast<int16_t>(a.input[i] - p.input_zero_point);
    const auto hires = static_cast<int16_t>(x * (1 << 7));  // input scale / 128
    const int16_t preshift_output = quant::doubling_high_mul_s16(hires, output_m);
    // The "reluish" value: (x + 3) / 6 mapped to [-1, 1] in Q0.15, then to [0, 1].
    int16_t reluish = hires;
    if (reluish_exp > 0) reluish = quant::saturating_left_shift_s16(reluish, reluish_exp - 1);
    reluish = quant::doubling_high_mul_s16(reluish, reluish_m);
    if (reluish_exp > 0) reluish = quant::saturating_left_shift_s16(reluish, 1);
    if (reluish_exp < 0) reluish = quant::rounding_divide_by_pot_s16(reluish, -reluish_exp);
    reluish = static_cast<int16_t>((reluish + (1 << 15)) >> 1);
    const int16_t product = quant::doubling_high_mul_truncate_s16(reluish, preshift_output);
    auto out = static_cast<int16_t>(quant::rounding_divide_by_pot_s16(product, -p.output_multiplier_exponent) +
                                    p.output_zero_point);
    out = out > INT8_MAX ? int16_t{INT8_MAX} : out < INT8_MIN ? int16_t{INT8_MIN} : out;
    a.output[i] = static_cast<int8_t>(out);
  }
  return Status::kOk;
}

Status check_hard_swish(const HardSwishS8Params& p, const UnaryArgs<int8_t>& a) {
  const Status s = activations::check_unary(a.input, a.output, p.size);
  if (s != Status::kOk) return s;
  const auto in_range = [](int32_t v, int32_t lo, int32_t hi) { return v >= lo && v <= hi; };
  if (!in_range(p.input_zero_point, INT8_MIN, INT8_MAX) || !in_range(p.output_zero_point, INT8_MIN, INT8_MAX) ||
      !in_range(p.reluish_multiplier_fixedpoint_int16, 0, INT16_MAX) ||
      !in_range(p.output_multiplier_fixedpoint_int16, 0, INT16_MAX) ||
      !in_range(p.reluish_multiplier_exponent, -31, 31) || !in_range(p.output_multiplier_exponent, -31, 0)) {
    return Status::kBadParameter;
  }
  return Status::kOk;
}

constexpr Variant<HardSwishS8Params, UnaryArgs<int8_t>> kHardSwish[] = {
    {"hard_swish_s8.ref", Isa::kPortable, always<HardSwishS8Params>, no_scratch<HardSwishS8Params>, hard_swish_s8_ref},
};
}  // namespace

CMNN_DEFINE_OP_TABLE(hard_swish_s8, HardSwishS8Params, UnaryArgs<int8_t>, kHardSwish, check_hard_swish)

}  // namespace cmnn
