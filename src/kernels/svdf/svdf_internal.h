// Pieces shared by the svdf variants (internal).
#pragma once
#include <cstring>

#include "cmnn/svdf.h"
#include "quant/fixed_point.h"

namespace cmnn::svdf {

// Shifts one state row (time_batches entries) toward index 0 and appends the requantized,
// clamped feature projection acc.
template <typename State>
void push_state(const SvdfParams& p, State* row, int32_t acc) {
  std::memmove(row, row + 1, static_cast<size_t>(p.time_batches - 1) * sizeof(State));
  const int32_t v = quant::multiply_by_quantized_multiplier(acc, p.input_multiplier, p.input_shift);
  const int32_t stored = p.state_zero_point + quant::clamp(v, p.state_min, p.state_max);
  row[p.time_batches - 1] = static_cast<State>(static_cast<uint32_t>(stored));  // wraps like TFLM's store
}

// A unit's output from its int32 sum (bias + time products).
inline int8_t output_value(const SvdfParams& p, int32_t sum) {
  const int32_t out = quant::multiply_by_quantized_multiplier(sum, p.output_multiplier, p.output_shift);
  return static_cast<int8_t>(quant::clamp(out + p.output_offset, p.activation_min, p.activation_max));
}

template <typename State>
Status dsp_run(const SvdfParams& p, const SvdfTensors<State>& a, void* scratch, size_t scratch_size);
size_t dsp_scratch(const SvdfParams& p);
template <typename State>
Status mve_run(const SvdfParams& p, const SvdfTensors<State>& a, void* scratch, size_t scratch_size);  // svdf_mve.cpp

}  // namespace cmnn::svdf
