// Shared pieces of the depthwise tests: a seeded generator, random tensors, guarded buffers, and
// an independent naive reference (explicit zero-point padding, int64 sums truncated to int32).
#pragma once
#include <cstdint>
#include <cstring>

#include "cmnn/depthwise.h"
#include "test.h"
#include "test_data.h"

namespace dwtest {

// The shared xorshift32 plus a draw from a list. Seeds must be non-zero (the shared generator
// replaces 0).
struct Rng : cmnn::test::Xorshift32 {
  explicit Rng(uint32_t seed) : Xorshift32(seed) {}
  int32_t range(int32_t lo, int32_t hi) { return Xorshift32::pick(lo, hi); }  // inclusive
  template <typename T, size_t N>
  T pick(const T (&values)[N]) { return values[next() % N]; }
};

// out = requant(sum over taps of w * (x - zp) + bias), the padding made explicit as x == zp.
inline int32_t naive_s8_acc(const cmnn::DepthwiseConvParams& p, const int8_t* in, const int8_t* w, const int32_t* bias,
                            int32_t b, int32_t oy, int32_t ox, int32_t oc) {
  const int32_t ic = oc / p.ch_mult;
  int64_t sum = bias != nullptr ? bias[oc] : 0;
  for (int32_t ky = 0; ky < p.filter_h; ++ky) {
    for (int32_t kx = 0; kx < p.filter_w; ++kx) {
      const int32_t iy = oy * p.stride_h - p.pad_top + ky * p.dilation_h;
      const int32_t ix = ox * p.stride_w - p.pad_left + kx * p.dilation_w;
      const bool inside = iy >= 0 && iy < p.input_h && ix >= 0 && ix < p.input_w;
      const int32_t x = inside ? in[((b * p.input_h + iy) * p.input_w + ix) * p.input_c + ic] : -p.input_offset;
      sum += int64_t{w[(ky * p.filter_w + kx) * p.output_c() + oc]} * (x + p.input_offset);
    }
  }
  return static_cast<int32_t>(static_cast<uint32_t>(static_cast<uint64_t>(sum)));
}

}  // namespace dwtest
