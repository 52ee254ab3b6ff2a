#include "graph/quant_math.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "cmnn/quant.h"
#include "import/flatbuffer.h"

namespace cmnn::tool {

ActivationRange activation_range(tflite::Activation act, float output_scale, int32_t output_zero_point,
                                 int32_t qmin, int32_t qmax) {
  // TFLite: zero_point + static_cast<int32_t>(TfLiteRound(f / scale)), all in float.
  auto quantize_value = [&](float f) -> int32_t {
    const float q = std::round(f / output_scale);
    if (!(std::fabs(q) < 2.0e9f)) return q > 0 ? qmax : qmin;  // a degenerate scale saturates, never UB
    const int64_t v = int64_t{output_zero_point} + static_cast<int64_t>(q);
    return static_cast<int32_t>(std::min<int64_t>(std::max<int64_t>(v, INT32_MIN), INT32_MAX));
  };
  using tflite::Activation;
  switch (act) {
    case Activation::kNone: return {qmin, qmax};
    case Activation::kRelu: return {std::max(qmin, quantize_value(0.0f)), qmax};
    case Activation::kRelu6: return {std::max(qmin, quantize_value(0.0f)), std::min(qmax, quantize_value(6.0f))};
    case Activation::kReluN1To1:
      return {std::max(qmin, quantize_value(-1.0f)), std::min(qmax, quantize_value(1.0f))};
    case Activation::kTanh:
    case Activation::kSignBit: break;
  }
  throw ImportError(std::string("fused activation ") + tflite::activation_name(act) +
                    " has no integer clamp (unsupported)");
}

int32_t conv_output_size(tflite::Padding padding, int32_t in, int32_t filter, int32_t stride, int32_t dilation) {
  if (stride <= 0) return 0;
  const int64_t effective = (int64_t{filter} - 1) * dilation + 1;
  const int64_t out = padding == tflite::Padding::kSame ? (int64_t{in} + stride - 1) / stride
                                                        : (int64_t{in} + stride - effective) / stride;
  return static_cast<int32_t>(std::max<int64_t>(out, 0));
}

PaddingAmounts conv_padding(int32_t in, int32_t filter, int32_t stride, int32_t dilation, int32_t out) {
  const int64_t effective = (int64_t{filter} - 1) * dilation + 1;
  int64_t total = (int64_t{out} - 1) * stride + effective - in;
  total = total > 0 ? total : 0;
  PaddingAmounts p;
  p.before = static_cast<int32_t>(total / 2);
  p.after = static_cast<int32_t>(total / 2 + total % 2);
  return p;
}

QuantizedMultiplier quantize(double real_multiplier) {
  // Hostile scales can make the ratio infinite, NaN or absurdly large; none is a usable rescale.
  if (!std::isfinite(real_multiplier) || real_multiplier < 0.0 || real_multiplier >= 2147483648.0) {
    throw ImportError("rescale factor " + std::to_string(real_multiplier) + " is out of range (scales in the model)");
  }
  QuantizedMultiplier q;
  cmnn::quantize_multiplier(real_multiplier, &q.multiplier, &q.shift);
  return q;
}

double float_product_multiplier(float input_scale, float filter_scale, float output_scale) {
  const float product = input_scale * filter_scale;  // rounded to float, as TFLite's float * float
  return static_cast<double>(product) / static_cast<double>(output_scale);
}

QuantizedMultiplier quantize_smaller_than_one(double real, const char* what) {
  if (!(real > 0.0 && real < 1.0)) {
    throw ImportError(std::string(what) + " multiplier " + std::to_string(real) + " is not in (0, 1)");
  }
  const QuantizedMultiplier q = quantize(real);
  if (q.shift > 0) throw ImportError(std::string(what) + " multiplier gives a positive shift");
  return q;
}

QuantizedMultiplier quantize_greater_than_one(double real, const char* what) {
  if (!(real > 1.0)) {
    throw ImportError(std::string(what) + " multiplier " + std::to_string(real) + " is not greater than 1");
  }
  return quantize(real);  // frexp of a value > 1 gives an exponent >= 1
}

AddRescale add_rescale(double s1, double s2, double so, int left_shift) {
  const double twice_max_input_scale = 2 * std::max(s1, s2);
  AddRescale r;
  r.input1 = quantize_smaller_than_one(s1 / twice_max_input_scale, "add input 1");
  r.input2 = quantize_smaller_than_one(s2 / twice_max_input_scale, "add input 2");
  r.output = quantize_smaller_than_one(
      twice_max_input_scale / (static_cast<double>(int64_t{1} << left_shift) * so), "add output");
  return r;
}

SoftmaxScaling softmax_scaling(double beta, double input_scale) {
  constexpr int kScaledDiffIntegerBits = 5;
  constexpr int kTotalSignedBits = 31;
  const double max_real_multiplier = static_cast<double>((int64_t{1} << 31) - 1);
  const double real = std::min(beta * input_scale * static_cast<double>(1 << (31 - kScaledDiffIntegerBits)),
                               max_real_multiplier);
  const QuantizedMultiplier q = quantize_greater_than_one(real, "softmax beta*input_scale");
  SoftmaxScaling s;
  s.input_multiplier = q.multiplier;
  s.input_left_shift = q.shift;
  // CalculateInputRadius: floor(((1 << bits) - 1) * 2^(31 - bits) / 2^left_shift).
  const double radius = 1.0 * ((1 << kScaledDiffIntegerBits) - 1) *
                        static_cast<double>(int64_t{1} << (kTotalSignedBits - kScaledDiffIntegerBits)) /
                        static_cast<double>(int64_t{1} << std::min(q.shift, 62));
  s.diff_min = -static_cast<int32_t>(std::floor(radius));
  return s;
}

}  // namespace cmnn::tool
