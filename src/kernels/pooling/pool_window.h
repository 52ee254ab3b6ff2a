// The part of a pooling window that lies inside the input: rows [y0, y1), columns [x0, x1).
#pragma once
#include <cstdint>

#include "cmnn/pooling.h"

namespace cmnn::pooling {

struct Window {
  int32_t y0, y1, x0, x1;
  int32_t count() const { return (y1 - y0) * (x1 - x0); }
};

inline Window window_at(const PoolParams& p, int32_t oy, int32_t ox) {
  const int32_t ys = oy * p.stride_h - p.pad_top, xs = ox * p.stride_w - p.pad_left;
  Window w;
  w.y0 = ys < 0 ? 0 : ys;
  w.y1 = ys + p.filter_h > p.input_h ? p.input_h : ys + p.filter_h;
  w.x0 = xs < 0 ? 0 : xs;
  w.x1 = xs + p.filter_w > p.input_w ? p.input_w : xs + p.filter_w;
  return w;
}

// sum / count rounded half away from zero (TFLite reference average pooling).
inline int32_t rounded_average(int32_t sum, int32_t count) {
  return (sum > 0 ? sum + count / 2 : sum - count / 2) / count;
}

}  // namespace cmnn::pooling
