// add_s8 / add_s16 variants defined outside add.cpp (listed in its table). Each assumes checked parameters.
#pragma once
#include <cstddef>

#include "cmnn/elementwise.h"

namespace cmnn::elementwise {

// Both inputs' rescales tabulated per byte value (add_table.cpp), for every core; scratch: 2 x 256
// int32. Armv7E-M runs TFLite's usual output stage as one assembly loop.
Status add_s8_table(const AddParams& p, const BinaryArgs<int8_t>& a, void* scratch, size_t scratch_size);

// Helium (add_mve.cpp, one code for both types): four elements per step in 32-bit lanes, the seam's requantize.
Status add_s8_mve(const AddParams& p, const BinaryArgs<int8_t>& a, void* scratch, size_t scratch_size);
Status add_s16_mve(const AddParams& p, const BinaryArgs<int16_t>& a, void* scratch, size_t scratch_size);

// Helium, ADD with 6-D broadcasting (add_mve.cpp): the same lanes per output row; innermost dimension >= 4.
bool add_broadcast_mve_supports(const ArithmeticBroadcastParams& p);
Status add_broadcast_s8_mve(const ArithmeticBroadcastParams& p, const BinaryArgs<int8_t>& a, void* scratch,
                            size_t scratch_size);
Status add_broadcast_s16_mve(const ArithmeticBroadcastParams& p, const BinaryArgs<int16_t>& a, void* scratch,
                             size_t scratch_size);

}  // namespace cmnn::elementwise
