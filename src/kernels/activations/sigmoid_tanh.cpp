// LOGISTIC and TANH, int8 (gemmlowp fixed point on Q4.27) and int16 (interpolated sigmoid table):
// TFLite reference_integer_ops::Logistic / Tanh.
#include "cmnn/activations.h"
#include "kernels/activations/unary.h"
#include "kernels/op_table/op_table.h"
#include "quant/activation_s16.h"
#include "quant/fixed_point.h"
#include "quant/logistic_tanh_fixed_point.h"

namespace cmnn {

namespace {
using activations::always;
using activations::no_scratch;

// Q4.27 input of gemmlowp's functions, or saturation (-1 / +1) outside the input radius.
template <typename F>
void s8_loop(const LogisticS8Params& p, const UnaryArgs<int8_t>& a, F to_int8) {
  for (int32_t i = 0; i < p.size; ++i) {
    const int32_t x = int32_t{a.input[i]} - p.input_zero_point;
    int32_t out;
    if (x <= -p.input_range_radius) {
      out = INT8_MIN;
    } else if (x >= p.input_range_radius) {
      out = INT8_MAX;
    } else {
      out = to_int8(quant::multiply_by_quantized_multiplier(x, p.input_multiplier, p.input_left_shift));
    }
    a.output[i] = static_cast<int8_t>(out);
  }
}

Status logistic_s8_ref(const LogisticS8Params& p, const UnaryArgs<int8_t>& a, void*, size_t) {
  s8_loop(p, a, [](int32_t q4) {
    // Q0.31 to 1/256 steps, then the fixed output zero point -128.
    return quant::clamp(quant::rounding_divide_by_pot(quant::logistic_q4(q4), 23) - 128, INT8_MIN, INT8_MAX);
  });
  return Status::kOk;
}

Status tanh_s8_ref(const TanhS8Params& p, const UnaryArgs<int8_t>& a, void*, size_t) {
  s8_loop(p, a, [](int32_t q4) {
    return quant::clamp(quant::rounding_divide_by_pot(quant::tanh_q4(q4), 24), INT8_MIN, INT8_MAX);
  });
  return Status::kOk;
}

Status check_s8(const LogisticS8Params& p, const UnaryArgs<int8_t>& a) {
  const Status s = activations::check_unary(a.input, a.output, p.size);
  if (s != Status::kOk) return s;
  if (p.input_zero_point < INT8_MIN || p.input_zero_point > INT8_MAX || p.input_range_radius < 0 ||
      !op_table::valid_requant(p.input_multiplier, p.input_left_shift)) {
    return Status::kBadParameter;
  }
  return Status::kOk;
}

// The power-of-two form (multiplier 0) is the multiplier 3 << shift with no shift.
template <typename F>
void s16_loop(const LogisticS16Params& p, const UnaryArgs<int16_t>& a, F table) {
  int32_t multiplier = p.input_multiplier, shift = p.input_left_shift;
  if (multiplier == 0) {
    multiplier = 3 << shift;
    shift = 0;
  }
  const int32_t round = shift > 0 ? int32_t{1} << (shift - 1) : 0;
  for (int32_t i = 0; i < p.size; ++i) {
    a.output[i] = table((int32_t{a.input[i]} * multiplier + round) >> shift);
  }
}

Status logistic_s16_ref(const LogisticS16Params& p, const UnaryArgs<int16_t>& a, void*, size_t) {
  s16_loop(p, a, quant::sigmoid_s16_scaled);
  return Status::kOk;
}

Status tanh_s16_ref(const TanhS16Params& p, const UnaryArgs<int16_t>& a, void*, size_t) {
  s16_loop(p, a, quant::tanh_s16_scaled);
  return Status::kOk;
}

Status check_s16(const LogisticS16Params& p, const UnaryArgs<int16_t>& a) {
  const Status s = activations::check_unary(a.input, a.output, p.size);
  if (s != Status::kOk) return s;
  if (p.input_multiplier < 0 || p.input_multiplier > 32767 || p.input_left_shift < 0 || p.input_left_shift > 31 ||
      (p.input_multiplier == 0 && p.input_left_shift > 1)) {
    return Status::kBadParameter;
  }
  return Status::kOk;
}

constexpr Variant<LogisticS8Params, UnaryArgs<int8_t>> kLogisticS8[] = {
    {"logistic_s8.ref", Isa::kPortable, always<LogisticS8Params>, no_scratch<LogisticS8Params>, logistic_s8_ref},
};
constexpr Variant<TanhS8Params, UnaryArgs<int8_t>> kTanhS8[] = {
    {"tanh_s8.ref", Isa::kPortable, always<TanhS8Params>, no_scratch<TanhS8Params>, tanh_s8_ref},
};
constexpr Variant<LogisticS16Params, UnaryArgs<int16_t>> kLogisticS16[] = {
    {"logistic_s16.ref", Isa::kPortable, always<LogisticS16Params>, no_scratch<LogisticS16Params>, logistic_s16_ref},
};
constexpr Variant<TanhS16Params, UnaryArgs<int16_t>> kTanhS16[] = {
    {"tanh_s16.ref", Isa::kPortable, always<TanhS16Params>, no_scratch<TanhS16Params>, tanh_s16_ref},
};
}  // namespace

CMNN_DEFINE_OP_TABLE(logistic_s8, LogisticS8Params, UnaryArgs<int8_t>, kLogisticS8, check_s8)
CMNN_DEFINE_OP_TABLE(tanh_s8, TanhS8Params, UnaryArgs<int8_t>, kTanhS8, check_s8)
CMNN_DEFINE_OP_TABLE(logistic_s16, LogisticS16Params, UnaryArgs<int16_t>, kLogisticS16, check_s16)
CMNN_DEFINE_OP_TABLE(tanh_s16, TanhS16Params, UnaryArgs<int16_t>, kTanhS16, check_s16)

}  // namespace cmnn
