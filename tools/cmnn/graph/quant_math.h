// TFLite's parameter arithmetic (tensorflow/lite/kernels/kernel_util.cc, padding.h,
// internal/quantization_util.cc), written once for the host compiler. Every function here
// reproduces the reference to the bit: same float/double conversions, same rounding.
#pragma once
#include <cstdint>

#include "import/tflite_schema.h"

namespace cmnn::tool {

struct ActivationRange {
  int32_t min = 0, max = 0;
};

// CalculateActivationRangeQuantized: clamp of a fused activation in the output's integer domain,
// quantizing 0, 6, -1, 1 with the output's (float) scale and zero point. qmin/qmax are the type's
// limits (-128/127 for int8). Throws ImportError for TANH / SIGN_BIT (not fusable into int kernels).
ActivationRange activation_range(tflite::Activation act, float output_scale, int32_t output_zero_point,
                                 int32_t qmin, int32_t qmax);

// ComputeOutSize: output extent of a window sweep (0 when stride is 0).
int32_t conv_output_size(tflite::Padding padding, int32_t in, int32_t filter, int32_t stride, int32_t dilation);

struct PaddingAmounts {
  int32_t before = 0, after = 0;  // top/left and bottom/right
};
// ComputePaddingWithOffset: total = max((out-1)*stride + (f-1)*dilation + 1 - in, 0);
// before = total/2, after = before + total%2.
PaddingAmounts conv_padding(int32_t in, int32_t filter, int32_t stride, int32_t dilation, int32_t out);

struct QuantizedMultiplier {
  int32_t multiplier = 0;
  int shift = 0;  // positive = left
};
// QuantizeMultiplier (cmnn::quantize_multiplier, shared with the kernels).
QuantizedMultiplier quantize(double real_multiplier);
// GetQuantizedConvolutionMultipler (kernel_util.cc, the overload without a bias), as TFLM's
// CalculateOpDataFullyConnected uses it for per-tensor weights and the LSTM for its gate FCs: the
// two float scales are multiplied in float (one float rounding), and only that product is widened:
// double(input * filter) / double(output). Not the same as double(input) * double(filter) / ...
double float_product_multiplier(float input_scale, float filter_scale, float output_scale);
// QuantizeMultiplierSmallerThanOneExp: requires 0 < real < 1 (throws ImportError otherwise).
QuantizedMultiplier quantize_smaller_than_one(double real_multiplier, const char* what);
// QuantizeMultiplierGreaterThanOne: requires real > 1, and gives shift >= 0.
QuantizedMultiplier quantize_greater_than_one(double real_multiplier, const char* what);

struct AddRescale {
  QuantizedMultiplier input1, input2, output;
};
// TFLite add/sub Prepare for int8/int16: both inputs are rescaled to twice the larger input scale
// with `left_shift` bits of headroom (20 for int8). Scales are TFLite's floats, passed as double.
AddRescale add_rescale(double input1_scale, double input2_scale, double output_scale, int left_shift);

struct SoftmaxScaling {
  int32_t input_multiplier = 0;
  int input_left_shift = 0;
  int32_t diff_min = 0;
};
// PreprocessSoftmaxScaling(beta, input_scale, 5 integer bits) and diff_min = -CalculateInputRadius(5, shift, 31),
// as TFLM's softmax prepare for int8 inputs.
SoftmaxScaling softmax_scaling(double beta, double input_scale);

}  // namespace cmnn::tool
