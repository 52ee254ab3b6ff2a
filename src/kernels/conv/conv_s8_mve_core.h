// Helium cores of the conv2d_s8 mve variants (1x1 and im2col). Per pixel: one input vector (a
// pixel's channels, or an im2col column) against every filter row, the raw int32 dot products
// stored into a scratch row `sums`, then requantized in one vector pass over the output channels.
// Per pixel pair (dot_pair_rows, Requant::run_pair): two input vectors against the filter rows two
// at a time (arch/mve/dot_block_ops.h), both pixels requantized together.
//
// Dot products: the input vector is held in up to four Q registers (64 bytes of depth, a chunk)
// while every filter row streams past, so each VMLADAVA needs one vector load (the filter's) and
// the loop over the rows carries no per-row setup beyond a scalar store of the sum. A depth above 64
// is done in chunks of 64, the later ones adding to the sums stored by the earlier. The depth % 16
// tail is loaded with VCTP-predicated zeroing loads on both sides (nothing past a row is read).
//
// Requantization: four channels at a time from sums, start values (bias + input_offset * row sum,
// per call), multipliers and shifts, all loaded as whole vectors (no lane building); calls whose
// shifts are all <= 0 skip the left shift. Every addition wraps in int32 as the reference's.
#pragma once
#include <cstddef>
#include <cstdint>

#include "arch/mve/conv_fast_ops.h"
#include "arch/mve/conv_tile_ops.h"
#include "arch/mve/dot_block_ops.h"
#include "arch/mve/matmul_ops.h"
#include "arch/mve/mve.h"

