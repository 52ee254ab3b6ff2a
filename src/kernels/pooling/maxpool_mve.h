// Helium max pooling written once over lane ops, instantiated for int8 (pooling_mve.cpp) and int16
// (pooling_s16_mve.cpp): the channels of one output pixel kLanes at a time, every window position
// one vector step, VMAX from activation_min (max(min, x...) is the lower clamp), one VMIN for the
// upper clamp; the channel tail by zeroing predicated loads and a predicated store, so nothing past
// the tensor is read or written. Internal to src/kernels/pooling.
#pragma once
#include <cstddef>
#include <cstdint>

#include "arch/mve/mve.h"
#include "kernels/pooling/pool_window.h"

namespace cmnn::pooling {

// L, the lane ops of one element type: T, V, kLanes; dup(x); max(a, b); min(a, b); load(p);
// load_z(p, pred) (zeroing); tail(n) (predicate of the first n lanes); store(p, v); store_p(p, v, pred).
template <typename L>
Status maxpool_mve(const PoolParams& p, const PoolArgs<typename L::T>& a) {
  using T = typename L::T;
  using V = typename L::V;
  const int32_t c = p.channels;
  const size_t row_step = static_cast<size_t>(p.input_w) * c;
  const V lo = L::dup(p.activation_min), hi = L::dup(p.activation_max);
  for (int32_t b = 0; b < p.batches; ++b) {
    const T* in = a.input + static_cast<size_t>(b) * p.input_h * p.input_w * c;
    T* out = a.output + static_cast<size_t>(b) * p.output_h * p.output_w * c;
    for (int32_t oy = 0; oy < p.output_h; ++oy) {
      for (int32_t ox = 0; ox < p.output_w; ++ox, out += c) {
        const Window w = window_at(p, oy, ox);
        const T* corner = in + (static_cast<size_t>(w.y0) * p.input_w + w.x0) * c;
        int32_t ch = 0;
        for (; ch + L::kLanes <= c; ch += L::kLanes) {
          V m = lo;
          const T* row = corner + ch;
          for (int32_t y = w.y0; y < w.y1; ++y, row += row_step) {
            const T* px = row;
            for (int32_t x = w.x0; x < w.x1; ++x, px += c) m = L::max(m, L::load(px));
          }
          L::store(out + ch, L::min(m, hi));
        }
        if (ch < c) {
          const mve::pred active = L::tail(c - ch);
          V m = lo;
          const T* row = corner + ch;
          for (int32_t y = w.y0; y < w.y1; ++y, row += row_step) {
            const T* px = row;
            for (int32_t x = w.x0; x < w.x1; ++x, px += c) m = L::max(m, L::load_z(px, active));
          }
          L::store_p(out + ch, L::min(m, hi), active);
        }
      }
    }
  }
  return Status::kOk;
}

}  // namespace cmnn::pooling
