// Helium (MVE) int16 pooling for Cortex-M55 (the bit-exact emulation of src/arch/mve elsewhere),
// the int16 counterparts of pooling_mve.cpp: the channels of one output pixel in vectors, every
// window position one vector step; channel tails by zeroing predicated loads and partial stores,
// so nothing past the tensor is read or written.
//  maxpool_s16.mve: 8 channels per vector, VMAX.S16 from activation_min (the lower clamp), one
//    VMIN.S16 for the upper clamp, VSTRH.16.
//  avgpool_s16.mve: 8 channels per step in two 32-bit vectors (VLDRH.S32 + VADD.I32 each; int16
//    sums overflow 16 bits), divided with TFLite's rounding half away from zero by pool_ops.h
//    divide_round_away, clamped, stored with VSTRH.32. divide_round_away is exact for
//    |sum| <= 32768 * d while (32768 * d + d / 2) * (d - 1) < 2^32, i.e. d <= 362: windows of up
//    to 256 positions (mve_avg_s16_supports), larger ones go to the reference.
#include "arch/mve/pool_ops.h"
#include "arch/mve/s16_ops.h"
#include "kernels/pooling/maxpool_mve.h"
#include "kernels/pooling/pool_window.h"
#include "kernels/pooling/pooling_variants.h"

namespace cmnn::pooling {

bool mve_avg_s16_supports(const PoolParams& p) { return p.filter_h * p.filter_w <= 256; }

namespace {
// The int16 lane ops of maxpool_mve (maxpool_mve.h): 8 channels per vector.
struct S16Lanes {
  using T = int16_t;
  using V = mve::s16x8;
  static constexpr int32_t kLanes = 8;
  static V dup(int32_t x) { return mve::dup_s16(x); }
  static V max(V a, V b) { return mve::max_s16(a, b); }
  static V min(V a, V b) { return mve::min_s16(a, b); }
  static V load(const T* p) { return mve::load_s16(p); }
  static V load_z(const T* p, mve::pred active) { return mve::load_s16_z(p, active); }
  static mve::pred tail(int32_t n) { return mve::tail_16(n); }
  static void store(T* p, V v) { mve::store_s16_p(p, v, 0xFFFFu); }
  static void store_p(T* p, V v, mve::pred active) { mve::store_s16_p(p, v, active); }
};
}  // namespace

Status maxpool_s16_mve(const PoolParams& p, const PoolArgs<int16_t>& a, void*, size_t) {
  return maxpool_mve<S16Lanes>(p, a);
}

namespace {
struct AvgS16Finish {
  mve::s32x4 lo, hi;
  uint32_t magic = 0;
  int32_t half = 0;
  bool divide = false;  // count >= 2 (count 1: the sum is the average)

  void set_count(int32_t count) {
    divide = count >= 2;
    magic = divide ? mve::division_magic(count) : 0u;
    half = count / 2;
  }
  void store(int16_t* out, mve::s32x4 sum, mve::pred active) const {
    const mve::s32x4 avg = divide ? mve::divide_round_away(sum, magic, half) : sum;
    mve::store_s32_as_s16(out, mve::min_s32(mve::max_s32(avg, lo), hi), active);
  }
};

// Sums of channels [0, 8) of the window at corner (lanes past the predicates zero, not read).
void window_sums(const int16_t* corner, const Window& w, int32_t c, size_t row_step, mve::pred a0, mve::pred a1,
                 mve::s32x4* s0, mve::s32x4* s1) {
  mve::s32x4 t0 = mve::dup_s32(0), t1 = mve::dup_s32(0);
  const int16_t* row = corner;
  if (a0 == 0xFFFFu && a1 == 0xFFFFu) {
    for (int32_t y = w.y0; y < w.y1; ++y, row += row_step) {
      const int16_t* px = row;
      for (int32_t x = w.x0; x < w.x1; ++x, px += c) {
        t0 = mve::add_s32(t0, mve::load_s16_to_s32(px));
        t1 = mve::add_s32(t1, mve::load_s16_to_s32(px + 4));
      }
    }
  } else {
    for (int32_t y = w.y0; y < w.y1; ++y, row += row_step) {
      const int16_t* px = row;
      for (int32_t x = w.x0; x < w.x1; ++x, px += c) {
        t0 = mve::add_s32(t0, mve::load_s16_to_s32_z(px, a0));
        t1 = mve::add_s32(t1, mve::load_s16_to_s32_z(px + 4, a1));
      }
    }
  }
  *s0 = t0;
  *s1 = t1;
}
}  // namespace

Status avgpool_s16_mve(const PoolParams& p, const PoolArgs<int16_t>& a, void*, size_t) {
  const int32_t c = p.channels;
  const size_t row_step = static_cast<size_t>(p.input_w) * c;
  AvgS16Finish fin;
  fin.lo = mve::dup_s32(p.activation_min);
  fin.hi = mve::dup_s32(p.activation_max);
  int32_t last_count = -1;
  for (int32_t b = 0; b < p.batches; ++b) {
    const int16_t* in = a.input + static_cast<size_t>(b) * p.input_h * p.input_w * c;
    int16_t* out = a.output + static_cast<size_t>(b) * p.output_h * p.output_w * c;
    for (int32_t oy = 0; oy < p.output_h; ++oy) {
      for (int32_t ox = 0; ox < p.output_w; ++ox, out += c) {
        const Window w = window_at(p, oy, ox);
        const int32_t count = w.count();
        if (count != last_count) fin.set_count(count), last_count = count;
        const int16_t* corner = in + (static_cast<size_t>(w.y0) * p.input_w + w.x0) * c;
        for (int32_t ch = 0; ch < c; ch += 8) {
          // Lanes of the two halves still inside the channels (all of them but in the tail).
          const mve::pred a0 = mve::tail_32(c - ch), a1 = mve::tail_32(c - ch - 4);
          mve::s32x4 s0, s1;
          window_sums(corner + ch, w, c, row_step, a0, a1, &s0, &s1);
          fin.store(out + ch, s0, a0);
          if (a1 != 0) fin.store(out + ch + 4, s1, a1);
        }
      }
    }
  }
  return Status::kOk;
}

}  // namespace cmnn::pooling
