// PAD folded into the convolution that reads it (LowerOptions::fold_pad): a PAD of the spatial
// dimensions only, whose value is the conv's input zero point, followed by an int8 CONV_2D or
// DEPTHWISE_CONV_2D that is its only reader, becomes that conv reading the PAD's input with the
// pads added to its own top/left padding (bottom/right padding follows from the output size). The
// kernels pad with the input zero point (input_offset = -zero point makes a padded element
// contribute 0), which is what the PAD wrote, so the result is the same; the padded tensor and the
// PAD's copy disappear (the generated MobileNetV2 at 224x224: 612,912 B of PAD output).
#pragma once
#include "graph/graph.h"
#include "select/lowered.h"

namespace cmnn::tool {

// Folds the PAD layer of `model.layers` that writes conv.inputs[0] into `conv` (not yet in the
// model) when legal: conv.call and conv.inputs change, the PAD layer is erased. Returns whether it did.
bool fold_pad_into(const Graph& graph, LoweredModel& model, Layer& conv);

}  // namespace cmnn::tool
