// The int8 CONV_2D lowering (conv2d.cpp: filter orders, packed copy, kernel sums, RGB copy, each
// only where it unlocks a faster entry on the target), shared with DEPTHWISE_CONV_2D layers that
// are convolutions (one input channel: depthwise_conv2d.cpp).
#pragma once
#include "cmnn/conv.h"
#include "ops/op_support.h"

namespace cmnn::tool::ops {

// The library parameters of a convolution node (shapes, window, offsets, clamp) with `groups`.
::cmnn::Conv2dParams conv2d_params(const ConvParams& c, int32_t groups);

// Chooses and sets l.call for `p` (groups, shapes, offsets, clamp filled in). Expects the layer's
// "filter" constant (int8, OHWI: output channel, filter row, column, input channel of the group),
// "bias" (int32, when c.bias_tensor >= 0), "multiplier" and "shift" (one per output channel);
// may reorder "filter" in place and add "packed_filter" or "kernel_sums".
void lower_conv2d_s8(LowerContext& ctx, const ConvParams& c, ::cmnn::Conv2dParams p, Layer& l);

}  // namespace cmnn::tool::ops
