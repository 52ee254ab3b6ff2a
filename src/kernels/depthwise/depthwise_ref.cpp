// The reference depthwise convolution: TFLite's DepthwiseConvPerChannel written plainly, one
// output element at a time. Every other variant must equal it byte for byte.
#include "cmnn/depthwise.h"
#include "kernels/depthwise/depthwise_internal.h"
#include "quant/fixed_point.h"

namespace cmnn::depthwise {
namespace {

// int8 activations: int32 accumulator that wraps like TFLite's on two's complement.
struct S8Traits {
  using Act = int8_t;
  using Bias = int32_t;
  using Acc = uint32_t;
  static Acc mac(Acc acc, int32_t x, int32_t w) { return acc + static_cast<uint32_t>(x * w); }
  static Acc add_bias(Acc acc, int32_t b) { return acc + static_cast<uint32_t>(b); }
  static int8_t output(Acc acc, int32_t mult, int32_t shift, const DepthwiseConvParams& p) {
    return quant::requantize_to_s8(static_cast<int32_t>(acc), mult, shift, p.output_offset, p.activation_min,
                                   p.activation_max);
  }
};

// int16 activations: int64 accumulator and bias (cannot overflow: |x*w| < 2^22, < 2^31 taps).
struct S16Traits {
  using Act = int16_t;
  using Bias = int64_t;
  using Acc = int64_t;
  static Acc mac(Acc acc, int32_t x, int32_t w) { return acc + int64_t{x} * w; }
  static Acc add_bias(Acc acc, int64_t b) { return quant::wrapping_add_64(acc, b); }
  static int16_t output(Acc acc, int32_t mult, int32_t shift, const DepthwiseConvParams& p) {
    const int32_t v = quant::multiply_by_quantized_multiplier_64(acc, mult, shift);
    // Saturating add of the zero point before the clamp to the activation range (within int16).
    const int64_t with_zp = int64_t{v} + p.output_offset;
    const int64_t clamped = with_zp < p.activation_min ? p.activation_min
                            : with_zp > p.activation_max ? p.activation_max
                                                        : with_zp;
    return static_cast<int16_t>(clamped);
  }
};

struct PlainWeights {
  const int8_t* w;
  int32_t operator[](int32_t i) const { return w[i]; }
};

template <typename Traits, typename Weights>
void convolve(const DepthwiseConvParams& p, const typename Traits::Act* input, Weights weights,
              const typename Traits::Bias* bias, const int32_t* mult, const int32_t* shift,
              typename Traits::Act* output) {
  const int32_t out_c = p.output_c();
  for (int32_t b = 0; b < p.batches; ++b) {
    for (int32_t oy = 0; oy < p.output_h; ++oy) {
      for (int32_t ox = 0; ox < p.output_w; ++ox) {
        const int32_t y0 = oy * p.stride_h - p.pad_top;
        const int32_t x0 = ox * p.stride_w - p.pad_left;
        for (int32_t ic = 0; ic < p.input_c; ++ic) {
          for (int32_t m = 0; m < p.ch_mult; ++m) {
            const int32_t oc = ic * p.ch_mult + m;
            typename Traits::Acc acc = 0;
            for (int32_t ky = 0; ky < p.filter_h; ++ky) {
              const int32_t iy = y0 + ky * p.dilation_h;
              if (iy < 0 || iy >= p.input_h) continue;
              for (int32_t kx = 0; kx < p.filter_w; ++kx) {
                const int32_t ix = x0 + kx * p.dilation_w;
                if (ix < 0 || ix >= p.input_w) continue;
                const int32_t x = input[((b * p.input_h + iy) * p.input_w + ix) * p.input_c + ic];
                acc = Traits::mac(acc, x + p.input_offset, weights[(ky * p.filter_w + kx) * out_c + oc]);
              }
            }
            if (bias != nullptr) acc = Traits::add_bias(acc, bias[oc]);
            output[((b * p.output_h + oy) * p.output_w + ox) * out_c + oc] = Traits::output(acc, mult[oc], shift[oc], p);
          }
        }
      }
    }
  }
}

}  // namespace

bool supports_any(const DepthwiseConvParams&) { return true; }
size_t scratch_none(const DepthwiseConvParams&) { return 0; }

Status run_s8_ref(const DepthwiseConvParams& p, const DepthwiseConvS8Args& a, void*, size_t) {
  const Status s = depthwise_conv_check(p, a);
  if (s != Status::kOk) return s;
  convolve<S8Traits>(p, a.input, PlainWeights{a.filter}, a.bias, a.output_multiplier, a.output_shift, a.output);
  return Status::kOk;
}

Status run_s16_ref(const DepthwiseConvParams& p, const DepthwiseConvS16Args& a, void*, size_t) {
  const Status s = depthwise_conv_check(p, a);
  if (s != Status::kOk) return s;
  convolve<S16Traits>(p, a.input, PlainWeights{a.filter}, a.bias, a.output_multiplier, a.output_shift, a.output);
  return Status::kOk;
}

Status run_s4_ref(const DepthwiseConvParams& p, const DepthwiseConvS4Args& a, void*, size_t) {
  const Status s = depthwise_conv_check(p, a);
  if (s != Status::kOk) return s;
  convolve<S8Traits>(p, a.input, PackedS4Weights{a.filter}, a.bias, a.output_multiplier, a.output_shift, a.output);
  return Status::kOk;
}

}  // namespace cmnn::depthwise
