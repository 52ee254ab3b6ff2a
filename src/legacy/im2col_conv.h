// The one convolution driver of the legacy q7/q15 im2col variants: expand `batch` output columns
// (input patches, zero where the window leaves the image) into the q15 scratch, then multiply
// them by the weight matrix two output channels x two columns at a time. Ops (dot_kernels.h) picks
// the code path; partial im2col uses batch 2, full im2col every column at once.
#pragma once
#include <cstdint>
#include <cstring>

#include "cmnn/legacy/types.h"
#include "legacy/common.h"

namespace cmnn::legacy::detail {

// True when the shape is usable: positive sizes, non-negative padding, and every element count
// (input, output, weights, im2col buffer) below 2^31.
bool conv_shape_valid(const ConvShape& s);

inline int64_t patch_size(const ConvShape& s) { return int64_t{s.in_ch} * s.ker_x * s.ker_y; }

inline size_t im2col_scratch_bytes(const ConvShape& s, Im2col mode) {
  if (!conv_shape_valid(s)) return 0;
  const int64_t columns = mode == Im2col::kFull ? int64_t{s.out_x} * s.out_y : 2;
  return static_cast<size_t>(columns * patch_size(s) * 2);
}

template <class Ops>
void fill_column(const ConvShape& s, const typename Ops::Input* input, int pixel, int16_t* column) {
  const int oy = pixel / s.out_x, ox = pixel % s.out_x;
  for (int ky = 0; ky < s.ker_y; ++ky) {
    const int iy = oy * s.stride_y - s.pad_y + ky;
    for (int kx = 0; kx < s.ker_x; ++kx) {
      const int ix = ox * s.stride_x - s.pad_x + kx;
      int16_t* dst = column + (ky * s.ker_x + kx) * s.in_ch;
      if (iy < 0 || iy >= s.in_y || ix < 0 || ix >= s.in_x) {
        std::memset(dst, 0, sizeof(int16_t) * s.in_ch);
      } else {
        Ops::expand(input + (static_cast<int64_t>(iy) * s.in_x + ix) * s.in_ch, dst, s.in_ch);
      }
    }
  }
}

template <class Ops, class Out, class Bias, class Finish>
void multiply_columns(const ConvShape& s, const typename Ops::Weight* weights, const Bias* bias, Shifts shifts,
                      const int16_t* c0, const int16_t* c1, Out* out0, Out* out1, Finish finish) {
  const int k = static_cast<int>(patch_size(s));
  int o = 0;
  for (; o + 2 <= s.out_ch; o += 2) {
    const int32_t b0 = initial_accumulator(bias[o], shifts), b1 = initial_accumulator(bias[o + 1], shifts);
    if (c1 != nullptr) {
      int32_t acc[4] = {b0, b1, b0, b1};
      Ops::dot_2x2(weights + o * k, weights + (o + 1) * k, c0, c1, k, acc);
      out0[o] = finish(acc[0], shifts);
      out0[o + 1] = finish(acc[1], shifts);
      out1[o] = finish(acc[2], shifts);
      out1[o + 1] = finish(acc[3], shifts);
    } else {
      out0[o] = finish(Ops::dot(weights + o * k, c0, k, b0), shifts);
      out0[o + 1] = finish(Ops::dot(weights + (o + 1) * k, c0, k, b1), shifts);
    }
  }
  for (; o < s.out_ch; ++o) {
    const int32_t b = initial_accumulator(bias[o], shifts);
    out0[o] = finish(Ops::dot(weights + o * k, c0, k, b), shifts);
    if (c1 != nullptr) out1[o] = finish(Ops::dot(weights + o * k, c1, k, b), shifts);
  }
}

// Preconditions (checked by the callers): valid shape, non-null buffers, scratch of
// im2col_scratch_bytes(s, mode) bytes.
template <class Ops, class Out, class Bias, class Finish>
void convolve_im2col(const ConvShape& s, const typename Ops::Input* input, const typename Ops::Weight* weights,
                     const Bias* bias, Shifts shifts, Out* output, int16_t* buffer, Im2col mode, Finish finish) {
  const int k = static_cast<int>(patch_size(s));
  const int total = s.out_x * s.out_y;
  const int batch = mode == Im2col::kFull ? total : 2;
  for (int first = 0; first < total; first += batch) {
    const int count = total - first < batch ? total - first : batch;
    for (int j = 0; j < count; ++j) {
      int16_t* column = buffer + static_cast<int64_t>(j) * k;
      fill_column<Ops>(s, input, first + j, column);
      Ops::finish_column(column, k);
    }
    int j = 0;
    for (; j + 2 <= count; j += 2) {
      multiply_columns<Ops>(s, weights, bias, shifts, buffer + static_cast<int64_t>(j) * k,
                            buffer + static_cast<int64_t>(j + 1) * k, output + static_cast<int64_t>(first + j) * s.out_ch,
                            output + static_cast<int64_t>(first + j + 1) * s.out_ch, finish);
    }
    if (j < count) {
      multiply_columns<Ops>(s, weights, bias, shifts, buffer + static_cast<int64_t>(j) * k, nullptr,
                            output + static_cast<int64_t>(first + j) * s.out_ch, static_cast<Out*>(nullptr), finish);
    }
  }
}

}  // namespace cmnn::legacy::detail
