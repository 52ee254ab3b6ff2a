// The doubled output stage's table and block (stacked_doubled.h).
#include "kernels/conv/stacked_doubled.h"

#include "kernels/conv/mat_mult_stacked_asm.h"

namespace cmnn::conv {

bool stacked_doubled_tables(const int32_t* multiplier, const int32_t* shift, const int32_t* bias, int32_t n,
                            int32_t depth, int32_t output_offset, int32_t activation_min, int32_t activation_max) {
  if (bias == nullptr || output_offset < -128 || output_offset > 127 ||
      !quant::fast_quant_d_ok(multiplier, shift, n, activation_min, activation_max)) {
    return false;
  }
  const int64_t sums = int64_t{depth} * 32640;  // |weight * (input + offset)| <= 128 * 255 per step
  bool shift_zero = false;
  for (int32_t c = 0; c < n; ++c) {
    if (shift[c] != 0) continue;
    const int64_t b = bias[c];
    if ((b < 0 ? -b : b) + sums > int64_t{INT32_MAX} - 128) return false;
    shift_zero = true;
  }
  return shift_zero;
}

void build_doubled_table(const int32_t* multiplier, const int32_t* shift, int32_t n, int32_t output_offset,
                         quant::ChannelQuant* table) {
  for (int32_t c = 0; c < n; ++c) {
    const quant::FastQuant f = quant::make_fast_quant_d(multiplier[c], shift[c], output_offset);
    table[c].multiplier2 = f.m2;
    table[c].right = f.shift;
    table[c].round = f.round;
  }
}

void mat_mult_stacked_doubled_2col(const int8_t* stacked, int32_t rows, int32_t depth, const int16_t* cols,
                                   const int32_t* bias, int32_t* acc, const quant::ChannelQuant* table, int8_t* out0,
                                   int8_t* out1) {
  // The add word of StackedFusedOut is not read by the doubled form.
  const StackedFusedOut fused{static_cast<uint32_t>(reinterpret_cast<uintptr_t>(table)),
                              static_cast<uint32_t>(reinterpret_cast<uintptr_t>(out0)),
                              static_cast<uint32_t>(reinterpret_cast<uintptr_t>(out1)), 0};
  stacked_doubled_asm(stacked, rows >> 2, depth, cols, bias, acc, &fused);
}

}  // namespace cmnn::conv
