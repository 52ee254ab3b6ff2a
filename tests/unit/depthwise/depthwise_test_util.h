// Shared pieces of the depthwise tests: a seeded generator, random tensors, guarded buffers, and
// an independent naive reference (explicit zero-point padding, int64 sums truncated to int32).
#pragma once
#include <cstdint>
#include <cstring>

#include "cmnn/depthwise.h"
#include "test.h"

namespace dwtest {

struct Rng {
  uint32_t s;
  uint32_t next() {
    s ^= s << 13;
    s ^= s >> 17;
    s ^= s << 5;
    return s;
  }
  int32_t range(int32_t lo, int32_t hi) {  // inclusive
    return lo + static_cast<int32_t>(next() % static_cast<uint32_t>(hi - lo + 1));
  }
  template <typename T, size_t N>
  T pick(const T (&values)[N]) { return values[next() % N]; }
};

constexpr size_t kGuard = 32;
constexpr uint8_t kGuardByte = 0xC3;

// Buffer of bytes with kGuard guard bytes on each side (nullptr when the arena is exhausted).
inline uint8_t* guarded(size_t bytes) {
  auto* p = cmnn::test::arena_alloc<uint8_t>(bytes + 2 * kGuard);
  if (p == nullptr) return nullptr;
  std::memset(p, kGuardByte, bytes + 2 * kGuard);
  return p + kGuard;
}
inline bool guards_intact(const uint8_t* p, size_t bytes) {
  for (size_t i = 0; i < kGuard; ++i) {
    if (p[-1 - static_cast<ptrdiff_t>(i)] != kGuardByte || p[bytes + i] != kGuardByte) return false;
  }
  return true;
}

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
