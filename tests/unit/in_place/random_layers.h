// Random int8 conv and depthwise layers (geometry, weights, requantization) for the row-band
// runtime tests of this folder: rows_fused_test.cpp, rows_into_fc_test.cpp; random int8 max and
// average pools as the second layer of rows_fused_test.cpp's pooling sweeps.
#pragma once
#include <cstdint>

#include "arena.h"
#include "cmnn/conv.h"
#include "cmnn/depthwise.h"
#include "cmnn/pooling.h"
#include "test_data.h"

namespace cmnn::rows_test {

struct Rng : test::Xorshift32 {
  explicit Rng(uint32_t seed) : Xorshift32(seed) {}
  int32_t range(int32_t lo, int32_t hi) { return pick(lo, hi); }
};

constexpr uint8_t kGuard = 0x5A;

// Window geometry of a layer reading h x w; output size as TFLite gets it (0 when none).
template <typename P>
inline void geometry(Rng& r, P& p, int32_t h, int32_t w, int32_t c) {
  p.batches = 1;
  p.input_h = h, p.input_w = w, p.input_c = c;
  p.filter_h = r.range(1, 3);
  p.filter_w = r.range(1, 3);
  p.stride_h = r.range(1, 2);
  p.stride_w = r.range(1, 2);
  p.dilation_h = r.range(1, 6) == 1 ? 2 : 1;
  p.dilation_w = 1;
  p.pad_top = r.range(0, (p.filter_h - 1) * p.dilation_h);
  p.pad_left = r.range(0, p.filter_w - 1);
  const int32_t eff_h = (p.filter_h - 1) * p.dilation_h + 1, eff_w = p.filter_w;
  const int32_t span_h = h + 2 * p.pad_top - eff_h, span_w = w + 2 * p.pad_left - eff_w;
  p.output_h = span_h < 0 ? 0 : span_h / p.stride_h + 1;
  p.output_w = span_w < 0 ? 0 : span_w / p.stride_w + 1;
  if (p.output_h > 0 && (p.output_h - 1) * p.stride_h - p.pad_top > h - 1) p.output_h = 0;
  if (p.output_w > 0 && (p.output_w - 1) * p.stride_w - p.pad_left > w - 1) p.output_w = 0;
  p.input_offset = r.range(-127, 128);
  p.output_offset = r.range(-128, 127);
}

inline void fill(Rng& r, int8_t* v, size_t n) {
  for (size_t i = 0; i < n; ++i) v[i] = static_cast<int8_t>(r.next() & 0xFF);
}

inline int32_t* quant(Rng& r, int32_t n, int kind) {
  auto* v = test::arena_alloc<int32_t>(static_cast<size_t>(n));
  for (int32_t i = 0; i < n; ++i) {
    v[i] = kind == 0 ? 0x40000000 + static_cast<int32_t>(r.next() & 0x3FFFFFFF) : kind == 1 ? r.range(-9, 0) : r.range(-4000, 4000);
  }
  return v;
}

struct Conv {
  Conv2dParams p;
  Conv2dS8Args a;
  bool make(Rng& r, int32_t h, int32_t w, int32_t c, bool packed) {
    geometry(r, p, h, w, c);
    p.output_c = r.range(1, 10);
    if (p.output_h < 1 || p.output_w < 1) return false;
    const size_t n = static_cast<size_t>(p.output_c) * p.filter_h * p.filter_w * p.input_c;
    auto* f = test::arena_alloc<int8_t>(n);
    fill(r, f, n);
    a.filter = f, a.multiplier = quant(r, p.output_c, 0), a.shift = quant(r, p.output_c, 1), a.bias = quant(r, p.output_c, 2);
    if (packed) {
      p.has_packed_filter = true;
      const size_t m = conv2d_s8_packed_count(p);
      if (m == 0) return false;
      auto* pf = test::arena_alloc<int16_t>(m);
      if (conv2d_s8_pack(p, f, pf, m) != Status::kOk) return false;
      a.packed_filter = pf;
    }
    return true;
  }
  int32_t out_c() const { return p.output_c; }
  static const Conv2dS8Variant* table(size_t* n) { return conv2d_s8_variants(n); }
  static constexpr auto run = conv2d_s8_run_variant;
};

struct Depthwise {
  DepthwiseConvParams p;
  DepthwiseConvS8Args a;
  bool make(Rng& r, int32_t h, int32_t w, int32_t c, bool) {
    geometry(r, p, h, w, c);
    p.ch_mult = r.range(1, 3) == 1 ? 2 : 1;
    if (r.range(0, 1) == 0) {  // the 3x3 variants
      p.filter_h = p.filter_w = 3, p.dilation_h = 1, p.pad_top = r.range(0, 1), p.pad_left = r.range(0, 1);
      const int32_t sh = h + 2 * p.pad_top - 3, sw = w + 2 * p.pad_left - 3;
      p.output_h = sh < 0 ? 0 : sh / p.stride_h + 1;
      p.output_w = sw < 0 ? 0 : sw / p.stride_w + 1;
    }
    if (p.output_h < 1 || p.output_w < 1) return false;
    const size_t n = static_cast<size_t>(p.filter_h) * p.filter_w * p.output_c();
    auto* f = test::arena_alloc<int8_t>(n);
    fill(r, f, n);
    a.filter = f, a.output_multiplier = quant(r, p.output_c(), 0), a.output_shift = quant(r, p.output_c(), 1);
    a.bias = quant(r, p.output_c(), 2);
    return true;
  }
  int32_t out_c() const { return p.output_c(); }
  static const DepthwiseConvS8Variant* table(size_t* n) { return depthwise_conv2d_s8_variants(n); }
  static constexpr auto run = depthwise_conv2d_s8_run_variant;
};

// A pooling layer reading h x w x c: small windows (1-3 rows, strides 1-3, padding below the
// window) or, one time in four, the whole image (a global pool); output size as TFLite gets it.
template <bool kAverage>
struct Pool {
  PoolParams p;
  PoolArgs<int8_t> a;
  bool make(Rng& r, int32_t h, int32_t w, int32_t c, bool) {
    p.batches = 1, p.input_h = h, p.input_w = w, p.channels = c;
    if (r.range(0, 3) == 0) {
      p.filter_h = h, p.filter_w = w, p.stride_h = p.stride_w = 1, p.pad_top = p.pad_left = 0;
    } else {
      p.filter_h = r.range(1, 3), p.filter_w = r.range(1, 3);
      p.stride_h = r.range(1, 3), p.stride_w = r.range(1, 2);
      p.pad_top = r.range(0, p.filter_h - 1), p.pad_left = r.range(0, p.filter_w - 1);
    }
    const int32_t span_h = h + 2 * p.pad_top - p.filter_h, span_w = w + 2 * p.pad_left - p.filter_w;
    p.output_h = span_h < 0 ? 0 : span_h / p.stride_h + 1;
    p.output_w = span_w < 0 ? 0 : span_w / p.stride_w + 1;
    if (p.output_h > 0 && (p.output_h - 1) * p.stride_h - p.pad_top > h - 1) p.output_h = 0;
    if (p.output_w > 0 && (p.output_w - 1) * p.stride_w - p.pad_left > w - 1) p.output_w = 0;
    p.activation_min = r.range(0, 1) == 0 ? -128 : r.range(-100, 0);
    p.activation_max = r.range(0, 1) == 0 ? 127 : r.range(1, 100);
    return p.output_h > 0 && p.output_w > 0;
  }
  int32_t out_c() const { return p.channels; }
  static const PoolS8Variant* table(size_t* n) { return kAverage ? avgpool_s8_variants(n) : maxpool_s8_variants(n); }
  static Status run(const PoolS8Variant& v, const PoolParams& q, const PoolArgs<int8_t>& x, void* s, size_t n) {
    return kAverage ? avgpool_s8_run_variant(v, q, x, s, n) : maxpool_s8_run_variant(v, q, x, s, n);
  }
};
using MaxPool = Pool<false>;
using AvgPool = Pool<true>;

}  // namespace cmnn::rows_test
