// Helium int8 matrix-vector core shared by the mve variants of fully_connected_s8 and conv2d_s8
// (1x1): one input row (a batch, a pixel) against every weight row, four weight rows per pass.
// Per 16 steps: one input load, four weight loads, four VMLADAVA into four scalar accumulators
// (VMLADAVA accumulates into an even general register, so four accumulators leave room for the
// pointers); the depth % 16 tail with VCTP-predicated zeroing loads. The input offset is not
// applied in the loop: it is folded, with the bias, into per-row start values (kernel sums), and a
// filter offset into a per-input term fo * sum(x). The four sums are requantized together
// (mve::requantize), offset, clamped and stored with one VSTRB.32.
// Every addition wraps in int32, so the result equals the reference's exact int32 sum.
#pragma once
#include <cstdint>

#include "arch/mve/matmul_ops.h"
#include "arch/mve/mve.h"

namespace cmnn::mve_mv {

inline int32_t wrap_add(int32_t a, int32_t b) {
  return static_cast<int32_t>(static_cast<uint32_t>(a) + static_cast<uint32_t>(b));
}

// Sum of the int8 values x[0..n) (VADDVA over 16 lanes, the tail predicated). |sum| <= 128 n.
inline int32_t sum_s8(const int8_t* x, int32_t n) {
  int32_t s = 0;
  int32_t k = 0;
  for (; k + 16 <= n; k += 16) s = mve::sum_acc(s, mve::load_s8(x + k));
  if (k < n) s = mve::sum_acc(s, mve::load_s8_z(x + k, mve::tail_8(n - k)));
  return s;
}

// start[o] = bias[o] + input_offset * sum_k (w[o][k] + filter_offset) for o < rows, wrapping:
// fully_connected_s8_prepare's kernel sums (bias may be null). depth <= 65536 keeps the row sum
// within 255 * 65536 < 2^24 and its product with |input_offset| <= 128 within int32.
inline void start_values(const int8_t* weights, int32_t depth, int32_t rows, const int32_t* bias,
                         int32_t input_offset, int32_t filter_offset, int32_t* start) {
  for (int32_t o = 0; o < rows; ++o) {
    const int32_t sum = sum_s8(weights + static_cast<size_t>(o) * depth, depth) + depth * filter_offset;
    start[o] = wrap_add(bias != nullptr ? bias[o] : 0, sum * input_offset);
  }
}

// Output stage: TFLite's per-tensor or per-channel requantization, output offset and clamp.
struct OutputStage {
  const int32_t* multiplier;
  const int32_t* shift;
  bool per_channel;
  mve::s32x4 mult_all, shift_all;  // the per-tensor pair in every lane
  mve::s32x4 offset, lo, hi;

  OutputStage(const int32_t* m, const int32_t* s, bool per_ch, int32_t out_offset, int32_t act_min, int32_t act_max)
      : multiplier(m),
        shift(s),
        per_channel(per_ch),
        mult_all(mve::dup_s32(m[0])),
        shift_all(mve::dup_s32(s[0])),
        offset(mve::dup_s32(out_offset)),
        lo(mve::dup_s32(act_min)),
        hi(mve::dup_s32(act_max)) {}

