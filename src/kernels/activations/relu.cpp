// RELU (a requantization clamped at the output's zero), RELU6 (a clamp in the input's
// quantization) and LEAKY_RELU, int8 and int16: TFLM ReluQuantized, Relu6Quantized and
// reference_ops::QuantizeLeakyRelu.
#include "cmnn/activations.h"
#include "kernels/activations/unary.h"
#include "kernels/op_table/op_table.h"
#include "quant/fixed_point.h"

namespace cmnn {

namespace {
using activations::always;
using activations::no_scratch;
using activations::type_max;
using activations::type_min;

template <typename T>
Status relu_ref(const ReluParams& p, const UnaryArgs<T>& a, void*, size_t) {
  for (int32_t i = 0; i < p.size; ++i) {
    const int32_t v = p.output_offset + quant::multiply_by_quantized_multiplier(int32_t{a.input[i]} - p.input_offset,
                                                                                p.output_multiplier, p.output_shift);
    a.output[i] = static_cast<T>(quant::clamp(v, p.activation_min, p.activation_max));
  }
  return Status::kOk;
}

template <typename T>
Status check_relu(const ReluParams& p, const UnaryArgs<T>& a) {
  const Status s = activations::check_unary(a.input, a.output, p.size);
  if (s != Status::kOk) return s;
  if (!op_table::valid_requant(p.output_multiplier, p.output_shift) || p.input_offset < type_min<T>() ||
      p.input_offset > type_max<T>() || p.output_offset < type_min<T>() || p.output_offset > type_max<T>() ||
      p.activation_min < type_min<T>() || p.activation_max > type_max<T>() || p.activation_min > p.activation_max) {
    return Status::kBadParameter;
  }
  return Status::kOk;
}

template <typename T>
Status relu6_ref(const Relu6Params& p, const UnaryArgs<T>& a, void*, size_t) {
  const auto lower = static_cast<T>(p.lower), upper = static_cast<T>(p.upper);
  for (int32_t i = 0; i < p.size; ++i) {
    const T v = a.input[i];
    a.output[i] = v > upper ? upper : v < lower ? lower : v;
  }
  return Status::kOk;
}

template <typename T>
Status check_relu6(const Relu6Params& p, const UnaryArgs<T>& a) {
  const Status s = activations::check_unary(a.input, a.output, p.size);
  if (s != Status::kOk) return s;
  if (p.lower < type_min<T>() || p.upper > type_max<T>() || p.lower > p.upper) return Status::kBadParameter;
  return Status::kOk;
}

template <typename T>
Status leaky_relu_ref(const LeakyReluParams& p, const UnaryArgs<T>& a, void*, size_t) {
  const bool alpha_negative = p.output_multiplier_alpha < 0;
  const int32_t alpha_multiplier = alpha_negative ? -p.output_multiplier_alpha : p.output_multiplier_alpha;
  for (int32_t i = 0; i < p.size; ++i) {
    const int32_t x = int32_t{a.input[i]} - p.input_zero_point;
    int32_t v = p.output_zero_point;
    if (x >= 0) {
      v += quant::multiply_by_quantized_multiplier(x, p.output_multiplier_identity, p.output_shift_identity);
    } else {
      const int32_t scaled = quant::multiply_by_quantized_multiplier(x, alpha_multiplier, p.output_shift_alpha);
      v += alpha_negative ? -scaled : scaled;
    }
    a.output[i] = static_cast<T>(quant::clamp(v, type_min<T>(), type_max<T>()));
  }
  return Status::kOk;
}

template <typename T>
Status check_leaky_relu(const LeakyReluParams& p, const UnaryArgs<T>& a) {
  const Status s = activations::check_unary(a.input, a.output, p.size);
  if (s != Status::kOk) return s;
  if (p.output_multiplier_alpha == INT32_MIN || !activations::valid_shift(p.output_shift_alpha) ||
      !op_table::valid_requant(p.output_multiplier_identity, p.output_shift_identity) ||
      p.input_zero_point < type_min<T>() || p.input_zero_point > type_max<T>() ||
      p.output_zero_point < type_min<T>() || p.output_zero_point > type_max<T>()) {
    return Status::kBadParameter;
  }
  return Status::kOk;
}

constexpr Variant<ReluParams, UnaryArgs<int8_t>> kReluS8[] = {
    {"relu_s8.ref", Isa::kPortable, always<ReluParams>, no_scratch<ReluParams>, relu_ref<int8_t>},
};
constexpr Variant<ReluParams, UnaryArgs<int16_t>> kReluS16[] = {
    {"relu_s16.ref", Isa::kPortable, always<ReluParams>, no_scratch<ReluParams>, relu_ref<int16_t>},
};
constexpr Variant<Relu6Params, UnaryArgs<int8_t>> kRelu6S8[] = {
    {"relu6_s8.ref", Isa::kPortable, always<Relu6Params>, no_scratch<Relu6Params>, relu6_ref<int8_t>},
};
constexpr Variant<Relu6Params, UnaryArgs<int16_t>> kRelu6S16[] = {
    {"relu6_s16.ref", Isa::kPortable, always<Relu6Params>, no_scratch<Relu6Params>, relu6_ref<int16_t>},
};
constexpr Variant<LeakyReluParams, UnaryArgs<int8_t>> kLeakyReluS8[] = {
    {"leaky_relu_s8.ref", Isa::kPortable, always<LeakyReluParams>, no_scratch<LeakyReluParams>, leaky_relu_ref<int8_t>},
};
constexpr Variant<LeakyReluParams, UnaryArgs<int16_t>> kLeakyReluS16[] = {
    {"leaky_relu_s16.ref", Isa::kPortable, always<LeakyReluParams>, no_scratch<LeakyReluParams>,
     leaky_relu_ref<int16_t>},
};
}  // namespace

CMNN_DEFINE_OP_TABLE(relu_s8, ReluParams, UnaryArgs<int8_t>, kReluS8, check_relu<int8_t>)
CMNN_DEFINE_OP_TABLE(relu_s16, ReluParams, UnaryArgs<int16_t>, kReluS16, check_relu<int16_t>)
CMNN_DEFINE_OP_TABLE(relu6_s8, Relu6Params, UnaryArgs<int8_t>, kRelu6S8, check_relu6<int8_t>)
CMNN_DEFINE_OP_TABLE(relu6_s16, Relu6Params, UnaryArgs<int16_t>, kRelu6S16, check_relu6<int16_t>)
CMNN_DEFINE_OP_TABLE(leaky_relu_s8, LeakyReluParams, UnaryArgs<int8_t>, kLeakyReluS8, check_leaky_relu<int8_t>)
CMNN_DEFINE_OP_TABLE(leaky_relu_s16, LeakyReluParams, UnaryArgs<int16_t>, kLeakyReluS16, check_leaky_relu<int16_t>)

}  // namespace cmnn
