// fully_connected_s16 Helium (MVE) variant for Cortex-M55 (the bit-exact emulation of src/arch/mve
// elsewhere). Per batch, weight rows two at a time: 8 input values (VLDRH) against 8 weights of
// each row sign-extended to 16 bits (VLDRB.S16), two VMLALDAVA.S16 into exact int64 sums; the
// last 1..7 depth elements by zeroing predicated loads (nothing outside the rows read). An odd
// last row runs alone. fc_s16::finish adds the bias, requantizes and clamps, as every variant does.
#include "arch/mve/pool_ops.h"
#include "arch/mve/s16_ops.h"
#include "kernels/fully_connected/fc_s16_finish.h"

namespace cmnn::fc_s16 {

namespace {
void dot_two_rows(const int16_t* x, const int8_t* w0, const int8_t* w1, int32_t depth, int64_t* s0, int64_t* s1) {
  int64_t acc0 = 0, acc1 = 0;
  int32_t k = 0;
  for (; k + 8 <= depth; k += 8) {
    const mve::s16x8 in = mve::load_s16(x + k);
    acc0 = mve::dot_acc_s16_64(acc0, in, mve::load_s8_to_s16(w0 + k));
    acc1 = mve::dot_acc_s16_64(acc1, in, mve::load_s8_to_s16(w1 + k));
  }
  if (k < depth) {
    const mve::pred active = mve::tail_16(depth - k);
    const mve::s16x8 in = mve::load_s16_z(x + k, active);
    acc0 = mve::dot_acc_s16_64(acc0, in, mve::load_s8_to_s16_z(w0 + k, active));
    acc1 = mve::dot_acc_s16_64(acc1, in, mve::load_s8_to_s16_z(w1 + k, active));
  }
  *s0 = acc0;
  *s1 = acc1;
}

int64_t dot_row(const int16_t* x, const int8_t* w, int32_t depth) {
  int64_t acc = 0;
  int32_t k = 0;
  for (; k + 8 <= depth; k += 8) acc = mve::dot_acc_s16_64(acc, mve::load_s16(x + k), mve::load_s8_to_s16(w + k));
  if (k < depth) {
    const mve::pred active = mve::tail_16(depth - k);
    acc = mve::dot_acc_s16_64(acc, mve::load_s16_z(x + k, active), mve::load_s8_to_s16_z(w + k, active));
  }
  return acc;
}
}  // namespace

Status run_mve(const FullyConnectedParams& p, const FullyConnectedS16Args& a, void*, size_t) {
  const auto depth = static_cast<size_t>(p.input_depth);
  for (int32_t b = 0; b < p.batches; ++b) {
    const int16_t* input = a.input + static_cast<size_t>(b) * depth;
    int16_t* output = a.output + static_cast<size_t>(b) * static_cast<size_t>(p.output_depth);
    int32_t o = 0;
    for (; o + 2 <= p.output_depth; o += 2) {
      const int8_t* w0 = a.weights + static_cast<size_t>(o) * depth;
      int64_t s0 = 0, s1 = 0;
      dot_two_rows(input, w0, w0 + depth, p.input_depth, &s0, &s1);
      output[o] = finish(p, a, o, s0);
      output[o + 1] = finish(p, a, o + 1, s1);
    }
    if (o < p.output_depth) {
      output[o] = finish(p, a, o, dot_row(input, a.weights + static_cast<size_t>(o) * depth, p.input_depth));
    }
  }
  return Status::kOk;
}

}  // namespace cmnn::fc_s16
