// Log softmax s8 (reference): TFLite's algorithm in gemmlowp fixed point. Per row: the Q12.19 sum
// of exp((x - max) * scale), its log in Q5.26, then (x - max) * scale - log rescaled to 16/256 steps
// around the zero point 127. Differences too small to be represented give -128.
#include "cmnn/softmax.h"

#include <cmath>

#include "cmnn/quant.h"
#include "kernels/op_table/op_table.h"
#include "quant/fixed_point.h"
#include "quant/softmax_fixed_point.h"

namespace cmnn {

namespace {
constexpr int kInputIntegerBits = 5;
constexpr int kAccumulationIntegerBits = 12;
constexpr int kOutputIntegerBits = 4;
constexpr int32_t kMaxDepth = 4095;  // 4095 * 2^19 < 2^31

Status log_softmax_ref(const LogSoftmaxParams& p, const LogSoftmaxS8Args& a, void*, size_t) {
  for (int32_t r = 0; r < p.rows; ++r) {
    const size_t at = static_cast<size_t>(r) * static_cast<size_t>(p.depth);
    const int8_t* in = a.input + at;
    int8_t* out = a.output + at;
    int32_t max = -128;
    for (int32_t i = 0; i < p.depth; ++i) max = in[i] > max ? in[i] : max;
    int32_t sum = 0;  // Q12.19
    for (int32_t i = 0; i < p.depth; ++i) {
      const int32_t diff = in[i] - max;
      if (diff >= p.diff_min) {
        const int32_t scaled = quant::multiply_by_quantized_multiplier(diff, p.input_multiplier, p.input_left_shift);
        sum += quant::rounding_divide_by_pot(quant::exp_on_negative_values(scaled),
                                             kAccumulationIntegerBits);
      }
    }
    const int32_t log_sum = quant::log_x_for_x_ge_1(sum, kAccumulationIntegerBits, kInputIntegerBits);  // Q5.26
    // The most negative difference whose result is still above -128: (INT32_MIN + log_sum) scaled back
    // to input steps, never below diff_min - 1.
    const int32_t reach = quant::multiply_by_quantized_multiplier(
        quant::wrapping_add(log_sum, INT32_MIN), p.reverse_scaling_divisor, -p.reverse_scaling_right_shift);
    const int32_t adjusted_diff_min = reach > p.diff_min - 1 ? reach : p.diff_min - 1;
    for (int32_t i = 0; i < p.depth; ++i) {
      const int32_t diff = in[i] - max;
      int32_t v = -128;
      if (diff > adjusted_diff_min) {
        const int32_t scaled = quant::multiply_by_quantized_multiplier(diff, p.input_multiplier, p.input_left_shift);
        v = quant::rounding_divide_by_pot(quant::wrapping_sub(scaled, log_sum),
                                          31 - kInputIntegerBits - kOutputIntegerBits) + 127;
        v = quant::clamp(v, -128, 127);
      }
      out[i] = static_cast<int8_t>(v);
    }
  }
  return Status::kOk;
}

Status check_log_softmax(const LogSoftmaxParams& p, const LogSoftmaxS8Args& a) {
  if (a.input == nullptr || a.output == nullptr) return Status::kNullPointer;
  const int32_t dims[2] = {p.rows, p.depth};
  if (!op_table::product_fits(dims, 2) || p.depth > kMaxDepth) return Status::kBadShape;
  if (p.input_multiplier < 0 || p.input_left_shift < 0 || p.input_left_shift > 31) return Status::kBadParameter;
  if (p.reverse_scaling_divisor < 0 || p.reverse_scaling_right_shift < 0 || p.reverse_scaling_right_shift > 31) {
    return Status::kBadParameter;
  }
  // Only differences >= diff_min are rescaled: diff_min * 2^shift must fit int32 (as TFLM derives it).
  if (p.diff_min > 0 || (-static_cast<int64_t>(p.diff_min) << p.input_left_shift) > INT32_MAX) {
    return Status::kBadParameter;
  }
  return Status::kOk;
}

bool always(const LogSoftmaxParams&) { return true; }
size_t no_scratch(const LogSoftmaxParams&) { return 0; }

constexpr Variant<LogSoftmaxParams, LogSoftmaxS8Args> kLogSoftmaxS8[] = {
    {"log_softmax_s8.ref", Isa::kPortable, always, no_scratch, log_softmax_ref},
};
}  // namespace

CMNN_DEFINE_OP_TABLE(log_softmax_s8, LogSoftmaxParams, LogSoftmaxS8Args, kLogSoftmaxS8, check_log_softmax)

LogSoftmaxParams log_softmax_s8_params(float input_scale, int32_t rows, int32_t depth) {
  LogSoftmaxParams p;
  p.rows = rows;
  p.depth = depth;
  // PreprocessSoftmaxScaling: beta * input_scale * 2^(31 - 5), capped at 2^31 - 1, as a multiplier
  // greater than one (TFLM requires it: input_scale > 2^-26).
  constexpr double kBeta = 1.0;
  const double real = std::fmin(kBeta * static_cast<double>(input_scale) * static_cast<double>(1 << (31 - kInputIntegerBits)),
                                static_cast<double>(INT32_MAX));
  int left_shift = 0;
  quantize_multiplier(real, &p.input_multiplier, &left_shift);
  p.input_left_shift = left_shift;
  // The inverse scaling, 2^(31 - left_shift) / multiplier, as a multiplier smaller than one.
  if (p.input_multiplier > 0 && left_shift >= 1 && left_shift <= 31) {
    const double reverse = static_cast<double>(int64_t{1} << (31 - left_shift)) / static_cast<double>(p.input_multiplier);
    int reverse_shift = 0;
    quantize_multiplier(reverse, &p.reverse_scaling_divisor, &reverse_shift);
    p.reverse_scaling_right_shift = -reverse_shift;
    // CalculateInputRadius(5, left_shift, 31): floor((2^5 - 1) * 2^26 / 2^left_shift).
    const double radius = static_cast<double>((1 << kInputIntegerBits) - 1) *
                          static_cast<double>(int64_t{1} << (31 - kInputIntegerBits)) /
                          static_cast<double>(int64_t{1} << left_shift);
    p.diff_min = -static_cast<int32_t>(std::floor(radius));
  } else {
    p.input_left_shift = -1;  // outside TFLM's contract (input_scale <= 2^-26): check() rejects it
  }
  return p;
}

}  // namespace cmnn
