// softmax_s8 and softmax_s8_s16 Helium (MVE) variants for Cortex-M55 (the bit-exact emulation of src/arch/mve
// elsewhere): softmax_ref.cpp's algorithm (TFLite's int8 softmax, gemmlowp fixed point) with the
// per-element work on four 32-bit lanes. Per row: the maximum (VMAXV.S8 over 16 bytes at a time,
// the last < 16 in scalar code); the exp sum: x - max, the lanes at or above diff_min
// (VCMP -> predicate), the input rescale (VSHL, VQRDMULH by an R register), exp_on_negative_values
// in vector form (below), rounding shift by 12, lanes below diff_min zeroed (VPSEL), VADDVA; the
// reciprocal of the sum in scalar code as the ref; then per 4 elements the exp again, VQRDMULH by
// the reciprocal, the rounding shift by bits_over_unit (all results 0 when it exceeds 31: the
// product is non-negative and below 2^31), + output minimum, clamp, lanes below diff_min set to
// -128, VSTRB.32 (int16 outputs: -32768..32767, 15 output bits, VSTRH.32). The last 1..3 elements of a row use zeroing predicated loads and a partial store.
// exp_on_negative_values (quant/softmax_fixed_point.h, Q5.26 in, Q0.31 out) lane-wise: the
// remainder mod 1/4 and the Taylor polynomial with VAND, VSUB, VQRDMULH and rounding shifts, then
// for each of the 7 remainder bits a VQRDMULH by exp(-2^k) kept on the lanes whose bit is set
// (VSHL + VCMP + VPSEL), and exp(0) = INT32_MAX where the input is 0. Every VQRDMULH equals
// quant::doubling_high_mul (gemmlowp's saturating rounding doubling high multiply) lane by lane.
#include "arch/dsp/intrinsics.h"
#include "arch/mve/elementwise_ops.h"
#include "arch/mve/matmul_ops.h"
#include "arch/mve/s16_ops.h"
#include "arch/mve/softmax_ops.h"
#include "kernels/softmax/softmax_s8_row.h"
#include "kernels/softmax/softmax_variants.h"
#include "quant/softmax_fixed_point.h"

