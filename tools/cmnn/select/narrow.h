// Narrowing, the last step of selection (after the memory plan): a table entry that chooses among
// several code paths on every call (depthwise_s8.3x3.dsp: a ring of widened rows, pixel kernels
// with one of three output stages) links all of them into the image, though a compiled layer
// always takes the same one. Where the path is known now, from the layer's parameters, its
// constant tables and whether the planner runs it in place, the layer names the narrower entry
// of that path instead (LayerCall::narrowest, cmnn/depthwise.h depthwise_conv2d_s8_dsp_narrowest):
// the same code runs, and an image whose layers all narrow carries no other path (KWS on
// Cortex-M4: ~50 KB less flash). The report keeps the wide entry's verdict and says why.
#pragma once

#include "plan/memory_plan.h"
#include "select/lowered.h"

namespace cmnn::tool {

// Renames each narrowable layer's variant (variant_id, variant_index and the candidates' verdicts).
// Layers of a patch stage keep theirs (their calls run on sub-images of other widths). `plan` is
// the model's memory plan: a layer banded in place (rows_band) whose input and output share a
// buffer runs in place.
void narrow_variants(LoweredModel& model, const MemoryPlan& plan);

}  // namespace cmnn::tool
