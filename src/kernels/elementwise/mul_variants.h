// mul_s8 / mul_s16 variants defined outside mul.cpp (listed in its table). Each assumes checked parameters.
#pragma once
#include <cstddef>

#include "cmnn/elementwise.h"

namespace cmnn::elementwise {

// Helium (mul_mve.cpp): four elements per step in 32-bit lanes, per-tensor constants in R registers.
Status mul_s8_mve(const MulParams& p, const BinaryArgs<int8_t>& a, void* scratch, size_t scratch_size);
Status mul_s16_mve(const MulParams& p, const BinaryArgs<int16_t>& a, void* scratch, size_t scratch_size);

// Helium, 6-D broadcasting (mul_mve.cpp): the same lanes per output row; innermost dimension >= 4.
bool mul_broadcast_mve_supports(const MulBroadcastParams& p);
Status mul_broadcast_s8_mve(const MulBroadcastParams& p, const BinaryArgs<int8_t>& a, void* scratch, size_t scratch_size);
Status mul_broadcast_s16_mve(const MulBroadcastParams& p, const BinaryArgs<int16_t>& a, void* scratch,
                             size_t scratch_size);

}  // namespace cmnn::elementwise