namespace cmnn::softmax {

namespace {

// gemmlowp exp_on_negative_values for Q5.26 inputs <= 0, four lanes (constants: the ref's).
mve::s32x4 exp_on_negative_values(mve::s32x4 x) {
  constexpr int kIntegerBits = 5, kFractionalBits = 31 - kIntegerBits, kQuarterBit = kFractionalBits - 2;
  const mve::s32x4 mod_quarter_minus_quarter =
      mve::add_r_s32(mve::and_s32(x, mve::dup_s32((1 << kQuarterBit) - 1)), -(1 << kQuarterBit));
  const mve::s32x4 remainder = mve::sub_s32(mod_quarter_minus_quarter, x);
  const mve::s32x4 a = mve::add_r_s32(mve::shl_wrap_s32(mod_quarter_minus_quarter, kIntegerBits), 1 << 28);
  constexpr int32_t kExpMinusOneEighth = 1895147668;
  constexpr int32_t kOneThird = 715827883;
  const mve::s32x4 a2 = mve::qrdmulh_s32(a, a);
  const mve::s32x4 a3 = mve::qrdmulh_s32(a2, a);
  const mve::s32x4 a4_over_4 = mve::rshr_away_pos_s32(mve::qrdmulh_s32(a2, a2), -2);
  const mve::s32x4 poly =
      mve::rshr_away_pos_s32(mve::add_s32(mve::qrdmulh_n_s32(mve::add_s32(a4_over_4, a3), kOneThird), a2), -1);
  mve::s32x4 result = mve::add_r_s32(mve::qrdmulh_n_s32(mve::add_s32(a, poly), kExpMinusOneEighth), kExpMinusOneEighth);
  constexpr int32_t kExpOfMinusPowerOfTwo[7] = {1672461947, 1302514674, 790015084, 290630308, 39332535, 720401, 242};
  for (int k = 0; k < 7; ++k) {
    const mve::pred set = mve::bit_set_s32(remainder, kFractionalBits + k - 2);
    result = mve::select_s32(mve::qrdmulh_n_s32(result, kExpOfMinusPowerOfTwo[k]), result, set);
  }
  return mve::select_s32(mve::dup_s32(INT32_MAX), result, mve::eq_n_s32(x, 0));
}

struct RowConstants {
  int32_t neg_max, left_shift, multiplier, diff_min;
};

// exp((x - max) * scale) in Q0.31 on four lanes; *in_range: the lanes whose difference is at
// least diff_min (the others hold garbage, as the ref never computes them).
mve::s32x4 exp_of_diffs(mve::s32x4 x, const RowConstants& c, mve::pred* in_range) {
  const mve::s32x4 diff = mve::add_r_s32(x, c.neg_max);
  *in_range = mve::ge_n_s32(diff, c.diff_min);
  return exp_on_negative_values(mve::qrdmulh_n_s32(mve::shl_wrap_s32(diff, c.left_shift), c.multiplier));
}

int32_t row_max(const int8_t* in, int32_t n) {
  int32_t max = in[0], i = 0;
  for (; i + 16 <= n; i += 16) max = mve::max_across_s8(max, mve::load_s8(in + i));
  for (; i < n; ++i) max = in[i] > max ? in[i] : max;
  return max;
}

// One row into int8 (softmax_s8) or int16 (softmax_s8_s16) outputs, as the ref's
// softmax_from_s8_row<Out>: output bits and limits from Out.
template <typename Out>
void softmax_row(const int8_t* in, Out* out, const SoftmaxParams& p) {
  constexpr int32_t kOutMin = RowOutput<Out>::kMin, kOutMax = RowOutput<Out>::kMax;
  const RowConstants c{-row_max(in, p.row_size), p.input_left_shift, p.input_multiplier, p.diff_min};
  const int32_t n = p.row_size;
  const mve::s32x4 zero = mve::dup_s32(0);
  int32_t sum = 0;
  for (int32_t i = 0; i < n; i += 4) {
    const mve::pred active = mve::tail_32(n - i);
    mve::pred in_range;
    const mve::s32x4 e = exp_of_diffs(mve::load_s8_to_s32_z(in + i, active), c, &in_range);
    const mve::s32x4 scaled = mve::rshr_away_pos_s32(e, -kAccumulationBits);
    sum = mve::add_across_s32(sum, mve::select_s32(scaled, zero, static_cast<mve::pred>(in_range & active)));
  }
  const RowOutput<Out> stage(sum);  // the ref's reciprocal of the exp sum (softmax_s8_row.h)
  const int32_t scale = stage.scale;
  const int bits_over_unit = stage.bits_over_unit;
  const mve::s32x4 lo = mve::dup_s32(kOutMin), hi = mve::dup_s32(kOutMax);
  for (int32_t i = 0; i < n; i += 4) {
    const mve::pred active = mve::tail_32(n - i);
    mve::pred in_range;
    const mve::s32x4 e = exp_of_diffs(mve::load_s8_to_s32_z(in + i, active), c, &in_range);
    mve::s32x4 v = lo;
    if (bits_over_unit <= 31) {
      const mve::s32x4 prob = mve::qrdmulh_n_s32(e, scale);
      v = mve::min_s32(mve::max_s32(mve::add_r_s32(mve::rshr_away_pos_s32(prob, -bits_over_unit), kOutMin), lo), hi);
    }
    v = mve::select_s32(v, lo, in_range);
    if constexpr (sizeof(Out) == 1) {
      if (active == 0xFFFFu) mve::store_s32_as_s8_all(out + i, v);
      else mve::store_s32_as_s8(out + i, v, active);
    } else {
      if (active == 0xFFFFu) mve::store_s32_as_s16_all(out + i, v);
      else mve::store_s32_as_s16(out + i, v, active);
    }
  }
}
}  // namespace

Status softmax_s8_mve(const SoftmaxParams& p, const SoftmaxS8Args& a, void*, size_t) {
  for (int32_t r = 0; r < p.rows; ++r) {
    const size_t at = static_cast<size_t>(r) * static_cast<size_t>(p.row_size);
    softmax_row(a.input + at, a.output + at, p);
  }
  return Status::kOk;
}

Status softmax_s8_s16_mve(const SoftmaxParams& p, const SoftmaxS8S16Args& a, void*, size_t) {
  for (int32_t r = 0; r < p.rows; ++r) {
    const size_t at = static_cast<size_t>(r) * static_cast<size_t>(p.row_size);
    softmax_row(a.input + at, a.output + at, p);
  }
  return Status::kOk;
}

}  // namespace cmnn::softmax
