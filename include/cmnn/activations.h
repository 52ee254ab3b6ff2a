// Quantized activation ops of TFLite, bit-exact with TFLite Micro's reference kernels (tflite-micro
// 90b983c2): LOGISTIC, TANH, HARD_SWISH, RELU, RELU6, LEAKY_RELU, ELU, ABS, RSQRT (PRELU is in
// cmnn/prelu.h). Every op is elementwise over `size` elements (the tensor's element count), one
// input and one output of the same shape; the output may equal the input (in place).
//
// Params are plain data derived from the model on the host. The `<prefix>_params` helpers below
// are the one place of that derivation: they do what TFLM's Prepare does (same float / double
// arithmetic) and return kBadParameter where TFLM's Prepare fails. ELU is a 256-entry table built
// on the host by elu_s8_build_lut and passed in the Args. Entry points (CMNN_DECLARE_OP_TABLE,
// cmnn/op_api.h) check pointers (kNullPointer), size > 0 (kBadShape) and parameter ranges
// (kBadParameter) before touching memory; each table has a portable "<prefix>.ref" variant.
#pragma once
#include <cstdint>

#include "cmnn/op_api.h"

namespace cmnn {

// One input tensor, one output tensor of the same element count (may be the same buffer).
template <typename T>
struct UnaryArgs {
  const T* input = nullptr;
  T* output = nullptr;
};

// ---- LOGISTIC and TANH, int8 (gemmlowp fixed point on a Q4.27 input) ------------------------
// out = clamp(round(f(in_q4) * 2^8) - 128) for logistic, clamp(round(f(in_q4) * 2^7)) for tanh,
// in_q4 = (in - input_zero_point) requantized by (input_multiplier, input_left_shift) unless
// |in - input_zero_point| >= input_range_radius (then -128 / 127 directly).
struct LogisticS8Params {
  int32_t size = 0;
  int32_t input_zero_point = 0;
  int32_t input_range_radius = 0;  // >= 0
  int32_t input_multiplier = 0;    // Q31, >= 0
  int32_t input_left_shift = 0;    // in [-31, 30], positive = left
};
using TanhS8Params = LogisticS8Params;

// TFLM CalculateArithmeticOpDataLogistic / tanh CalculateArithmeticOpData for int8:
// real = double(input_scale) * 2^27; (frac, input_left_shift) = frexp(real);
// input_multiplier = int32(round(frac * 2^31)) (no carry into the exponent);
// input_range_radius = floor(15 * 2^27 / 2^input_left_shift) (CalculateInputRadius(4, shift, 31)).
// logistic_s8: TFLM requires output_zero_point == -128 (kBadParameter otherwise) and assumes an
// output scale of 1/256 without checking it; tanh_s8 checks neither (output is 1/128, 0).
Status logistic_s8_params(float input_scale, int32_t input_zero_point, float output_scale, int32_t output_zero_point,
                          int32_t size, LogisticS8Params* params);
Status tanh_s8_params(float input_scale, int32_t input_zero_point, float output_scale, int32_t output_zero_point,
                      int32_t size, TanhS8Params* params);

CMNN_DECLARE_OP_TABLE(logistic_s8, LogisticS8Params, UnaryArgs<int8_t>)
CMNN_DECLARE_OP_TABLE(tanh_s8, TanhS8Params, UnaryArgs<int8_t>)

// ---- LOGISTIC and TANH, int16 (interpolated 256-entry sigmoid table, output Q0.15) ------------
// v = (in * m + round) >> input_left_shift with m = input_multiplier, or, when input_multiplier
// == 0 (power-of-two input scale), v = in * (3 << input_left_shift); then the table lookup.
struct LogisticS16Params {
  int32_t size = 0;
  int32_t input_multiplier = 0;  // in [0, 32767]
  int32_t input_left_shift = 0;  // in [0, 31]; in [0, 1] when input_multiplier == 0
};
using TanhS16Params = LogisticS16Params;

// TFLM for int16 (zero points must be 0 and the output scale 2^-15 (log2 within 1e-3), else
// kBadParameter): k = round(log2(input_scale)) computed in float (CheckedLog2), pot = |log2 -
// k| < 1e-3; input_left_shift = 12 + k; if pot and input_left_shift == 0 (logistic) or in {0, 1}
// (tanh): input_multiplier = 0. Otherwise m = double(input_scale) * 4096 * 3, input_left_shift =
// 0, and while m <= 32767 / 2 and input_left_shift <= 30: double m, ++input_left_shift;
// input_multiplier = int32(m) (truncated).
Status logistic_s16_params(float input_scale, int32_t input_zero_point, float output_scale, int32_t output_zero_point,
                           int32_t size, LogisticS16Params* params);
Status tanh_s16_params(float input_scale, int32_t input_zero_point, float output_scale, int32_t output_zero_point,
                       int32_t size, TanhS16Params* params);

CMNN_DECLARE_OP_TABLE(logistic_s16, LogisticS16Params, UnaryArgs<int16_t>)
CMNN_DECLARE_OP_TABLE(tanh_s16, TanhS16Params, UnaryArgs<int16_t>)

// ---- HARD_SWISH, int8 (int16 fixed point, TFLite reference_ops::HardSwish) ---------------------
struct HardSwishS8Params {
  int32_t size = 0;
  int32_t input_zero_point = 0;                     // [-128, 127]
  int32_t output_zero_point = 0;                    // [-128, 127]
  int32_t reluish_multiplier_fixedpoint_int16 = 0;  // Q15 in [0, 32767]
  int32_t reluish_multiplier_exponent = 0;          // [-31, 31]
  int32_t output_multiplier_fixedpoint_int16 = 0;   // Q15 in [0, 32767]
  int32_t output_multiplier_exponent = 0;           // [-31, 0]
};

// TFLM HardSwishPrepare: hires = (1.0f / 128.0f) * input_scale (float);
// (m32, output_multiplier_exponent) = QuantizeMultiplier(double(hires / output_scale)) (float
// division), reluish likewise from double(hires / (3.0f / 32768.0f)); each m32 is reduced to 16
// bits by DownScaleInt32ToInt16Multiplier (m32 >= INT32_MAX - 2^15 ? 32767 : (m32 + 2^15) >> 16).
// kBadParameter when output_multiplier_exponent > 0 (TFLM rejects it).
Status hard_swish_s8_params(float input_scale, int32_t input_zero_point, float output_scale, int32_t output_zero_point,
                            int32_t size, HardSwishS8Params* params);

CMNN_DECLARE_OP_TABLE(hard_swish_s8, HardSwishS8Params, UnaryArgs<int8_t>)

// ---- RELU, int8 / int16 (a requantization clamped at the output's zero) ----------------------
// out = clamp(output_offset + MultiplyByQuantizedMultiplier(in - input_offset, m, shift), min, max).
struct ReluParams {
  int32_t size = 0;
  int32_t input_offset = 0;       // the input zero point (0 for int16)
  int32_t output_offset = 0;      // the output zero point (0 for int16)
  int32_t output_multiplier = 0;  // Q31, >= 0
  int32_t output_shift = 0;       // [-31, 30]
  int32_t activation_min = 0;     // within the type's range, <= activation_max
  int32_t activation_max = 0;
};

// TFLM CalculateReluOpData: (output_multiplier, output_shift) = QuantizeMultiplier(
// double(input_scale / output_scale)) (float division); activation_min = max(T min,
// output_zero_point) (roundf(0 / scale) = 0), activation_max = T max. int16: zero points must be
// 0 (kBadParameter otherwise).
Status relu_s8_params(float input_scale, int32_t input_zero_point, float output_scale, int32_t output_zero_point,
                      int32_t size, ReluParams* params);
Status relu_s16_params(float input_scale, int32_t input_zero_point, float output_scale, int32_t output_zero_point,
                       int32_t size, ReluParams* params);

// Overloads beside the older relu_s8(input, output, size, zero_point) of cmnn/activation.h.
CMNN_DECLARE_OP_TABLE(relu_s8, ReluParams, UnaryArgs<int8_t>)
CMNN_DECLARE_OP_TABLE(relu_s16, ReluParams, UnaryArgs<int16_t>)

// ---- RELU6, int8 / int16 (a clamp in the input's quantization; the output's is ignored) -----
struct Relu6Params {
  int32_t size = 0;
  int32_t lower = 0;  // the input zero point
  int32_t upper = 0;  // quantized 6.0, lower <= upper, both within the type's range
};

// TFLM Relu6Prepare: lower = input_zero_point; upper = clamp(int32(round(6.0f / input_scale)) +
// input_zero_point, T min, T max) (float division, FloatToQuantizedType).
Status relu6_s8_params(float input_scale, int32_t input_zero_point, int32_t size, Relu6Params* params);
Status relu6_s16_params(float input_scale, int32_t input_zero_point, int32_t size, Relu6Params* params);

CMNN_DECLARE_OP_TABLE(relu6_s8, Relu6Params, UnaryArgs<int8_t>)
CMNN_DECLARE_OP_TABLE(relu6_s16, Relu6Params, UnaryArgs<int16_t>)

// ---- LEAKY_RELU, int8 / int16 -----------------------------------------------------------------
// d = in - input_zero_point; out = clamp(output_zero_point + (d >= 0 ? MBQM(d, identity) :
// sign(alpha) * MBQM(d, |alpha multiplier|, alpha shift))).
struct LeakyReluParams {
  int32_t size = 0;
  int32_t input_zero_point = 0;
  int32_t output_zero_point = 0;
  int32_t output_multiplier_alpha = 0;  // Q31, negative for a negative alpha (not INT32_MIN)
  int32_t output_shift_alpha = 0;       // [-31, 30]
  int32_t output_multiplier_identity = 0;  // Q31, >= 0
  int32_t output_shift_identity = 0;       // [-31, 30]
};

// TFLM CalculateOpDataLeakyRelu: alpha = LeakyReluOptions.alpha; (output_multiplier_alpha,
// output_shift_alpha) = QuantizeMultiplier(double(input_scale * alpha / output_scale)) (float
// arithmetic, left to right); (identity) = QuantizeMultiplier(double(input_scale / output_scale)).
// TFLM checks no zero points for int16.
Status leaky_relu_s8_params(float input_scale, int32_t input_zero_point, float output_scale, int32_t output_zero_point,
                            float alpha, int32_t size, LeakyReluParams* params);
Status leaky_relu_s16_params(float input_scale, int32_t input_zero_point, float output_scale,
                             int32_t output_zero_point, float alpha, int32_t size, LeakyReluParams* params);

CMNN_DECLARE_OP_TABLE(leaky_relu_s8, LeakyReluParams, UnaryArgs<int8_t>)
CMNN_DECLARE_OP_TABLE(leaky_relu_s16, LeakyReluParams, UnaryArgs<int16_t>)

// ---- ELU, int8 (a 256-entry table built on the host, as TFLM's Prepare builds it) -------------
struct EluS8Params {
  int32_t size = 0;
};

struct EluS8Args {
  const int8_t* input = nullptr;
  const int8_t* lut = nullptr;  // 256 entries, indexed by uint8_t(input value); see elu_s8_build_lut
  int8_t* output = nullptr;
};

// TFLM elu.cc PopulateLookupTable, all in float: for v in [-128, 127]: x = input_scale * float(v -
// input_zero_point); y = x < 0 ? std::exp(x) - 1 : x; q = int32(round(y * (1 / output_scale)) +
// output_zero_point); lut[uint8_t(v)] = clamp(q, -128, 127). Pure, no allocation.
void elu_s8_build_lut(float input_scale, int32_t input_zero_point, float output_scale, int32_t output_zero_point,
                      int8_t lut[256]);

CMNN_DECLARE_OP_TABLE(elu_s8, EluS8Params, EluS8Args)

// ---- ABS, int8 / int16 --------------------------------------------------------------------------
// v = |in - input_offset|; out = clamp(needs_rescale ? MBQM(v, multiplier, shift) + output_offset
// : v + output_offset). int16 without quantization (quantized = false): out = int16(|in|), so
// -32768 stays -32768 (TFLM's std::abs then a wrapping store).
struct AbsParams {
  int32_t size = 0;
  int32_t input_offset = 0;   // input zero point (0 for int16)
  int32_t output_offset = 0;  // output zero point (0 for int16)
  int32_t multiplier = 0;     // Q31, >= 0; used when needs_rescale
  int32_t shift = 0;          // [-31, 30]
  bool needs_rescale = false;
  bool quantized = true;      // int16 only: false for an unquantized int16 tensor
};

// TFLM PrepareAbsRsqrt: needs_rescale = input_scale != output_scale; if so (multiplier, shift) =
// QuantizeMultiplier(double(input_scale / output_scale)) (float division). int16: zero points
// must be 0 (kBadParameter). For an unquantized int16 tensor set quantized = false instead.
Status abs_s8_params(float input_scale, int32_t input_zero_point, float output_scale, int32_t output_zero_point,
                     int32_t size, AbsParams* params);
Status abs_s16_params(float input_scale, int32_t input_zero_point, float output_scale, int32_t output_zero_point,
                      int32_t size, AbsParams* params);

CMNN_DECLARE_OP_TABLE(abs_s8, AbsParams, UnaryArgs<int8_t>)
CMNN_DECLARE_OP_TABLE(abs_s16, AbsParams, UnaryArgs<int16_t>)

// ---- RSQRT, int8 -----------------------------------------------------------------------------
// v = in - input_offset (TFLM fails the invoke for v < 0: the entry point returns kBadParameter
// before writing anything if any input is below input_offset); v == 0 gives 127; otherwise
// 1/sqrt(v) by TFLite's GetInvSqrtQuantizedMultiplierExp, then MBQM(MBQM(1, inv, inv_shift + 20),
// multiplier, shift - 20) + output_offset, clamped.
struct RsqrtParams {
  int32_t size = 0;
  int32_t input_offset = 0;   // input zero point
  int32_t output_offset = 0;  // output zero point
  int32_t multiplier = 0;     // Q31, >= 0
  int32_t shift = 0;          // [-11, 50] (shift - 20 must be a valid [-31, 30] shift)
};

// TFLM SetRsqrtOutputMultiplier: (multiplier, shift) = QuantizeMultiplier(1.0 /
// double(std::sqrt(input_scale) * output_scale)) (sqrt and product in float).
Status rsqrt_s8_params(float input_scale, int32_t input_zero_point, float output_scale, int32_t output_zero_point,
                       int32_t size, RsqrtParams* params);

CMNN_DECLARE_OP_TABLE(rsqrt_s8, RsqrtParams, UnaryArgs<int8_t>)

}  // namespace cmnn
