// The in-bounds runs of one output pixel's window, for convolution kernels that read the NHWC
// input in place (conv_s16_mve.cpp, conv_s4_mve.cpp): per window row, the inputs under the filter
// taps that lie inside the image. With one group and no horizontal dilation the in-bounds columns
// of a window row are contiguous in both the input and the filter ([fx_lo, fx_hi) x channels), so
// a row is one run; otherwise one run of group_in channels per in-bounds tap.
#pragma once
#include <cstddef>
#include <cstdint>

#include "cmnn/conv.h"

namespace cmnn::conv {

// First input row/column of output pixel (oy, ox) and its in-bounds filter columns [fx_lo, fx_hi)
// (empty when fx_hi <= fx_lo).
struct Window {
  int32_t y0, x0, fx_lo, fx_hi;
};

inline Window window_of(const Conv2dParams& p, int32_t oy, int32_t ox) {
  Window w{oy * p.stride_h - p.pad_top, ox * p.stride_w - p.pad_left, 0, 0};
  const int32_t d = p.dilation_w;
  w.fx_lo = w.x0 >= 0 ? 0 : (-w.x0 + d - 1) / d;
  w.fx_hi = w.x0 > p.input_w - 1 ? 0 : (p.input_w - 1 - w.x0) / d + 1;
  if (w.fx_hi > p.filter_w) w.fx_hi = p.filter_w;
  return w;
}

// f(input run, filter offset in elements, length) for every in-bounds run of the window over input
// channels [first_in, first_in + group_in) of one image.
template <typename T, typename F>
void for_each_run(const Conv2dParams& p, const T* input, const Window& win, int32_t first_in, int32_t group_in, F&& f) {
  if (win.fx_hi <= win.fx_lo) return;
  const bool whole_rows = p.groups == 1 && p.dilation_w == 1;
  const size_t row_stride = static_cast<size_t>(p.input_w) * p.input_c;
  for (int32_t fy = 0; fy < p.filter_h; ++fy) {
    const int32_t y = win.y0 + fy * p.dilation_h;
    if (y < 0 || y >= p.input_h) continue;
    const T* row = input + static_cast<size_t>(y) * row_stride + first_in;
    const size_t w_row = static_cast<size_t>(fy) * p.filter_w * group_in;
    if (whole_rows) {
      const int32_t x = win.x0 + win.fx_lo;
      f(row + static_cast<size_t>(x) * p.input_c, w_row + static_cast<size_t>(win.fx_lo) * group_in,
        (win.fx_hi - win.fx_lo) * group_in);
      continue;
    }
    for (int32_t fx = win.fx_lo; fx < win.fx_hi; ++fx) {
      const int32_t x = win.x0 + fx * p.dilation_w;
      f(row + static_cast<size_t>(x) * p.input_c, w_row + static_cast<size_t>(fx) * group_in, group_in);
    }
  }
}

}  // namespace cmnn::conv
