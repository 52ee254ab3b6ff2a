// The pieces of TFLite's int8-input softmax row (gemmlowp fixed point) shared by softmax_ref.cpp and
// softmax_exp_once.cpp, so that both variants run the same arithmetic: the exp of a difference
// x - max that passed diff_min (Q0.31), the exp sum's Q12.19 terms, the reciprocal of the sum and
// the output stage for int8 (scale 1/256, zero point -128) or int16 (1/65536, -32768) outputs.
#pragma once
#include <cstdint>

#include "arch/dsp/intrinsics.h"
#include "cmnn/softmax.h"
#include "quant/softmax_fixed_point.h"

namespace cmnn::softmax {

constexpr int kAccumulationBits = 12;  // the exp sum is kept in Q12.19

// exp((x - max) * scale) in Q0.31 for a difference that passed diff_min.
inline int32_t exp_of_diff(int32_t diff, const SoftmaxParams& p) {
  const int32_t scaled = quant::doubling_high_mul(diff * (1 << p.input_left_shift), p.input_multiplier);
  return quant::exp_on_negative_values(scaled);
}

// One element's term of the exp sum.
inline int32_t sum_term(int32_t exp) { return quant::rounding_divide_by_pot(exp, kAccumulationBits); }

// The row's output scaling from its exp sum (> 0: the maximum's own term is 2^19).
template <typename Out>
struct RowOutput {
  static constexpr int32_t kMin = sizeof(Out) == 1 ? -128 : -32768, kMax = sizeof(Out) == 1 ? 127 : 32767;
  static constexpr int kBits = sizeof(Out) == 1 ? 23 : 15;  // 31 - output bits
  int32_t scale;           // 1 / (1 + x) of the normalised sum, Q0.31
  int bits_over_unit;

  explicit RowOutput(int32_t sum) {
    const int headroom = dsp::clz(static_cast<uint32_t>(sum));
    // sum << headroom lies in [1, 2) in Q1.31; minus 1 gives x in [0, 1) for 1 / (1 + x).
    const auto x = static_cast<int32_t>((static_cast<uint32_t>(sum) << headroom) - 0x80000000u);
    scale = quant::one_over_one_plus_x_for_x_in_0_1(x);
    bits_over_unit = kAccumulationBits - headroom + kBits;
  }
  // The output of an element whose difference passed diff_min (others are kMin).
  Out of_exp(int32_t exp) const {
    const int32_t prob = quant::doubling_high_mul(scale, exp);
    return static_cast<Out>(quant::clamp(quant::rounding_divide_by_pot_wide(prob, bits_over_unit) + kMin, kMin, kMax));
  }
};

}  // namespace cmnn::softmax
