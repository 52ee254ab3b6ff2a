// Armv7E-M DSP depthwise convolution (the host runs the same code through the intrinsics'
// emulation). Ideas, all exact in TFLite's wrapping int32 arithmetic:
//  * Input offset folded into the bias: acc = bias + offset * sum(w) + sum(w * x). A tap outside
//    the image reads a row of zero-point bytes instead, so its term w * (zp + offset) is 0, exactly
//    what TFLite's skipped tap contributes; every output pixel then runs the same straight code.
//  * Weights sign-extended once per call into scratch as 16-bit pairs (c0,c2) and (c1,c3) per tap
//    and group of 4 output channels, so the inner loop loads 2 words and issues 4 SMLAxy per tap.
//  * ch_mult 1: 4 channels come from one word of input (SXTB16 and SXTB16 ROR 8 split it into the
//    pairs); ch_mult > 1: the input byte is shared by the group's 4 output channels.
//  * Accumulators of one output row go to scratch; the row is then requantized channel by channel,
//    so each channel's multiplier and shift are decoded once per row instead of once per output.
// Channels that do not fill a group of 4 run a scalar loop on the same folded bias.
#include "arch/dsp/intrinsics.h"
#include "cmnn/depthwise.h"
#include "kernels/depthwise/depthwise_internal.h"
#include "quant/fixed_point.h"

