// Helium (MVE) depthwise convolution for int16 activations (16x8: int8 weights, int64 bias), ch_mult
// 1 (the host runs the same code through the emulation in src/arch/mve). Channels sit in the
// lanes: 4 consecutive channels of one pixel per vector (VLDRH.S32 input, VLDRB.S32 weights), so
// every lane is an independent output. Each output pixel's in-bounds taps form a rectangle
// [ky_lo, ky_hi) x [kx_lo, kx_hi) (no skipped-tap branch in the MAC loop); a tap is one VMUL.I32 +
// VADD.I32 per 4 channels. The lane sums stay exact in int32: |x * w| <= 2^15 * 2^7 = 2^22, and
// supports() allows at most 511 taps (511 * 2^22 < 2^31). The output stage is the ref's, per
// channel (int64 bias, TFLite's 64-bit requantize, zero point, clamp). Channel tails use zeroing
// predicated loads; nothing outside the tensors is read. No scratch.
#include "arch/mve/depthwise_ops.h"
#include "arch/mve/mve.h"
#include "arch/mve/s16_ops.h"
#include "cmnn/depthwise.h"
#include "quant/fixed_point.h"

namespace cmnn::depthwise {
namespace {

constexpr int32_t kMaxTaps = 511;  // exact int32 lane sums (see above)

// depthwise_ref.cpp's S16Traits output stage, from the exact sum of products.
int16_t finish_s16(const DepthwiseConvParams& p, const DepthwiseConvS16Args& a, int32_t oc, int32_t sum) {
  int64_t acc = sum;
  if (a.bias != nullptr) acc = quant::wrapping_add_64(acc, a.bias[oc]);
  const int32_t v = quant::multiply_by_quantized_multiplier_64(acc, a.output_multiplier[oc], a.output_shift[oc]);
  const int64_t with_zp = int64_t{v} + p.output_offset;
  const int64_t clamped = with_zp < p.activation_min ? p.activation_min : with_zp > p.activation_max ? p.activation_max : with_zp;
  return static_cast<int16_t>(clamped);
}

// In-bounds filter indices [lo, hi) of one axis for a window starting at input coordinate start.
void tap_range(int32_t start, int32_t dilation, int32_t filter, int32_t size, int32_t* lo, int32_t* hi) {
  *lo = start >= 0 ? 0 : (-start + dilation - 1) / dilation;
  *hi = start > size - 1 ? 0 : (size - 1 - start) / dilation + 1;
  if (*hi > filter) *hi = filter;
}

}  // namespace

bool supports_s16_mve(const DepthwiseConvParams& p) { return p.ch_mult == 1 && p.filter_h * p.filter_w <= kMaxTaps; }

Status run_s16_mve(const DepthwiseConvParams& p, const DepthwiseConvS16Args& a, void*, size_t) {
  const Status s = depthwise_conv_check(p, a);
  if (s != Status::kOk) return s;
  if (!supports_s16_mve(p)) return Status::kUnsupported;
  const int32_t c_all = p.input_c;
  const size_t row = static_cast<size_t>(p.input_w) * c_all;
  const size_t tap_row = static_cast<size_t>(p.filter_w) * c_all;
  int16_t* out = a.output;
  for (int32_t b = 0; b < p.batches; ++b) {
    const int16_t* image = a.input + static_cast<size_t>(b) * p.input_h * row;
    for (int32_t oy = 0; oy < p.output_h; ++oy) {
      const int32_t y0 = oy * p.stride_h - p.pad_top;
      int32_t ky_lo, ky_hi;
      tap_range(y0, p.dilation_h, p.filter_h, p.input_h, &ky_lo, &ky_hi);
      for (int32_t ox = 0; ox < p.output_w; ++ox, out += c_all) {
        const int32_t x0 = ox * p.stride_w - p.pad_left;
        int32_t kx_lo, kx_hi;
        tap_range(x0, p.dilation_w, p.filter_w, p.input_w, &kx_lo, &kx_hi);
        for (int32_t c = 0; c < c_all; c += 4) {
          const mve::pred t = mve::tail_32(c_all - c);
          mve::s32x4 acc = mve::dup_s32(0);
          for (int32_t ky = ky_lo; ky < ky_hi; ++ky) {
            const int16_t* x = image + static_cast<size_t>(y0 + ky * p.dilation_h) * row + c;
            const int8_t* w = a.filter + static_cast<size_t>(ky) * tap_row + c;
            for (int32_t kx = kx_lo; kx < kx_hi; ++kx) {
              const size_t at = static_cast<size_t>(x0 + kx * p.dilation_w) * c_all;
              acc = mve::mac_s32(acc, mve::load_s16_to_s32_z(x + at, t),
                                 mve::load_s8_to_s32_z(w + static_cast<size_t>(kx) * c_all, t));
            }
          }
          int32_t sums[4];
          mve::store_s32(sums, acc);
          const int32_t n = c_all - c < 4 ? c_all - c : 4;
          for (int32_t i = 0; i < n; ++i) out[c + i] = finish_s16(p, a, c + i, sums[i]);
        }
      }
    }
  }
  return Status::kOk;
}

}  // namespace cmnn::depthwise
