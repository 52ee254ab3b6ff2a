// add_s8 and add_s16 Helium (MVE) variants for Cortex-M55 (the bit-exact emulation of src/arch/mve
// elsewhere): TFLite's int8 / int16 ADD on four 32-bit lanes, one code for both (lanes_mve.h).
// Per step both inputs are loaded sign-extended (VLDRB.S32 / VLDRH.S32), offset, shifted left,
// requantized per input (VQRDMULH and a rounding right shift rounding half away from zero, as
// quant::multiply_by_quantized_multiplier), summed, requantized to the output scale, offset,
// clamped and stored (VSTRB.32 / VSTRH.32); int16 has zero points 0 and left_shift <= 15. The
// quantization parameters are per tensor, so every constant but the clamp bounds and
// 2^left_shift stays in a general-purpose register and the vector instructions take it as their
// scalar operand (src/arch/mve/elementwise_ops.h): nothing is reloaded per step.
// AddFast, the usual case (no multiplier shifts left, as TFLite's converter produces: input
// multipliers are at most 1/2, the output's far below 1): an input's offset and left shift are
// one VMLAS (x * 2^left_shift + offset * 2^left_shift, wrapping), a rounding fixup is VSHR #31
// and VQADD, and an input shift of 0 (a multiplier of exactly 1/2, common) skips its rounding
// shift: 15 to 18 vector ALU instructions per 4 elements.
// AddStage, any other valid parameters: an input's two left shifts (left_shift, then its
// multiplier's positive shift) are one wrapping shift by their sum, and the fixups handle a zero
// shift without a branch (elementwise_ops.h rshr_away_s32).
// The last 1..3 elements use zeroing predicated loads and a partial store. The output may alias
// an input (each step loads first).
// add_broadcast_s8/s16.mve: the same lane code per output row of the 6-D broadcast walk
// (lanes::broadcast_rows: an innermost-broadcast input held in all lanes); innermost dimension >= 4.
#include "arch/mve/elementwise_ops.h"
#include "kernels/elementwise/add_variants.h"
#include "kernels/elementwise/lanes_mve.h"

namespace cmnn::elementwise {

namespace {
struct AddStage {
  int32_t off1, left1, mult1, off2, left2, mult2, out_left, out_mult, out_off;
  mve::RightShift right1, right2, out_right;
  mve::s32x4 lo, hi;

  explicit AddStage(const AddParams& p)
      : off1(p.input1_offset),
        left1(p.left_shift + (p.input1_shift > 0 ? p.input1_shift : 0)),
        mult1(p.input1_multiplier),
        off2(p.input2_offset),
        left2(p.left_shift + (p.input2_shift > 0 ? p.input2_shift : 0)),
        mult2(p.input2_multiplier),
        out_left(p.output_shift > 0 ? p.output_shift : 0),
        out_mult(p.output_multiplier),
        out_off(p.output_offset),
        right1(p.input1_shift > 0 ? 0 : -p.input1_shift),
        right2(p.input2_shift > 0 ? 0 : -p.input2_shift),
        out_right(p.output_shift > 0 ? 0 : -p.output_shift),
        lo(mve::dup_s32(p.activation_min)),
        hi(mve::dup_s32(p.activation_max)) {}

  // kOutLeft: the output multiplier has a left shift (rare; without it one VSHL per step less).
  template <bool kOutLeft>
  mve::s32x4 run(mve::s32x4 x1, mve::s32x4 x2) const {
    x1 = mve::rshr_away_s32(mve::qrdmulh_n_s32(mve::shl_wrap_s32(mve::add_r_s32(x1, off1), left1), mult1), right1);
    x2 = mve::rshr_away_s32(mve::qrdmulh_n_s32(mve::shl_wrap_s32(mve::add_r_s32(x2, off2), left2), mult2), right2);
    mve::s32x4 sum = mve::add_s32(x1, x2);
    if constexpr (kOutLeft) sum = mve::shl_wrap_s32(sum, out_left);
    const mve::s32x4 r = mve::add_r_s32(mve::rshr_away_s32(mve::qrdmulh_n_s32(sum, out_mult), out_right), out_off);
    return mve::min_s32(mve::max_s32(r, lo), hi);
  }
};

// Input shifts <= 0, output shift < 0 (right shifts of 1..31), left_shift <= 30.
struct AddFast {
  int32_t base1, mult1, neg1, base2, mult2, neg2, out_mult, out_neg, out_off;
  mve::s32x4 scale, lo, hi;

  static bool fits(const AddParams& p) {
    return p.input1_shift <= 0 && p.input2_shift <= 0 && p.output_shift < 0 && p.left_shift <= 30;
  }
  explicit AddFast(const AddParams& p)
      : base1(static_cast<int32_t>(static_cast<uint32_t>(p.input1_offset) << p.left_shift)),
        mult1(p.input1_multiplier),
        neg1(p.input1_shift),
        base2(static_cast<int32_t>(static_cast<uint32_t>(p.input2_offset) << p.left_shift)),
        mult2(p.input2_multiplier),
        neg2(p.input2_shift),
        out_mult(p.output_multiplier),
        out_neg(p.output_shift),
        out_off(p.output_offset),
        scale(mve::dup_s32(int32_t{1} << p.left_shift)),
        lo(mve::dup_s32(p.activation_min)),
        hi(mve::dup_s32(p.activation_max)) {}

