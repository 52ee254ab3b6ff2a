// Pieces shared by the depthwise variants (not public API).
#pragma once
#include <cstddef>
#include <cstdint>

#include "quant/fixed_point.h"

namespace cmnn::depthwise {

// Flat int4 weights, two per byte, low nibble first (element i is in byte i / 2).
struct PackedS4Weights {
  const uint8_t* w;
  int32_t operator[](int32_t i) const {
    const uint8_t byte = w[i >> 1];
    const auto nibble = static_cast<int32_t>((i & 1) != 0 ? byte >> 4 : byte & 0x0F);
    return nibble >= 8 ? nibble - 16 : nibble;
  }
};

// Requantizes one output row from its int32 accumulators ([out_w][out_c]), one channel at a time
// so that the channel's multiplier and shift are decoded once per row, not once per output.
[[gnu::noinline]] inline void requantize_row(const int32_t* acc, int32_t out_w, int32_t out_c, const int32_t* mult, const int32_t* shift,
                           const int32_t zp, const int32_t lo, const int32_t hi, int8_t* out) {
  for (int32_t c = 0; c < out_c; ++c) {
    const int32_t m = mult[c], sh = shift[c];
    const int32_t* a = acc + c;
    int8_t* o = out + c;
    for (int32_t x = 0; x < out_w; ++x, a += out_c, o += out_c) *o = quant::requantize_to_s8(*a, m, sh, zp, lo, hi);
  }
}

constexpr size_t round_up4(size_t n) { return (n + 3) & ~size_t{3}; }

}  // namespace cmnn::depthwise
