// Fully connected (dense) layer of TFLite's int8 quantization: out[b][o] = requantize(bias[o] +
// sum_k (in[b][k] + input_offset) * (w[o][k] + filter_offset)), per-tensor or per-channel
// multiplier/shift. Weights are [output_depth][input_depth] (TFLite's layout).
// A runtime may call fully_connected_s8_prepare once per layer to fold the bias and the
// input-offset term into a kernel-sum buffer; variants that use it then skip that work per call.
// It may also call fully_connected_s8_pack once (offline) to store the weights widened to int16 and
// interleaved for the packed variant (twice the weight bytes), or fully_connected_s8_pair_weights to
// reorder them for the pairs variant (the same bytes; faster than packed on M4 for TFLite's usual
// per-tensor FC, and on M7).
#pragma once
#include <cstddef>
#include <cstdint>

#include "cmnn/op_api.h"
#include "cmnn/status.h"
#include "cmnn/variant.h"

namespace cmnn {

struct FullyConnectedParams {
  int32_t batches = 1;
  int32_t input_depth = 0;   // accumulation depth
  int32_t output_depth = 0;
  int32_t input_offset = 0;   // = -input zero point, in [-127, 128]
  int32_t filter_offset = 0;  // = -filter zero point (0 for TFLite's symmetric int8 weights), in [-127, 128]
  int32_t output_offset = 0;  // = output zero point, in [-128, 127]
  int32_t activation_min = -128, activation_max = 127;
  bool per_channel = false;   // multiplier/shift hold output_depth entries, else one
  bool has_kernel_sums = false;  // args.kernel_sums holds fully_connected_s8_prepare's result
  bool has_packed_weights = false;  // args.packed_weights holds fully_connected_s8_pack's result
  // args.weights is not given (may be null): the packed copy replaces the int8 weights, so a
  // compiled model stores them once. Needs has_packed_weights (else kBadParameter); then only the
  // packed variant supports the call: every other variant, the entry point's fallback included,
  // refuses with kUnsupported, and the partial sums (fully_connected_partial.h, rows_into_fc.h)
  // refuse null weights with kNullPointer.
  bool packed_weights_only = false;
  // args.pair_weights holds fully_connected_s8_pair_weights's reordered int8 weights (the pairs
  // variant, which also needs has_kernel_sums). They are as large as the int8 weights, so a compiled
  // model keeps them instead: with packed_weights_only the int8 weights are not given, as above.
  bool has_pair_weights = false;
  // The pairs variant only: read the raw input instead of int16 lanes widened into scratch
  // (scratch_bytes 0). The lanes (2 * input_depth bytes, from 8 output rows) speed up the Cortex-M4
  // and M33 loops only; the compiler sets this for the other cores, whose pairs code reads the raw
  // input anyway. Set on a Cortex-M4, the variant runs slower C blocks instead of its loops.
  bool pairs_raw_input = false;
};

struct FullyConnectedS8Args {
  const int8_t* input = nullptr;        // [batches][input_depth]
  const int8_t* weights = nullptr;      // [output_depth][input_depth]; null allowed with packed_weights_only
  const int32_t* bias = nullptr;        // [output_depth], may be null
  const int32_t* multiplier = nullptr;  // [output_depth] or [1]
  const int32_t* shift = nullptr;       // [output_depth] or [1], in [-31, 30]
  const int32_t* kernel_sums = nullptr; // [output_depth] when params.has_kernel_sums
  int8_t* output = nullptr;             // [batches][output_depth]
  const int16_t* packed_weights = nullptr;  // fully_connected_s8_packed_count(params) values when params.has_packed_weights
  const int8_t* pair_weights = nullptr;     // output_depth * input_depth bytes when params.has_pair_weights
};

using FullyConnectedS8Variant = Variant<FullyConnectedParams, FullyConnectedS8Args>;

// kernel_sums[o] = bias[o] + input_offset * sum_k (w[o][k] + filter_offset), wrapping in int32.
// Depends only on the weights, bias and offsets: compute once, keep with the weights.
Status fully_connected_s8_prepare(const FullyConnectedParams& params, const int8_t* weights, const int32_t* bias,
                                  int32_t* kernel_sums);

// Number of int16 values fully_connected_s8_pack writes: output_depth * round_up(input_depth, 8).
size_t fully_connected_s8_packed_count(const FullyConnectedParams& params);
// The weights plus filter_offset as int16, in blocks of four rows interleaved per group of four
// steps (layout: src/kernels/fully_connected/fc_s8_packed_dsp.cpp). Depends only on the weights
// and the filter offset: compute once (offline), keep instead of (packed_weights_only) or beside
// the int8 weights.
// `packed` holds packed_count values (2 bytes each, 2-byte aligned).
Status fully_connected_s8_pack(const FullyConnectedParams& params, const int8_t* weights, int16_t* packed,
                               size_t packed_count);

// The weights reordered for the pairs DSP variant (layout and why:
// src/kernels/fully_connected/fc_s8_pairs_dsp.cpp): output_depth * input_depth bytes, the same as
// the weights. Needs filter_offset 0, input_depth % 4 == 0 and output_depth % 4 == 0 (else
// kUnsupported). Compute once (offline), keep instead of the int8 weights (packed_weights_only).
Status fully_connected_s8_pair_weights(const FullyConnectedParams& params, const int8_t* weights, int8_t* pairs,
                                       size_t pairs_bytes);

// The table API every op has (cmnn/op_api.h); ids "fully_connected_s8.<kind>.<isa>".
CMNN_DECLARE_OP_TABLE(fully_connected_s8, FullyConnectedParams, FullyConnectedS8Args)

}  // namespace cmnn
