// fully_connected_s16: the output stage every variant shares (fully_connected_s16_table.cpp,
// fc_s16_mve.cpp), so that all are exact with either bias kind.
#pragma once
#include <cstdint>

#include "cmnn/fully_connected_s16.h"
#include "quant/fixed_point.h"

namespace cmnn::fc_s16 {

// Bias, requantization and clamp of output o from its exact (int64) sum of products. With bias32
// the int32 accumulator of TFLite is the low 32 bits of that sum plus the bias, wrapping.
inline int16_t finish(const FullyConnectedParams& p, const FullyConnectedS16Args& a, int32_t o, int64_t sum) {
  const int32_t q = p.per_channel ? o : 0;
  int32_t scaled;
  if (a.bias32 != nullptr) {
    const auto acc = static_cast<int32_t>(static_cast<uint32_t>(static_cast<uint64_t>(sum)) +
                                          static_cast<uint32_t>(a.bias32[o]));
    scaled = quant::multiply_by_quantized_multiplier(acc, a.multiplier[q], a.shift[q]);
  } else {
    const int64_t acc = quant::wrapping_add_64(sum, a.bias != nullptr ? a.bias[o] : 0);
    scaled = quant::multiply_by_quantized_multiplier_64(acc, a.multiplier[q], a.shift[q]);
  }
  return static_cast<int16_t>(quant::clamp(scaled, p.activation_min, p.activation_max));
}

// Helium (fc_s16_mve.cpp): two weight rows per pass over the input, 8 lanes per step
// (VLDRH input, VLDRB.S16 weights, VMLALDAVA.S16 into int64 sums), predicated tail.
Status run_mve(const FullyConnectedParams& p, const FullyConnectedS16Args& a, void* scratch, size_t scratch_size);

}  // namespace cmnn::fc_s16
