// conv2d_s8 Helium variant (general case): see conv_s8_mve.h.
//
// sum_i w_i * (x_i + offset) = sum_i w_i * x_i + offset * sum_i w_i, so the column holds the raw
// int8 input (a padding tap holds -offset, the zero point, and so contributes 0) and the dot
// products run on int8 x int8 with VMLADAVA (conv_s8_mve_core.h); offset * sum_i w_i + bias is one
// int32 per channel computed once per call. All sums wrap modulo 2^32 and the exact value fits
// int32 (conv2d_s8's depth limit), so the result equals the reference's bit for bit.
#include "kernels/conv/conv_s8_mve.h"

#include "arch/mve/conv_fast_ops.h"
#include "arch/mve/dot_block_ops.h"
#include "arch/mve/conv_ops.h"
#include "arch/mve/pool_ops.h"
#include "kernels/conv/conv_s8_mve_core.h"

namespace cmnn::conv {
namespace {

int32_t group_channels(const Conv2dParams& p) { return p.input_c / p.groups; }
int32_t depth_of(const Conv2dParams& p) { return p.filter_h * p.filter_w * group_channels(p); }

// The column's bytes: the depth rounded up to 16, plus 16 of slack for the forward over-writes.
size_t column_bytes(int32_t depth) { return 16 * (static_cast<size_t>(depth + 15) / 16) + 16; }

// Writes a pixel's column a run at a time. Each run is copied 16 bytes at a time with whole-vector
// stores (the last store of a run may write up to 15 bytes past it: the next run, or the slack,
// overwrites them); source bytes past the run are not read (a zeroing predicated load).
struct ColumnWriter {
  int8_t* pos;
  void put(const int8_t* src, int32_t n) {
    for (; n >= 16; n -= 16, src += 16, pos += 16) mve::store_s8(pos, mve::load_s8(src));
    if (n > 0) mve::store_s8(pos, mve::load_s8_z(src, mve::tail_8(n))), pos += n;
  }
  void fill(mve::s8x16 value, int32_t n) {
    while (n > 0) {
      mve::store_s8(pos, value);
      const int32_t k = n < 16 ? n : 16;
      pos += k, n -= k;
    }
  }
};

// The call's im2col geometry, computed once.
struct Im2col {
  const int8_t* input;  // batch start
  int32_t cin;          // channels per group
  size_t row_stride;    // bytes per input row
  int32_t row_bytes;    // filter_w * cin
  bool simple_rows;     // one group and no horizontal dilation: an inside tap row is one run
  mve::s8x16 pad;       // the input zero point in every lane
  bool slack = false;   // 16 readable bytes follow every run of the input (the padded copy)

