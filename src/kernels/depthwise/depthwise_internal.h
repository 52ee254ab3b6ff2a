// Pieces shared by the depthwise variants (not public API).
#pragma once
#include <cstddef>
#include <cstdint>

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

constexpr size_t round_up4(size_t n) { return (n + 3) & ~size_t{3}; }

}  // namespace cmnn::depthwise
