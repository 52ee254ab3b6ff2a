// Pieces shared by the svdf variants (internal).
#pragma once
#include <cstring>

#include "cmnn/svdf.h"
#include "quant/fixed_point.h"
#include "quant/requant_fast.h"

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

// Every state row of one batch (feature_batches rows of time_batches entries, contiguous) shifted
// toward index 0 by one pass over the whole batch's state: row f's entries 1.. land at 0.., and
// its last entry receives row f + 1's first, which the caller then overwrites with the row's new
// value (state_entry). The same state as push_state on every row. Word by word (a word read at
// entry i + 1 is written at entry i, forward: each word is read before anything writes it), not
// memmove, which for an odd byte distance copies a byte at a time (KWS-scrambled's 512-entry
// int8 state: ~4,100 est. m4 cycles per call).
template <typename State>
void shift_state_rows(const SvdfParams& p, State* state) {
  if (p.time_batches < 2) return;  // every entry is replaced
  const size_t bytes = (static_cast<size_t>(p.feature_batches) * static_cast<size_t>(p.time_batches) - 1) * sizeof(State);
  auto* dst = reinterpret_cast<uint8_t*>(state);
  const uint8_t* src = dst + sizeof(State);
  size_t i = 0;
  for (; i + 4 <= bytes; i += 4) {
    uint32_t w;
    std::memcpy(&w, src + i, 4);
    std::memcpy(dst + i, &w, 4);
  }
  for (; i < bytes; ++i) dst[i] = src[i];
}

// The value push_state appends for acc, with the input requantization prepared (q_in:
// make_channel_quant(input_multiplier, input_shift); requantize_fast equals
// multiply_by_quantized_multiplier) and p's state fields passed as values (the callers' state
// stores may alias p).
template <typename State>
State state_entry(const quant::ChannelQuant& q_in, int32_t zero_point, int32_t lo, int32_t hi, int32_t acc) {
  const int32_t stored = zero_point + quant::clamp(quant::requantize_fast(acc, q_in), lo, hi);
  return static_cast<State>(static_cast<uint32_t>(stored));  // wraps like TFLM's store
}

// A unit's output from its int32 sum (bias + time products).
inline int8_t output_value(const SvdfParams& p, int32_t sum) {
  const int32_t out = quant::multiply_by_quantized_multiplier(sum, p.output_multiplier, p.output_shift);
  return static_cast<int8_t>(quant::clamp(out + p.output_offset, p.activation_min, p.activation_max));
}

// The outer loop of the dsp and mve variants: per batch, begin(input) (the variant's set-up for
// that input), the state shifted once (shift_state_rows), two feature rows per
// project(input, w0, w1, &s0, &s1) call (w1 == w0 for a lone last row; int32 sums wrapping as the
// reference's), each row's new entry (state_entry), then per unit its bias plus, over its rank
// rows, time(time weights, state row) (uint32: Σ w * (s - zp) modulo 2^32), requantized with the
// prepared output multiplier. Units read p through locals: their int8 stores may alias it.
template <typename State, class Begin, class Project, class Time>
void run_batches(const SvdfParams& p, const SvdfTensors<State>& a, Begin begin, Project project, Time time) {
  const int32_t f_count = p.feature_batches, t_count = p.time_batches, n = p.input_size;
  const quant::ChannelQuant q_in = quant::make_channel_quant(p.input_multiplier, p.input_shift);
  const quant::ChannelQuant q_out = quant::make_channel_quant(p.output_multiplier, p.output_shift);
  const int32_t units = p.units(), rank = p.rank, offset = p.output_offset;
  const int32_t lo = p.activation_min, hi = p.activation_max;
  const int32_t zp = p.state_zero_point, state_lo = p.state_min, state_hi = p.state_max;
  for (int32_t b = 0; b < p.batches; ++b) {
    State* state = a.state + static_cast<size_t>(b) * f_count * t_count;
    const int8_t* input = a.input + static_cast<size_t>(b) * n;
    begin(input);
    shift_state_rows(p, state);
    State* last = state + (t_count - 1);  // row f's newest entry: last[f * t_count]
    for (int32_t f = 0; f < f_count; f += 2) {
      const bool pair = f + 1 < f_count;
      const int8_t* w0 = a.weights_feature + static_cast<size_t>(f) * n;
      int32_t s0 = 0, s1 = 0;
      project(input, w0, pair ? w0 + n : w0, &s0, &s1);
      last[static_cast<size_t>(f) * t_count] = state_entry<State>(q_in, zp, state_lo, state_hi, s0);
      if (pair) last[static_cast<size_t>(f + 1) * t_count] = state_entry<State>(q_in, zp, state_lo, state_hi, s1);
    }
    const State* row = state;
    const State* wt = a.weights_time;
    int8_t* out = a.output + static_cast<size_t>(b) * units;
    for (int32_t u = 0; u < units; ++u) {
      uint32_t sum = a.bias != nullptr ? static_cast<uint32_t>(a.bias[u]) : 0u;
      for (int32_t r = 0; r < rank; ++r, row += t_count, wt += t_count) sum += time(wt, row);
      out[u] = static_cast<int8_t>(quant::clamp(quant::requantize_fast(static_cast<int32_t>(sum), q_out) + offset, lo, hi));
    }
  }
}

template <typename State>
Status dsp_run(const SvdfParams& p, const SvdfTensors<State>& a, void* scratch, size_t scratch_size);
size_t dsp_scratch(const SvdfParams& p);
template <typename State>
Status mve_run(const SvdfParams& p, const SvdfTensors<State>& a, void* scratch, size_t scratch_size);  // svdf_mve.cpp

}  // namespace cmnn::svdf
