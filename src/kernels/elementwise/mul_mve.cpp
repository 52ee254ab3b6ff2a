// mul_s8 and mul_s16 Helium (MVE) variants for Cortex-M55 (the bit-exact emulation of src/arch/mve
// elsewhere): TFLite's int8 / int16 MUL, same-shape inputs, on four 32-bit lanes (one code for
// both, lanes_mve.h). Per step both inputs are loaded sign-extended (VLDRB.S32 / VLDRH.S32),
// offset (VADD by an R register; int16 zero points are 0), multiplied (VMUL.I32, exact: |product|
// <= 255 * 255 for int8, <= 2^30 for int16), requantized as quant::multiply_by_quantized_multiplier (VQRDMULH by an R
// register, then a rounding right shift rounding half away from zero), offset, clamped and stored
// (VSTRB.32 / VSTRH.32). The quantization parameters are per tensor, so they stay in general-purpose
// registers (src/arch/mve/elementwise_ops.h); only the clamp bounds occupy Q registers.
// MulFast: output_shift < 0 (TFLite's converter: the output multiplier is below 1), the rounding
// shift without a zero-shift case (VSHR #31, VQADD, VRSHL). MulStage: any valid shift (a left
// shift wraps as the reference's does, a zero right shift has no fixup).
// The last 1..3 elements use zeroing predicated loads and a partial store. The output may alias
// an input (each step loads first).
// mul_broadcast_s8/s16.mve: the same per-element code on each output row of the 6-D broadcast
// walk (lanes_mve.h broadcast_rows, broadcast_loop.h's element mapping): an input broadcast along the innermost dimension is one
// value held in all four lanes (VDUP), the other loaded; rows of fewer than 4 elements are left to
// the ref (mul_broadcast_mve_supports).
#include "arch/mve/depthwise_ops.h"
#include "arch/mve/elementwise_ops.h"
#include "kernels/elementwise/lanes_mve.h"
#include "kernels/elementwise/mul_variants.h"

namespace cmnn::elementwise {

namespace {
struct MulFast {
  int32_t off1, off2, mult, neg, out_off;
  mve::s32x4 lo, hi;

  explicit MulFast(const MulParams& p)
      : off1(p.input1_offset),
        off2(p.input2_offset),
        mult(p.output_multiplier),
        neg(p.output_shift),
        out_off(p.output_offset),
        lo(mve::dup_s32(p.activation_min)),
        hi(mve::dup_s32(p.activation_max)) {}

  mve::s32x4 operator()(mve::s32x4 x1, mve::s32x4 x2) const {
    const mve::s32x4 product = mve::mul_s32(mve::add_r_s32(x1, off1), mve::add_r_s32(x2, off2));
    const mve::s32x4 r = mve::add_r_s32(mve::rshr_away_pos_s32(mve::qrdmulh_n_s32(product, mult), neg), out_off);
    return mve::min_s32(mve::max_s32(r, lo), hi);
  }
};

struct MulStage {
  int32_t off1, off2, left, mult, out_off;
  mve::RightShift right;
  mve::s32x4 lo, hi;

  explicit MulStage(const MulParams& p)
      : off1(p.input1_offset),
        off2(p.input2_offset),
        left(p.output_shift > 0 ? p.output_shift : 0),
        mult(p.output_multiplier),
        out_off(p.output_offset),
        right(p.output_shift > 0 ? 0 : -p.output_shift),
        lo(mve::dup_s32(p.activation_min)),
        hi(mve::dup_s32(p.activation_max)) {}

  mve::s32x4 operator()(mve::s32x4 x1, mve::s32x4 x2) const {
    const mve::s32x4 product = mve::mul_s32(mve::add_r_s32(x1, off1), mve::add_r_s32(x2, off2));
    const mve::s32x4 high = mve::qrdmulh_n_s32(mve::shl_wrap_s32(product, left), mult);
    const mve::s32x4 r = mve::add_r_s32(mve::rshr_away_s32(high, right), out_off);
    return mve::min_s32(mve::max_s32(r, lo), hi);
  }
};

template <typename T>
void mul_broadcast(const MulBroadcastParams& b, const BinaryArgs<T>& a) {
  MulParams p;
  p.input1_offset = b.input1_offset, p.input2_offset = b.input2_offset, p.output_offset = b.output_offset;
  p.output_multiplier = b.output_multiplier, p.output_shift = b.output_shift;
  p.activation_min = b.activation_min, p.activation_max = b.activation_max;
  if (p.output_shift < 0) {
    lanes::broadcast_rows(MulFast(p), b.input1_dims, b.input2_dims, b.output_dims, a);
  } else {
    lanes::broadcast_rows(MulStage(p), b.input1_dims, b.input2_dims, b.output_dims, a);
  }
}

}  // namespace

bool mul_broadcast_mve_supports(const MulBroadcastParams& p) { return p.output_dims[kMaxBroadcastRank - 1] >= 4; }

Status mul_broadcast_s8_mve(const MulBroadcastParams& p, const BinaryArgs<int8_t>& a, void*, size_t) {
  mul_broadcast(p, a);
  return Status::kOk;
}

Status mul_broadcast_s16_mve(const MulBroadcastParams& p, const BinaryArgs<int16_t>& a, void*, size_t) {
  mul_broadcast(p, a);
  return Status::kOk;
}

Status mul_s8_mve(const MulParams& p, const BinaryArgs<int8_t>& a, void*, size_t) {
  if (p.output_shift < 0) {
    lanes::binary_loop(MulFast(p), p.size, a.input1, a.input2, a.output);
  } else {
    lanes::binary_loop(MulStage(p), p.size, a.input1, a.input2, a.output);
  }
  return Status::kOk;
}

Status mul_s16_mve(const MulParams& p, const BinaryArgs<int16_t>& a, void*, size_t) {
  if (p.output_shift < 0) {
    lanes::binary_loop(MulFast(p), p.size, a.input1, a.input2, a.output);
  } else {
    lanes::binary_loop(MulStage(p), p.size, a.input1, a.input2, a.output);
  }
  return Status::kOk;
}

}  // namespace cmnn::elementwise
