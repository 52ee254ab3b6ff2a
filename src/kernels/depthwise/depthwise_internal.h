// Pieces shared by the depthwise variants (not public API).
#pragma once
#include <cstddef>
#include <cstdint>

#include "cmnn/depthwise.h"
#include "quant/fixed_point.h"
#include "quant/packed_s4.h"
#include "quant/requant_fast.h"

namespace cmnn::depthwise {

// depthwise_conv_check without its last step, the per-channel scan of multiplier (>= 0) and shift
// ([-31, 30]) that would return kBadParameter: the caller must make that scan itself before it
// reads or writes anything else (the .dsp variants: scan_channels, which also picks their output
// stage in the same pass). Every other check, in the same order.
Status check_s8_but_channels(const DepthwiseConvParams& p, const DepthwiseConvS8Args& a);

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

// The fused output stage's constants and the int4 form live with the other quantization forms
// (src/quant); the depthwise variants name them unqualified.
using quant::FastQuant;
using quant::fast_quant_ok;
using quant::make_fast_quant;
using quant::PackedS4Weights;
using quant::requantize_fast_s8;
using quant::requantize_fast_s8_x2;
using quant::round_up4;

}  // namespace cmnn::depthwise