  // acc holds the sums of rows o..o+n-1 (n in 1..4, lanes past n ignored): out[o..o+n).
  // kPerChannel: a per-channel multiplier and shift (else the per-tensor pair).
  template <bool kPerChannel>
  void store(mve::s32x4 acc, const int32_t* start, int32_t o, int32_t n, int8_t* out) const {
    const mve::pred active = mve::tail_32(n);
    acc = mve::add_s32(acc, mve::load_s32_z(start + o, active));
    const mve::s32x4 m = kPerChannel ? mve::load_s32_z(multiplier + o, active) : mult_all;
    const mve::s32x4 s = kPerChannel ? mve::load_s32_z(shift + o, active) : shift_all;
    mve::s32x4 v = mve::add_s32(mve::requantize(acc, m, s), offset);
    v = mve::min_s32(mve::max_s32(v, lo), hi);
    mve::store_s32_as_s8(out + o, v, active);
  }
  // The same for a whole block of four rows: unpredicated loads and VSTRB.32.
  template <bool kPerChannel>
  void store4(mve::s32x4 acc, const int32_t* start, int32_t o, int8_t* out) const {
    acc = mve::add_s32(acc, mve::load_s32(start + o));
    const mve::s32x4 m = kPerChannel ? mve::load_s32(multiplier + o) : mult_all;
    const mve::s32x4 s = kPerChannel ? mve::load_s32(shift + o) : shift_all;
    mve::s32x4 v = mve::add_s32(mve::requantize(acc, m, s), offset);
    v = mve::min_s32(mve::max_s32(v, lo), hi);
    mve::store_s32_as_s8_all(out + o, v);
  }
};

// acc[r] += sum_k x[k] * w[r * depth + k] for r < kRows.
// The input's depth % 16 tail is loaded once per input row by the caller: x_tail (zero past the depth).
template <int kRows>
inline void dot_rows(const int8_t* x, mve::s8x16 x_tail, const int8_t* w, int32_t depth, int32_t* acc) {
  const int8_t* w0 = w;
  const int8_t* w1 = w0 + (kRows > 1 ? depth : 0);
  const int8_t* w2 = w1 + (kRows > 2 ? depth : 0);
  const int8_t* w3 = w2 + (kRows > 3 ? depth : 0);
  int32_t a0 = acc[0], a1 = 0, a2 = 0, a3 = 0;
  if (kRows > 1) a1 = acc[1];
  if (kRows > 2) a2 = acc[2];
  if (kRows > 3) a3 = acc[3];
  // Pointers stepped by 16 (VLDRB with post-increment writeback, no index arithmetic in the loop).
  for (int32_t n = depth >> 4; n > 0; --n) {
    const mve::s8x16 v = mve::load_s8(x);
    x += 16;
    a0 = mve::dot_acc(a0, v, mve::load_s8(w0));
    w0 += 16;
    mve::fence_after(a0);  // load, MAC, load, MAC ...: each load overlaps the previous MAC
    if (kRows > 1) a1 = mve::dot_acc(a1, v, mve::load_s8(w1)), w1 += 16, mve::fence_after(a1);
    if (kRows > 2) a2 = mve::dot_acc(a2, v, mve::load_s8(w2)), w2 += 16, mve::fence_after(a2);
    if (kRows > 3) a3 = mve::dot_acc(a3, v, mve::load_s8(w3)), w3 += 16, mve::fence_after(a3);
  }
  if ((depth & 15) != 0) {
    const mve::pred p = mve::tail_8(depth & 15);
    const mve::s8x16 v = x_tail;
    a0 = mve::dot_acc(a0, v, mve::load_s8_z(w0, p));
    if (kRows > 1) a1 = mve::dot_acc(a1, v, mve::load_s8_z(w1, p));
    if (kRows > 2) a2 = mve::dot_acc(a2, v, mve::load_s8_z(w2, p));
    if (kRows > 3) a3 = mve::dot_acc(a3, v, mve::load_s8_z(w3, p));
  }
  acc[0] = a0;
  if (kRows > 1) acc[1] = a1;
  if (kRows > 2) acc[2] = a2;
  if (kRows > 3) acc[3] = a3;
}

template <bool kPerChannel>
void mat_vec_q(const int8_t* x, const int8_t* weights, int32_t depth, int32_t rows, int32_t extra,
               const int32_t* start, const OutputStage& stage, int8_t* out) {
  const mve::s8x16 x_tail = mve::load_s8_z(x + (depth & ~15), mve::tail_8(depth & 15));
  const int8_t* w = weights;
  const size_t block = 4 * static_cast<size_t>(depth);
  int32_t o = 0;
  for (; o + 4 <= rows; o += 4, w += block) {
    int32_t acc[4] = {extra, extra, extra, extra};
    dot_rows<4>(x, x_tail, w, depth, acc);
    mve::s32x4 v = mve::dup_s32(acc[0]);
    v = mve::set_lane(v, acc[1], 1);
    v = mve::set_lane(v, acc[2], 2);
    v = mve::set_lane(v, acc[3], 3);
    stage.store4<kPerChannel>(v, start, o, out);
  }
  const int32_t left = rows - o;
  if (left == 0) return;
  int32_t acc[4] = {extra, extra, extra, extra};
  if (left == 3) dot_rows<3>(x, x_tail, w, depth, acc);
  else if (left == 2) dot_rows<2>(x, x_tail, w, depth, acc);
  else dot_rows<1>(x, x_tail, w, depth, acc);
  mve::s32x4 v = mve::dup_s32(acc[0]);
  v = mve::set_lane(v, acc[1], 1);
  v = mve::set_lane(v, acc[2], 2);
  v = mve::set_lane(v, acc[3], 3);
  stage.store<kPerChannel>(v, start, o, left, out);
}

// out[o] = stage(start[o] + extra + sum_k x[k] * w[o][k]) for o < rows; extra is the input's own
// term (filter_offset * sum(x), or 0).
inline void mat_vec(const int8_t* x, const int8_t* weights, int32_t depth, int32_t rows, int32_t extra,
                    const int32_t* start, const OutputStage& stage, int8_t* out) {
  if (stage.per_channel) mat_vec_q<true>(x, weights, depth, rows, extra, start, stage, out);
  else mat_vec_q<false>(x, weights, depth, rows, extra, start, stage, out);
}

}  // namespace cmnn::mve_mv