namespace cmnn::mve_conv {

constexpr int32_t kChunk = 64;  // bytes of depth held in registers

// sums[o] (= or +=) x[0..len) . w[o * depth ..][0..len) for o < rows, len in (16 (kSteps - 1), 16 kSteps];
// kTail: the last step is partial (len % 16 bytes, the rest zero on both sides).
template <int kSteps, bool kTail, bool kAccumulate>
void dot_chunk(const int8_t* x, int32_t len, const int8_t* w, size_t depth, int32_t rows, int32_t* sums) {
  constexpr int kFull = kTail ? kSteps - 1 : kSteps;
  const mve::pred t = mve::tail_8(len & 15);
  mve::s8x16 x0{}, x1{}, x2{}, x3{};
  if constexpr (kFull > 0) x0 = mve::load_s8(x);
  if constexpr (kFull > 1) x1 = mve::load_s8(x + 16);
  if constexpr (kFull > 2) x2 = mve::load_s8(x + 32);
  if constexpr (kFull > 3) x3 = mve::load_s8(x + 48);
  if constexpr (kTail) {
    const mve::s8x16 xt = mve::load_s8_z(x + 16 * kFull, t);
    if constexpr (kFull == 0) x0 = xt;
    if constexpr (kFull == 1) x1 = xt;
    if constexpr (kFull == 2) x2 = xt;
    if constexpr (kFull == 3) x3 = xt;
  }
  // Step s of the row at p: the tail step predicated.
  auto wv = [t](const int8_t* p, int s) { return kTail && s == kSteps - 1 ? mve::load_s8_z(p + 16 * s, t) : mve::load_s8(p + 16 * s); };
  for (int32_t o = 0; o < rows; ++o, w += depth) {
    int32_t acc = kAccumulate ? mve::dot_acc(sums[o], x0, wv(w, 0)) : mve::dot(x0, wv(w, 0));
    mve::fence_after(acc);  // load, MAC, load, MAC ...: each load overlaps the previous MAC
    if constexpr (kSteps > 1) acc = mve::dot_acc(acc, x1, wv(w, 1)), mve::fence_after(acc);
    if constexpr (kSteps > 2) acc = mve::dot_acc(acc, x2, wv(w, 2)), mve::fence_after(acc);
    if constexpr (kSteps > 3) acc = mve::dot_acc(acc, x3, wv(w, 3)), mve::fence_after(acc);
    sums[o] = acc;
  }
}

template <bool kAccumulate>
void dot_last(const int8_t* x, int32_t len, const int8_t* w, size_t depth, int32_t rows, int32_t* sums) {
  const bool tail = (len & 15) != 0;
  switch ((len + 15) >> 4) {
    case 1: return tail ? dot_chunk<1, true, kAccumulate>(x, len, w, depth, rows, sums)
                        : dot_chunk<1, false, kAccumulate>(x, len, w, depth, rows, sums);
    case 2: return tail ? dot_chunk<2, true, kAccumulate>(x, len, w, depth, rows, sums)
                        : dot_chunk<2, false, kAccumulate>(x, len, w, depth, rows, sums);
    case 3: return tail ? dot_chunk<3, true, kAccumulate>(x, len, w, depth, rows, sums)
                        : dot_chunk<3, false, kAccumulate>(x, len, w, depth, rows, sums);
    default: return tail ? dot_chunk<4, true, kAccumulate>(x, len, w, depth, rows, sums)
                         : dot_chunk<4, false, kAccumulate>(x, len, w, depth, rows, sums);
  }
}

// sums[o] = x[0..depth) . w[o][0..depth) for o < rows (rows of `depth` int8, depth >= 1), wrapping.
inline void dot_rows(const int8_t* x, const int8_t* w, int32_t depth, int32_t rows, int32_t* sums) {
  const auto d = static_cast<size_t>(depth);
  if (depth <= kChunk) return dot_last<false>(x, depth, w, d, rows, sums);
  dot_chunk<4, false, false>(x, kChunk, w, d, rows, sums);
  int32_t k = kChunk;
  for (; depth - k > kChunk; k += kChunk) dot_chunk<4, false, true>(x + k, kChunk, w + k, d, rows, sums);
  dot_last<true>(x + k, depth - k, w + k, d, rows, sums);
}

// Four filter rows against one input vector, the four sums in scalar registers: per 16 bytes of
// depth one load of x and four (filter load, VMLADAVA) pairs, the loads and MACs alternating so each
// overlaps the one before; nothing is stored until the row ends. Better than dot_rows when the depth
// is above a chunk (no sum reloaded and re-stored per chunk, no per-chunk call). The depth % 16 tail
// is loaded with VCTP-predicated zeroing loads on both sides (nothing past a row is read).
// sums[o] = x[0..depth) . w[o][0..depth) for o < rows, wrapping, as dot_rows.
inline void dot_rows_by4(const int8_t* x, const int8_t* w, int32_t depth, int32_t rows, int32_t* sums) {
  const auto d = static_cast<size_t>(depth);
  const int32_t steps = depth >> 4;
  const int32_t rest = depth & 15;
  const mve::pred t = mve::tail_8(rest);
  int32_t o = 0;
  for (; o + 4 <= rows; o += 4, w += 4 * d) {
    const int8_t* w0 = w;
    const int8_t* w1 = w + d;
    const int8_t* w2 = w + 2 * d;
    const int8_t* w3 = w + 3 * d;
    const int8_t* xp = x;
    int32_t a0 = 0, a1 = 0, a2 = 0, a3 = 0;
    // One step: x's load, then (filter load, MAC) four times, every pointer moved on 16 bytes.
    auto step = [&]() {
      const mve::s8x16 xv = mve::load_s8_advance(xp);
      a0 = mve::dot_acc(a0, xv, mve::load_s8_advance(w0)), mve::fence_after(a0);
      a1 = mve::dot_acc(a1, xv, mve::load_s8_advance(w1)), mve::fence_after(a1);
      a2 = mve::dot_acc(a2, xv, mve::load_s8_advance(w2)), mve::fence_after(a2);
      a3 = mve::dot_acc(a3, xv, mve::load_s8_advance(w3)), mve::fence_after(a3);
    };
    // Two steps per iteration: the second step's x load follows a MAC and overlaps it.
    for (int32_t s = 0; s < (steps >> 1); ++s) step(), step();
    if (steps & 1) step();
    if (rest != 0) {
      const mve::s8x16 xv = mve::load_s8_z(xp, t);
      a0 = mve::dot_acc(a0, xv, mve::load_s8_z(w0, t)), mve::fence_after(a0);
      a1 = mve::dot_acc(a1, xv, mve::load_s8_z(w1, t)), mve::fence_after(a1);
      a2 = mve::dot_acc(a2, xv, mve::load_s8_z(w2, t)), mve::fence_after(a2);
      a3 = mve::dot_acc(a3, xv, mve::load_s8_z(w3, t)), mve::fence_after(a3);
    }
    sums[o] = a0, sums[o + 1] = a1, sums[o + 2] = a2, sums[o + 3] = a3;
  }
  for (; o < rows; ++o, w += d) {
    const int8_t* xp = x;
    const int8_t* wp = w;
    int32_t a = 0;
    for (int32_t s = 0; s < steps; ++s, xp += 16, wp += 16) a = mve::dot_acc(a, mve::load_s8(xp), mve::load_s8(wp));
    if (rest != 0) a = mve::dot_acc(a, mve::load_s8_z(xp, t), mve::load_s8_z(wp, t));
    sums[o] = a;
  }
}

// s0[o] = x0 . row o, s1[o] = x1 . row o for `rows` filter rows of len bytes at w (two output
// pixels against every row, mve::dot_2x2_rows when len is a multiple of 16). Not inlined: its
// callers' pixel loops keep their registers (the row loop's asm block takes 13).
__attribute__((noinline)) inline void dot_pair_rows(const int8_t* x0, const int8_t* x1, const int8_t* w, int32_t len,
                                                    int32_t rows, int32_t* s0, int32_t* s1) {
  const auto d = static_cast<size_t>(len);
  int32_t o = 0;
  if ((len & 15) == 0 && rows >= 2) {
    mve::dot_2x2_rows(x0, x1, w, len, rows >> 1, s0, s1);
    o = rows & ~1;
    w += static_cast<size_t>(o) * d;
  }
  for (; o + 2 <= rows; o += 2, w += 2 * d) {
    const mve::Dot2x2 s = mve::dot_2x2(x0, x1, w, w + d, len);
    s0[o] = s.x0w0, s0[o + 1] = s.x0w1, s1[o] = s.x1w0, s1[o + 1] = s.x1w1;
  }
  if (o < rows) {
    const mve::Dot2x2 s = mve::dot_2x2(x0, x1, w, w, len);
    s0[o] = s.x0w0, s1[o] = s.x1w0;
  }
}

// start[o] = bias[o] + input_offset * sum_k w[o][k], wrapping (bias may be null): the input offset
// folded out of the dot products, sum_k w (x + offset) = sum_k w x + offset sum_k w.
inline void start_values(const int8_t* w, int32_t depth, int32_t rows, const int32_t* bias, int32_t input_offset,
                         int32_t* start) {
  for (int32_t o = 0; o < rows; ++o, w += depth) {
    int32_t sum = 0;
    int32_t k = 0;
    for (; k + 16 <= depth; k += 16) sum = mve::sum_acc(sum, mve::load_s8(w + k));
    if (k < depth) sum = mve::sum_acc(sum, mve::load_s8_z(w + k, mve::tail_8(depth - k)));
    const uint32_t b = bias != nullptr ? static_cast<uint32_t>(bias[o]) : 0u;
    start[o] = static_cast<int32_t>(b + static_cast<uint32_t>(input_offset) * static_cast<uint32_t>(sum));
  }
}

// The output stage of a call: per-channel start values, multipliers and shifts, output offset, clamp.
struct Requant {
  const int32_t* start;
  const int32_t* multiplier;
  const int32_t* shift;
  mve::s32x4 offset, lo, hi;
  bool right_only;  // every shift <= 0

