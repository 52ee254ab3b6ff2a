// Host-side derivation of the activation ops' parameters from float scales, as TFLM's Prepare
// functions do it (same float / double steps, so the multipliers and tables are bit-identical).
#include <cmath>
#include <cstdint>

#include "cmnn/activations.h"
#include "cmnn/quant.h"

namespace cmnn {

namespace {
// TFLM CalculateInputRadius(input_integer_bits, input_left_shift, 31), without TFLITE_EMULATE_FLOAT.
int32_t input_radius(int integer_bits, int left_shift) {
  const double max_rescaled = 1.0 * ((1 << integer_bits) - 1) *
                              static_cast<double>(int64_t{1} << (31 - integer_bits)) /
                              std::ldexp(1.0, left_shift);
  return static_cast<int32_t>(std::floor(max_rescaled));
}

// TFLite CheckedLog2: log2 through float logarithms, true when within 1e-3 of an integer.
bool checked_log2(float x, int* log2_result) {
  const float x_log2 = std::log(x) * (1.0f / std::log(2.0f));
  const float rounded = std::round(x_log2);
  *log2_result = static_cast<int>(rounded);
  return std::fabs(x_log2 - rounded) < 1e-3f;
}

Status sigmoid_tanh_s8_params(float input_scale, int32_t input_zero_point, int32_t size, LogisticS8Params* p) {
  if (p == nullptr) return Status::kNullPointer;
  if (!(input_scale > 0.0f)) return Status::kBadParameter;
  constexpr int kInputIntegerBits = 4;
  const double real = static_cast<double>(input_scale) * static_cast<double>(1 << (31 - kInputIntegerBits));
  int exponent = 0;
  const double q = std::frexp(real, &exponent);
  const double rounded = std::round(q * static_cast<double>(int64_t{1} << 31));
  // TFLM casts without QuantizeMultiplier's carry: a mantissa rounding up to 2^31 does not fit int32.
  if (rounded >= 2147483648.0) return Status::kBadParameter;
  *p = LogisticS8Params{};
  p->size = size;
  p->input_zero_point = input_zero_point;
  p->input_multiplier = static_cast<int32_t>(rounded);
  p->input_left_shift = exponent;
  p->input_range_radius = input_radius(kInputIntegerBits, exponent);
  return Status::kOk;
}

Status sigmoid_tanh_s16_params(float input_scale, int32_t input_zero_point, float output_scale,
                               int32_t output_zero_point, int32_t size, int max_pot_shift, LogisticS16Params* p) {
  if (p == nullptr) return Status::kNullPointer;
  if (input_zero_point != 0 || output_zero_point != 0 || !(input_scale > 0.0f) || !(output_scale > 0.0f)) {
    return Status::kBadParameter;
  }
  constexpr int kInputIntegerBits = 3, kOutputFractionalBits = 15;
  int input_log2 = 0;
  bool pot = checked_log2(input_scale, &input_log2);
  int left_shift = (15 - kInputIntegerBits) + input_log2;
  pot = pot && left_shift >= 0 && left_shift <= max_pot_shift;
  int32_t multiplier = 0;
  if (!pot) {
    double m = static_cast<double>(input_scale) * 4096.0 * 3.0;
    left_shift = 0;
    while (m <= 32767.0 / 2.0 && left_shift <= 30) {
      ++left_shift;
      m = m * 2.0;
    }
    if (m > 32767.0) return Status::kBadParameter;  // TFLM DCHECKs input_multiplier <= 32767
    multiplier = static_cast<int32_t>(m);
  }
  int output_log2 = 0;
  if (!checked_log2(output_scale, &output_log2) || output_log2 != -kOutputFractionalBits) return Status::kBadParameter;
  *p = LogisticS16Params{};
  p->size = size;
  p->input_multiplier = multiplier;
  p->input_left_shift = left_shift;
  return Status::kOk;
}

// TFLite DownScaleInt32ToInt16Multiplier.
int32_t downscale_multiplier_to_16(int32_t m) {
  if (m >= INT32_MAX - (1 << 15)) return INT16_MAX;
  return (m + (1 << 15)) >> 16;
}

template <typename T>
Status relu_params(float input_scale, int32_t input_zero_point, float output_scale, int32_t output_zero_point,
                   int32_t size, ReluParams* p) {
  if (p == nullptr) return Status::kNullPointer;
  if (!(input_scale > 0.0f) || !(output_scale > 0.0f)) return Status::kBadParameter;
  *p = ReluParams{};
  int shift = 0;
  quantize_multiplier(static_cast<double>(input_scale / output_scale), &p->output_multiplier, &shift);
  p->size = size;
  p->output_shift = shift;
  p->input_offset = input_zero_point;
  p->output_offset = output_zero_point;
  const auto lo = static_cast<int32_t>(sizeof(T) == 1 ? INT8_MIN : INT16_MIN);
  p->activation_min = output_zero_point > lo ? output_zero_point : lo;  // + roundf(0 / scale) = 0
  p->activation_max = sizeof(T) == 1 ? INT8_MAX : INT16_MAX;
  return Status::kOk;
}

Status relu6_params(float input_scale, int32_t input_zero_point, int32_t size, int32_t lo, int32_t hi,
                    Relu6Params* p) {
  if (p == nullptr) return Status::kNullPointer;
  if (!(input_scale > 0.0f)) return Status::kBadParameter;
  // FloatToQuantizedType<T>(6.0f, scale, zero_point): round(value / scale) in float, + zero point.
  const float six_over_scale = 6.0f / input_scale;
  int32_t six = static_cast<int32_t>(std::round(six_over_scale) + static_cast<float>(input_zero_point));
  six = six < lo ? lo : six > hi ? hi : six;
  *p = Relu6Params{};
  p->size = size;
  p->lower = input_zero_point;
  p->upper = six;
  return Status::kOk;
}

Status leaky_relu_params(float input_scale, int32_t input_zero_point, float output_scale, int32_t output_zero_point,
                         float alpha, int32_t size, LeakyReluParams* p) {
  if (p == nullptr) return Status::kNullPointer;
  if (!(input_scale > 0.0f) || !(output_scale > 0.0f)) return Status::kBadParameter;
  *p = LeakyReluParams{};
  p->size = size;
  p->input_zero_point = input_zero_point;
  p->output_zero_point = output_zero_point;
  int shift = 0;
  const float alpha_real = input_scale * alpha / output_scale;
  quantize_multiplier(static_cast<double>(alpha_real), &p->output_multiplier_alpha, &shift);
  p->output_shift_alpha = shift;
  quantize_multiplier(static_cast<double>(input_scale / output_scale), &p->output_multiplier_identity, &shift);
  p->output_shift_identity = shift;
  return Status::kOk;
}

Status abs_params(float input_scale, int32_t input_zero_point, float output_scale, int32_t output_zero_point,
                  int32_t size, AbsParams* p) {
  if (p == nullptr) return Status::kNullPointer;
  if (!(input_scale > 0.0f) || !(output_scale > 0.0f)) return Status::kBadParameter;
  *p = AbsParams{};
  p->size = size;
  p->input_offset = input_zero_point;
  p->output_offset = output_zero_point;
  p->needs_rescale = input_scale != output_scale;
  if (p->needs_rescale) {
    int shift = 0;
    quantize_multiplier(static_cast<double>(input_scale / output_scale), &p->multiplier, &shift);
    p->shift = shift;
  }
  return Status::kOk;
}
}  // namespace

Status logistic_s8_params(float input_scale, int32_t input_zero_point, float, int32_t output_zero_point, int32_t size,
                          LogisticS8Params* params) {
  if (output_zero_point != INT8_MIN) return Status::kBadParameter;
  return sigmoid_tanh_s8_params(input_scale, input_zero_point, size, params);
}

Status tanh_s8_params(float input_scale, int32_t input_zero_point, float, int32_t, int32_t size,
                      TanhS8Params* params) {
  return sigmoid_tanh_s8_params(input_scale, input_zero_point, size, params);
}

Status logistic_s16_params(float input_scale, int32_t input_zero_point, float output_scale, int32_t output_zero_point,
                           int32_t size, LogisticS16Params* params) {
  return sigmoid_tanh_s16_params(input_scale, input_zero_point, output_scale, output_zero_point, size, 0, params);
}

Status tanh_s16_params(float input_scale, int32_t input_zero_point, float output_scale, int32_t output_zero_point,
                       int32_t size, TanhS16Params* params) {
  return sigmoid_tanh_s16_params(input_scale, input_zero_point, output_scale, output_zero_point, size, 1, params);
}

Status hard_swish_s8_params(float input_scale, int32_t input_zero_point, float output_scale, int32_t output_zero_point,
                            int32_t size, HardSwishS8Params* p) {
  if (p == nullptr) return Status::kNullPointer;
  if (!(input_scale > 0.0f) || !(output_scale > 0.0f)) return Status::kBadParameter;
  const float hires_input_scale = (1.0f / 128.0f) * input_scale;
  const float reluish_scale = 3.0f / 32768.0f;
  int32_t m32 = 0;
  int output_exponent = 0, reluish_exponent = 0;
  quantize_multiplier(static_cast<double>(hires_input_scale / output_scale), &m32, &output_exponent);
  const int32_t output_m16 = downscale_multiplier_to_16(m32);
  quantize_multiplier(static_cast<double>(hires_input_scale / reluish_scale), &m32, &reluish_exponent);
  const int32_t reluish_m16 = downscale_multiplier_to_16(m32);
  if (output_exponent > 0) return Status::kBadParameter;
  *p = HardSwishS8Params{};
  p->size = size;
  p->input_zero_point = input_zero_point;
  p->output_zero_point = output_zero_point;
  p->output_multiplier_fixedpoint_int16 = output_m16;
  p->output_multiplier_exponent = output_exponent;
  p->reluish_multiplier_fixedpoint_int16 = reluish_m16;
  p->reluish_multiplier_exponent = reluish_exponent;
  return Status::kOk;
}

Status relu_s8_params(float input_scale, int32_t input_zero_point, float output_scale, int32_t output_zero_point,
                      int32_t size, ReluParams* params) {
  return relu_params<int8_t>(input_scale, input_zero_point, output_scale, output_zero_point, size, params);
}

Status relu_s16_params(float input_scale, int32_t input_zero_point, float output_scale, int32_t output_zero_point,
                       int32_t size, ReluParams* params) {
  if (input_zero_point != 0 || output_zero_point != 0) return Status::kBadParameter;
  return relu_params<int16_t>(input_scale, input_zero_point, output_scale, output_zero_point, size, params);
}

Status relu6_s8_params(float input_scale, int32_t input_zero_point, int32_t size, Relu6Params* params) {
  return relu6_params(input_scale, input_zero_point, size, INT8_MIN, INT8_MAX, params);
}

Status relu6_s16_params(float input_scale, int32_t input_zero_point, int32_t size, Relu6Params* params) {
  return relu6_params(input_scale, input_zero_point, size, INT16_MIN, INT16_MAX, params);
}

Status leaky_relu_s8_params(float input_scale, int32_t input_zero_point, float output_scale, int32_t output_zero_point,
                            float alpha, int32_t size, LeakyReluParams* params) {
  return leaky_relu_params(input_scale, input_zero_point, output_scale, output_zero_point, alpha, size, params);
}

Status leaky_relu_s16_params(float input_scale, int32_t input_zero_point, float output_scale,
                             int32_t output_zero_point, float alpha, int32_t size, LeakyReluParams* params) {
  return leaky_relu_params(input_scale, input_zero_point, output_scale, output_zero_point, alpha, size, params);
}

void elu_s8_build_lut(float input_scale, int32_t input_zero_point, float output_scale, int32_t output_zero_point,
                      int8_t lut[256]) {
  const float inverse_scale = 1 / output_scale;
  for (int32_t v = INT8_MIN; v <= INT8_MAX; ++v) {
    const float x = input_scale * static_cast<float>(v - input_zero_point);
    const float y = x < 0.0f ? std::exp(x) - 1.0f : x;
    const float rescaled = std::round(y * inverse_scale);
    int32_t q = static_cast<int32_t>(rescaled + static_cast<float>(output_zero_point));
    q = q < INT8_MIN ? INT8_MIN : q > INT8_MAX ? INT8_MAX : q;
    lut[static_cast<uint8_t>(static_cast<int8_t>(v))] = static_cast<int8_t>(q);
  }
}

Status abs_s8_params(float input_scale, int32_t input_zero_point, float output_scale, int32_t output_zero_point,
                     int32_t size, AbsParams* params) {
  return abs_params(input_scale, input_zero_point, output_scale, output_zero_point, size, params);
}

Status abs_s16_params(float input_scale, int32_t input_zero_point, float output_scale, int32_t output_zero_point,
                      int32_t size, AbsParams* params) {
  if (input_zero_point != 0 || output_zero_point != 0) return Status::kBadParameter;
  return abs_params(input_scale, input_zero_point, output_scale, output_zero_point, size, params);
}

Status rsqrt_s8_params(float input_scale, int32_t input_zero_point, float output_scale, int32_t output_zero_point,
                       int32_t size, RsqrtParams* p) {
  if (p == nullptr) return Status::kNullPointer;
  if (!(input_scale > 0.0f) || !(output_scale > 0.0f)) return Status::kBadParameter;
  *p = RsqrtParams{};
  const float denominator = std::sqrt(input_scale) * output_scale;
  int shift = 0;
  quantize_multiplier(1. / static_cast<double>(denominator), &p->multiplier, &shift);
  p->size = size;
  p->shift = shift;
  p->input_offset = input_zero_point;
  p->output_offset = output_zero_point;
  return Status::kOk;
}

}  // namespace cmnn
