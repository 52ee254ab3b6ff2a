// conv2d_s8 1x1 Helium (MVE) variant (Cortex-M55; the bit-exact emulation of src/arch/mve
// elsewhere): a 1x1 filter without padding in one group is a matrix product of the output pixels'
// input vectors and the filter rows. Per call, the start values bias + input_offset * sum(w) are
// computed into scratch (VADDVA per filter row); then per output pixel, its input vector (read in
// place, any stride) against every filter row with VMLADAVA, the input held in registers
// (conv_s8_mve_core.h), the raw sums into scratch, requantized four channels at a time.
// Depths that are a multiple of 16 (but 64) take output pixels two at a time against filter rows
// two at a time (mve_conv::dot_pair_rows); depths up to 8 two pixels per vector (run_shallow). No
// im2col, no int16 filter copy. Scratch: 12 * output_c (start values, two pixels' sums), + 16 *
// output_c for depths up to 8 (the doubled filter rows).
#include "kernels/conv/conv_s8_mve_core.h"
#include "kernels/conv/conv_s8_variants.h"
#include "quant/fixed_point.h"

namespace cmnn::conv {

namespace {
// Deep inputs (depth >= kDeep): sums[o] (= or +=) x[0..16 kSteps) . w[o * depth ..][0..16 kSteps)
// for o < rows, the input in kSteps Q registers (up to 96 bytes: 6 of the 8, one more for the
// filter loads), two filter rows per loop iteration: fewer chunks per row than
// mve_conv::dot_rows' 64 bytes, and the loop's scalar work (sum loads and stores, row pointer
// steps, the branch) shared by 2 kSteps VLDRB/VMLADAVA pairs. The steps run from the highest
// offset down, which keeps the compiler from turning the row pointers into post-incremented
// copies inside the load/MAC chain.
constexpr int32_t kDeep = 192;
constexpr int32_t kDeepRows = 16;  // fewer output channels: the per-chunk setup would not pay
constexpr int kDeepSteps = 6;
constexpr int32_t kSingleRows = 16;  // run_single below this many output channels
constexpr int32_t kShallow = 8;      // run_shallow up to this input depth
bool use_shallow(const Conv2dParams& p) { return p.input_c <= kShallow && p.output_c >= 2; }

template <int kSteps, bool kAccumulate>
void dot_pairs(const int8_t* x, const int8_t* w, size_t depth, int32_t rows, int32_t* sums) {
  mve::s8x16 xs[kSteps];
#pragma GCC unroll 8
  for (int s = 0; s < kSteps; ++s) xs[s] = mve::load_s8(x + 16 * s);
  const size_t step = 2 * depth;
  int32_t o = 0;
  for (; o + 2 <= rows; o += 2, w += step) {
    const int8_t* v = w + depth;
    constexpr int kLast = kSteps - 1;
    int32_t a = kAccumulate ? mve::dot_acc(sums[o], xs[kLast], mve::load_s8(w + 16 * kLast))
                            : mve::dot(xs[kLast], mve::load_s8(w + 16 * kLast));
    mve::fence_after(a);
    int32_t b = kAccumulate ? mve::dot_acc(sums[o + 1], xs[kLast], mve::load_s8(v + 16 * kLast))
                            : mve::dot(xs[kLast], mve::load_s8(v + 16 * kLast));
    mve::fence_after(b);
#pragma GCC unroll 8
    for (int s = kLast - 1; s >= 0; --s) {
      a = mve::dot_acc(a, xs[s], mve::load_s8(w + 16 * s)), mve::fence_after(a);
      b = mve::dot_acc(b, xs[s], mve::load_s8(v + 16 * s)), mve::fence_after(b);
    }
    sums[o] = a;
    sums[o + 1] = b;
  }
  if (o < rows) {
    int32_t a = kAccumulate ? sums[o] : 0;
#pragma GCC unroll 8
    for (int s = 0; s < kSteps; ++s) a = mve::dot_acc(a, xs[s], mve::load_s8(w + 16 * s));
    sums[o] = a;
  }
}

// mve_conv::dot_rows for depth >= kDeep: chunks of 96 bytes while more than 128 remain, then
// one or two of 64 (a depth of 256 is 96 + 96 + 64), then the core's partial last chunk.
void dot_rows_deep(const int8_t* x, const int8_t* w, int32_t depth, int32_t rows, int32_t* sums) {
  const auto d = static_cast<size_t>(depth);
  constexpr int32_t kWide = 16 * kDeepSteps;
  dot_pairs<kDeepSteps, false>(x, w, d, rows, sums);
  int32_t k = kWide;
  for (; depth - k > 2 * mve_conv::kChunk; k += kWide) dot_pairs<kDeepSteps, true>(x + k, w + k, d, rows, sums);
  for (; depth - k >= mve_conv::kChunk; k += mve_conv::kChunk) dot_pairs<4, true>(x + k, w + k, d, rows, sums);
  if (k < depth) mve_conv::dot_last<true>(x + k, depth - k, w + k, d, rows, sums);
}

__attribute__((noinline)) void run_deep(const Conv2dParams& p, const Conv2dS8Args& a, const mve_conv::Requant& rq,
                                        int32_t* sums) {
  const int32_t cin = p.input_c, cout = p.output_c;
  const size_t step_x = static_cast<size_t>(p.stride_w) * cin;
  const size_t step_y = static_cast<size_t>(p.stride_h) * p.input_w * cin;
  int8_t* out = a.output;
  for (int32_t b = 0; b < p.batches; ++b) {
    const int8_t* row = a.input + static_cast<size_t>(b) * p.input_h * p.input_w * cin;
    for (int32_t oy = 0; oy < p.output_h; ++oy, row += step_y) {
      const int8_t* x = row;
      for (int32_t ox = 0; ox < p.output_w; ++ox, x += step_x, out += cout) {
        dot_rows_deep(x, a.filter, cin, cout, sums);
        rq.run(sums, 0, cout, out);
      }
    }
  }
}
// One output pixel and few output channels (a classifier head after global pooling): the start
// value and scratch passes would cost as much as the dot products, so each filter row is read
// once, against the input (VMLADAVA) and summed for the input offset (VADDVA) in the same loop,
// and requantized as a scalar (quant::requantize_to_s8). No scratch.
__attribute__((noinline)) void run_single(const Conv2dParams& p, const Conv2dS8Args& a) {
  const int32_t depth = p.input_c;
  const int32_t full = depth & ~15;
  const mve::pred t = mve::tail_8(depth - full);
  const int8_t* w = a.filter;
  const int8_t* const input = a.input;
  for (int32_t o = 0; o < p.output_c; ++o, w += depth) {
    int32_t acc = 0, wsum = 0;
    const int8_t* x = input;
    const int8_t* r = w;
    for (int32_t k = 0; k < full; k += 16, x += 16, r += 16) {
      const mve::s8x16 wv = mve::load_s8(r);
      wsum = mve::sum_acc(wsum, wv);
      mve::fence_after(wsum);  // load, VADDVA, load, VMLADAVA: each load overlaps the previous op
      acc = mve::dot_acc(acc, mve::load_s8(x), wv);
    }
    if (full < depth) {
      const mve::s8x16 wv = mve::load_s8_z(r, t);
      wsum = mve::sum_acc(wsum, wv);
      acc = mve::dot_acc(acc, mve::load_s8_z(x, t), wv);
    }
    const uint32_t bias = a.bias != nullptr ? static_cast<uint32_t>(a.bias[o]) : 0u;
    const auto total = static_cast<int32_t>(static_cast<uint32_t>(acc) + bias +
                                            static_cast<uint32_t>(p.input_offset) * static_cast<uint32_t>(wsum));
    a.output[o] = quant::requantize_to_s8(total, a.multiplier[o], a.shift[o], p.output_offset, p.activation_min,
                                          p.activation_max);
  }
}

// run_single with offline kernel sums (the ksum variant): no row sums, so the filter rows go two at
// a time against the one input vector (mve::dot_1x2: one x load per two filter loads and two
// VMLADAVA), each sum plus its kernel sum requantized as a scalar. No scratch.
__attribute__((noinline)) void run_single_sums(const Conv2dParams& p, const Conv2dS8Args& a) {
  const int32_t depth = p.input_c, n = p.output_c;
  const auto d = static_cast<size_t>(depth);
  const int8_t* w = a.filter;
  auto put = [&](int32_t o, int32_t dot) {
    const auto total = static_cast<int32_t>(static_cast<uint32_t>(dot) + static_cast<uint32_t>(a.kernel_sums[o]));
    a.output[o] = quant::requantize_to_s8(total, a.multiplier[o], a.shift[o], p.output_offset, p.activation_min,
                                          p.activation_max);
  };
  for (int32_t o = 0; o < n; o += 2, w += 2 * d) {
    const bool pair = o + 1 < n;
    const mve::Dot2 s = mve::dot_1x2(a.input, w, pair ? w + d : w, depth);
    put(o, s.w0);
    if (pair) put(o + 1, s.w1);
  }
}
}  // namespace

bool mve_1x1_supports(const Conv2dParams& p) {
  return p.filter_h == 1 && p.filter_w == 1 && p.pad_top == 0 && p.pad_left == 0 && p.groups == 1;
}

size_t mve_1x1_scratch_bytes(const Conv2dParams& p) {
  if (p.output_c <= 0) return 0;
  const size_t n = static_cast<size_t>(p.output_c);
  return 3 * sizeof(int32_t) * n + (use_shallow(p) ? 16 * n : 0);  // start, two pixels' sums, doubled rows
}

namespace {
// Output pixels two at a time, read in place, against the filter rows two at a time
// (mve_conv::dot_pair_rows), both pixels requantized together. For depths that are a multiple of
// 16 (no tail step in the row loop), except 64: there the per-pixel core holds the whole input in
// four registers and wins (KWS's 64 -> 64 layers on M55: 187,477 est. cycles against 193,946).
bool use_pairs(const Conv2dParams& p) {
  return (p.input_c & 15) == 0 && p.input_c != mve_conv::kChunk && p.output_c >= 2;
}

__attribute__((noinline)) void run_pairs_1x1(const Conv2dParams& p, const Conv2dS8Args& a,
                                             const mve_conv::Requant& rq, int32_t* sums) {
  const int32_t cin = p.input_c, cout = p.output_c;
  const int32_t pixels = p.output_h * p.output_w;
  const size_t step_x = static_cast<size_t>(p.stride_w) * cin;
  const size_t step_y = static_cast<size_t>(p.stride_h) * p.input_w * cin;
  int32_t* sums1 = sums + cout;
  int8_t* out = a.output;
  for (int32_t b = 0; b < p.batches; ++b) {
    const int8_t* row = a.input + static_cast<size_t>(b) * p.input_h * p.input_w * cin;
    const int8_t* x = row;
    int32_t ox = 0;  // pixel i at x, column ox of the output row whose first pixel is at row
    auto next = [&]() {
      if (ox + 1 < p.output_w) x += step_x, ++ox;
      else row += step_y, x = row, ox = 0;
    };
    for (int32_t i = 0; i < pixels; i += 2, out += 2 * cout) {
      const bool two = i + 1 < pixels;
      const int8_t* x0 = x;
      if (two) next();
      const int8_t* x1 = x;  // pixel i + 1, or pixel i again when it is the last
      mve_conv::dot_pair_rows(x0, x1, a.filter, cin, cout, sums, sums1);
      if (two) rq.run_pair(sums, sums1, 0, cout, out, out + cout);
      else rq.run(sums, 0, cout, out);
      if (i + 2 < pixels) next();
    }
    out -= (pixels & 1) * cout;
  }
}

// Depths up to 8 (VWW's and person_detect's 8 -> 16 layer, where one 16-byte VMLADAVA per pixel
// and row would be half padding): two output pixels share one vector, pixel 0's channels in lanes
// 0..7 of xl (the rest zero) and pixel 1's in lanes 8..15 of xh, both loaded with VCTP-style
// zeroing predicates (nothing outside the pixels is read); every filter row is copied once per call
// into scratch twice over ([w, 0.., w, 0..], 16 bytes), so per row one load and two VMLADAVA give
// both pixels' sums. Both pixels requantized together.
__attribute__((noinline)) void run_shallow(const Conv2dParams& p, const Conv2dS8Args& a,
                                           const mve_conv::Requant& rq, int32_t* sums, int8_t* rows) {
  const int32_t cin = p.input_c, cout = p.output_c;
  for (int32_t o = 0; o < cout; ++o) {
    int8_t* r = rows + 16 * static_cast<size_t>(o);
    const int8_t* w = a.filter + static_cast<size_t>(o) * cin;
    for (int32_t k = 0; k < 8; ++k) r[k] = r[8 + k] = k < cin ? w[k] : int8_t{0};
  }
  const auto lanes = static_cast<mve::pred>((1u << cin) - 1u);  // byte lanes 0 .. cin - 1
  const auto upper = static_cast<mve::pred>(lanes << 8);        // byte lanes 8 .. 8 + cin - 1
  const int32_t pixels = p.output_h * p.output_w;
  const size_t step_x = static_cast<size_t>(p.stride_w) * cin;
  const size_t step_y = static_cast<size_t>(p.stride_h) * p.input_w * cin;
  int32_t* sums1 = sums + cout;
  int8_t* out = a.output;
  for (int32_t b = 0; b < p.batches; ++b) {
    const int8_t* row = a.input + static_cast<size_t>(b) * p.input_h * p.input_w * cin;
    const int8_t* x = row;
    int32_t ox = 0;  // pixel i at x, column ox of the output row whose first pixel is at row
    auto next = [&]() {
      if (ox + 1 < p.output_w) x += step_x, ++ox;
      else row += step_y, x = row, ox = 0;
    };
    for (int32_t i = 0; i < pixels; i += 2, out += 2 * cout) {
      const bool two = i + 1 < pixels;
      const mve::s8x16 xl = mve::load_s8_z(x, lanes);
      if (two) next();
      // Pixel i + 1 (or i again) in lanes 8..: the load starts 8 bytes before it, lanes 0..7 unread.
      const mve::s8x16 xh = mve::load_s8_z(reinterpret_cast<const int8_t*>(reinterpret_cast<uintptr_t>(x) - 8), upper);
      const int8_t* r = rows;
      for (int32_t o = 0; o < cout; ++o) {
        const mve::s8x16 w = mve::load_s8_advance(r);
        int32_t s0 = mve::dot(xl, w);
        mve::fence_after(s0);
        int32_t s1 = mve::dot(xh, w);
        mve::fence_after(s1);
        sums[o] = s0, sums1[o] = s1;
      }
      if (two) rq.run_pair(sums, sums1, 0, cout, out, out + cout);
      else rq.run(sums, 0, cout, out);
      if (i + 2 < pixels) next();
    }
    out -= (pixels & 1) * cout;
  }
}

// Every other call: start values per call, then the shallow pairs, the pixel pairs, the per-pixel
// core or run_deep.
__attribute__((noinline)) void run_pixels(const Conv2dParams& p, const Conv2dS8Args& a, void* scratch) {
  const int32_t cin = p.input_c, cout = p.output_c;
  auto* start = static_cast<int32_t*>(scratch);
  int32_t* sums = start + cout;
  // The start values bias + input_offset * row sum: offline (ksum variant) or summed here.
  if (!p.has_kernel_sums) mve_conv::start_values(a.filter, cin, cout, a.bias, p.input_offset, start);
  const mve_conv::Requant rq(p.has_kernel_sums ? a.kernel_sums : start, a.multiplier, a.shift, cout, p.output_offset, p.activation_min, p.activation_max);
  if (use_shallow(p)) {
    run_shallow(p, a, rq, sums, reinterpret_cast<int8_t*>(sums + 2 * cout));
    return;
  }
  if (use_pairs(p)) {
    run_pairs_1x1(p, a, rq, sums);
    return;
  }
  if (cin >= kDeep && cout >= kDeepRows) {
    run_deep(p, a, rq, sums);
    return;
  }
  const size_t step_x = static_cast<size_t>(p.stride_w) * cin;
  const size_t step_y = static_cast<size_t>(p.stride_h) * p.input_w * cin;
  int8_t* out = a.output;
  for (int32_t b = 0; b < p.batches; ++b) {
    const int8_t* row = a.input + static_cast<size_t>(b) * p.input_h * p.input_w * cin;
    for (int32_t oy = 0; oy < p.output_h; ++oy, row += step_y) {
      const int8_t* x = row;
      for (int32_t ox = 0; ox < p.output_w; ++ox, x += step_x, out += cout) {
        mve_conv::dot_rows(x, a.filter, cin, cout, sums);
        rq.run(sums, 0, cout, out);
      }
    }
  }
}
}  // namespace

Status mve_1x1_run(const Conv2dParams& p, const Conv2dS8Args& a, void* scratch, size_t) {
  if (p.output_c <= 0) return Status::kOk;
  if (p.output_c < kSingleRows && p.batches == 1 && p.output_h == 1 && p.output_w == 1) {
    if (p.has_kernel_sums) run_single_sums(p, a);
    else run_single(p, a);
  }
  else run_pixels(p, a, scratch);
  return Status::kOk;
}

}  // namespace cmnn::conv
