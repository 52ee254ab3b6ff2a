// What TFLite Micro's arena needs for the same model, estimated from below: the yardstick the
// default RAM goal is set against (issue 10 asks for at most half of TFLM's `arena_used_bytes`).
//
// The estimate models the parts of tflite-micro's MicroAllocator (90b983c2, reference kernels) that
// scale with the model, and leaves out the fixed-size bookkeeping (TfLiteEvalTensor / node arrays,
// op-data structs, builtin options), so it never exceeds what TFLM reports:
//  * the non-persistent head: every non-constant, non-variable tensor as its own buffer (TFLM does
//    not alias RESHAPE outputs and has no in-place ops), alive from the operator that writes it (graph
//    inputs: operator 0) to the last operator that reads it (graph outputs: the last operator),
//    16-byte aligned, placed by TFLM's GreedyMemoryPlanner order (largest first, each at the lowest
//    offset free during its lifetime);
//  * persistent: variable tensors (LSTM/SVDF state) and, per CONV_2D / DEPTHWISE_CONV_2D /
//    TRANSPOSE_CONV, the int32 output multiplier and shift per output channel that the reference
//    kernels allocate in Prepare.
#pragma once
#include <cstdint>

#include "graph/graph.h"

namespace cmnn::tool {

struct TflmArenaEstimate {
  int64_t head_bytes = 0;        // the greedy plan of the activation tensors
  int64_t persistent_bytes = 0;  // variable tensors + per-channel quantization arrays
  int64_t total() const { return head_bytes + persistent_bytes; }
};

TflmArenaEstimate estimate_tflm_arena(const Graph& graph);

}  // namespace cmnn::tool