  // Writes the receptive field of output pixel (oy, ox) in group g to col.
  void fill(const Conv2dParams& p, int32_t oy, int32_t ox, int32_t g, int8_t* col) const {
    const int8_t* base = input + static_cast<size_t>(g) * cin;
    const int32_t y0 = oy * p.stride_h - p.pad_top;
    const int32_t x0 = ox * p.stride_w - p.pad_left;
    ColumnWriter w{col};
    const bool rows_contiguous = simple_rows && x0 >= 0 && x0 + p.filter_w <= p.input_w;
    // Tap (y, x0) at row + y * row_stride when the rows are contiguous (x0 >= 0 then).
    const int8_t* row = rows_contiguous ? base + static_cast<size_t>(x0) * p.input_c : base;
    for (int32_t fy = 0; fy < p.filter_h; ++fy) {
      const int32_t y = y0 + fy * p.dilation_h;
      if (y < 0 || y >= p.input_h) {
        w.fill(pad, row_bytes);
      } else if (rows_contiguous) {
        w.put(row + static_cast<size_t>(y) * row_stride, row_bytes);
      } else {
        const int8_t* r = base + static_cast<size_t>(y) * row_stride;
        for (int32_t fx = 0; fx < p.filter_w; ++fx) {
          const int32_t x = x0 + fx * p.dilation_w;
          if (x >= 0 && x < p.input_w) {
            w.put(r + static_cast<size_t>(x) * p.input_c, cin);
          } else {
            w.fill(pad, cin);
          }
        }
      }
    }
  }
};

// The columns of output pixels (oy, ox) and (oy1, ox1) in group g (the second only when two),
// each zero-padded from depth to len. Pairs in one output row whose taps are all inside take the
// short path: filter_h runs of row_bytes per column, no per-tap checks. Not inlined: the pixel loop
// around it keeps its registers (the row loop's asm block takes 13).
__attribute__((noinline)) void fill_pair(const Conv2dParams& p, const Im2col& im, int32_t oy, int32_t ox, int32_t oy1,
                                         int32_t ox1, bool two, int32_t g, int32_t depth, int32_t len, int8_t* col,
                                         int8_t* col1) {
  if (im.simple_rows && two && oy1 == oy) {
    const int32_t y0 = oy * p.stride_h - p.pad_top;
    const int32_t xa = ox * p.stride_w - p.pad_left;
    const int32_t xb = ox1 * p.stride_w - p.pad_left;
    if (y0 >= 0 && y0 + (p.filter_h - 1) * p.dilation_h < p.input_h && xa >= 0 && xb + p.filter_w <= p.input_w) {
      const int8_t* row = im.input + static_cast<size_t>(g) * im.cin + static_cast<size_t>(y0) * im.row_stride;
      const size_t step = static_cast<size_t>(p.dilation_h) * im.row_stride;
      if ((im.row_bytes & 15) == 0) {  // whole vectors: both columns in one loop, loads and stores alternating
        const int32_t vectors = im.row_bytes >> 4;
        int8_t* c0 = col;
        int8_t* c1 = col1;
        const size_t offset_b = static_cast<size_t>(xb - xa) * p.input_c;
        row += static_cast<size_t>(xa) * p.input_c;
        for (int32_t fy = 0; fy < p.filter_h; ++fy, row += step) {
          const int8_t* a = row;
          const int8_t* b = row + offset_b;
          for (int32_t k = 0; k < vectors; ++k) {
            mve::store_s8_advance(c0, mve::load_s8_advance(a));
            mve::store_s8_advance(c1, mve::load_s8_advance(b));
          }
        }
      } else if (im.slack && im.row_bytes <= 16) {  // one vector per run (a first layer's 9 or 4 bytes)
        int8_t* c0 = col;
        int8_t* c1 = col1;
        const int8_t* a = row + static_cast<size_t>(xa) * p.input_c;
        const size_t offset_b = static_cast<size_t>(xb - xa) * p.input_c;
        for (int32_t fy = 0; fy < p.filter_h; ++fy, a += step, c0 += im.row_bytes, c1 += im.row_bytes) {
          mve::store_s8(c0, mve::load_s8(a));
          mve::store_s8(c1, mve::load_s8(a + offset_b));
        }
      } else if (im.slack) {  // whole vectors read past each run (inside the padded copy's slack)
        int8_t* c0 = col;
        int8_t* c1 = col1;
        const int8_t* a = row + static_cast<size_t>(xa) * p.input_c;
        const size_t offset_b = static_cast<size_t>(xb - xa) * p.input_c;
        for (int32_t fy = 0; fy < p.filter_h; ++fy, a += step, c0 += im.row_bytes, c1 += im.row_bytes) {
          for (int32_t k = 0; k < im.row_bytes; k += 16) {
            mve::store_s8(c0 + k, mve::load_s8(a + k));
            mve::store_s8(c1 + k, mve::load_s8(a + offset_b + k));
          }
        }
      } else {
        ColumnWriter c0{col}, c1{col1};
        for (int32_t fy = 0; fy < p.filter_h; ++fy, row += step) {
          c0.put(row + static_cast<size_t>(xa) * p.input_c, im.row_bytes);
          c1.put(row + static_cast<size_t>(xb) * p.input_c, im.row_bytes);
        }
      }
      if (len != depth) mve::store_s8(col + depth, mve::dup_s8(0)), mve::store_s8(col1 + depth, mve::dup_s8(0));
      return;
    }
  }
  im.fill(p, oy, ox, g, col);
  if (two) im.fill(p, oy1, ox1, g, col1);
  if (len != depth) mve::store_s8(col + depth, mve::dup_s8(0)), mve::store_s8(col1 + depth, mve::dup_s8(0));
}

// mve_run's pixel loop for a depth above a chunk: output pixels two at a time (two columns), the
// filter rows two at a time against both (mve::dot_2x2: one vector load per 16 MACs, the four sums
// in registers), then both pixels' sums requantized together. A lone last pixel (odd pixel count)
// or row (odd channel count) is passed twice and its duplicate products dropped. filter: rows of
// `len` bytes (the caller's, len = depth, or padded copies, len = 16 ceil(depth / 16) with zeros
// past depth; the columns then get the same zeros).
__attribute__((noinline)) void run_pairs(const Conv2dParams& p, const Conv2dS8Args& a, Im2col im,
                                         const mve_conv::Requant& rq, int32_t depth, const int8_t* filter,
                                         int32_t len, int32_t* sums, int8_t* col) {
  const int32_t group_out = p.output_c / p.groups;
  const int32_t oc = p.output_c;
  const int32_t pixels = p.output_h * p.output_w;
  const size_t batch_bytes = static_cast<size_t>(p.input_h) * p.input_w * p.input_c;
  const size_t group_filter = static_cast<size_t>(group_out) * static_cast<size_t>(len);
  int32_t* sums1 = sums + oc;
  int8_t* col1 = col + column_bytes(depth);
  int8_t* out = a.output;
  for (int32_t b = 0; b < p.batches; ++b, im.input += batch_bytes) {
    int32_t oy = 0, ox = 0;  // pixel i
    for (int32_t i = 0; i < pixels; i += 2, out += 2 * oc) {
      const bool two = i + 1 < pixels;
      const int32_t oy1 = ox + 1 < p.output_w ? oy : oy + 1;
      const int32_t ox1 = ox + 1 < p.output_w ? ox + 1 : 0;
      const int8_t* x1 = two ? col1 : col;
      const int8_t* w = filter;
      for (int32_t g = 0; g < p.groups; ++g, w += group_filter) {
        const int32_t first = g * group_out;
        fill_pair(p, im, oy, ox, oy1, ox1, two, g, depth, len, col, col1);
        mve_conv::dot_pair_rows(col, x1, w, len, group_out, sums, sums1);
        if (two) rq.run_pair(sums, sums1, first, group_out, out + first, out + oc + first);
        else rq.run(sums, first, group_out, out + first);
      }
      ox += 2;  // to pixel i + 2
      while (ox >= p.output_w) ox -= p.output_w, ++oy;
    }
    out -= (pixels & 1) * oc;  // the last step moved two pixels for one
  }
}

// Depths in (16, 64] that are not a multiple of 16 (a first layer's 3 x 3 x 3 = 27, KWS's 10 x 4
// = 40) run the pair path on copies of the filter rows padded with zeros to a multiple of 16, made
// per call in scratch (at most kPaddedBytes), so the row loop needs no predicated tail step.
constexpr size_t kPaddedBytes = 16384;
size_t padded_filter_bytes(const Conv2dParams& p) {
  const int32_t depth = depth_of(p);
  const size_t bytes = static_cast<size_t>(p.output_c) * (16 * (static_cast<size_t>(depth) + 15) / 16);
  return depth > 16 && depth <= mve_conv::kChunk && (depth & 15) != 0 && bytes <= kPaddedBytes ? bytes : 0;
}

void pad_filter(const int8_t* filter, int32_t depth, int32_t rows, int8_t* padded) {
  const int32_t len = (depth + 15) & ~15;
  for (int32_t o = 0; o < rows; ++o, filter += depth, padded += len) {
    int32_t k = 0;
    for (; k + 16 <= depth; k += 16) mve::store_s8(padded + k, mve::load_s8(filter + k));
    mve::store_s8(padded + k, mve::load_s8_z(filter + k, mve::tail_8(depth - k)));  // zeros past depth
  }
}

// Small padded layers (a first layer: ResNet-8's 32 x 32 x 3, KWS's 49 x 10 x 1) are run on a
// copy of each batch's input with its padding written out (the input zero point) in scratch, plus
// 16 bytes of slack: every output pixel is then inside, and the column runs are copied with whole
// vectors (no per-tap checks, no predication). At most kPaddedInputBytes.
constexpr size_t kPaddedInputBytes = 8192;
struct PaddedInput {
  int32_t h, w;  // the padded input's size
};
PaddedInput padded_input_size(const Conv2dParams& p) {
  const int32_t need_h = (p.output_h - 1) * p.stride_h + (p.filter_h - 1) * p.dilation_h + 1;
  const int32_t need_w = (p.output_w - 1) * p.stride_w + (p.filter_w - 1) * p.dilation_w + 1;
  const int32_t h = p.pad_top + p.input_h;
  const int32_t w = p.pad_left + p.input_w;
  return {h > need_h ? h : need_h, w > need_w ? w : need_w};
}
size_t padded_input_bytes(const Conv2dParams& p) {
  if (p.groups != 1 || p.dilation_w != 1 || (p.pad_top == 0 && p.pad_left == 0)) return 0;
  if (depth_of(p) <= 16 || (depth_of(p) > mve_conv::kChunk && (depth_of(p) & 15) == 0)) return 0;
  const PaddedInput s = padded_input_size(p);
  const size_t bytes = 16 * ((static_cast<size_t>(s.h) * s.w * p.input_c + 15) / 16) + 16;
  return bytes <= kPaddedInputBytes ? bytes : 0;
}

// dst = the batch's input at (pad_top, pad_left) of an h x w frame of the zero point `pad`.
void pad_input(const Conv2dParams& p, const int8_t* src, PaddedInput s, mve::s8x16 pad, int8_t* dst) {
  const size_t row = static_cast<size_t>(s.w) * p.input_c;
  const size_t total = padded_input_bytes(p);  // a multiple of 16
  for (size_t k = 0; k < total; k += 16) mve::store_s8(dst + k, pad);
  const int32_t run = p.input_w * p.input_c;
  int8_t* d = dst + static_cast<size_t>(p.pad_top) * row + static_cast<size_t>(p.pad_left) * p.input_c;
  for (int32_t y = 0; y < p.input_h; ++y, src += run, d += row) {
    int32_t k = 0;
    for (; k + 16 <= run; k += 16) mve::store_s8(d + k, mve::load_s8(src + k));
    if (k < run) mve::store_s8_p(d + k, mve::load_s8_z(src + k, mve::tail_8(run - k)), mve::tail_8(run - k));
  }
}

}  // namespace

bool mve_supports(const Conv2dParams&) { return true; }

size_t mve_scratch_bytes(const Conv2dParams& p) {
  return 3 + 12 * static_cast<size_t>(p.output_c) + 2 * column_bytes(depth_of(p)) + padded_filter_bytes(p) +
         padded_input_bytes(p);
}

Status mve_run(const Conv2dParams& p, const Conv2dS8Args& a, void* scratch, size_t) {
  const int32_t depth = depth_of(p);
  const int32_t oc = p.output_c;
  const auto address = reinterpret_cast<uintptr_t>(scratch);
  auto* bytes = static_cast<uint8_t*>(scratch) + ((4 - (address & 3u)) & 3u);
  auto* start = reinterpret_cast<int32_t*>(bytes);
  int32_t* sums = start + oc;
  int8_t* col = reinterpret_cast<int8_t*>(sums + 2 * oc);  // sums: two pixels' rows
  // The start values bias + input_offset * row sum: offline (ksum variant) or summed here.
  if (!p.has_kernel_sums) mve_conv::start_values(a.filter, depth, oc, a.bias, p.input_offset, start);
  const mve_conv::Requant rq(p.has_kernel_sums ? a.kernel_sums : start, a.multiplier, a.shift, oc, p.output_offset, p.activation_min, p.activation_max);
  Im2col im{a.input, group_channels(p), static_cast<size_t>(p.input_w) * p.input_c, p.filter_w * group_channels(p),
            p.groups == 1 && p.dilation_w == 1, mve::dup_s8(static_cast<int8_t>(-p.input_offset))};
  if (depth > mve_conv::kChunk) {
    run_pairs(p, a, im, rq, depth, a.filter, depth, sums, col);
    return Status::kOk;
  }
  if (padded_filter_bytes(p) != 0) {
    int8_t* padded = col + 2 * column_bytes(depth);
    pad_filter(a.filter, depth, oc, padded);
    const int32_t len = (depth + 15) & ~15;
    if (padded_input_bytes(p) == 0) {
      run_pairs(p, a, im, rq, depth, padded, len, sums, col);
      return Status::kOk;
    }
    // Each batch through the padded copy: a layer without padding whose every pixel is inside.
    int8_t* frame = padded + padded_filter_bytes(p);
    const PaddedInput size = padded_input_size(p);
    Conv2dParams pp = p;
    pp.batches = 1, pp.input_h = size.h, pp.input_w = size.w, pp.pad_top = 0, pp.pad_left = 0;
    Im2col framed = im;
    framed.input = frame, framed.row_stride = static_cast<size_t>(size.w) * p.input_c, framed.slack = true;
    Conv2dS8Args pa = a;
    const size_t in_batch = static_cast<size_t>(p.input_h) * p.input_w * p.input_c;
    const size_t out_batch = static_cast<size_t>(p.output_h) * p.output_w * oc;
    for (int32_t b = 0; b < p.batches; ++b, pa.output += out_batch) {
      pad_input(p, a.input + b * in_batch, size, im.pad, frame);
      run_pairs(pp, pa, framed, rq, depth, padded, len, sums, col);
    }
    return Status::kOk;
  }
  const int32_t group_out = p.output_c / p.groups;
  const size_t batch_bytes = static_cast<size_t>(p.input_h) * p.input_w * p.input_c;
  int8_t* out = a.output;
  for (int32_t b = 0; b < p.batches; ++b, im.input += batch_bytes) {
    for (int32_t oy = 0; oy < p.output_h; ++oy) {
      for (int32_t ox = 0; ox < p.output_w; ++ox, out += oc) {
        for (int32_t g = 0; g < p.groups; ++g) {
          const int32_t first = g * group_out;
          im.fill(p, oy, ox, g, col);
          mve_conv::dot_rows(col, a.filter + static_cast<size_t>(first) * depth, depth, group_out, sums);
          rq.run(sums, first, group_out, out + first);
        }
      }
    }
  }
  return Status::kOk;
}

}  // namespace cmnn::conv
