// Pieces shared by the lstm variants (internal): the sequence driver and the per-unit arithmetic
// after the matmuls, so that variants differ only in how they form the gate dot products.
#pragma once
#include <cstring>
#include <limits>

#include "cmnn/lstm.h"
#include "quant/activation_s16.h"
#include "quant/fixed_point.h"

namespace cmnn::lstm {

inline int32_t sat16(int32_t v) { return quant::clamp(v, INT16_MIN, INT16_MAX); }

// A gate matmul's sum (bias included) requantized: int32 with wrap-around and the 32-bit rq for
// int8 tensors, int64 and the 64-bit rq for int16 tensors.
template <typename T>
int32_t requant_sum(int64_t acc, int32_t multiplier, int32_t shift) {
  if constexpr (sizeof(T) == 1) {
    const auto wrapped = static_cast<int32_t>(static_cast<uint32_t>(static_cast<uint64_t>(acc)));
    return quant::multiply_by_quantized_multiplier(wrapped, multiplier, shift);
  } else {
    return quant::multiply_by_quantized_multiplier_64(acc, multiplier, shift);
  }
}

// Gate activation from its requantized input term and, when there is a previous hidden state,
// its requantized recurrent term. Each term is saturated to int16 on its own (TFLite writes both
// FC outputs to int16 buffers) and their sum is saturated again (AddElementWise). The recurrent
// term must be saturated before the add: with int16 hidden states it can exceed int16 by far, and
// sat16(h + sat16(x)) differs from sat16(sat16(h) + sat16(x)) whenever the terms' signs differ.
inline int16_t gate_value(int32_t input_term, bool has_hidden, int32_t hidden_term, bool is_tanh) {
  int32_t v = sat16(input_term);
  if (has_hidden) v = sat16(sat16(hidden_term) + v);
  const auto v16 = static_cast<int16_t>(v);
  return is_tanh ? quant::tanh_s16(v16, 0) : quant::sigmoid_s16(v16, 0);
}

// Cell update and hidden output of one unit from its gates i, f, g, o.
template <typename T>
T update_unit(const LstmParams& p, int32_t i, int32_t f, int32_t g, int32_t o, int16_t* cell) {
  int32_t c = sat16(quant::multiply_by_quantized_multiplier(f * *cell, p.forget_to_cell_multiplier,
                                                            p.forget_to_cell_shift));
  // i * g goes to an int16 buffer first (saturated), then the int16 add saturates and the clip applies.
  const int32_t ig = sat16(quant::multiply_by_quantized_multiplier(i * g, p.input_to_cell_multiplier, p.input_to_cell_shift));
  c = quant::clamp(sat16(ig + c), -p.cell_clip, p.cell_clip);
  *cell = static_cast<int16_t>(c);
  const int32_t th = quant::tanh_s16(*cell, p.cell_scale_power + 12);
  const int32_t out = quant::multiply_by_quantized_multiplier(o * th, p.output_multiplier, p.output_shift);
  return static_cast<T>(quant::clamp(out + p.output_offset, std::numeric_limits<T>::min(), std::numeric_limits<T>::max()));
}

// Runs step(x, h_prev or nullptr, h_out, cell) for every batch and time step in order, then
// stores the last hidden row of each batch in a.hidden_state when given.
template <typename T, typename Bias, typename Step>
void run_sequence(const LstmParams& p, const LstmTensors<T, Bias>& a, Step step) {
  const auto row = [&](int32_t b, int32_t t) {
    return p.time_major ? static_cast<size_t>(t) * p.batches + b : static_cast<size_t>(b) * p.time_steps + t;
  };
  for (int32_t b = 0; b < p.batches; ++b) {
    int16_t* cell = a.cell_state + static_cast<size_t>(b) * p.hidden_size;
    const T* h_prev = a.hidden_state != nullptr ? a.hidden_state + static_cast<size_t>(b) * p.hidden_size : nullptr;
    for (int32_t t = 0; t < p.time_steps; ++t) {
      T* h = a.output + row(b, t) * p.hidden_size;
      step(a.input + row(b, t) * p.input_size, h_prev, h, cell);
      h_prev = h;
    }
    if (a.hidden_state != nullptr && p.time_steps > 0) {
      std::memcpy(a.hidden_state + static_cast<size_t>(b) * p.hidden_size, h_prev, sizeof(T) * p.hidden_size);
    }
  }
}

// Variant entry points (lstm_table.cpp, lstm_dsp.cpp, lstm_mve.cpp).
template <typename T, typename Bias>
Status ref_run(const LstmParams& p, const LstmTensors<T, Bias>& a, void* scratch, size_t scratch_size);
template <typename T, typename Bias>
Status dsp_run(const LstmParams& p, const LstmTensors<T, Bias>& a, void* scratch, size_t scratch_size);
size_t dsp_scratch_s8(const LstmParams& p);
template <typename T, typename Bias>
Status mve_run(const LstmParams& p, const LstmTensors<T, Bias>& a, void* scratch, size_t scratch_size);  // lstm_mve.cpp

}  // namespace cmnn::lstm
