// conv2d_s8 Helium variant (general case): see conv_s8_mve.h.
//
// sum_i w_i * (x_i + offset) = sum_i w_i * x_i + offset * sum_i w_i, so the columns hold the raw
// int8 input (a padding tap holds -offset, the zero point, and so contributes 0) and the dot
// products run on int8 x int8 with VMLADAVA; offset * sum_i w_i + bias is one int32 per channel
// computed once per call. All sums wrap modulo 2^32 and the exact value fits int32 (conv2d_s8's
// depth limit), so the result equals the reference's bit for bit.
#include "kernels/conv/conv_s8_mve.h"

#include <cstring>

#include "arch/mve/conv_ops.h"

namespace cmnn::conv {
namespace {

int32_t group_channels(const Conv2dParams& p) { return p.input_c / p.groups; }
int32_t depth_of(const Conv2dParams& p) { return p.filter_h * p.filter_w * group_channels(p); }

// The columns of kPixels output pixels, interleaved by 16-byte steps of the depth (step k of
// pixel j at (k * kPixels + j) * 16), so that one pointer reaches the pixels' vectors. 3 pixels x
// 2 channels: VMLADAVA accumulates into an even register (7 of them), so 6 accumulators, the 3
// pointers and the loop counter all stay in registers.
constexpr int32_t kPixels = 3;
constexpr int32_t kStepBytes = 16 * kPixels;

int32_t steps_of(int32_t depth) { return (depth + 15) / 16; }

// Writes a pixel's column into its interleaved slot, a run at a time.
struct ColumnWriter {
  int8_t* slot;  // cols + 16 * pixel
  int32_t pos = 0;
  void put(const int8_t* src, int32_t n) {
    // Whole aligned steps as one vector copy each, the rest byte runs.
    for (; (pos & 15) == 0 && n >= 16; pos += 16, src += 16, n -= 16) {
      mve::store_s8(slot + (pos >> 4) * kStepBytes, mve::load_s8(src));
    }
    while (n > 0) {
      const int32_t in_step = pos & 15;
      const int32_t k = n < 16 - in_step ? n : 16 - in_step;
      std::memcpy(slot + (pos >> 4) * kStepBytes + in_step, src, static_cast<size_t>(k));
      pos += k, src += k, n -= k;
    }
  }
  void fill(int8_t value, int32_t n) {
    while (n > 0) {
      const int32_t in_step = pos & 15;
      const int32_t k = n < 16 - in_step ? n : 16 - in_step;
      std::memset(slot + (pos >> 4) * kStepBytes + in_step, value, static_cast<size_t>(k));
      pos += k, n -= k;
    }
  }
};

// Fills pixel slot `pixel` of cols with the receptive field of output pixel (oy, ox) in group g.
void fill_column(const Conv2dParams& p, const int8_t* input, int32_t oy, int32_t ox, int32_t g, int8_t* cols,
                 int32_t pixel) {
  const int32_t cin = group_channels(p);
  const auto pad = static_cast<int8_t>(-p.input_offset);
  const int8_t* base = input + static_cast<size_t>(g) * cin;
  const int32_t y0 = oy * p.stride_h - p.pad_top;
  const int32_t x0 = ox * p.stride_w - p.pad_left;
  const size_t row_stride = static_cast<size_t>(p.input_w) * p.input_c;
  const int32_t row_bytes = p.filter_w * cin;
  // One group, no horizontal dilation, window inside horizontally: a tap row is one run.
  const bool rows_contiguous = p.groups == 1 && p.dilation_w == 1 && x0 >= 0 && x0 + p.filter_w <= p.input_w;
  ColumnWriter w{cols + 16 * pixel};
  for (int32_t fy = 0; fy < p.filter_h; ++fy) {
    const int32_t y = y0 + fy * p.dilation_h;
    if (y < 0 || y >= p.input_h) {
      w.fill(pad, row_bytes);
      continue;
    }
    const int8_t* row = base + static_cast<size_t>(y) * row_stride;
    if (rows_contiguous) {
      w.put(row + static_cast<size_t>(x0) * p.input_c, row_bytes);
      continue;
    }
    for (int32_t fx = 0; fx < p.filter_w; ++fx) {
      const int32_t x = x0 + fx * p.dilation_w;
      if (x >= 0 && x < p.input_w) {
        w.put(row + static_cast<size_t>(x) * p.input_c, cin);
      } else {
        w.fill(pad, cin);
      }
    }
  }
}

struct Stage {
  const int32_t* folded;  // bias + offset * filter row sum, per output channel
  const int32_t* multiplier;
  const int32_t* shift;
  int32_t output_offset, act_min, act_max;
};

// A vector of two channels' values for two pixels: lanes (c, c + 1, c, c + 1).
inline mve::s32x4 pair_of(const int32_t* v, int32_t c, int32_t n) {
  const int32_t second = v[c + (n > 1 ? 1 : 0)];
  mve::s32x4 r = mve::dup_s32(v[c]);
  r = mve::set_lane(r, second, 1);
  return mve::set_lane(r, second, 3);
}

// Output channels c, c + 1 (n = 2) or c alone (n = 1: the second row repeats the first and is not
// stored) of `pixels` (1..3) pixels whose columns are interleaved in cols.
void block(const Stage& s, const int8_t* filter, int32_t depth, int32_t c, int32_t n, const int8_t* cols,
           int32_t pixels, int8_t* out, int32_t out_stride) {
  const size_t d = static_cast<size_t>(depth);
  const int8_t* w0 = filter + static_cast<size_t>(c) * d;
  const int8_t* w1 = w0 + (n > 1 ? d : 0);
  const int8_t* x = cols;
  int32_t a00 = 0, a01 = 0, a02 = 0;  // channel c, pixels 0..2
  int32_t a10 = 0, a11 = 0, a12 = 0;  // channel c + 1
  int32_t left = depth;
  for (; left >= 16; left -= 16) {
    const mve::s8x16 f0 = mve::load_s8(w0);
    w0 += 16;
    mve::s8x16 v = mve::load_s8(x);
    a00 = mve::dot_acc(a00, f0, v);
    const mve::s8x16 f1 = mve::load_s8(w1);
    w1 += 16;
    a10 = mve::dot_acc(a10, f1, v);
    v = mve::load_s8(x + 16);
    a01 = mve::dot_acc(a01, f0, v);
    a11 = mve::dot_acc(a11, f1, v);
    v = mve::load_s8(x + 32);
    a02 = mve::dot_acc(a02, f0, v);
    a12 = mve::dot_acc(a12, f1, v);
    x += kStepBytes;
  }
  if (left > 0) {  // depth tail: inactive lanes are zero on both sides and not read
    const mve::pred t = mve::tail_8(left);
    const mve::s8x16 f0 = mve::load_s8_z(w0, t), f1 = mve::load_s8_z(w1, t);
    mve::s8x16 v = mve::load_s8_z(x, t);
    a00 = mve::dot_acc(a00, f0, v);
    a10 = mve::dot_acc(a10, f1, v);
    v = mve::load_s8_z(x + 16, t);
    a01 = mve::dot_acc(a01, f0, v);
    a11 = mve::dot_acc(a11, f1, v);
    v = mve::load_s8_z(x + 32, t);
    a02 = mve::dot_acc(a02, f0, v);
    a12 = mve::dot_acc(a12, f1, v);
  }
  const mve::s32x4 folded = pair_of(s.folded, c, n);
  const mve::s32x4 mult = pair_of(s.multiplier, c, n);
  const mve::s32x4 shift = pair_of(s.shift, c, n);
  const mve::s32x4 offset = mve::dup_s32(s.output_offset);
  const mve::s32x4 lo = mve::dup_s32(s.act_min), hi = mve::dup_s32(s.act_max);
  const auto second_channel = static_cast<uint32_t>(n > 1 ? 0xFFFFu : 0x0F0Fu);
  // Lanes (c, pixel 0), (c + 1, pixel 0), (c, pixel 1), (c + 1, pixel 1).
  mve::s32x4 v = mve::dup_s32(a00);
  v = mve::set_lane(v, a10, 1);
  v = mve::set_lane(v, a01, 2);
  v = mve::set_lane(v, a11, 3);
  v = mve::requantize(mve::add_s32(v, folded), mult, shift);
  v = mve::min_s32(mve::max_s32(mve::add_s32(v, offset), lo), hi);
  mve::store_s32_as_s8_pairs(out + c, out_stride, v,
                             static_cast<mve::pred>(second_channel & (pixels > 1 ? 0xFFFFu : 0x00FFu)));
  if (pixels < 3) return;
  // Lanes (c, pixel 2), (c + 1, pixel 2); lanes 2, 3 unused.
  v = mve::set_lane(mve::dup_s32(a02), a12, 1);
  v = mve::requantize(mve::add_s32(v, folded), mult, shift);
  v = mve::min_s32(mve::max_s32(mve::add_s32(v, offset), lo), hi);
  mve::store_s32_as_s8_pairs(out + 2 * static_cast<size_t>(out_stride) + c, out_stride, v,
                             static_cast<mve::pred>(second_channel & 0x00FFu));
}

}  // namespace

bool mve_supports(const Conv2dParams&) { return true; }

size_t mve_scratch_bytes(const Conv2dParams& p) {
  return 3 + 4 * static_cast<size_t>(p.output_c) + static_cast<size_t>(kStepBytes) * steps_of(depth_of(p));
}

Status mve_run(const Conv2dParams& p, const Conv2dS8Args& a, void* scratch, size_t) {
  const int32_t depth = depth_of(p);
  const int32_t group_out = p.output_c / p.groups;
  const auto address = reinterpret_cast<uintptr_t>(scratch);
  auto* bytes = static_cast<uint8_t*>(scratch) + ((4 - (address & 3u)) & 3u);
  auto* folded = reinterpret_cast<int32_t*>(bytes);
  int8_t* cols = reinterpret_cast<int8_t*>(folded + p.output_c);
  // bias + input_offset * (sum of the filter row), wrapping as the reference's int32 sums.
  for (int32_t c = 0; c < p.output_c; ++c) {
    const int8_t* w = a.filter + static_cast<size_t>(c) * depth;
    int32_t sum = 0;
    int32_t i = 0;
    for (; i + 16 <= depth; i += 16) sum = mve::sum_acc(sum, mve::load_s8(w + i));
    if (i < depth) sum = mve::sum_acc(sum, mve::load_s8_z(w + i, mve::tail_8(depth - i)));
    const uint32_t b = a.bias != nullptr ? static_cast<uint32_t>(a.bias[c]) : 0u;
    folded[c] = static_cast<int32_t>(b + static_cast<uint32_t>(p.input_offset) * static_cast<uint32_t>(sum));
  }
  const int32_t pixels = p.output_h * p.output_w;
  const int32_t oc = p.output_c;
  for (int32_t b = 0; b < p.batches; ++b) {
    const int8_t* input = a.input + static_cast<size_t>(b) * p.input_h * p.input_w * p.input_c;
    int8_t* output = a.output + static_cast<size_t>(b) * pixels * oc;
    int32_t oy = 0, ox = 0;
    for (int32_t pix = 0; pix < pixels; pix += kPixels) {
      const int32_t count = pixels - pix < kPixels ? pixels - pix : kPixels;
      int8_t* out = output + static_cast<size_t>(pix) * oc;
      for (int32_t g = 0; g < p.groups; ++g) {
        // Columns of the next `count` pixels; missing ones repeat the last (computed, not stored).
        int32_t y = oy, x = ox;
        for (int32_t j = 0; j < kPixels; ++j) {
          fill_column(p, input, y, x, g, cols, j);
          if (j + 1 < count && ++x == p.output_w) x = 0, ++y;
        }
        const int32_t first = g * group_out;
        const int8_t* filter = a.filter + static_cast<size_t>(first) * depth;
        const Stage s{folded + first, a.multiplier + first, a.shift + first, p.output_offset, p.activation_min,
                      p.activation_max};
        for (int32_t c = 0; c < group_out; c += 2) {
          block(s, filter, depth, c, group_out - c < 2 ? 1 : 2, cols, count, out + first, oc);
        }
      }
      for (int32_t j = 0; j < count; ++j) {
        if (++ox == p.output_w) ox = 0, ++oy;
      }
    }
  }
  return Status::kOk;
}

}  // namespace cmnn::conv
