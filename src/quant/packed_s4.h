// The int4 storage form of TFLite's s4 filters and weights (conv2d_s4, depthwise_conv2d_s4,
// fully_connected_s4): two values per byte, low nibble first, each a signed 4-bit number.
#pragma once
#include <cstddef>
#include <cstdint>

namespace cmnn::quant {

// Flat int4 weights, two per byte, low nibble first (element i is in byte i / 2).
struct PackedS4Weights {
  const uint8_t* w;
  int32_t operator[](int32_t i) const {
    const uint8_t byte = w[i >> 1];
    const auto nibble = static_cast<int32_t>((i & 1) != 0 ? byte >> 4 : byte & 0x0F);
    return nibble >= 8 ? nibble - 16 : nibble;
  }
};

// n rounded up to a multiple of 4: the byte size of an int4 tensor unpacked to int8 in scratch,
// so the word loads of the DSP loops stay inside it and the next buffer starts word-aligned.
constexpr size_t round_up4(size_t n) { return (n + 3) & ~size_t{3}; }

}  // namespace cmnn::quant
