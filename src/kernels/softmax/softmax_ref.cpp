// Reference softmax (TFLite's int8 algorithm via gemmlowp fixed point; int16 via tables).
#include "arch/dsp/intrinsics.h"
#include "kernels/softmax/softmax_s16_luts.h"
#include "kernels/softmax/softmax_s8_row.h"
#include "kernels/softmax/softmax_variants.h"
#include "quant/softmax_fixed_point.h"

namespace cmnn::softmax {

namespace {
template <typename Out>
void softmax_from_s8_row(const int8_t* in, Out* out, const SoftmaxParams& p) {
  int32_t max = in[0];
  for (int32_t i = 1; i < p.row_size; ++i) max = in[i] > max ? in[i] : max;
  int32_t sum = 0;
  for (int32_t i = 0; i < p.row_size; ++i) {
    const int32_t diff = in[i] - max;
    if (diff >= p.diff_min) sum += sum_term(exp_of_diff(diff, p));
  }
  const RowOutput<Out> stage(sum);
  for (int32_t i = 0; i < p.row_size; ++i) {
    const int32_t diff = in[i] - max;
    out[i] = diff >= p.diff_min ? stage.of_exp(exp_of_diff(diff, p)) : static_cast<Out>(RowOutput<Out>::kMin);
  }
}
}  // namespace

Status softmax_s8_ref(const SoftmaxParams& p, const SoftmaxS8Args& a, void*, size_t) {
  for (int32_t r = 0; r < p.rows; ++r) {
    const size_t at = static_cast<size_t>(r) * static_cast<size_t>(p.row_size);
    softmax_from_s8_row(a.input + at, a.output + at, p);
  }
  return Status::kOk;
}

Status softmax_s8_s16_ref(const SoftmaxParams& p, const SoftmaxS8S16Args& a, void*, size_t) {
  for (int32_t r = 0; r < p.rows; ++r) {
    const size_t at = static_cast<size_t>(r) * static_cast<size_t>(p.row_size);
    softmax_from_s8_row(a.input + at, a.output + at, p);
  }
  return Status::kOk;
}

Status softmax_s16_ref(const SoftmaxParams& p, const SoftmaxS16Args& a, void*, size_t) {
  for (int32_t r = 0; r < p.rows; ++r) {
    const size_t at = static_cast<size_t>(r) * static_cast<size_t>(p.row_size);
    const int16_t* in = a.input + at;
    int16_t* out = a.output + at;
    int32_t max = in[0];
    for (int32_t i = 1; i < p.row_size; ++i) max = in[i] > max ? in[i] : max;
    // exp of every element, cached in the output row (in place is fine: element i is read first).
    int32_t sum = 0;
    for (int32_t i = 0; i < p.row_size; ++i) {
      const int32_t scaled = quant::multiply_by_quantized_multiplier(in[i] - max, p.input_multiplier, p.input_left_shift);
      const int16_t e = lut_lookup(kExpLut, quant::clamp(scaled + 32767, -32768, 32767));
      out[i] = e;
      sum += e;
    }
    const int headroom = dsp::clz(static_cast<uint32_t>(sum));
    // sum in [1, 2) as Q1.15 (rounded), recentred to the reciprocal table's symmetric [-1, 1).
    const int32_t shifted_sum = ((sum << (headroom - 1)) + (1 << 13)) >> 14;
    const auto table_x = static_cast<int16_t>(shifted_sum - 98304);
    const int32_t reciprocal = lut_lookup(kOneOverOnePlusXLut, table_x);
    const int right_shift = 30 - headroom;
    for (int32_t i = 0; i < p.row_size; ++i) {
      const int32_t v = (out[i] * reciprocal) >> right_shift;
      // Saturated as TFLM's SoftmaxInt16: a lone element (exp 32767, reciprocal just above 0.5)
      // rounds to 32768, which must stay 1.0 (32767), not wrap to -32768.
      out[i] = static_cast<int16_t>(quant::clamp((v + 1) >> 1, -32768, 32767));
    }
  }
  return Status::kOk;
}

}  // namespace cmnn::softmax
