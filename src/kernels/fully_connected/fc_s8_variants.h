// Variants of fully_connected_s8 (internal), listed in fully_connected_s8.cpp. run() may assume
// the entry point's checks passed and supports() holds.
#pragma once
#include "cmnn/fully_connected.h"
#include "quant/fixed_point.h"

namespace cmnn::fc {

// ref: the definition (TFLite reference_integer_ops::FullyConnected / per-channel variant).
Status ref_run(const FullyConnectedParams& params, const FullyConnectedS8Args& args, void*, size_t);

// dsp: each batch's input widened once (with its offset, SXTB16 lane order) into scratch, then
// four weight rows per pass with SMLAD.
size_t dsp_scratch_bytes(const FullyConnectedParams& params);
Status dsp_run(const FullyConnectedParams& params, const FullyConnectedS8Args& args, void* scratch, size_t);

// ksum dsp: needs the prepared kernel sums; raw int8 input, no scratch.
bool dsp_ksum_supports(const FullyConnectedParams& params);
Status dsp_ksum_run(const FullyConnectedParams& params, const FullyConnectedS8Args& args, void*, size_t);

// packed dsp: needs fully_connected_s8_pack's int16 weights and output_depth >= 4; input widened into scratch.
bool dsp_packed_supports(const FullyConnectedParams& params);
size_t dsp_packed_scratch_bytes(const FullyConnectedParams& params);
Status dsp_packed_run(const FullyConnectedParams& params, const FullyConnectedS8Args& args, void* scratch, size_t);
size_t packed_weight_count(const FullyConnectedParams& params);
void pack_weights(const FullyConnectedParams& params, const int8_t* weights, int16_t* packed);

// pairs dsp: needs the kernel sums and fully_connected_s8_pair_weights's reordered int8 weights
// (filter offset 0, input_depth % 4 == 0, output_depth % 4 == 0); scratch: the input's int16 lanes
// (2 * input_depth) from 8 rows unless params.pairs_raw_input, else none.
bool dsp_pairs_supports(const FullyConnectedParams& params);
size_t dsp_pairs_scratch_bytes(const FullyConnectedParams& params);  // as above: 2 * input_depth or 0
Status dsp_pairs_run(const FullyConnectedParams& params, const FullyConnectedS8Args& args, void*, size_t);
bool pair_layout_fits(const FullyConnectedParams& params);
void pair_weights(const FullyConnectedParams& params, const int8_t* weights, int8_t* pairs);

// ksum mve (Helium): needs the prepared kernel sums; four rows per pass with VMLADAVA, 16 steps
// per instruction, the tail predicated; any filter offset; no scratch.
bool mve_ksum_supports(const FullyConnectedParams& params);
Status mve_ksum_run(const FullyConnectedParams& params, const FullyConnectedS8Args& args, void*, size_t);

// mve: the same, with the kernel sums computed per call into scratch (4 bytes per output).
size_t mve_scratch_bytes(const FullyConnectedParams& params);
Status mve_run(const FullyConnectedParams& params, const FullyConnectedS8Args& args, void* scratch, size_t);

inline int8_t requantize_row(int32_t acc, const FullyConnectedParams& p, const FullyConnectedS8Args& a, int32_t row) {
  const int32_t q = p.per_channel ? row : 0;
  return quant::requantize_to_s8(acc, a.multiplier[q], a.shift[q], p.output_offset, p.activation_min,
                                 p.activation_max);
}

inline int32_t wrapping_add(int32_t a, int32_t b) {
  return static_cast<int32_t>(static_cast<uint32_t>(a) + static_cast<uint32_t>(b));
}

}  // namespace cmnn::fc
