// conv2d_s8 Helium variant (general case): see conv_s8_mve.h.
//
// sum_i w_i * (x_i + offset) = sum_i w_i * x_i + offset * sum_i w_i, so the columns hold the raw
// int8 input (a padding tap holds -offset, the zero point, and so contributes 0) and the dot
// products run on int8 x int8 with VMLADAVA; offset * sum_i w_i + bias is one int32 per channel
// computed once per call. All sums wrap modulo 2^32 and the exact value fits int32 (conv2d_s8's
// depth limit), so the result equals the reference's bit for bit.
#include "kernels/conv/conv_s8_mve.h"

#include <cstring>

#include "arch/mve/mve.h"

namespace cmnn::conv {
namespace {

int32_t group_channels(const Conv2dParams& p) { return p.input_c / p.groups; }
int32_t depth_of(const Conv2dParams& p) { return p.filter_h * p.filter_w * group_channels(p); }

// Fills col (depth bytes) with the receptive field of output pixel (oy, ox) in group g.
void fill_column(const Conv2dParams& p, const int8_t* input, int32_t oy, int32_t ox, int32_t g, int8_t* col) {
  const int32_t cin = group_channels(p);
  const auto pad = static_cast<int8_t>(-p.input_offset);
  const int8_t* base = input + static_cast<size_t>(g) * cin;
  const int32_t y0 = oy * p.stride_h - p.pad_top;
  const int32_t x0 = ox * p.stride_w - p.pad_left;
  const size_t row_stride = static_cast<size_t>(p.input_w) * p.input_c;
  const size_t row_bytes = static_cast<size_t>(p.filter_w) * cin;
  // One group, no horizontal dilation, window inside horizontally: a tap row is one run.
  const bool rows_contiguous = p.groups == 1 && p.dilation_w == 1 && x0 >= 0 && x0 + p.filter_w <= p.input_w;
  for (int32_t fy = 0; fy < p.filter_h; ++fy) {
    const int32_t y = y0 + fy * p.dilation_h;
    if (y < 0 || y >= p.input_h) {
      std::memset(col, pad, row_bytes);
      col += row_bytes;
      continue;
    }
    const int8_t* row = base + static_cast<size_t>(y) * row_stride;
    if (rows_contiguous) {
      std::memcpy(col, row + static_cast<size_t>(x0) * p.input_c, row_bytes);
      col += row_bytes;
      continue;
    }
    for (int32_t fx = 0; fx < p.filter_w; ++fx, col += cin) {
      const int32_t x = x0 + fx * p.dilation_w;
      if (x >= 0 && x < p.input_w) {
        std::memcpy(col, row + static_cast<size_t>(x) * p.input_c, static_cast<size_t>(cin));
      } else {
        std::memset(col, pad, static_cast<size_t>(cin));
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

// Requantizes the accumulators of channels [c, c + n) (n in 1..4) of one pixel and stores them.
inline void store4(const Stage& s, int32_t c, int32_t n, int32_t a0, int32_t a1, int32_t a2, int32_t a3,
                   int8_t* out) {
  const mve::pred lanes = mve::tail_32(n);
  mve::s32x4 v = mve::dup_s32(a0);
  v = mve::set_lane(v, a1, 1);
  v = mve::set_lane(v, a2, 2);
  v = mve::set_lane(v, a3, 3);
  v = mve::add_s32(v, mve::load_s32_z(s.folded + c, lanes));
  v = mve::requantize(v, mve::load_s32_z(s.multiplier + c, lanes), mve::load_s32_z(s.shift + c, lanes));
  v = mve::add_s32(v, mve::dup_s32(s.output_offset));
  v = mve::min_s32(mve::max_s32(v, mve::dup_s32(s.act_min)), mve::dup_s32(s.act_max));
  mve::store_s32_as_s8(out + c, v, lanes);
}

// Output channels [c, c + n) (n in 1..4; rows past n repeat the last one and are not stored)
// for kPix pixels whose columns are col, col + depth; out points at the first pixel's outputs.
template <int kPix>
void block(const Stage& s, const int8_t* filter, int32_t depth, int32_t c, int32_t n, const int8_t* col,
           int8_t* out, size_t out_stride) {
  const size_t d = static_cast<size_t>(depth);
  const int8_t* w0 = filter + static_cast<size_t>(c) * d;
  const int8_t* w1 = w0 + (n > 1 ? d : 0);
  const int8_t* w2 = w0 + (n > 2 ? 2 * d : n > 1 ? d : 0);
  const int8_t* w3 = w0 + static_cast<size_t>(n - 1) * d;
  const int8_t* x0 = col;
  const int8_t* x1 = col + (kPix > 1 ? d : 0);
  int32_t a00 = 0, a10 = 0, a20 = 0, a30 = 0;  // channel, pixel
  int32_t a01 = 0, a11 = 0, a21 = 0, a31 = 0;
  int32_t left = depth;
  for (; left >= 16; left -= 16) {
    const mve::s8x16 v0 = mve::load_s8(x0);
    x0 += 16;
    mve::s8x16 f = mve::load_s8(w0);
    w0 += 16;
    a00 = mve::dot_acc(a00, f, v0);
    if (kPix > 1) {
      const mve::s8x16 v1 = mve::load_s8(x1);
      x1 += 16;
      a01 = mve::dot_acc(a01, f, v1);
      f = mve::load_s8(w1);
      w1 += 16;
      a10 = mve::dot_acc(a10, f, v0);
      a11 = mve::dot_acc(a11, f, v1);
      f = mve::load_s8(w2);
      w2 += 16;
      a20 = mve::dot_acc(a20, f, v0);
      a21 = mve::dot_acc(a21, f, v1);
      f = mve::load_s8(w3);
      w3 += 16;
      a30 = mve::dot_acc(a30, f, v0);
      a31 = mve::dot_acc(a31, f, v1);
    } else {
      f = mve::load_s8(w1);
      w1 += 16;
      a10 = mve::dot_acc(a10, f, v0);
      f = mve::load_s8(w2);
      w2 += 16;
      a20 = mve::dot_acc(a20, f, v0);
      f = mve::load_s8(w3);
      w3 += 16;
      a30 = mve::dot_acc(a30, f, v0);
    }
  }
  if (left > 0) {  // depth tail: inactive lanes are zero on both sides and not read
    const mve::pred t = mve::tail_8(left);
    const mve::s8x16 v0 = mve::load_s8_z(x0, t);
    const mve::s8x16 f0 = mve::load_s8_z(w0, t), f1 = mve::load_s8_z(w1, t);
    const mve::s8x16 f2 = mve::load_s8_z(w2, t), f3 = mve::load_s8_z(w3, t);
    a00 = mve::dot_acc(a00, f0, v0);
    a10 = mve::dot_acc(a10, f1, v0);
    a20 = mve::dot_acc(a20, f2, v0);
    a30 = mve::dot_acc(a30, f3, v0);
    if (kPix > 1) {
      const mve::s8x16 v1 = mve::load_s8_z(x1, t);
      a01 = mve::dot_acc(a01, f0, v1);
      a11 = mve::dot_acc(a11, f1, v1);
      a21 = mve::dot_acc(a21, f2, v1);
      a31 = mve::dot_acc(a31, f3, v1);
    }
  }
  store4(s, c, n, a00, a10, a20, a30, out);
  if (kPix > 1) store4(s, c, n, a01, a11, a21, a31, out + out_stride);
}

}  // namespace

bool mve_supports(const Conv2dParams&) { return true; }

size_t mve_scratch_bytes(const Conv2dParams& p) {
  return 3 + 4 * static_cast<size_t>(p.output_c) + 2 * static_cast<size_t>(depth_of(p));
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
  const Stage stage{folded, a.multiplier, a.shift, p.output_offset, p.activation_min, p.activation_max};
  const int32_t pixels = p.output_h * p.output_w;
  const size_t oc = static_cast<size_t>(p.output_c);
  for (int32_t b = 0; b < p.batches; ++b) {
    const int8_t* input = a.input + static_cast<size_t>(b) * p.input_h * p.input_w * p.input_c;
    int8_t* output = a.output + static_cast<size_t>(b) * pixels * oc;
    int32_t oy = 0, ox = 0;
    for (int32_t pix = 0; pix < pixels; pix += 2) {
      const bool pair = pix + 1 < pixels;
      const int32_t oy1 = ox + 1 == p.output_w ? oy + 1 : oy;
      const int32_t ox1 = ox + 1 == p.output_w ? 0 : ox + 1;
      int8_t* out = output + static_cast<size_t>(pix) * oc;
      for (int32_t g = 0; g < p.groups; ++g) {
        fill_column(p, input, oy, ox, g, cols);
        if (pair) fill_column(p, input, oy1, ox1, g, cols + depth);
        const int8_t* filter = a.filter + static_cast<size_t>(g) * group_out * depth;
        const int32_t first = g * group_out;
        int8_t* out_g = out + first;
        const Stage s{folded + first, a.multiplier + first, a.shift + first, stage.output_offset, stage.act_min,
                      stage.act_max};
        for (int32_t c = 0; c < group_out; c += 4) {
          const int32_t n = group_out - c < 4 ? group_out - c : 4;
          if (pair) {
            block<2>(s, filter, depth, c, n, cols, out_g, oc);
          } else {
            block<1>(s, filter, depth, c, n, cols, out_g, oc);
          }
        }
      }
      // Next pair of pixels.
      ox = ox1 + 1;
      oy = oy1;
      if (ox >= p.output_w) ox -= p.output_w, ++oy;
    }
  }
  return Status::kOk;
}

}  // namespace cmnn::conv
