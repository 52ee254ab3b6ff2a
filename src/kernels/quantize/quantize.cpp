// QUANTIZE / DEQUANTIZE entry points, checks and reference kernels (TFLM reference semantics).
#include "cmnn/quantize.h"

#include <cmath>
#include <limits>

#include "kernels/op_table/op_table.h"
#include "quant/fixed_point.h"

namespace cmnn {

namespace {

template <typename T>
constexpr bool in_range(int32_t v) {
  return v >= std::numeric_limits<T>::min() && v <= std::numeric_limits<T>::max();
}

// Two's complement int32 addition: TFLM's int32 arithmetic, which wraps in practice where the C++
// standard leaves overflow undefined (extreme zero points with int32 tensors only).
inline int32_t wrapping_add(int32_t a, int32_t b) {
  return static_cast<int32_t>(static_cast<uint32_t>(a) + static_cast<uint32_t>(b));
}
inline int32_t wrapping_sub(int32_t a, int32_t b) {
  return static_cast<int32_t>(static_cast<uint32_t>(a) - static_cast<uint32_t>(b));
}

template <typename Out>
inline Out saturate(int32_t v) {
  if constexpr (sizeof(Out) == 4) {
    return v;
  } else {
    constexpr int32_t lo = std::numeric_limits<Out>::min(), hi = std::numeric_limits<Out>::max();
    return static_cast<Out>(quant::clamp(v, lo, hi));
  }
}

// round(x / scale) ties away from zero (std::round, TFLM TfLiteRound) as an int32. Values outside
// int32 saturate and NaN gives 0, as the Arm VCVT does (the C++ conversion is undefined there).
inline int32_t round_to_int32(float x, float scale) {
  const float r = std::round(x / scale);
  if (r >= 2147483648.0f) return INT32_MAX;
  if (r < -2147483648.0f) return INT32_MIN;
  if (r != r) return 0;
  return static_cast<int32_t>(r);
}

template <typename Out>
Status quantize_from_f32_ref(const QuantizeParams& p, const QuantizeArgs<float, Out>& a, void*, size_t) {
  constexpr int64_t lo = std::numeric_limits<Out>::min(), hi = std::numeric_limits<Out>::max();
  for (int32_t i = 0; i < p.size; ++i) {
    const int64_t v = int64_t{round_to_int32(a.input[i], p.output_scale)} + p.output_zero_point;
    a.output[i] = static_cast<Out>(v < lo ? lo : v > hi ? hi : v);
  }
  return Status::kOk;
}

template <typename In, typename Out>
Status requantize_ref(const QuantizeParams& p, const QuantizeArgs<In, Out>& a, void*, size_t) {
  for (int32_t i = 0; i < p.size; ++i) {
    const int32_t x = wrapping_sub(static_cast<int32_t>(a.input[i]), p.input_zero_point);
    const int32_t scaled = quant::multiply_by_quantized_multiplier(x, p.multiplier, p.shift);
    a.output[i] = saturate<Out>(wrapping_add(scaled, p.output_zero_point));
  }
  return Status::kOk;
}

template <typename In>
Status dequantize_ref(const DequantizeParams& p, const DequantizeArgs<In>& a, void*, size_t) {
  for (int32_t i = 0; i < p.size; ++i) {
    a.output[i] = p.scale * static_cast<float>(static_cast<int32_t>(a.input[i]) - p.zero_point);
  }
  return Status::kOk;
}

template <typename In, typename Out>
Status check_quantize(const QuantizeParams& p, const QuantizeArgs<In, Out>& a) {
  if (a.input == nullptr || a.output == nullptr) return Status::kNullPointer;
  if (p.size <= 0) return Status::kBadShape;
  if (!in_range<Out>(p.output_zero_point)) return Status::kBadParameter;
  if constexpr (std::is_same_v<In, float>) {
    if (!(p.output_scale > 0.0f) || !std::isfinite(p.output_scale)) return Status::kBadParameter;
  } else {
    if (!in_range<In>(p.input_zero_point)) return Status::kBadParameter;
    if (!op_table::valid_requant(p.multiplier, p.shift)) return Status::kBadParameter;
  }
  return Status::kOk;
}

template <typename In>
Status check_dequantize(const DequantizeParams& p, const DequantizeArgs<In>& a) {
  if (a.input == nullptr || a.output == nullptr) return Status::kNullPointer;
  if (p.size <= 0) return Status::kBadShape;
  if (!in_range<In>(p.zero_point)) return Status::kBadParameter;
  if (!(p.scale > 0.0f) || !std::isfinite(p.scale)) return Status::kBadParameter;
  return Status::kOk;
}

bool always(const QuantizeParams&) { return true; }
size_t no_scratch(const QuantizeParams&) { return 0; }
bool always_dq(const DequantizeParams&) { return true; }
size_t no_scratch_dq(const DequantizeParams&) { return 0; }

template <typename Out>
constexpr Variant<QuantizeParams, QuantizeArgs<float, Out>> from_f32(const char* id) {
  return {id, Isa::kPortable, always, no_scratch, quantize_from_f32_ref<Out>};
}
template <typename In, typename Out>
constexpr Variant<QuantizeParams, QuantizeArgs<In, Out>> requant(const char* id) {
  return {id, Isa::kPortable, always, no_scratch, requantize_ref<In, Out>};
}
template <typename In>
constexpr Variant<DequantizeParams, DequantizeArgs<In>> dequant(const char* id) {
  return {id, Isa::kPortable, always_dq, no_scratch_dq, dequantize_ref<In>};
}

constexpr Variant<QuantizeParams, QuantizeF32S8Args> kF32S8[] = {from_f32<int8_t>("quantize_f32_s8.ref")};
constexpr Variant<QuantizeParams, QuantizeF32S16Args> kF32S16[] = {from_f32<int16_t>("quantize_f32_s16.ref")};
constexpr Variant<QuantizeParams, QuantizeS8S8Args> kS8S8[] = {requant<int8_t, int8_t>("quantize_s8_s8.ref")};
constexpr Variant<QuantizeParams, QuantizeS8S16Args> kS8S16[] = {requant<int8_t, int16_t>("quantize_s8_s16.ref")};
constexpr Variant<QuantizeParams, QuantizeS8S32Args> kS8S32[] = {requant<int8_t, int32_t>("quantize_s8_s32.ref")};
constexpr Variant<QuantizeParams, QuantizeS8U8Args> kS8U8[] = {requant<int8_t, uint8_t>("quantize_s8_u8.ref")};
constexpr Variant<QuantizeParams, QuantizeU8S8Args> kU8S8[] = {requant<uint8_t, int8_t>("quantize_u8_s8.ref")};
constexpr Variant<QuantizeParams, QuantizeS16S8Args> kS16S8[] = {requant<int16_t, int8_t>("quantize_s16_s8.ref")};
constexpr Variant<QuantizeParams, QuantizeS16S16Args> kS16S16[] = {requant<int16_t, int16_t>("quantize_s16_s16.ref")};
constexpr Variant<QuantizeParams, QuantizeS16S32Args> kS16S32[] = {requant<int16_t, int32_t>("quantize_s16_s32.ref")};
constexpr Variant<QuantizeParams, QuantizeS32S8Args> kS32S8[] = {requant<int32_t, int8_t>("quantize_s32_s8.ref")};
constexpr Variant<QuantizeParams, QuantizeS32S16Args> kS32S16[] = {requant<int32_t, int16_t>("quantize_s32_s16.ref")};

constexpr Variant<DequantizeParams, DequantizeS8Args> kDqS8[] = {dequant<int8_t>("dequantize_s8_f32.ref")};
constexpr Variant<DequantizeParams, DequantizeS16Args> kDqS16[] = {dequant<int16_t>("dequantize_s16_f32.ref")};
constexpr Variant<DequantizeParams, DequantizeU8Args> kDqU8[] = {dequant<uint8_t>("dequantize_u8_f32.ref")};

}  // namespace

CMNN_DEFINE_OP_TABLE(quantize_f32_s8, QuantizeParams, QuantizeF32S8Args, kF32S8, (check_quantize<float, int8_t>))
CMNN_DEFINE_OP_TABLE(quantize_f32_s16, QuantizeParams, QuantizeF32S16Args, kF32S16, (check_quantize<float, int16_t>))
CMNN_DEFINE_OP_TABLE(quantize_s8_s8, QuantizeParams, QuantizeS8S8Args, kS8S8, (check_quantize<int8_t, int8_t>))
CMNN_DEFINE_OP_TABLE(quantize_s8_s16, QuantizeParams, QuantizeS8S16Args, kS8S16, (check_quantize<int8_t, int16_t>))
CMNN_DEFINE_OP_TABLE(quantize_s8_s32, QuantizeParams, QuantizeS8S32Args, kS8S32, (check_quantize<int8_t, int32_t>))
CMNN_DEFINE_OP_TABLE(quantize_s8_u8, QuantizeParams, QuantizeS8U8Args, kS8U8, (check_quantize<int8_t, uint8_t>))
CMNN_DEFINE_OP_TABLE(quantize_u8_s8, QuantizeParams, QuantizeU8S8Args, kU8S8, (check_quantize<uint8_t, int8_t>))
CMNN_DEFINE_OP_TABLE(quantize_s16_s8, QuantizeParams, QuantizeS16S8Args, kS16S8, (check_quantize<int16_t, int8_t>))
CMNN_DEFINE_OP_TABLE(quantize_s16_s16, QuantizeParams, QuantizeS16S16Args, kS16S16, (check_quantize<int16_t, int16_t>))
CMNN_DEFINE_OP_TABLE(quantize_s16_s32, QuantizeParams, QuantizeS16S32Args, kS16S32, (check_quantize<int16_t, int32_t>))
CMNN_DEFINE_OP_TABLE(quantize_s32_s8, QuantizeParams, QuantizeS32S8Args, kS32S8, (check_quantize<int32_t, int8_t>))
CMNN_DEFINE_OP_TABLE(quantize_s32_s16, QuantizeParams, QuantizeS32S16Args, kS32S16, (check_quantize<int32_t, int16_t>))

CMNN_DEFINE_OP_TABLE(dequantize_s8_f32, DequantizeParams, DequantizeS8Args, kDqS8, check_dequantize<int8_t>)
CMNN_DEFINE_OP_TABLE(dequantize_s16_f32, DequantizeParams, DequantizeS16Args, kDqS16, check_dequantize<int16_t>)
CMNN_DEFINE_OP_TABLE(dequantize_u8_f32, DequantizeParams, DequantizeU8Args, kDqU8, check_dequantize<uint8_t>)

}  // namespace cmnn
