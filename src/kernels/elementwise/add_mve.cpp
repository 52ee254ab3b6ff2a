// add_s8 Helium (MVE) variant for Cortex-M55 (the bit-exact emulation of src/arch/mve elsewhere):
// TFLite's int8 ADD on four 32-bit lanes. Per step both inputs are loaded sign-extended
// (VLDRB.S32), offset, shifted left by left_shift, requantized per input (mve::requantize: VQRDMULH
// and a rounding right shift, as quant::multiply_by_quantized_multiplier), summed, requantized to
// the output scale, offset, clamped and stored (VSTRB.32). The last 1..3 elements use zeroing
// predicated loads and a partial store. The output may alias an input (each step loads first).
#include "arch/mve/matmul_ops.h"
#include "arch/mve/pool_ops.h"
#include "kernels/elementwise/add_variants.h"

namespace cmnn::elementwise {

namespace {
struct AddStage {
  mve::s32x4 off1, mult1, shift1, off2, mult2, shift2, out_mult, out_shift, out_off, lo, hi;
  int32_t left_shift;

  explicit AddStage(const AddParams& p)
      : off1(mve::dup_s32(p.input1_offset)),
        mult1(mve::dup_s32(p.input1_multiplier)),
        shift1(mve::dup_s32(p.input1_shift)),
        off2(mve::dup_s32(p.input2_offset)),
        mult2(mve::dup_s32(p.input2_multiplier)),
        shift2(mve::dup_s32(p.input2_shift)),
        out_mult(mve::dup_s32(p.output_multiplier)),
        out_shift(mve::dup_s32(p.output_shift)),
        out_off(mve::dup_s32(p.output_offset)),
        lo(mve::dup_s32(p.activation_min)),
        hi(mve::dup_s32(p.activation_max)),
        left_shift(p.left_shift) {}

  mve::s32x4 operator()(mve::s32x4 x1, mve::s32x4 x2) const {
    x1 = mve::requantize(mve::shl_s32(mve::add_s32(x1, off1), left_shift), mult1, shift1);
    x2 = mve::requantize(mve::shl_s32(mve::add_s32(x2, off2), left_shift), mult2, shift2);
    const mve::s32x4 r = mve::add_s32(mve::requantize(mve::add_s32(x1, x2), out_mult, out_shift), out_off);
    return mve::min_s32(mve::max_s32(r, lo), hi);
  }
};
}  // namespace

Status add_s8_mve(const AddParams& p, const BinaryArgs<int8_t>& a, void*, size_t) {
  const AddStage stage(p);
  int32_t i = 0;
  for (; i + 4 <= p.size; i += 4) {
    const mve::s32x4 r = stage(mve::load_s8_to_s32(a.input1 + i), mve::load_s8_to_s32(a.input2 + i));
    mve::store_s32_as_s8_all(a.output + i, r);
  }
  if (i < p.size) {
    const mve::pred active = mve::tail_32(p.size - i);
    const mve::s32x4 r =
        stage(mve::load_s8_to_s32_z(a.input1 + i, active), mve::load_s8_to_s32_z(a.input2 + i, active));
    mve::store_s32_as_s8(a.output + i, r, active);
  }
  return Status::kOk;
}

}  // namespace cmnn::elementwise
