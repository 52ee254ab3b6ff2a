// Fully connected (int8) accumulated over parts of its input: the sums of fully_connected_s8 split
// along the accumulation depth, for a runtime that produces the FC's input a band at a time and
// never holds all of it (include/cmnn/rows_into_fc.h). Integer sums wrap in int32 like every
// variant's accumulator, so adding the parts in any order gives fully_connected_s8's accumulators
// exactly, and finish() requantizes them with the same arithmetic (quant::requantize_to_s8).
// batches must be 1. acc holds params.output_depth int32 values owned by the caller.
#pragma once
#include <cstdint>

#include "cmnn/fully_connected.h"
#include "cmnn/status.h"

namespace cmnn {

// acc[o] = bias[o] (0 without a bias). Checks the parameters as fully_connected_s8 does.
Status fully_connected_s8_partial_begin(const FullyConnectedParams& params, const FullyConnectedS8Args& args, int32_t* acc);

// acc[o] += sum over k in [k0, k0 + count) of (part[k - k0] + input_offset) * (w[o][k] + filter_offset).
// Rejects a range outside [0, input_depth).
Status fully_connected_s8_partial_add(const FullyConnectedParams& params, const FullyConnectedS8Args& args,
                                      const int8_t* part, int32_t k0, int32_t count, int32_t* acc);

// args.output[o] = requantize(acc[o]) with args.multiplier/shift and the activation range.
Status fully_connected_s8_partial_finish(const FullyConnectedParams& params, const FullyConnectedS8Args& args,
                                         const int32_t* acc);

}  // namespace cmnn
