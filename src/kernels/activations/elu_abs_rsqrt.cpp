// ELU int8 (a table lookup; the table comes from elu_s8_build_lut), ABS int8 / int16 and RSQRT
// int8: TFLM elu.cc EvalUsingLookupTable and elementwise.cc AbsEvalQuantized / RsqrtEvalQuantized.
#include "cmnn/activations.h"
#include "kernels/activations/unary.h"
#include "kernels/op_table/op_table.h"
#include "quant/fixed_point.h"
#include "quant/inv_sqrt.h"

namespace cmnn {

namespace {
using activations::always;
using activations::no_scratch;
using activations::type_max;
using activations::type_min;

Status elu_s8_ref(const EluS8Params& p, const EluS8Args& a, void*, size_t) {
  for (int32_t i = 0; i < p.size; ++i) a.output[i] = a.lut[static_cast<uint8_t>(a.input[i])];
  return Status::kOk;
}

Status check_elu(const EluS8Params& p, const EluS8Args& a) {
  if (a.lut == nullptr) return Status::kNullPointer;
  return activations::check_unary(a.input, a.output, p.size);
}

template <typename T>
Status abs_ref(const AbsParams& p, const UnaryArgs<T>& a, void*, size_t) {
  for (int32_t i = 0; i < p.size; ++i) {
    if (!p.quantized) {  // int16 without quantization: std::abs, then a wrapping int16 store
      const int32_t x = a.input[i];
      a.output[i] = static_cast<T>(x < 0 ? -x : x);
      continue;
    }
    const int32_t x = int32_t{a.input[i]} - p.input_offset;
    const int32_t v = x < 0 ? -x : x;
    const int32_t out = p.needs_rescale ? quant::multiply_by_quantized_multiplier(v, p.multiplier, p.shift)
                                        : v;
    a.output[i] = static_cast<T>(quant::clamp(out + p.output_offset, type_min<T>(), type_max<T>()));
  }
  return Status::kOk;
}

template <typename T>
Status check_abs(const AbsParams& p, const UnaryArgs<T>& a) {
  const Status s = activations::check_unary(a.input, a.output, p.size);
  if (s != Status::kOk) return s;
  if (p.input_offset < type_min<T>() || p.input_offset > type_max<T>() || p.output_offset < type_min<T>() ||
      p.output_offset > type_max<T>() || (p.needs_rescale && !op_table::valid_requant(p.multiplier, p.shift)) ||
      (!p.quantized && sizeof(T) == 1)) {
    return Status::kBadParameter;
  }
  return Status::kOk;
}

constexpr int32_t kRsqrtShift = 20;  // TFLM keeps 1/sqrt(v) as an integer scaled by 2^20

Status rsqrt_s8_ref(const RsqrtParams& p, const UnaryArgs<int8_t>& a, void*, size_t) {
  for (int32_t i = 0; i < p.size; ++i) {
    const int32_t v = int32_t{a.input[i]} - p.input_offset;
    if (v == 0) {
      a.output[i] = INT8_MAX;
      continue;
    }
    int32_t inv_multiplier = 0;
    int inv_shift = 0;
    quant::inv_sqrt_multiplier_exp(v, -1, &inv_multiplier, &inv_shift);
    const int32_t data = quant::multiply_by_quantized_multiplier(1, inv_multiplier, inv_shift + kRsqrtShift);
    const int32_t out = quant::multiply_by_quantized_multiplier(data, p.multiplier, p.shift - kRsqrtShift) +
                        p.output_offset;
    a.output[i] = static_cast<int8_t>(quant::clamp(out, INT8_MIN, INT8_MAX));
  }
  return Status::kOk;
}

// TFLM fails the whole invoke on a negative value: check all inputs before writing any output.
Status check_rsqrt(const RsqrtParams& p, const UnaryArgs<int8_t>& a) {
  const Status s = activations::check_unary(a.input, a.output, p.size);
  if (s != Status::kOk) return s;
  if (p.input_offset < INT8_MIN || p.input_offset > INT8_MAX || p.output_offset < INT8_MIN ||
      p.output_offset > INT8_MAX || p.multiplier < 0 || p.shift < -31 + kRsqrtShift || p.shift > 30 + kRsqrtShift) {
    return Status::kBadParameter;
  }
  for (int32_t i = 0; i < p.size; ++i) {
    if (a.input[i] < p.input_offset) return Status::kBadParameter;
  }
  return Status::kOk;
}

constexpr Variant<EluS8Params, EluS8Args> kEluS8[] = {
    {"elu_s8.ref", Isa::kPortable, always<EluS8Params>, no_scratch<EluS8Params>, elu_s8_ref},
};
constexpr Variant<AbsParams, UnaryArgs<int8_t>> kAbsS8[] = {
    {"abs_s8.ref", Isa::kPortable, always<AbsParams>, no_scratch<AbsParams>, abs_ref<int8_t>},
};
constexpr Variant<AbsParams, UnaryArgs<int16_t>> kAbsS16[] = {
    {"abs_s16.ref", Isa::kPortable, always<AbsParams>, no_scratch<AbsParams>, abs_ref<int16_t>},
};
constexpr Variant<RsqrtParams, UnaryArgs<int8_t>> kRsqrtS8[] = {
    {"rsqrt_s8.ref", Isa::kPortable, always<RsqrtParams>, no_scratch<RsqrtParams>, rsqrt_s8_ref},
};
}  // namespace

CMNN_DEFINE_OP_TABLE(elu_s8, EluS8Params, EluS8Args, kEluS8, check_elu)
CMNN_DEFINE_OP_TABLE(abs_s8, AbsParams, UnaryArgs<int8_t>, kAbsS8, check_abs<int8_t>)
CMNN_DEFINE_OP_TABLE(abs_s16, AbsParams, UnaryArgs<int16_t>, kAbsS16, check_abs<int16_t>)
CMNN_DEFINE_OP_TABLE(rsqrt_s8, RsqrtParams, UnaryArgs<int8_t>, kRsqrtS8, check_rsqrt)

}  // namespace cmnn
