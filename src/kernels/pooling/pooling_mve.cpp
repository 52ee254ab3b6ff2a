// Helium (MVE) pooling for Cortex-M55 (the bit-exact emulation of src/arch/mve elsewhere): the
// channels of one output pixel are processed 16 at a time, every window position one vector
// step; channel tails use predicated loads and stores (VCTP), so nothing past the tensor is read.
//  maxpool_s8.mve: VMAX.S8 starting from activation_min (max(min, x...) is the lower clamp), one
//    VMIN.S8 for the upper clamp.
//  avgpool_s8.mve: sums in 16-bit lanes (two VLDRB.S16 + VADD.I16 per position; exact for windows
//    of <= 256 positions, |sum| <= 256 * 128), then per 8 channels widened to 32 bits (VMOVLB /
//    VMOVLT), divided with TFLite's rounding half away from zero by a multiply-high with
//    ceil(2^32 / count) (pool_ops.h divide_round_away: exact for these sums), clamped, narrowed
//    back in order (VMOVNB / VMOVNT) and stored as bytes (VSTRB.16).
#include "arch/mve/conv_ops.h"
#include "arch/mve/pool_ops.h"
#include "kernels/pooling/maxpool_mve.h"
#include "kernels/pooling/pool_window.h"
#include "kernels/pooling/pooling_variants.h"

namespace cmnn::pooling {

bool mve_avg_supports(const PoolParams& p) { return p.filter_h * p.filter_w <= 256; }

namespace {
// The int8 lane ops of maxpool_mve (maxpool_mve.h): 16 channels per vector.
struct S8Lanes {
  using T = int8_t;
  using V = mve::s8x16;
  static constexpr int32_t kLanes = 16;
  static V dup(int32_t x) { return mve::dup_s8(x); }
  static V max(V a, V b) { return mve::max_s8(a, b); }
  static V min(V a, V b) { return mve::min_s8(a, b); }
  static V load(const T* p) { return mve::load_s8(p); }
  static V load_z(const T* p, mve::pred active) { return mve::load_s8_z(p, active); }
  static mve::pred tail(int32_t n) { return mve::tail_8(n); }
  static void store(T* p, V v) { mve::store_s8(p, v); }
  static void store_p(T* p, V v, mve::pred active) { mve::store_s8_p(p, v, active); }
};
}  // namespace

Status maxpool_s8_mve(const PoolParams& p, const PoolArgs<int8_t>& a, void*, size_t) {
  return maxpool_mve<S8Lanes>(p, a);
}

namespace {
// Average, clamp and store 8 channels of 16-bit window sums (lanes [0, n) written).
struct AvgFinish {
  mve::s32x4 lo, hi;
  uint32_t magic = 0;
  int32_t half = 0;
  bool divide = false;  // count >= 2 (count 1: the sum is the average)

  void set_count(int32_t count) {
    divide = count >= 2;
    magic = divide ? mve::division_magic(count) : 0u;
    half = count / 2;
  }
  mve::s32x4 average(mve::s32x4 sum) const {
    const mve::s32x4 avg = divide ? mve::divide_round_away(sum, magic, half) : sum;
    return mve::min_s32(mve::max_s32(avg, lo), hi);
  }
  void store(int8_t* out, mve::s16x8 sums, mve::pred active) const {
    const mve::s32x4 even = average(mve::widen_even_s16(sums)), odd = average(mve::widen_odd_s16(sums));
    mve::store_s16_as_s8(out, mve::narrow_interleave_s32(even, odd), active);
  }
};
}  // namespace

Status avgpool_s8_mve(const PoolParams& p, const PoolArgs<int8_t>& a, void*, size_t) {
  const int32_t c = p.channels;
  const size_t row_step = static_cast<size_t>(p.input_w) * c;
  AvgFinish fin;
  fin.lo = mve::dup_s32(p.activation_min);
  fin.hi = mve::dup_s32(p.activation_max);
  int32_t last_count = -1;
  constexpr mve::pred kAll = 0xFFFFu;
  for (int32_t b = 0; b < p.batches; ++b) {
    const int8_t* in = a.input + static_cast<size_t>(b) * p.input_h * p.input_w * c;
    int8_t* out = a.output + static_cast<size_t>(b) * p.output_h * p.output_w * c;
    for (int32_t oy = 0; oy < p.output_h; ++oy) {
      for (int32_t ox = 0; ox < p.output_w; ++ox, out += c) {
        const Window w = window_at(p, oy, ox);
        const int32_t count = w.count();
        if (count != last_count) fin.set_count(count), last_count = count;
        const int8_t* corner = in + (static_cast<size_t>(w.y0) * p.input_w + w.x0) * c;
        int32_t ch = 0;
        for (; ch + 16 <= c; ch += 16) {
          mve::s16x8 s0 = mve::zero_s16(), s1 = mve::zero_s16();
          const int8_t* row = corner + ch;
          for (int32_t y = w.y0; y < w.y1; ++y, row += row_step) {
            const int8_t* px = row;
            for (int32_t x = w.x0; x < w.x1; ++x, px += c) {
              s0 = mve::add_s16(s0, mve::load_s8_to_s16(px));
              s1 = mve::add_s16(s1, mve::load_s8_to_s16(px + 8));
            }
          }
          fin.store(out + ch, s0, kAll);
          fin.store(out + ch + 8, s1, kAll);
        }
        const int32_t left = c - ch;
        if (left > 8) {
          const mve::pred active = mve::tail_16(left - 8);
          mve::s16x8 s0 = mve::zero_s16(), s1 = mve::zero_s16();
          const int8_t* row = corner + ch;
          for (int32_t y = w.y0; y < w.y1; ++y, row += row_step) {
            const int8_t* px = row;
            for (int32_t x = w.x0; x < w.x1; ++x, px += c) {
              s0 = mve::add_s16(s0, mve::load_s8_to_s16(px));
              s1 = mve::add_s16(s1, mve::load_s8_to_s16_z(px + 8, active));
            }
          }
          fin.store(out + ch, s0, kAll);
          fin.store(out + ch + 8, s1, active);
        } else if (left > 0) {
          const mve::pred active = mve::tail_16(left);
          mve::s16x8 s0 = mve::zero_s16();
          const int8_t* row = corner + ch;
          for (int32_t y = w.y0; y < w.y1; ++y, row += row_step) {
            const int8_t* px = row;
            for (int32_t x = w.x0; x < w.x1; ++x, px += c) s0 = mve::add_s16(s0, mve::load_s8_to_s16_z(px, active));
          }
          fin.store(out + ch, s0, active);
        }
      }
    }
  }
  return Status::kOk;
}

}  // namespace cmnn::pooling
