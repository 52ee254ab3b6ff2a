// Helium (MVE) depthwise convolution, ch_mult 1 (the host runs the same code through the
// emulation in src/arch/mve). Channels sit in the lanes: one vector holds 4 consecutive channels
// of one pixel (VLDRB.S32 widens 4 int8 values to 32-bit lanes), so every lane is an independent
// output and the per-channel weights, biases, multipliers and shifts are plain vector loads.
//  * Outputs are computed in blocks of 4 pixels of one output row: a tap's weight vector is loaded
//    once and multiplied into the 4 pixels' accumulators (VMUL.I32 + VADD.I32 per pixel and tap).
//  * Input offset folded into the bias once per call (bias + input_offset * sum of the channel's
//    weights, wrapping like TFLite's int32 accumulator). A tap outside the image reads a scratch
//    pixel that holds the input zero point (-input_offset, an int8 for every valid offset), whose
//    term w * (zp + input_offset) is 0: exactly TFLite's skipped tap, with no branch in the MAC
//    loop. Each block lists its taps' source pixels once (image or the zero-point pixel), shared
//    by all channel groups.
//  * Output stage on 4 lanes (mve::requantize: VQRDMULH/VRSHL with TFLite's rounding), zero
//    point, clamp, VSTRB.32. Channel tails use predicated loads and stores.
// 3x3 filters get the 9 taps unrolled at compile time (the 3x3 variant proper, with repacked rows,
// is depthwise_3x3_mve.cpp).
#include "arch/mve/depthwise_ops.h"
#include "arch/mve/mve.h"
#include "cmnn/depthwise.h"
#include "kernels/depthwise/depthwise_internal.h"

