// Unidirectional sequence LSTM of TFLite's integer quantization (no peephole, no projection, no
// layer norm; gates i, f, g (cell), o), bit-exact with TFLite's (reference) integer LSTM kernel.
// CMSIS-NN arm_lstm_unidirectional_s8 / _s16 agree except where a requantized recurrent term
// leaves int16 (they add it to the input term before saturating). Per batch, time step t and
// hidden unit j:
//   gate = act(clamp16(clamp16(rq(Σ_k w_h[j][k] * (h_prev[k] - output_offset), hidden quant))
//                    + clamp16(rq(bias[j] + Σ_k w_x[j][k] * (x[k] + input_offset), input quant))))
//          with act = sigmoid for i, f, o and tanh for g (int16 in Q3.12, out Q0.15);
//   c = clamp(clamp16(clamp16(rq(f * c, forget_to_cell)) + clamp16(rq(i * g, input_to_cell))), ±cell_clip);
//   h = clamp(rq(o * tanh(c at scale 2^cell_scale_power), output quant) + output_offset).
// rq is TFLite's 32-bit MultiplyByQuantizedMultiplier, except for the two gate matmuls of the s16
// variant (int64 accumulator and bias, the 64-bit requantize). Without an initial hidden state the
// hidden term is skipped (h_prev = output_offset, i.e. real 0).
//   s8:  int8 input/output, int32 bias.   s16: int16 input/output (offsets 0), int64 bias.
// Weights are int8 [hidden_size][input_size] and [hidden_size][hidden_size] per gate.
#pragma once
#include <cstdint>

#include "cmnn/op_api.h"

namespace cmnn {

struct LstmGateQuant {
  int32_t input_multiplier = 0, input_shift = 0;    // input matmul -> gate (Q3.12)
  int32_t hidden_multiplier = 0, hidden_shift = 0;  // recurrent matmul -> gate (Q3.12)
};

struct LstmParams {
  bool time_major = false;  // tensors [time][batch][size], else [batch][time][size]
  int32_t batches = 1, time_steps = 0, input_size = 0, hidden_size = 0;
  int32_t input_offset = 0;   // added to inputs (= -input zero point; 0 for s16)
  int32_t output_offset = 0;  // output zero point (0 for s16); recurrent inputs enter as h - output_offset
  int32_t forget_to_cell_multiplier = 0, forget_to_cell_shift = 0;
  int32_t input_to_cell_multiplier = 0, input_to_cell_shift = 0;
  int32_t cell_clip = 32767;         // cell state limits ±cell_clip, in [0, 32767]
  int32_t cell_scale_power = -15;    // cell state scale 2^cell_scale_power, in [-20, 0]
  int32_t output_multiplier = 0, output_shift = 0;
  LstmGateQuant input_gate, forget_gate, cell_gate, output_gate;
};

template <typename T, typename Bias>
struct LstmTensors {
  struct Gate {
    const int8_t* input_weights = nullptr;   // [hidden_size][input_size]
    const int8_t* hidden_weights = nullptr;  // [hidden_size][hidden_size]
    const Bias* bias = nullptr;              // [hidden_size], may be null
  };
  const T* input = nullptr;  // [time][batch][input_size] or [batch][time][input_size]
  Gate input_gate, forget_gate, cell_gate, output_gate;
  int16_t* cell_state = nullptr;  // [batches][hidden_size], in/out (zeros to start a sequence)
  T* hidden_state = nullptr;      // [batches][hidden_size] in/out, or null (start from real 0)
  T* output = nullptr;            // the input's layout with hidden_size; must not alias input
};
using LstmS8Args = LstmTensors<int8_t, int32_t>;
using LstmS16Args = LstmTensors<int16_t, int64_t>;

// Ids "lstm_s8.<kind>.<isa>", "lstm_s16.<kind>.<isa>"; see docs/variants.md.
CMNN_DECLARE_OP_TABLE(lstm_s8, LstmParams, LstmS8Args)
CMNN_DECLARE_OP_TABLE(lstm_s16, LstmParams, LstmS16Args)

}  // namespace cmnn
