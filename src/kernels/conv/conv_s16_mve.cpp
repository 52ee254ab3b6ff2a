// conv2d_s16 Helium (MVE) variant for Cortex-M55 (the bit-exact emulation of src/arch/mve
// elsewhere): int16 activations, int8 weights, exact int64 sums. Output channels two at a time
// (same group) straight from the NHWC input, no im2col and no scratch: per output pixel and window
// row, the in-bounds part is one run of int16 inputs against the two filter rows' int8 weights,
// 8 lanes per step (VLDRH, two VLDRB.S16, two VMLALDAVA.S16 into int64), the last 1..7 by zeroing
// predicated loads (nothing outside the tensors read). The runs: conv_runs.h (a window row is one
// run with one group and no horizontal dilation, else one run per tap). s16_finish adds
// the bias, requantizes and clamps, as every variant does.
#include "arch/mve/pool_ops.h"
#include "arch/mve/s16_ops.h"
#include "kernels/conv/conv_runs.h"
#include "kernels/conv/conv_s16_variants.h"

namespace cmnn::conv {

namespace {

// *s0 += x[0..n) . w0[0..n), *s1 += x[0..n) . w1[0..n), n >= 1.
void dot2_run(const int16_t* x, const int8_t* w0, const int8_t* w1, int32_t n, int64_t* s0, int64_t* s1) {
  int64_t a0 = *s0, a1 = *s1;
  int32_t k = 0;
  for (; k + 8 <= n; k += 8) {
    const mve::s16x8 in = mve::load_s16(x + k);
    a0 = mve::dot_acc_s16_64(a0, in, mve::load_s8_to_s16(w0 + k));
    a1 = mve::dot_acc_s16_64(a1, in, mve::load_s8_to_s16(w1 + k));
  }
  if (k < n) {
    const mve::pred active = mve::tail_16(n - k);
    const mve::s16x8 in = mve::load_s16_z(x + k, active);
    a0 = mve::dot_acc_s16_64(a0, in, mve::load_s8_to_s16_z(w0 + k, active));
    a1 = mve::dot_acc_s16_64(a1, in, mve::load_s8_to_s16_z(w1 + k, active));
  }
  *s0 = a0, *s1 = a1;
}

// The same for one filter row.
int64_t dot1_run(const int16_t* x, const int8_t* w, int32_t n, int64_t acc) {
  int32_t k = 0;
  for (; k + 8 <= n; k += 8) acc = mve::dot_acc_s16_64(acc, mve::load_s16(x + k), mve::load_s8_to_s16(w + k));
  if (k < n) {
    const mve::pred active = mve::tail_16(n - k);
    acc = mve::dot_acc_s16_64(acc, mve::load_s16_z(x + k, active), mve::load_s8_to_s16_z(w + k, active));
  }
  return acc;
}

}  // namespace

Status s16_mve_run(const Conv2dParams& p, const Conv2dS16Args& a, void*, size_t) {
  const int32_t group_in = p.input_c / p.groups;
  const int32_t group_out = p.output_c / p.groups;
  const size_t filter_size = static_cast<size_t>(p.filter_h) * p.filter_w * group_in;
  for (int32_t b = 0; b < p.batches; ++b) {
    const int16_t* input = a.input + static_cast<size_t>(b) * p.input_h * p.input_w * p.input_c;
    int16_t* output = a.output + static_cast<size_t>(b) * p.output_h * p.output_w * p.output_c;
    for (int32_t oy = 0; oy < p.output_h; ++oy) {
      for (int32_t ox = 0; ox < p.output_w; ++ox, output += p.output_c) {
        const Window win = window_of(p, oy, ox);
        for (int32_t g = 0; g < p.groups; ++g) {
          const int32_t first_in = g * group_in, end = (g + 1) * group_out;
          int32_t oc = g * group_out;
          for (; oc + 2 <= end; oc += 2) {
            const int8_t* f0 = a.filter + static_cast<size_t>(oc) * filter_size;
            const int8_t* f1 = f0 + filter_size;
            int64_t s0 = 0, s1 = 0;
            for_each_run(p, input, win, first_in, group_in, [&](const int16_t* x, size_t w, int32_t n) {
              dot2_run(x, f0 + w, f1 + w, n, &s0, &s1);
            });
            output[oc] = s16_finish(p, a, oc, s0);
            output[oc + 1] = s16_finish(p, a, oc + 1, s1);
          }
          if (oc < end) {
            const int8_t* f0 = a.filter + static_cast<size_t>(oc) * filter_size;
            int64_t s0 = 0;
            for_each_run(p, input, win, first_in, group_in,
                         [&](const int16_t* x, size_t w, int32_t n) { s0 = dot1_run(x, f0 + w, n, s0); });
            output[oc] = s16_finish(p, a, oc, s0);
          }
        }
      }
    }
  }
  return Status::kOk;
}

}  // namespace cmnn::conv
