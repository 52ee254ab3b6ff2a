// The int8 FULLY_CONNECTED lowering (fully_connected.cpp: kernel sums, packed or pair-reordered
// weights, each only where it unlocks a faster entry on the target), shared with CONV_2D layers that
// are dense layers (one output pixel of a 1x1 filter on a 1x1 input: conv2d.cpp).
#pragma once
#include "cmnn/fully_connected.h"
#include "ops/op_support.h"

namespace cmnn::tool::ops {

// Chooses and sets l.call for `p`. Expects the layer's "weights" constant (int8, [output][input]),
// "bias" (int32, when has_bias), "multiplier" and "shift" (one entry, or one per output when
// p.per_channel); may add "kernel_sums", "packed_weights" or "pair_weights".
void lower_fully_connected_s8(LowerContext& ctx, const ::cmnn::FullyConnectedParams& p, bool has_bias, Layer& l);

}  // namespace cmnn::tool::ops
