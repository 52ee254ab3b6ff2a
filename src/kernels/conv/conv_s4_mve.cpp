// conv2d_s4 Helium (MVE) variant for Cortex-M55 (the bit-exact emulation of src/arch/mve
// elsewhere): int8 activations, int4 weights read in place (no unpacked filter copy, no scratch).
// With an even number of input channels per group every run of a filter row starts on a byte.
// Output channels two at a time (same group) straight from the NHWC input: per output pixel, the
// window's in-bounds runs (conv_runs.h) against both filter rows, 32 elements per step: the input
// split into even/odd elements (VLD20/VLD21), each row's 16 packed bytes sign-extended nibble-wise,
// two VMLADAVA + two VADDVA (mve::s4_step); a run's last 2..30 elements by predicated gathers of
// the input pairs and a zeroing predicated weight load. The input offset enters as input_offset x
// the in-bounds weight sum, so padded taps count for nothing as in the ref (exact: |sum| < 2^28).
// Output stage: the ref's (bias wrapping, quant::requantize_to_s8).
#include "arch/mve/s4_ops.h"
#include "kernels/conv/conv_runs.h"
#include "kernels/conv/conv_s4_mve.h"
#include "quant/fixed_point.h"

namespace cmnn::conv {

namespace {
constexpr int32_t kStep = 32;  // elements per step: 16 packed weight bytes

// s0/s1 += x[0..n) . rows w0/w1 (packed, byte-aligned, n even).
void dot2_run(const int8_t* x, const int8_t* w0, const int8_t* w1, int32_t n, mve::S4Sums* s0, mve::S4Sums* s1) {
  mve::S4Sums a0 = *s0, a1 = *s1;
  int32_t k = 0;
  for (; k + kStep <= n; k += kStep) {
    const mve::s8x16x2 xv = mve::load_deinterleave_s8(x + k);
    a0 = mve::s4_step(a0, xv, mve::load_s8(w0 + k / 2));
    a1 = mve::s4_step(a1, xv, mve::load_s8(w1 + k / 2));
  }
  if (k < n) {
    const int32_t pairs = (n - k) / 2;
    const mve::pred t = mve::tail_8(pairs);
    const mve::s8x16x2 xv = mve::load_deinterleave_s8_z(x + k, pairs);
    a0 = mve::s4_step(a0, xv, mve::load_s8_z(w0 + k / 2, t));
    a1 = mve::s4_step(a1, xv, mve::load_s8_z(w1 + k / 2, t));
  }
  *s0 = a0, *s1 = a1;
}

int8_t finish(const Conv2dParams& p, const Conv2dS4Args& a, int32_t oc, mve::S4Sums s) {
  uint32_t acc = static_cast<uint32_t>(s.dot) + static_cast<uint32_t>(p.input_offset) * static_cast<uint32_t>(s.wsum);
  if (a.bias != nullptr) acc += static_cast<uint32_t>(a.bias[oc]);
  return quant::requantize_to_s8(static_cast<int32_t>(acc), a.multiplier[oc], a.shift[oc], p.output_offset,
                                 p.activation_min, p.activation_max);
}
}  // namespace

bool s4_mve_supports(const Conv2dParams& p) { return ((p.input_c / p.groups) & 1) == 0; }

Status s4_mve_run(const Conv2dParams& p, const Conv2dS4Args& a, void*, size_t) {
  const int32_t group_in = p.input_c / p.groups;
  const int32_t group_out = p.output_c / p.groups;
  const size_t filter_bytes = static_cast<size_t>(p.filter_h) * p.filter_w * group_in / 2;  // per output channel
  const auto* filter = reinterpret_cast<const int8_t*>(a.filter);
  for (int32_t b = 0; b < p.batches; ++b) {
    const int8_t* input = a.input + static_cast<size_t>(b) * p.input_h * p.input_w * p.input_c;
    int8_t* output = a.output + static_cast<size_t>(b) * p.output_h * p.output_w * p.output_c;
    for (int32_t oy = 0; oy < p.output_h; ++oy) {
      for (int32_t ox = 0; ox < p.output_w; ++ox, output += p.output_c) {
        const Window win = window_of(p, oy, ox);
        for (int32_t g = 0; g < p.groups; ++g) {
          const int32_t first_in = g * group_in, end = (g + 1) * group_out;
          for (int32_t oc = g * group_out; oc < end; oc += 2) {
            const bool pair = oc + 1 < end;
            const int8_t* f0 = filter + static_cast<size_t>(oc) * filter_bytes;
            const int8_t* f1 = pair ? f0 + filter_bytes : f0;  // a lone last row runs twice, once kept
            mve::S4Sums s0{0, 0}, s1{0, 0};
            for_each_run(p, input, win, first_in, group_in, [&](const int8_t* x, size_t w, int32_t n) {
              dot2_run(x, f0 + w / 2, f1 + w / 2, n, &s0, &s1);
            });
            output[oc] = finish(p, a, oc, s0);
            if (pair) output[oc + 1] = finish(p, a, oc + 1, s1);
          }
        }
      }
    }
  }
  return Status::kOk;
}

}  // namespace cmnn::conv