  Requant(const int32_t* st, const int32_t* m, const int32_t* s, int32_t channels, int32_t out_offset,
          int32_t act_min, int32_t act_max)
      : start(st),
        multiplier(m),
        shift(s),
        offset(mve::dup_s32(out_offset)),
        lo(mve::dup_s32(act_min)),
        hi(mve::dup_s32(act_max)),
        right_only(true) {
    for (int32_t c = 0; c < channels; ++c) right_only = right_only && s[c] <= 0;
  }

  template <bool kRightOnly>
  void run_q(const int32_t* sums, int32_t first, int32_t n, int8_t* out) const {
    const int32_t* st = start + first;
    const int32_t* m = multiplier + first;
    const int32_t* s = shift + first;
    int32_t c = 0;
    for (; c + 4 <= n; c += 4) {
      const mve::s32x4 acc = mve::add_s32(mve::load_s32(sums + c), mve::load_s32(st + c));
      const mve::s32x4 q = kRightOnly ? mve::requantize_right(acc, mve::load_s32(m + c), mve::load_s32(s + c))
                                      : mve::requantize(acc, mve::load_s32(m + c), mve::load_s32(s + c));
      mve::store_s32_as_s8_all(out + c, mve::min_s32(mve::max_s32(mve::add_s32(q, offset), lo), hi));
    }
    if (c < n) {
      const mve::pred p = mve::tail_32(n - c);
      const mve::s32x4 acc = mve::add_s32(mve::load_s32_z(sums + c, p), mve::load_s32_z(st + c, p));
      const mve::s32x4 q = kRightOnly ? mve::requantize_right(acc, mve::load_s32_z(m + c, p), mve::load_s32_z(s + c, p))
                                      : mve::requantize(acc, mve::load_s32_z(m + c, p), mve::load_s32_z(s + c, p));
      mve::store_s32_as_s8(out + c, mve::min_s32(mve::max_s32(mve::add_s32(q, offset), lo), hi), p);
    }
  }

