// CMSIS-NN's unidirectional LSTM over cmnn's lstm_s8 / lstm_s16 tables (TFLite reference results:
// each requantized recurrent term saturates to int16 before the sum, where CMSIS-NN's 16x8 LSTM
// does not). The effective biases of cmsis_nn_lstm_gate are not read: cmnn uses weights and bias.
#include <cstring>

#include "arm_nnfunctions.h"
#include "cmnn/lstm.h"
#include "cmsis_nn_api/common.h"

namespace cmnn::cmsis_nn_api {
namespace {

LstmGateQuant quant_of(const cmsis_nn_lstm_gate& g) {
  LstmGateQuant q;
  q.input_multiplier = g.input_multiplier;
  q.input_shift = g.input_shift;
  q.hidden_multiplier = g.hidden_multiplier;
  q.hidden_shift = g.hidden_shift;
  return q;
}

template <typename Gate, typename Bias>
Gate gate_of(const cmsis_nn_lstm_gate& g) {
  Gate t;
  t.input_weights = static_cast<const int8_t*>(g.input_weights);
  t.hidden_weights = static_cast<const int8_t*>(g.hidden_weights);
  t.bias = static_cast<const Bias*>(g.bias);
  return t;
}

template <typename T, typename Bias>
arm_cmsis_nn_status lstm(const Variant<LstmParams, LstmTensors<T, Bias>>* table, size_t count,
                         Status (*run_variant)(const Variant<LstmParams, LstmTensors<T, Bias>>&, const LstmParams&,
                                               const LstmTensors<T, Bias>&, void*, size_t),
                         const T* input, T* output, const cmsis_nn_lstm_params* cp, cmsis_nn_lstm_context* buffers) {
  if (cp == nullptr || buffers == nullptr || buffers->cell_state == nullptr || cp->batch_size <= 0 ||
      cp->hidden_size <= 0 || cp->time_steps < 0 || cp->input_size <= 0)
    return ARM_CMSIS_NN_ARG_ERROR;
  // cmnn's LSTM is TFLite's: sigmoid gates and a tanh cell gate.
  if (cp->forget_gate.activation_type != ARM_SIGMOID || cp->input_gate.activation_type != ARM_SIGMOID ||
      cp->output_gate.activation_type != ARM_SIGMOID || cp->cell_gate.activation_type != ARM_TANH)
    return ARM_CMSIS_NN_NO_IMPL_ERROR;
  if (cp->time_steps == 0) return ARM_CMSIS_NN_SUCCESS;
  LstmParams p;
  p.time_major = cp->time_major != 0;
  p.batches = cp->batch_size;
  p.time_steps = cp->time_steps;
  p.input_size = cp->input_size;
  p.hidden_size = cp->hidden_size;
  p.input_offset = cp->input_offset;
  p.output_offset = cp->output_offset;
  p.forget_to_cell_multiplier = cp->forget_to_cell_multiplier;
  p.forget_to_cell_shift = cp->forget_to_cell_shift;
  p.input_to_cell_multiplier = cp->input_to_cell_multiplier;
  p.input_to_cell_shift = cp->input_to_cell_shift;
  p.cell_clip = cp->cell_clip > 0 ? cp->cell_clip : 32767;  // 0: no clip (TFLite's cell_clip option 0)
  p.cell_scale_power = cp->cell_scale_power;
  p.output_multiplier = cp->output_multiplier;
  p.output_shift = cp->output_shift;
  p.input_gate = quant_of(cp->input_gate);
  p.forget_gate = quant_of(cp->forget_gate);
  p.cell_gate = quant_of(cp->cell_gate);
  p.output_gate = quant_of(cp->output_gate);
  using Args = LstmTensors<T, Bias>;
  Args a;
  a.input = input;
  a.input_gate = gate_of<typename Args::Gate, Bias>(cp->input_gate);
  a.forget_gate = gate_of<typename Args::Gate, Bias>(cp->forget_gate);
  a.cell_gate = gate_of<typename Args::Gate, Bias>(cp->cell_gate);
  a.output_gate = gate_of<typename Args::Gate, Bias>(cp->output_gate);
  a.cell_state = static_cast<int16_t*>(buffers->cell_state);
  a.hidden_state = static_cast<T*>(buffers->hidden_state);
  a.output = output;
  const size_t state_bytes = static_cast<size_t>(p.batches) * static_cast<size_t>(p.hidden_size) * sizeof(int16_t);
  // No hidden state: a new sequence, as CMSIS-NN (the cell state starts at zero).
  if (a.hidden_state == nullptr) std::memset(a.cell_state, 0, state_bytes);
  // temp1 holds batch_size * hidden_size int16 values (CMSIS-NN's contract): cmnn's scratch.
  return to_status(run_fastest(table, count, run_variant, p, a, buffers->temp1,
                               buffers->temp1 != nullptr ? state_bytes : 0));
}

}  // namespace
}  // namespace cmnn::cmsis_nn_api

using namespace cmnn;
using namespace cmnn::cmsis_nn_api;

extern "C" {

arm_cmsis_nn_status arm_lstm_unidirectional_s8(const int8_t* input, int8_t* output, const cmsis_nn_lstm_params* params,
                                               cmsis_nn_lstm_context* buffers) {
  size_t count = 0;
  const auto* table = lstm_s8_variants(&count);
  return lstm<int8_t, int32_t>(table, count, lstm_s8_run_variant, input, output, params, buffers);
}

arm_cmsis_nn_status arm_lstm_unidirectional_s16(const int16_t* input, int16_t* output,
                                                const cmsis_nn_lstm_params* params, cmsis_nn_lstm_context* buffers) {
  size_t count = 0;
  const auto* table = lstm_s16_variants(&count);
  return lstm<int16_t, int64_t>(table, count, lstm_s16_run_variant, input, output, params, buffers);
}

}  // extern "C"