namespace cmnn::depthwise {
namespace {

constexpr size_t kAlign = 16;
constexpr size_t align_up(size_t n) { return (n + kAlign - 1) & ~(kAlign - 1); }
constexpr int32_t kBlock = 4;  // output pixels per block
// Bytes of one source-pointer slot: 8 on every build so that scratch sizes agree host/target.
constexpr size_t kSlot = 8;

size_t taps_of(const DepthwiseConvParams& p) { return static_cast<size_t>(p.filter_h) * static_cast<size_t>(p.filter_w); }
size_t channels_padded(const DepthwiseConvParams& p) { return round_up4(static_cast<size_t>(p.input_c)); }

// Scratch: folded biases [channels_padded] int32, the zero-point pixel [channels_padded] int8,
// the block's source pixels [taps][kBlock] pointers.
size_t layout_bytes(const DepthwiseConvParams& p) {
  const size_t c = channels_padded(p);
  return kAlign + align_up(c * 4) + align_up(c) + align_up(taps_of(p) * kBlock * kSlot);
}

struct Layout {
  int32_t* bias;
  int8_t* zero_pixel;
  const int8_t** sources;  // [taps][kBlock]
};

Layout carve(void* scratch, const DepthwiseConvParams& p) {
  const size_t c = channels_padded(p);
  auto at = (reinterpret_cast<uintptr_t>(scratch) + kAlign - 1) & ~uintptr_t{kAlign - 1};
  Layout l{};
  l.bias = reinterpret_cast<int32_t*>(at);
  at += align_up(c * 4);
  l.zero_pixel = reinterpret_cast<int8_t*>(at);
  at += align_up(c);
  l.sources = reinterpret_cast<const int8_t**>(at);
  return l;
}

void prepare(const DepthwiseConvParams& p, const DepthwiseConvS8Args& a, const Layout& l) {
  const int32_t c_n = p.input_c, taps = p.filter_h * p.filter_w;
  const auto offset = static_cast<uint32_t>(p.input_offset);
  for (int32_t c = 0; c < c_n; ++c) {
    uint32_t sum = 0;
    const int8_t* f = a.filter + c;
    for (int32_t t = 0; t < taps; ++t, f += c_n) sum += static_cast<uint32_t>(int32_t{*f});
    const uint32_t bias = a.bias != nullptr ? static_cast<uint32_t>(a.bias[c]) : 0u;
    l.bias[c] = static_cast<int32_t>(bias + sum * offset);
    l.zero_pixel[c] = static_cast<int8_t>(-p.input_offset);
  }
  for (size_t c = static_cast<size_t>(c_n); c < channels_padded(p); ++c) {
    l.bias[c] = 0;
    l.zero_pixel[c] = 0;
  }
}

// Source pixels of output pixels (oy, ox0 + j), j < kBlock, for every tap: the input pixel, or
// the zero-point pixel when the tap is outside the image. Pixels j >= n repeat pixel 0's taps.
void list_sources(const DepthwiseConvParams& p, const int8_t* image, const Layout& l, int32_t oy, int32_t ox0,
                  int32_t n) {
  const int32_t y0 = oy * p.stride_h - p.pad_top;
  const int8_t** s = l.sources;
  for (int32_t ky = 0; ky < p.filter_h; ++ky) {
    const int32_t iy = y0 + ky * p.dilation_h;
    const bool row_in = iy >= 0 && iy < p.input_h;
    for (int32_t kx = 0; kx < p.filter_w; ++kx, s += kBlock) {
      for (int32_t j = 0; j < kBlock; ++j) {
        const int32_t ox = ox0 + (j < n ? j : 0);
        const int32_t ix = ox * p.stride_w - p.pad_left + kx * p.dilation_w;
        const bool in = row_in && ix >= 0 && ix < p.input_w;
        s[j] = in ? image + (static_cast<size_t>(iy) * static_cast<size_t>(p.input_w) + static_cast<size_t>(ix)) *
                                static_cast<size_t>(p.input_c)
                  : l.zero_pixel;
      }
    }
  }
}

struct Quant {
  const int32_t* mult;
  const int32_t* shift;
  int32_t zero_point, lo, hi;
};

// One channel group (channels c..c+3, `active` lanes) of a block: kTaps taps (0: runtime count).
template <int kTaps, bool kFull>
inline void block_group(const int8_t* const* src, int32_t taps_rt, const int8_t* filter, int32_t out_c,
                        const int32_t* bias, const Quant& q, int32_t c, mve::pred active, int32_t n, int8_t* out) {
  const int32_t taps = kTaps > 0 ? kTaps : taps_rt;
  const mve::s32x4 b = mve::load_s32(bias + c);
  mve::s32x4 a0 = b, a1 = b, a2 = b, a3 = b;
  const int8_t* f = filter + c;
#pragma GCC unroll 9
  for (int32_t t = 0; t < taps; ++t, src += kBlock, f += out_c) {
    const mve::s32x4 w = kFull ? mve::load_s8_to_s32(f) : mve::load_s8_to_s32_z(f, active);
    // The zero-point pixel and every image pixel have readable bytes up to the padded channel
    // count or the image end; lanes past input_c are masked in tails.
    a0 = mve::mac_s32(a0, kFull ? mve::load_s8_to_s32(src[0] + c) : mve::load_s8_to_s32_z(src[0] + c, active), w);
    a1 = mve::mac_s32(a1, kFull ? mve::load_s8_to_s32(src[1] + c) : mve::load_s8_to_s32_z(src[1] + c, active), w);
    a2 = mve::mac_s32(a2, kFull ? mve::load_s8_to_s32(src[2] + c) : mve::load_s8_to_s32_z(src[2] + c, active), w);
    a3 = mve::mac_s32(a3, kFull ? mve::load_s8_to_s32(src[3] + c) : mve::load_s8_to_s32_z(src[3] + c, active), w);
  }
  const mve::s32x4 m = kFull ? mve::load_s32(q.mult + c) : mve::load_s32_z(q.mult + c, active);
  const mve::s32x4 s = kFull ? mve::load_s32(q.shift + c) : mve::load_s32_z(q.shift + c, active);
  int8_t* o = out + c;
  mve::store_s32_as_s8(o, mve::requantize_clamp(a0, m, s, q.zero_point, q.lo, q.hi), active);
  if (n > 1) mve::store_s32_as_s8(o + out_c, mve::requantize_clamp(a1, m, s, q.zero_point, q.lo, q.hi), active);
  if (n > 2) mve::store_s32_as_s8(o + 2 * out_c, mve::requantize_clamp(a2, m, s, q.zero_point, q.lo, q.hi), active);
  if (n > 3) mve::store_s32_as_s8(o + 3 * out_c, mve::requantize_clamp(a3, m, s, q.zero_point, q.lo, q.hi), active);
}

template <int kTaps>
void convolve(const DepthwiseConvParams& p, const DepthwiseConvS8Args& a, const Layout& l) {
  const int32_t out_c = p.output_c(), taps = p.filter_h * p.filter_w, full = out_c & ~3;
  const Quant q{a.output_multiplier, a.output_shift, p.output_offset, p.activation_min, p.activation_max};
  const mve::pred tail = mve::tail_32(out_c - full);
  int8_t* out = a.output;
  for (int32_t b = 0; b < p.batches; ++b) {
    const int8_t* image = a.input + static_cast<size_t>(b) * p.input_h * p.input_w * p.input_c;
    for (int32_t oy = 0; oy < p.output_h; ++oy) {
      for (int32_t ox0 = 0; ox0 < p.output_w; ox0 += kBlock) {
        const int32_t n = p.output_w - ox0 < kBlock ? p.output_w - ox0 : kBlock;
        list_sources(p, image, l, oy, ox0, n);
        for (int32_t c = 0; c < full; c += 4) {
          block_group<kTaps, true>(l.sources, taps, a.filter, out_c, l.bias, q, c, 0xFFFFu, n, out);
        }
        if (full < out_c) block_group<kTaps, false>(l.sources, taps, a.filter, out_c, l.bias, q, full, tail, n, out);
        out += static_cast<size_t>(n) * out_c;
      }
    }
  }
}

}  // namespace

bool supports_mve(const DepthwiseConvParams& p) { return p.ch_mult == 1; }
size_t scratch_mve(const DepthwiseConvParams& p) { return layout_bytes(p); }

Status run_s8_mve(const DepthwiseConvParams& p, const DepthwiseConvS8Args& a, void* scratch, size_t scratch_size) {
  const Status s = depthwise_conv_check(p, a);
  if (s != Status::kOk) return s;
  if (!supports_mve(p)) return Status::kUnsupported;
  if (scratch_size < layout_bytes(p)) return Status::kScratchTooSmall;
  if (scratch == nullptr) return Status::kNullPointer;
  const Layout l = carve(scratch, p);
  prepare(p, a, l);
  if (p.filter_h * p.filter_w == 9) convolve<9>(p, a, l);
  else convolve<0>(p, a, l);
  return Status::kOk;
}

}  // namespace cmnn::depthwise
