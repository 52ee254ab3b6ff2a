// Packed copies that replace the int8 weights. A conv/FC layer that runs a packed DSP variant
// (conv2d_s8.*.packed.dsp, fully_connected_s8.packed.dsp) reads only the int16 copy: no other code
// of the generated model reads its int8 filter when
//   - the layer's call without them (LayerCall::without_int8_weights: packed_filter_only /
//     packed_weights_only, the argument bound to null) selects the same variant on the core, within
//     the same scratch cap and, run in place by row bands, with the same work bytes (the library's
//     other variants, its entry point's fallback included, refuse such a call: so do init()'s
//     one-time checks, row bands, fused pairs, residual blocks and patch stages, which all run the
//     layer's own variant through the checked *_run_variant);
//   - an FC is not fed by row bands of its producer (include/cmnn/rows_into_fc.h: its partial sums
//     read the int8 weights), i.e. no producer upstream of it through aliases is in
//     LowerOptions::fuse_into_fc.
// Then the int8 constant is not emitted and the packed copy costs its own bytes minus the int8
// bytes in the flash budget (select/lower.cpp ranks copies by that net size).
// Constant folding runs before this (a folded layer runs .ref, which needs the int8 weights), and
// cores without packed variants (host, M3, M55) never get a packed copy, so they keep every filter.
#pragma once
#include "select/lowered.h"

namespace cmnn::tool {

// Leaves out layer l's int8 weights when the rules above hold; `done` holds the layers lowered
// before l (its producers). True when they were left out.
bool drop_unread_int8(const std::vector<Layer>& done, const LowerOptions& options, Target target, Layer& l);

}  // namespace cmnn::tool
