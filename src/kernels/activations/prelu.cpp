// PRELU int8 / int16 (int8 alpha) with broadcasting: TFLM reference_ops::BroadcastPrelu4DSlow.
// The reference walks the output in row-major order with one odometer over five dimensions.
#include "cmnn/prelu.h"
#include "cmnn/quant.h"
#include "kernels/activations/unary.h"
#include "kernels/op_table/op_table.h"
#include "quant/fixed_point.h"

namespace cmnn {

namespace {
using activations::always;
using activations::no_scratch;
using activations::type_max;
using activations::type_min;
constexpr int kRank = kPreluMaxRank;

// Element strides of a tensor of dims read at output coordinates (0 where it broadcasts).
void broadcast_strides(const int32_t* dims, const int32_t* out_dims, int64_t* strides) {
  int64_t stride = 1;
  for (int d = kRank - 1; d >= 0; --d) {
    strides[d] = dims[d] == 1 && out_dims[d] != 1 ? 0 : stride;
    stride *= dims[d];
  }
}

template <typename T>
Status prelu_ref(const PreluParams& p, const PreluArgs<T>& a, void*, size_t) {
  int64_t in_stride[kRank], alpha_stride[kRank];
  broadcast_strides(p.input_dims, p.output_dims, in_stride);
  broadcast_strides(p.alpha_dims, p.output_dims, alpha_stride);
  int32_t index[kRank] = {0, 0, 0, 0, 0};
  int64_t in_pos = 0, alpha_pos = 0;
  int64_t total = 1;
  for (int d = 0; d < kRank; ++d) total *= p.output_dims[d];
  for (int64_t o = 0; o < total; ++o) {
    const int32_t x = p.input_offset + a.input[in_pos];
    int32_t v;
    if (x >= 0) {
      v = quant::multiply_by_quantized_multiplier(x, p.output_multiplier_1, p.output_shift_1);
    } else {
      const int32_t alpha = p.alpha_offset + a.alpha[alpha_pos];
      v = quant::multiply_by_quantized_multiplier(x * alpha, p.output_multiplier_2, p.output_shift_2);
    }
    a.output[o] = static_cast<T>(quant::clamp(v + p.output_offset, type_min<T>(), type_max<T>()));
    // Advance the odometer: the last dimension fastest.
    for (int d = kRank - 1; d >= 0; --d) {
      in_pos += in_stride[d];
      alpha_pos += alpha_stride[d];
      if (++index[d] < p.output_dims[d]) break;
      in_pos -= in_stride[d] * p.output_dims[d];
      alpha_pos -= alpha_stride[d] * p.output_dims[d];
      index[d] = 0;
    }
  }
  return Status::kOk;
}

template <typename T>
Status check_prelu(const PreluParams& p, const PreluArgs<T>& a) {
  if (a.input == nullptr || a.alpha == nullptr || a.output == nullptr) return Status::kNullPointer;
  for (int d = 0; d < kRank; ++d) {
    const int32_t in = p.input_dims[d], al = p.alpha_dims[d], out = p.output_dims[d];
    if (in <= 0 || al <= 0 || out <= 0) return Status::kBadShape;
    if ((in != out && in != 1) || (al != out && al != 1)) return Status::kBadShape;
  }
  if (!op_table::product_fits(p.output_dims, kRank) || !op_table::product_fits(p.input_dims, kRank) ||
      !op_table::product_fits(p.alpha_dims, kRank)) {
    return Status::kBadShape;
  }
  // input + input_offset and alpha + alpha_offset must stay in the type's range shifted by a zero point.
  if (-p.input_offset < type_min<T>() || -p.input_offset > type_max<T>() || -p.alpha_offset < INT8_MIN ||
      -p.alpha_offset > INT8_MAX || p.output_offset < type_min<T>() || p.output_offset > type_max<T>() ||
      !op_table::valid_requant(p.output_multiplier_1, p.output_shift_1) ||
      !op_table::valid_requant(p.output_multiplier_2, p.output_shift_2)) {
    return Status::kBadParameter;
  }
  return Status::kOk;
}

constexpr Variant<PreluParams, PreluArgs<int8_t>> kPreluS8[] = {
    {"prelu_s8.ref", Isa::kPortable, always<PreluParams>, no_scratch<PreluParams>, prelu_ref<int8_t>},
};
constexpr Variant<PreluParams, PreluArgs<int16_t>> kPreluS16[] = {
    {"prelu_s16.ref", Isa::kPortable, always<PreluParams>, no_scratch<PreluParams>, prelu_ref<int16_t>},
};
}  // namespace

CMNN_DEFINE_OP_TABLE(prelu_s8, PreluParams, PreluArgs<int8_t>, kPreluS8, check_prelu<int8_t>)
CMNN_DEFINE_OP_TABLE(prelu_s16, PreluParams, PreluArgs<int16_t>, kPreluS16, check_prelu<int16_t>)

Status prelu_params(float input_scale, int32_t input_zero_point, float alpha_scale, int32_t alpha_zero_point,
                    float output_scale, int32_t output_zero_point, const int32_t* input_shape, int input_rank,
                    const int32_t* alpha_shape, int alpha_rank, PreluParams* params) {
  if (params == nullptr || (input_rank > 0 && input_shape == nullptr) || (alpha_rank > 0 && alpha_shape == nullptr)) {
    return Status::kNullPointer;
  }
  if (input_rank < 0 || alpha_rank < 0 || input_rank > kRank || alpha_rank > kRank) return Status::kBadShape;
  if (!(input_scale > 0.0f) || !(alpha_scale > 0.0f) || !(output_scale > 0.0f)) return Status::kBadParameter;
  PreluParams p;
  for (int i = 0; i < input_rank; ++i) p.input_dims[kRank - input_rank + i] = input_shape[i];
  for (int i = 0; i < alpha_rank; ++i) p.alpha_dims[kRank - alpha_rank + i] = alpha_shape[i];
  for (int d = 0; d < kRank; ++d) {
    const int32_t in = p.input_dims[d], al = p.alpha_dims[d];
    if (in <= 0 || al <= 0 || (in != al && in != 1 && al != 1)) return Status::kBadShape;
    p.output_dims[d] = in > al ? in : al;
  }
  int shift = 0;
  quantize_multiplier(static_cast<double>(input_scale) / static_cast<double>(output_scale), &p.output_multiplier_1,
                      &shift);
  p.output_shift_1 = shift;
  quantize_multiplier(static_cast<double>(input_scale) * static_cast<double>(alpha_scale) /
                          static_cast<double>(output_scale),
                      &p.output_multiplier_2, &shift);
  p.output_shift_2 = shift;
  p.input_offset = -input_zero_point;
  p.alpha_offset = -alpha_zero_point;
  p.output_offset = output_zero_point;
  *params = p;
  return Status::kOk;
}

}  // namespace cmnn