namespace cmnn::depthwise {
namespace {

constexpr size_t kAlign = 8;
constexpr size_t align_up(size_t n) { return (n + kAlign - 1) & ~(kAlign - 1); }

size_t taps_of(const DepthwiseConvParams& p) { return static_cast<size_t>(p.filter_h) * static_cast<size_t>(p.filter_w); }
// Output channels covered by groups of 4 (per input channel when ch_mult > 1).
size_t grouped_channels(const DepthwiseConvParams& p) {
  if (p.ch_mult == 1) return static_cast<size_t>(p.input_c) & ~size_t{3};
  return static_cast<size_t>(p.input_c) * (static_cast<size_t>(p.ch_mult) & ~size_t{3});
}

// Scratch: folded bias, 16-bit weight pairs, zero-point row, per-pixel tap pointers.
struct Layout {
  int32_t* bias;        // [output_c]
  uint32_t* weights;    // [groups][taps][2]
  int8_t* zp_row;       // [round_up4(input_c)]
  const int8_t** taps;  // [taps]
  int32_t* acc;         // [output_w][output_c]: accumulators of the current output row
};

size_t layout_bytes(const DepthwiseConvParams& p) {
  const size_t out_c = static_cast<size_t>(p.output_c()), taps = taps_of(p);
  return kAlign + align_up(out_c * 4) + align_up(grouped_channels(p) * taps * 2) +
         align_up(round_up4(static_cast<size_t>(p.input_c))) + align_up(taps * sizeof(const int8_t*)) +
         align_up(static_cast<size_t>(p.output_w) * out_c * 4);
}

Layout carve(void* scratch, const DepthwiseConvParams& p) {
  const size_t out_c = static_cast<size_t>(p.output_c()), taps = taps_of(p);
  auto at = reinterpret_cast<uintptr_t>(scratch);
  at = (at + kAlign - 1) & ~uintptr_t{kAlign - 1};
  Layout l{};
  l.bias = reinterpret_cast<int32_t*>(at);
  at += align_up(out_c * 4);
  l.weights = reinterpret_cast<uint32_t*>(at);
  at += align_up(grouped_channels(p) * taps * 2);
  l.zp_row = reinterpret_cast<int8_t*>(at);
  at += align_up(round_up4(static_cast<size_t>(p.input_c)));
  l.taps = reinterpret_cast<const int8_t**>(at);
  at += align_up(taps * sizeof(const int8_t*));
  l.acc = reinterpret_cast<int32_t*>(at);
  return l;
}


// Folded biases and sign-extended weight pairs. A group's 4 weights of a tap are one word: SXTB16
// gives the pair (c0,c2), SXTB16 ROR 8 the pair (c1,c3); the group's weight sums run in the same
// 16-bit lanes (exact while taps * 128 < 2^15).
void prepare(const DepthwiseConvParams& p, const int8_t* filter, const int32_t* bias, const Layout& l) {
  const int32_t out_c = p.output_c(), taps = p.filter_h * p.filter_w;
  const bool lane_sums = taps < 256;
  const auto offset = static_cast<uint32_t>(p.input_offset);
  auto fold = [&](int32_t oc, int32_t sum) {
    const uint32_t b = bias != nullptr ? static_cast<uint32_t>(bias[oc]) : 0u;
    l.bias[oc] = static_cast<int32_t>(b + static_cast<uint32_t>(sum) * offset);
  };
  const int32_t grouped_m = p.ch_mult & ~3, grouped_c1 = out_c & ~3;
  for (int32_t oc = 0; oc < out_c; ++oc) {  // channels outside groups of 4 (all when !lane_sums)
    const bool grouped = p.ch_mult == 1 ? oc < grouped_c1 : oc % p.ch_mult < grouped_m;
    if (lane_sums && grouped) continue;
    uint32_t sum = 0;
    for (int32_t t = 0; t < taps; ++t) sum += static_cast<uint32_t>(filter[t * out_c + oc]);
    fold(oc, static_cast<int32_t>(sum));
  }
  uint32_t* w = l.weights;
  auto emit_group = [&](int32_t oc0) {
    uint32_t s02 = 0, s13 = 0;
    const int8_t* f = filter + oc0;
    for (int32_t t = 0; t < taps; ++t, f += out_c, w += 2) {
      const uint32_t v = dsp::load_u32(f);
      w[0] = dsp::sxtb16(v);
      w[1] = dsp::sxtb16_ror8(v);
      s02 = dsp::sadd16(s02, w[0]);
      s13 = dsp::sadd16(s13, w[1]);
    }
    if (lane_sums) {
      fold(oc0, static_cast<int16_t>(s02 & 0xFFFFu));
      fold(oc0 + 1, static_cast<int16_t>(s13 & 0xFFFFu));
      fold(oc0 + 2, static_cast<int16_t>(s02 >> 16));
      fold(oc0 + 3, static_cast<int16_t>(s13 >> 16));
    }
  };
  if (p.ch_mult == 1) {
    for (int32_t oc0 = 0; oc0 + 4 <= out_c; oc0 += 4) emit_group(oc0);
  } else {
    for (int32_t ic = 0; ic < p.input_c; ++ic) {
      for (int32_t m = 0; m + 4 <= p.ch_mult; m += 4) emit_group(ic * p.ch_mult + m);
    }
  }
  const auto zp = static_cast<int8_t>(-p.input_offset);
  for (size_t i = 0; i < round_up4(static_cast<size_t>(p.input_c)); ++i) l.zp_row[i] = zp;
}


// 4 channels c..c+3 of one pixel, ch_mult 1. kTaps > 0 fixes the tap count at compile time.
template <int kTaps>
inline void group4_m1(const int8_t* const* taps, int32_t n_taps, int32_t c, const uint32_t* w, const int32_t* bias,
                      int32_t* acc) {
  int32_t a0 = bias[c], a1 = bias[c + 1], a2 = bias[c + 2], a3 = bias[c + 3];
  const int32_t n = kTaps > 0 ? kTaps : n_taps;
  for (int32_t t = 0; t < n; ++t) {
    const uint32_t x = dsp::load_u32(taps[t] + c);
    const uint32_t x02 = dsp::sxtb16(x), x13 = dsp::sxtb16_ror8(x);
    const uint32_t w02 = w[2 * t], w13 = w[2 * t + 1];
    a0 = dsp::smlabb(x02, w02, a0);
    a2 = dsp::smlatt(x02, w02, a2);
    a1 = dsp::smlabb(x13, w13, a1);
    a3 = dsp::smlatt(x13, w13, a3);
  }
  acc[c] = a0;
  acc[c + 1] = a1;
  acc[c + 2] = a2;
  acc[c + 3] = a3;
}

// 4 output channels oc..oc+3 reading input channel ic, ch_mult > 1.
template <int kTaps>
inline void group4_shared(const int8_t* const* taps, int32_t n_taps, int32_t ic, int32_t oc, const uint32_t* w,
                          const int32_t* bias, int32_t* acc) {
  int32_t a0 = bias[oc], a1 = bias[oc + 1], a2 = bias[oc + 2], a3 = bias[oc + 3];
  const int32_t n = kTaps > 0 ? kTaps : n_taps;
  for (int32_t t = 0; t < n; ++t) {
    const auto x = static_cast<uint32_t>(static_cast<int32_t>(taps[t][ic]));
    const uint32_t w02 = w[2 * t], w13 = w[2 * t + 1];
    a0 = dsp::smlabb(w02, x, a0);
    a2 = dsp::smlatb(w02, x, a2);
    a1 = dsp::smlabb(w13, x, a1);
    a3 = dsp::smlatb(w13, x, a3);
  }
  acc[oc] = a0;
  acc[oc + 1] = a1;
  acc[oc + 2] = a2;
  acc[oc + 3] = a3;
}

// One tap of 4 channels: x holds the channels' input bytes, w the tap's two weight pairs.
inline void mac4(uint32_t x, const uint32_t* w, int32_t& a0, int32_t& a1, int32_t& a2, int32_t& a3) {
  const uint32_t x02 = dsp::sxtb16(x), x13 = dsp::sxtb16_ror8(x);
  const uint32_t w02 = w[0], w13 = w[1];
  a0 = dsp::smlabb(x02, w02, a0);
  a2 = dsp::smlatt(x02, w02, a2);
  a1 = dsp::smlabb(x13, w13, a1);
  a3 = dsp::smlatt(x13, w13, a3);
}

// A 3x3 output pixel whose taps all lie inside the image, ch_mult 1: the taps are addressed from
// three row pointers and a column step (no per-pixel tap table). Channels in groups of 4.
inline void pixel_3x3_m1(const int8_t* p0, int32_t row_step, int32_t col, int32_t groups, const uint32_t* w,
                         const int32_t* bias, int32_t* acc) {
  const int8_t* p1 = p0 + row_step;
  const int8_t* p2 = p1 + row_step;
  const int32_t col2 = 2 * col;
  for (int32_t g = 0; g < groups; ++g, p0 += 4, p1 += 4, p2 += 4, w += 18, bias += 4, acc += 4) {
    int32_t a0 = bias[0], a1 = bias[1], a2 = bias[2], a3 = bias[3];
    mac4(dsp::load_u32(p0), w + 0, a0, a1, a2, a3);
    mac4(dsp::load_u32(p0 + col), w + 2, a0, a1, a2, a3);
    mac4(dsp::load_u32(p0 + col2), w + 4, a0, a1, a2, a3);
    mac4(dsp::load_u32(p1), w + 6, a0, a1, a2, a3);
    mac4(dsp::load_u32(p1 + col), w + 8, a0, a1, a2, a3);
    mac4(dsp::load_u32(p1 + col2), w + 10, a0, a1, a2, a3);
    mac4(dsp::load_u32(p2), w + 12, a0, a1, a2, a3);
    mac4(dsp::load_u32(p2 + col), w + 14, a0, a1, a2, a3);
    mac4(dsp::load_u32(p2 + col2), w + 16, a0, a1, a2, a3);
    acc[0] = a0;
    acc[1] = a1;
    acc[2] = a2;
    acc[3] = a3;
  }
}

inline int32_t single(const int8_t* const* taps, int32_t n_taps, int32_t ic, int32_t oc, int32_t out_c,
                      const int8_t* filter, const int32_t* bias) {
  uint32_t acc = static_cast<uint32_t>(bias[oc]);
  for (int32_t t = 0; t < n_taps; ++t) acc += static_cast<uint32_t>(taps[t][ic] * filter[t * out_c + oc]);
  return static_cast<int32_t>(acc);
}

template <int kTaps>
void convolve(const DepthwiseConvParams& p, const DepthwiseConvS8Args& a, const int8_t* filter, const Layout& l) {
  const int32_t out_c = p.output_c(), n_taps = p.filter_h * p.filter_w;
  const int32_t grouped_m = p.ch_mult & ~3;
  const int32_t grouped_c1 = p.input_c & ~3;
  const size_t group_words = 2 * static_cast<size_t>(n_taps);
  int8_t* out_row = a.output;
  for (int32_t b = 0; b < p.batches; ++b) {
    const int8_t* image = a.input + static_cast<size_t>(b) * p.input_h * p.input_w * p.input_c;
    for (int32_t oy = 0; oy < p.output_h; ++oy, out_row += static_cast<size_t>(p.output_w) * out_c) {
      int32_t* acc = l.acc;
      for (int32_t ox = 0; ox < p.output_w; ++ox, acc += out_c) {
        const int32_t y0 = oy * p.stride_h - p.pad_top, x0 = ox * p.stride_w - p.pad_left;
        int32_t first_c = 0;  // channels before it are done
        if (kTaps == 9 && p.ch_mult == 1 && y0 >= 0 && x0 >= 0 && y0 + 2 * p.dilation_h < p.input_h &&
            x0 + 2 * p.dilation_w < p.input_w) {
          const int32_t row_step = p.dilation_h * p.input_w * p.input_c, col = p.dilation_w * p.input_c;
          pixel_3x3_m1(image + (y0 * p.input_w + x0) * p.input_c, row_step, col, grouped_c1 / 4, l.weights, l.bias,
                       acc);
          if (grouped_c1 == p.input_c) continue;
          first_c = grouped_c1;
        }
        const int8_t** tap = l.taps;
        for (int32_t ky = 0; ky < p.filter_h; ++ky) {
          const int32_t iy = y0 + ky * p.dilation_h;
          const bool row_in = iy >= 0 && iy < p.input_h;
          for (int32_t kx = 0; kx < p.filter_w; ++kx) {
            const int32_t ix = x0 + kx * p.dilation_w;
            *tap++ = row_in && ix >= 0 && ix < p.input_w ? image + (iy * p.input_w + ix) * p.input_c : l.zp_row;
          }
        }
        const uint32_t* w = l.weights + static_cast<size_t>(first_c / 4) * group_words;
        if (p.ch_mult == 1) {
          for (int32_t c = first_c; c < grouped_c1; c += 4, w += group_words) {
            group4_m1<kTaps>(l.taps, n_taps, c, w, l.bias, acc);
          }
          for (int32_t c = grouped_c1; c < p.input_c; ++c) acc[c] = single(l.taps, n_taps, c, c, out_c, filter, l.bias);
        } else {
          for (int32_t ic = 0; ic < p.input_c; ++ic) {
            const int32_t oc0 = ic * p.ch_mult;
            for (int32_t m = 0; m < grouped_m; m += 4, w += group_words) {
              group4_shared<kTaps>(l.taps, n_taps, ic, oc0 + m, w, l.bias, acc);
            }
            for (int32_t m = grouped_m; m < p.ch_mult; ++m) {
              acc[oc0 + m] = single(l.taps, n_taps, ic, oc0 + m, out_c, filter, l.bias);
            }
          }
        }
      }
      requantize_row(l.acc, p.output_w, out_c, a.output_multiplier, a.output_shift, p.output_offset, p.activation_min,
                     p.activation_max, out_row);
    }
  }
}

template <int kTaps>
Status run_with_filter(const DepthwiseConvParams& p, const DepthwiseConvS8Args& a, const int8_t* filter, void* scratch,
                       size_t scratch_size, size_t needed) {
  if (scratch_size < needed) return Status::kScratchTooSmall;
  if (scratch == nullptr) return Status::kNullPointer;
  const Layout l = carve(scratch, p);
  prepare(p, filter, a.bias, l);
  convolve<kTaps>(p, a, filter, l);
  return Status::kOk;
}

}  // namespace

bool supports_3x3(const DepthwiseConvParams& p) { return p.filter_h == 3 && p.filter_w == 3; }
size_t scratch_dsp(const DepthwiseConvParams& p) { return layout_bytes(p); }
size_t scratch_dsp_s4(const DepthwiseConvParams& p) { return layout_bytes(p) + align_up(taps_of(p) * static_cast<size_t>(p.output_c())); }

Status run_s8_dsp(const DepthwiseConvParams& p, const DepthwiseConvS8Args& a, void* scratch, size_t scratch_size) {
  const Status s = depthwise_conv_check(p, a);
  if (s != Status::kOk) return s;
  return run_with_filter<0>(p, a, a.filter, scratch, scratch_size, scratch_dsp(p));
}

Status run_s8_dsp_3x3(const DepthwiseConvParams& p, const DepthwiseConvS8Args& a, void* scratch, size_t scratch_size) {
  const Status s = depthwise_conv_check(p, a);
  if (s != Status::kOk) return s;
  if (!supports_3x3(p)) return Status::kUnsupported;
  return run_with_filter<9>(p, a, a.filter, scratch, scratch_size, scratch_dsp(p));
}

// int4 weights: unpacked to int8 at the end of the scratch, then the int8 kernel.
Status run_s4_dsp(const DepthwiseConvParams& p, const DepthwiseConvS4Args& a, void* scratch, size_t scratch_size) {
  const Status s = depthwise_conv_check(p, a);
  if (s != Status::kOk) return s;
  if (scratch_size < scratch_dsp_s4(p)) return Status::kScratchTooSmall;
  if (scratch == nullptr) return Status::kNullPointer;
  const size_t count = taps_of(p) * static_cast<size_t>(p.output_c());
  int8_t* unpacked = static_cast<int8_t*>(scratch) + layout_bytes(p);
  const PackedS4Weights packed{a.filter};
  for (size_t i = 0; i < count; ++i) unpacked[i] = static_cast<int8_t>(packed[static_cast<int32_t>(i)]);
  const DepthwiseConvS8Args a8{a.input, unpacked, a.bias, a.output_multiplier, a.output_shift, a.output};
  return run_with_filter<0>(p, a8, unpacked, scratch, layout_bytes(p), layout_bytes(p));
}

}  // namespace cmnn::depthwise
