// TFLite's int16 softmax lookup tables (generated: tools/lutgen/softmax_s16_luts.py). 513 Q0.15
// entries each; entry 512 only serves the slope of the last interval.
#pragma once
#include <cstdint>

namespace cmnn::softmax {

extern const int16_t kExpLut[513];               // exp(x), x in [-10, 0]
extern const int16_t kOneOverOnePlusXLut[513];   // 1 / (1 + x), x in [0, 1]

// Linear interpolation of a table at a symmetric Q0.15 position x in [-32768, 32767]
// (CMSIS-NN arm_softmax_s16 / TFLite LUTLookup): 512 intervals of 128 steps.
inline int16_t lut_lookup(const int16_t* lut, int32_t x) {
  const int32_t index = 256 + (x >> 7), offset = x & 0x7F;
  const int32_t base = lut[index], slope = lut[index + 1] - lut[index];
  return static_cast<int16_t>(base + ((slope * offset + 64) >> 7));
}

}  // namespace cmnn::softmax