  // Two pixels' sums of the same channels: each channel's start value, multiplier and shift loaded
  // once for both, every pointer post-incremented (no address arithmetic between vector
  // instructions); the n % 4 tail through run_q.
  template <bool kRightOnly>
  void run_pair_q(const int32_t* s0, const int32_t* s1, int32_t first, int32_t n, int8_t* o0, int8_t* o1) const {
    const int32_t* st = start + first;
    const int32_t* m = multiplier + first;
    const int32_t* sh = shift + first;
    const int32_t full = n & ~3;
    for (int32_t c = 0; c < full; c += 4) {
      const mve::s32x4 sv = mve::load_s32_advance(st);
      const mve::s32x4 a0 = mve::add_s32(mve::load_s32_advance(s0), sv);
      const mve::s32x4 mv = mve::load_s32_advance(m);
      const mve::s32x4 a1 = mve::add_s32(mve::load_s32_advance(s1), sv);
      const mve::s32x4 hv = mve::load_s32_advance(sh);
      const mve::s32x4 q0 = kRightOnly ? mve::requantize_right(a0, mv, hv) : mve::requantize(a0, mv, hv);
      const mve::s32x4 q1 = kRightOnly ? mve::requantize_right(a1, mv, hv) : mve::requantize(a1, mv, hv);
      mve::store_s32_as_s8_advance(o0, mve::min_s32(mve::max_s32(mve::add_s32(q0, offset), lo), hi));
      mve::store_s32_as_s8_advance(o1, mve::min_s32(mve::max_s32(mve::add_s32(q1, offset), lo), hi));
    }
    if (full < n) {
      run_q<kRightOnly>(s0, first + full, n - full, o0);
      run_q<kRightOnly>(s1, first + full, n - full, o1);
    }
  }

  // out0/out1[0..n) from sums0/sums1[0..n) (two pixels) of channels first..first+n.
  __attribute__((noinline)) void run_pair(const int32_t* sums0, const int32_t* sums1, int32_t first, int32_t n, int8_t* out0,
                int8_t* out1) const {
    if (right_only) run_pair_q<true>(sums0, sums1, first, n, out0, out1);
    else run_pair_q<false>(sums0, sums1, first, n, out0, out1);
  }

  // out[0..n) from sums[0..n) of channels first..first+n.
  void run(const int32_t* sums, int32_t first, int32_t n, int8_t* out) const {
    if (right_only) run_q<true>(sums, first, n, out);
    else run_q<false>(sums, first, n, out);
  }
};

}  // namespace cmnn::mve_conv