  // kRight1/kRight2: the input's shift is < 0 (else 0: no rounding shift at all).
  template <bool kRight1, bool kRight2>
  mve::s32x4 run(mve::s32x4 x1, mve::s32x4 x2) const {
    x1 = mve::qrdmulh_n_s32(mve::mul_add_r_s32(x1, scale, base1), mult1);
    if constexpr (kRight1) x1 = mve::rshr_away_pos_s32(x1, neg1);
    x2 = mve::qrdmulh_n_s32(mve::mul_add_r_s32(x2, scale, base2), mult2);
    if constexpr (kRight2) x2 = mve::rshr_away_pos_s32(x2, neg2);
    const mve::s32x4 r =
        mve::add_r_s32(mve::rshr_away_pos_s32(mve::qrdmulh_n_s32(mve::add_s32(x1, x2), out_mult), out_neg), out_off);
    return mve::min_s32(mve::max_s32(r, lo), hi);
  }
};


// Picks the lane code for p and hands it (a callable on two s32x4) to loop: binary_loop over
// p.size elements for add_s8/s16, broadcast_rows for add_broadcast_s8/s16.
template <typename Loop>
void with_add_run(const AddParams& p, const Loop& loop) {
  if (AddFast::fits(p)) {
    const AddFast f(p);
    if (p.input1_shift < 0 && p.input2_shift < 0) {
      loop([&f](mve::s32x4 x1, mve::s32x4 x2) { return f.run<true, true>(x1, x2); });
    } else if (p.input1_shift < 0) {
      loop([&f](mve::s32x4 x1, mve::s32x4 x2) { return f.run<true, false>(x1, x2); });
    } else if (p.input2_shift < 0) {
      loop([&f](mve::s32x4 x1, mve::s32x4 x2) { return f.run<false, true>(x1, x2); });
    } else {
      loop([&f](mve::s32x4 x1, mve::s32x4 x2) { return f.run<false, false>(x1, x2); });
    }
    return;
  }
  const AddStage stage(p);
  if (p.output_shift > 0) {
    loop([&stage](mve::s32x4 x1, mve::s32x4 x2) { return stage.run<true>(x1, x2); });
  } else {
    loop([&stage](mve::s32x4 x1, mve::s32x4 x2) { return stage.run<false>(x1, x2); });
  }
}

template <typename T>
void add_mve(const AddParams& p, const BinaryArgs<T>& a) {
  with_add_run(p, [&](const auto& run) { lanes::binary_loop(run, p.size, a.input1, a.input2, a.output); });
}

// ADD with 6-D broadcasting: ArithmeticBroadcastParams' ADD fields are AddParams' (same arithmetic,
// TFLite's ArithmeticParams scheme); the lane code runs per output row (lanes::broadcast_rows).
template <typename T>
void add_broadcast_mve(const ArithmeticBroadcastParams& b, const BinaryArgs<T>& a) {
  AddParams p;
  p.input1_offset = b.input1_offset, p.input1_multiplier = b.input1_multiplier, p.input1_shift = b.input1_shift;
  p.input2_offset = b.input2_offset, p.input2_multiplier = b.input2_multiplier, p.input2_shift = b.input2_shift;
  p.left_shift = b.left_shift;
  p.output_offset = b.output_offset, p.output_multiplier = b.output_multiplier, p.output_shift = b.output_shift;
  p.activation_min = b.activation_min, p.activation_max = b.activation_max;
  with_add_run(p, [&](const auto& run) {
    lanes::broadcast_rows(run, b.input1_dims, b.input2_dims, b.output_dims, a);
  });
}
}  // namespace

Status add_s8_mve(const AddParams& p, const BinaryArgs<int8_t>& a, void*, size_t) {
  add_mve(p, a);
  return Status::kOk;
}

Status add_s16_mve(const AddParams& p, const BinaryArgs<int16_t>& a, void*, size_t) {
  add_mve(p, a);
  return Status::kOk;
}

bool add_broadcast_mve_supports(const ArithmeticBroadcastParams& p) {
  return p.output_dims[kMaxBroadcastRank - 1] >= 4;
}

Status add_broadcast_s8_mve(const ArithmeticBroadcastParams& p, const BinaryArgs<int8_t>& a, void*, size_t) {
  add_broadcast_mve(p, a);
  return Status::kOk;
}

Status add_broadcast_s16_mve(const ArithmeticBroadcastParams& p, const BinaryArgs<int16_t>& a, void*, size_t) {
  add_broadcast_mve(p, a);
  return Status::kOk;
}

}  // namespace cmnn::elementwise
