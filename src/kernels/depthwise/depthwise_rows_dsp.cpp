// Row-wise DSP depthwise convolution, 3x3 filter, dilation 1 (any stride, ch_mult): one channel at a
// time, the input rows the filter needs are widened once into 16-bit rows (a ring of filter_h rows
// in scratch, edges holding the zero point), so that two horizontally adjacent taps are one 32-bit
// load and one SMLAD. Why it is fast:
//  * the per-channel multiplier and shift stay fixed across a whole output plane, so the
//    requantization's shift decoding leaves the inner loop;
//  * the input offset is folded into the bias (bias + offset * sum(w)); padding cells hold the zero
//    point, whose term w * (zp + offset) is 0, exactly what TFLite's skipped taps contribute;
//  * 3x3 runs two outputs at once: with stride 1 three loads per filter row feed 6 MACs.
// Rows are widened once per input channel and reused by all ch_mult output channels.
#include "arch/dsp/intrinsics.h"
#include "arch/dsp/schedule.h"
#include "cmnn/depthwise.h"
#include "kernels/depthwise/depthwise_internal.h"
#include "quant/fixed_point.h"

namespace cmnn::depthwise {
namespace {

constexpr size_t kAlign = 8;
constexpr size_t align_up(size_t n) { return (n + kAlign - 1) & ~(kAlign - 1); }

// Widened row length: every position an output reads, plus 2 cells of slack for paired loads.
size_t row_len(const DepthwiseConvParams& p) {
  return static_cast<size_t>(p.output_w - 1) * static_cast<size_t>(p.stride_w) + static_cast<size_t>(p.filter_w) + 2;
}
// Weight pairs of one input channel's ch_mult output channels.
size_t weight_pairs(const DepthwiseConvParams& p) {
  return static_cast<size_t>(p.ch_mult) * static_cast<size_t>(p.filter_h) * ((static_cast<size_t>(p.filter_w) + 1) / 2);
}

struct Rows {
  int16_t* ring;     // [filter_h][row_len]: input row iy lives in slot iy % filter_h
  int16_t* pad_row;  // [row_len] of zero points: rows above/below the image
  int32_t* tags;     // [filter_h]: input row held by each slot (-1: none)
  uint32_t* pairs;   // [ch_mult][filter_h][(filter_w + 1) / 2] weight pairs of the current input channel
  int32_t* bias;     // [ch_mult] folded biases of the current input channel
};

size_t rows_bytes(const DepthwiseConvParams& p) {
  const size_t len = row_len(p), kh = static_cast<size_t>(p.filter_h);
  return kAlign + align_up((kh + 1) * len * 2) + align_up(kh * 4) + align_up(weight_pairs(p) * 4) +
         align_up(static_cast<size_t>(p.ch_mult) * 4);
}

Rows carve(void* scratch, const DepthwiseConvParams& p) {
  const size_t len = row_len(p), kh = static_cast<size_t>(p.filter_h);
  auto at = (reinterpret_cast<uintptr_t>(scratch) + kAlign - 1) & ~uintptr_t{kAlign - 1};
  Rows r{};
  r.ring = reinterpret_cast<int16_t*>(at);
  r.pad_row = r.ring + kh * len;
  at += align_up((kh + 1) * len * 2);
  r.tags = reinterpret_cast<int32_t*>(at);
  at += align_up(kh * 4);
  r.pairs = reinterpret_cast<uint32_t*>(at);
  at += align_up(weight_pairs(p) * 4);
  r.bias = reinterpret_cast<int32_t*>(at);
  return r;
}

uint32_t pair16(int32_t lo, int32_t hi) { return (static_cast<uint32_t>(lo) & 0xFFFFu) | (static_cast<uint32_t>(hi) << 16); }
inline uint32_t ld(const int16_t* p) { return dsp::load_u32(p); }

// Writes input row iy of channel ic (raw values; padding cells were set to the zero point once).
void widen_row(const DepthwiseConvParams& p, const int8_t* image, int32_t ic, int32_t iy, int16_t* dst, size_t len) {
  const int32_t c = p.input_c;
  const int8_t* src = image + static_cast<size_t>(iy) * p.input_w * c + ic;
  const size_t room = len - static_cast<size_t>(p.pad_left);
  const int32_t n = static_cast<size_t>(p.input_w) < room ? p.input_w : static_cast<int32_t>(room);
  int16_t* d = dst + p.pad_left;
  int32_t i = 0;
  if (c == 1) {
    // One input channel (person_detect's first layer): the row's bytes are contiguous, so four at
    // a time: one word, SXTB16 of its even and odd bytes, two PKH to (e0, e1) and (e2, e3), two
    // word stores (unaligned accesses are allowed on Armv7-M): ~2.5 est. m4 cycles per element,
    // was ~7 byte by byte.
    for (; i + 4 <= n; i += 4, src += 4) {
      const uint32_t x = dsp::load_u32(src);
      const uint32_t even = dsp::sxtb16(x), odd = dsp::sxtb16_ror8(x);
      dsp::store_u32(d + i, dsp::pkhbt_lsl16(even, odd));
      dsp::store_u32(d + i + 2, dsp::pkhtb(odd, even));
    }
    for (; i < n; ++i, ++src) d[i] = src[0];  // src is at element i
    return;
  }
  for (; i + 2 <= n; i += 2, src += 2 * c) {
    d[i] = src[0];
    d[i + 1] = src[c];
  }
  if (i < n) d[i] = src[0];
}

// One output channel's bias and output stage. kFast (fast_quant_ok): requantize_fast_s8.
template <bool kFast>
struct ChannelQuant {
  int32_t bias, mult, shift, zp, lo, hi;
  FastQuant fast;
  int8_t operator()(int32_t acc) const {
    if (kFast) return static_cast<int8_t>(requantize_fast_s8(acc, fast));
    return quant::requantize_to_s8(acc, mult, shift, zp, lo, hi);
  }
};

#if defined(__ARM_FEATURE_DSP) && !CMNN_DUAL_ISSUE_SCHEDULE
// Stride 2, fast output stage, Cortex-M4: four outputs of one channel per step in one assembly
// block (12 registers; the bias, the 6 weight words and the FastQuant words are read from the
// stack, k below, so GCC keeps nothing else live). Per filter row a step reads the 9 widened inputs
// as 5 words (i0,i1) (i2,i3) (i4,i5) (i6,i7) (i8,..): out j takes SMLAD of word j with (w0, w1)
// and SMLABB of word j + 1 with w2; the last load steps the row pointer by 16 bytes (4 outputs at
// stride 2). 18 est. m4 cycles per row, 91 per 4 outputs (the C loop: ~150 with its spills).
// k: [0] bias, [1..3] w01 of rows 0..2, [4..6] w2, [7..9] FastQuant m2, round, shift.
// Returns the number of outputs done (a multiple of 4); the rows and out advance past them.
inline int32_t row_3x3_s2_m4(const int16_t*& r0, const int16_t*& r1, const int16_t*& r2, int32_t out_w,
                             const int32_t (&k)[10], int8_t*& out, int32_t out_step) {
  int32_t done = 0;
  const int16_t *q0 = r0, *q1 = r1, *q2 = r2;
  int8_t* o = out;
  for (; done + 4 <= out_w; done += 4) {
    int32_t a, b, c, d;
    uint32_t wp, wt, x, y;
#define CMNN_RS2_ROW(R, KW01, KW2)                      \
  "ldr %[wp], %[" KW01 "]\n\t"                          \
  "ldr %[wt], %[" KW2 "]\n\t"                           \
  "ldr %[x], [%[" R "]]\n\t"                            \
  "ldr %[y], [%[" R "], #4]\n\t"                        \
  "smlad %[a], %[x], %[wp], %[a]\n\t"                   \
  "smlabb %[a], %[y], %[wt], %[a]\n\t"                  \
  "smlad %[b], %[y], %[wp], %[b]\n\t"                   \
  "ldr %[x], [%[" R "], #8]\n\t"                        \
  "ldr %[y], [%[" R "], #12]\n\t"                       \
  "smlabb %[b], %[x], %[wt], %[b]\n\t"                  \
  "smlad %[c], %[x], %[wp], %[c]\n\t"                   \
  "smlabb %[c], %[y], %[wt], %[c]\n\t"                  \
  "smlad %[d], %[y], %[wp], %[d]\n\t"                   \
  "ldr %[x], [%[" R "], #16]!\n\t"                      \
  "smlabb %[d], %[x], %[wt], %[d]\n\t"
#define CMNN_RS2_OUT(A, STORE)                          \
  "smmlar %[y], %[" A "], %[wp], %[" A "]\n\t"          \
  "add %[y], %[y], %[y], asr #31\n\t"                   \
  "qadd %[y], %[y], %[wt]\n\t"                          \
  "asr %[y], %[y], %[x]\n\t"                            \
  "ssat %[y], #8, %[y]\n\t" STORE
    __asm__ volatile(
        "ldr %[a], %[k0]\n\t"
        "mov %[b], %[a]\n\t"
        "mov %[c], %[a]\n\t"
        "mov %[d], %[a]\n\t"
        CMNN_RS2_ROW("q0", "k1", "k4") CMNN_RS2_ROW("q1", "k2", "k5") CMNN_RS2_ROW("q2", "k3", "k6")
        "ldr %[wp], %[k7]\n\t"
        "ldr %[wt], %[k8]\n\t"
        "ldr %[x], %[k9]\n\t"
        CMNN_RS2_OUT("a", "strb %[y], [%[o]]\n\t")
        CMNN_RS2_OUT("b", "strb %[y], [%[o], %[st]]\n\t" "add %[o], %[o], %[st], lsl #1\n\t")
        CMNN_RS2_OUT("c", "strb %[y], [%[o]]\n\t")
        CMNN_RS2_OUT("d", "strb %[y], [%[o], %[st]]\n\t" "add %[o], %[o], %[st], lsl #1\n\t")
        : [q0] "+r"(q0), [q1] "+r"(q1), [q2] "+r"(q2), [o] "+r"(o), [a] "=&r"(a), [b] "=&r"(b), [c] "=&r"(c),
          [d] "=&r"(d), [wp] "=&r"(wp), [wt] "=&r"(wt), [x] "=&r"(x), [y] "=&r"(y)
        : [st] "r"(out_step), [k0] "m"(k[0]), [k1] "m"(k[1]), [k2] "m"(k[2]), [k3] "m"(k[3]), [k4] "m"(k[4]),
          [k5] "m"(k[5]), [k6] "m"(k[6]), [k7] "m"(k[7]), [k8] "m"(k[8]), [k9] "m"(k[9])
        : "memory");
#undef CMNN_RS2_OUT
#undef CMNN_RS2_ROW
  }
  r0 = q0, r1 = q1, r2 = q2, out = o;
  return done;
}
#endif

// One output row of one channel, 3x3 filter; w01[k] = (w[k][0], w[k][1]), w2[k] = w[k][2].
// kStride 0: any stride (runtime s). Stride 1 computes 4 outputs per step: 5 loads per filter row
// feed 12 MACs; stride 2 computes 2 outputs from 3 loads per filter row.
// Weights and quantization arrive by value: the int8 output stores may alias any memory, so values
// read through pointers would be reloaded after every store.
template <int kStride, bool kFast>
inline void row_3x3(const int16_t* r0, const int16_t* r1, const int16_t* r2, const uint32_t* w01_in,
                    const uint32_t* w2_in, int32_t s_runtime, int32_t out_w, const ChannelQuant<kFast> q, int8_t* out,
                    int32_t out_step) {
  const int32_t s = kStride > 0 ? kStride : s_runtime;
  const uint32_t w01[3] = {w01_in[0], w01_in[1], w01_in[2]};
  const uint32_t w2[3] = {w2_in[0], w2_in[1], w2_in[2]};
  int32_t ox = 0;
  if (kStride == 1) {
    for (; ox + 4 <= out_w; ox += 4, r0 += 4, r1 += 4, r2 += 4) {
      int32_t a = q.bias, b = q.bias, c = q.bias, d = q.bias;
      const int16_t* rows[3] = {r0, r1, r2};
      for (int k = 0; k < 3; ++k) {
        const int16_t* r = rows[k];
        const uint32_t v0 = ld(r), v1 = ld(r + 1), v2 = ld(r + 2), v3 = ld(r + 3), v4 = ld(r + 4);
        const uint32_t p = w01[k], t = w2[k];
        a = dsp::smlad(v0, p, a), a = dsp::smlabb(v2, t, a);
        b = dsp::smlad(v1, p, b), b = dsp::smlatb(v2, t, b);
        c = dsp::smlad(v2, p, c), c = dsp::smlabb(v4, t, c);
        d = dsp::smlad(v3, p, d), d = dsp::smlatb(v4, t, d);
      }
      out[0] = q(a);
      out[out_step] = q(b);
      out[2 * out_step] = q(c);
      out[3 * out_step] = q(d);
      out += 4 * out_step;
    }
  } else {
#if defined(__ARM_FEATURE_DSP) && !CMNN_DUAL_ISSUE_SCHEDULE
    if (kStride == 2 && kFast) {
      const int32_t k[10] = {q.bias,
                             static_cast<int32_t>(w01[0]),
                             static_cast<int32_t>(w01[1]),
                             static_cast<int32_t>(w01[2]),
                             static_cast<int32_t>(w2[0]),
                             static_cast<int32_t>(w2[1]),
                             static_cast<int32_t>(w2[2]),
                             q.fast.m2,
                             q.fast.round,
                             q.fast.shift};
      ox = row_3x3_s2_m4(r0, r1, r2, out_w, k, out, out_step);
    }
#endif
    for (; ox + 2 <= out_w; ox += 2, r0 += 2 * s, r1 += 2 * s, r2 += 2 * s) {
      int32_t a = q.bias, b = q.bias;
      const int16_t* rows[3] = {r0, r1, r2};
      for (int k = 0; k < 3; ++k) {
        const int16_t* r = rows[k];
        const uint32_t p = w01[k], t = w2[k];
        const uint32_t v2 = ld(r + 2);
        a = dsp::smlad(ld(r), p, a), a = dsp::smlabb(v2, t, a);
        b = dsp::smlad(kStride == 2 ? v2 : ld(r + s), p, b), b = dsp::smlabb(ld(r + s + 2), t, b);
      }
      out[0] = q(a);
      out[out_step] = q(b);
      out += 2 * out_step;
    }
  }
  for (; ox < out_w; ++ox, r0 += s, r1 += s, r2 += s, out += out_step) {
    int32_t a = q.bias;
    a = dsp::smlad(ld(r0), w01[0], a), a = dsp::smlabb(ld(r0 + 2), w2[0], a);
    a = dsp::smlad(ld(r1), w01[1], a), a = dsp::smlabb(ld(r1 + 2), w2[1], a);
    a = dsp::smlad(ld(r2), w01[2], a), a = dsp::smlabb(ld(r2 + 2), w2[2], a);
    out[0] = q(a);
  }
}


}  // namespace

// Correctness limits of the row kernels (the variant table adds when they pay off).
bool rows_3x3_can_run(const DepthwiseConvParams& p) {
  return p.dilation_h == 1 && p.dilation_w == 1 && p.filter_h == 3 && p.filter_w == 3;
}

// Widening rows pays off when ch_mult > 1 reuses each widened row. With ch_mult 1 the pixel kernel
// (depthwise_s8.3x3.dsp, adjacent inside pixels in pairs) is faster at every width: on
// person_detect's 48x48x8 layer (stride 1, in the model at the default budgets) this kernel takes
// 954,715 est. m4 cycles, the pixel kernel 847,831 (docs/variants.md).
bool supports_rows_3x3(const DepthwiseConvParams& p) { return rows_3x3_can_run(p) && p.ch_mult > 1; }

namespace {

// The filter_h widened rows output row oy reads (pad_row above and below the image), widening the
// rows not yet in the ring.
void gather_rows(const DepthwiseConvParams& p, const Rows& r, size_t len, const int8_t* image, int32_t ic, int32_t oy,
                 const int16_t** row_ptrs) {
  const int32_t kh = p.filter_h, y0 = oy * p.stride_h - p.pad_top;
  for (int32_t ky = 0; ky < kh; ++ky) {
    const int32_t iy = y0 + ky;
    if (iy < 0 || iy >= p.input_h) {
      row_ptrs[ky] = r.pad_row;
      continue;
    }
    const int32_t slot = iy % kh;
    int16_t* dst = r.ring + static_cast<size_t>(slot) * len;
    if (r.tags[slot] != iy) {
      widen_row(p, image, ic, iy, dst, len);
      r.tags[slot] = iy;
    }
    row_ptrs[ky] = dst;
  }
}

// Weight pairs (kh * npairs words per output channel) and folded biases of input channel ic's
// ch_mult output channels.
void channel_weights(const DepthwiseConvParams& p, const DepthwiseConvS8Args& a, int32_t ic, const Rows& r) {
  const int32_t kh = p.filter_h, kw = p.filter_w, out_c = p.output_c();
  uint32_t* pw = r.pairs;
  for (int32_t m = 0; m < p.ch_mult; ++m) {
    const int32_t oc = ic * p.ch_mult + m;
    uint32_t sum = 0;
    for (int32_t ky = 0; ky < kh; ++ky) {
      for (int32_t kx = 0; kx < kw; kx += 2) {
        const int32_t w0 = a.filter[(ky * kw + kx) * out_c + oc];
        const int32_t w1 = kx + 1 < kw ? a.filter[(ky * kw + kx + 1) * out_c + oc] : 0;
        sum += static_cast<uint32_t>(w0 + w1);
        *pw++ = pair16(w0, w1);
      }
    }
    const uint32_t bias = a.bias != nullptr ? static_cast<uint32_t>(a.bias[oc]) : 0u;
    r.bias[m] = static_cast<int32_t>(bias + sum * static_cast<uint32_t>(p.input_offset));
  }
}

template <bool kFast>
ChannelQuant<kFast> channel_quant(const DepthwiseConvParams& p, const DepthwiseConvS8Args& a, const Rows& r, int32_t ic,
                                  int32_t m) {
  const int32_t oc = ic * p.ch_mult + m;
  const int32_t mult = a.output_multiplier[oc], shift = a.output_shift[oc];
  return {r.bias[m], mult, shift, p.output_offset, p.activation_min, p.activation_max,
          kFast ? make_fast_quant(mult, shift, p.output_offset) : FastQuant{0, 0, 0}};
}

// ch_mult 1, 3x3: the whole output plane of channel ic with its weights and requantization
// constants held across rows.
template <int kStride, bool kFast>
void plane_3x3(const DepthwiseConvParams& p, const DepthwiseConvS8Args& a, const Rows& r, size_t len,
               const int8_t* image, int8_t* out_image, int32_t ic) {
  const uint32_t w01[3] = {r.pairs[0], r.pairs[2], r.pairs[4]};
  const uint32_t w2[3] = {r.pairs[1], r.pairs[3], r.pairs[5]};
  const ChannelQuant<kFast> q = channel_quant<kFast>(p, a, r, ic, 0);
  const int32_t out_c = p.output_c();
  int8_t* out = out_image + ic;
  const int16_t* rows[3];
  for (int32_t oy = 0; oy < p.output_h; ++oy, out += static_cast<size_t>(p.output_w) * out_c) {
    gather_rows(p, r, len, image, ic, oy, rows);
    row_3x3<kStride, kFast>(rows[0], rows[1], rows[2], w01, w2, p.stride_w, p.output_w, q, out, out_c);
  }
}

template <bool kFast>
void convolve_rows(const DepthwiseConvParams& p, const DepthwiseConvS8Args& a, void* scratch) {
  const Rows r = carve(scratch, p);
  const size_t len = row_len(p);
  const int32_t kh = p.filter_h, out_c = p.output_c(), npairs = (p.filter_w + 1) / 2;
  const auto zp = static_cast<int16_t>(-p.input_offset);
  for (size_t i = 0; i < (static_cast<size_t>(kh) + 1) * len; ++i) r.ring[i] = zp;
  const int16_t* rows[3];
  for (int32_t b = 0; b < p.batches; ++b) {
    const int8_t* image = a.input + static_cast<size_t>(b) * p.input_h * p.input_w * p.input_c;
    int8_t* out_image = a.output + static_cast<size_t>(b) * p.output_h * p.output_w * out_c;
    for (int32_t ic = 0; ic < p.input_c; ++ic) {
      for (int32_t k = 0; k < kh; ++k) r.tags[k] = -1;
      channel_weights(p, a, ic, r);
      if (p.ch_mult == 1) {
        if (p.stride_w == 1) plane_3x3<1, kFast>(p, a, r, len, image, out_image, ic);
        else if (p.stride_w == 2) plane_3x3<2, kFast>(p, a, r, len, image, out_image, ic);
        else plane_3x3<0, kFast>(p, a, r, len, image, out_image, ic);
        continue;
      }
      for (int32_t oy = 0; oy < p.output_h; ++oy) {
        gather_rows(p, r, len, image, ic, oy, rows);
        for (int32_t m = 0; m < p.ch_mult; ++m) {
          const ChannelQuant<kFast> q = channel_quant<kFast>(p, a, r, ic, m);
          const uint32_t* pairs = r.pairs + static_cast<size_t>(m) * kh * npairs;
          int8_t* out = out_image + static_cast<size_t>(oy) * p.output_w * out_c + ic * p.ch_mult + m;
          const uint32_t w01[3] = {pairs[0], pairs[2], pairs[4]};
          const uint32_t w2[3] = {pairs[1], pairs[3], pairs[5]};
          if (p.stride_w == 1) row_3x3<1, kFast>(rows[0], rows[1], rows[2], w01, w2, 1, p.output_w, q, out, out_c);
          else if (p.stride_w == 2) row_3x3<2, kFast>(rows[0], rows[1], rows[2], w01, w2, 2, p.output_w, q, out, out_c);
          else row_3x3<0, kFast>(rows[0], rows[1], rows[2], w01, w2, p.stride_w, p.output_w, q, out, out_c);
        }
      }
    }
  }
}

Status run_rows(const DepthwiseConvParams& p, const DepthwiseConvS8Args& a, void* scratch, size_t scratch_size) {
  const Status st = depthwise_conv_check(p, a);
  if (st != Status::kOk) return st;
  if (!rows_3x3_can_run(p)) return Status::kUnsupported;
  if (scratch_size < rows_bytes(p)) return Status::kScratchTooSmall;
  if (scratch == nullptr) return Status::kNullPointer;
  if (fast_quant_ok(a.output_multiplier, a.output_shift, p.output_c(), p.activation_min, p.activation_max)) {
    convolve_rows<true>(p, a, scratch);
  } else {
    convolve_rows<false>(p, a, scratch);
  }
  return Status::kOk;
}

}  // namespace

size_t scratch_rows(const DepthwiseConvParams& p) { return rows_bytes(p); }

Status run_s8_rows_3x3_dsp(const DepthwiseConvParams& p, const DepthwiseConvS8Args& a, void* scratch,
                           size_t scratch_size) {
  return run_rows(p, a, scratch, scratch_size);
}

}  // namespace cmnn::depthwise
