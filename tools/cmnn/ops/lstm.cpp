// UNIDIRECTIONAL_SEQUENCE_LSTM, int8 activations x int8 weights with an int16 cell (lstm_s8), and
// 16x8 (int16 activations, int64 biases: lstm_s16):
// TFLM's integer LSTM without CIFG, peephole, projection or layer norm. Hidden and cell state are
// variable tensors (state that persists between invocations).
#include "cmnn/lstm.h"
#include "ops/op_support.h"

namespace cmnn::tool::ops {

namespace {

namespace lib = ::cmnn;

#define CMNN_GATE_FIELDS(g)                                                                             \
  CMNN_FIELD(g.input_multiplier), CMNN_FIELD(g.input_shift), CMNN_FIELD(g.hidden_multiplier),         \
      CMNN_FIELD(g.hidden_shift)

std::vector<ParamField> lstm_fields(const lib::LstmParams& p) {
  return {CMNN_FIELD(time_major),        CMNN_FIELD(batches),
          CMNN_FIELD(time_steps),        CMNN_FIELD(input_size),
          CMNN_FIELD(hidden_size),       CMNN_FIELD(input_offset),
          CMNN_FIELD(output_offset),     CMNN_FIELD(forget_to_cell_multiplier),
          CMNN_FIELD(forget_to_cell_shift), CMNN_FIELD(input_to_cell_multiplier),
          CMNN_FIELD(input_to_cell_shift), CMNN_FIELD(cell_clip),
          CMNN_FIELD(cell_scale_power),  CMNN_FIELD(output_multiplier),
          CMNN_FIELD(output_shift),      CMNN_GATE_FIELDS(input_gate),
          CMNN_GATE_FIELDS(forget_gate), CMNN_GATE_FIELDS(cell_gate),
          CMNN_GATE_FIELDS(output_gate)};
}

const CallSpec<lib::LstmParams, lib::LstmS8Args> kS8 = {"lstm_s8", "cmnn/lstm.h", "cmnn::LstmParams", "cmnn::LstmS8Args",
                                                         lib::lstm_s8_variants, lib::lstm_s8_run_variant, lstm_fields};
const CallSpec<lib::LstmParams, lib::LstmS16Args> kS16 = {"lstm_s16", "cmnn/lstm.h", "cmnn::LstmParams", "cmnn::LstmS16Args",
                                                           lib::lstm_s16_variants, lib::lstm_s16_run_variant, lstm_fields};

#define CMNN_GATE_ARGS(A, g)                                                                            \
  CMNN_ARG(A, g.input_weights, constant(#g ".input_weights")),                                         \
      CMNN_ARG(A, g.hidden_weights, constant(#g ".hidden_weights")), CMNN_ARG(A, g.bias, constant(#g ".bias"))

void lower(LowerContext& ctx) {
  const auto* s = std::get_if<LstmParams>(&ctx.node.params);
  if (s == nullptr) throw Unsupported("LSTM parameters were not derived");
  if (s->cifg) throw Unsupported("CIFG LSTM (no input gate) is not lowered");
  Layer& l = ctx.add_layer();
  l.inputs = {ctx.node.inputs[0]};
  l.outputs = {ctx.node.outputs[0]};
  l.states = {s->hidden_state, s->cell_state};
  l.macs = s->macs;
  const bool s16 = ctx.input(0).type == TensorType::kInt16;
  lib::LstmParams p;
  p.time_major = s->time_major;
  p.batches = s->batches, p.time_steps = s->time_steps, p.input_size = s->input_size, p.hidden_size = s->cell_size;
  p.input_offset = s->input_offset;
  p.output_offset = s->hidden_zero_point;
  p.forget_to_cell_multiplier = s->forget_cell_mul.multiplier, p.forget_to_cell_shift = s->forget_cell_mul.shift;
  p.input_to_cell_multiplier = s->input_mul.multiplier, p.input_to_cell_shift = s->input_mul.shift;
  p.cell_clip = s->quantized_cell_clip > 0 ? s->quantized_cell_clip : 32767;
  p.cell_scale_power = s->cell_state_scale_power;
  p.output_multiplier = s->output_mul.multiplier, p.output_shift = s->output_mul.shift;
  lib::LstmGateQuant* quant[4] = {&p.input_gate, &p.forget_gate, &p.cell_gate, &p.output_gate};
  static const char* const names[4] = {"input_gate", "forget_gate", "cell_gate", "output_gate"};
  for (int i = 0; i < 4; ++i) {
    const LstmGate& gate = s->gates[i];
    quant[i]->input_multiplier = gate.input.multiplier, quant[i]->input_shift = gate.input.shift;
    quant[i]->hidden_multiplier = gate.recurrent.multiplier, quant[i]->hidden_shift = gate.recurrent.shift;
    l.constants.push_back(int8_constant(ctx.graph, gate.input_weights, std::string(names[i]) + ".input_weights"));
    l.constants.push_back(int8_constant(ctx.graph, gate.recurrent_weights, std::string(names[i]) + ".hidden_weights"));
    if (gate.bias >= 0) {
      const TensorType bias_type = s16 ? TensorType::kInt64 : TensorType::kInt32;
      l.constants.push_back(tensor_constant(ctx.graph, gate.bias, bias_type, std::string(names[i]) + ".bias"));
    }
  }
  if (s16) {
    using A = lib::LstmS16Args;
    l.call = make_call(kS16, p,
                       {CMNN_ARG(A, input, in(0)), CMNN_GATE_ARGS(A, input_gate), CMNN_GATE_ARGS(A, forget_gate),
                        CMNN_GATE_ARGS(A, cell_gate), CMNN_GATE_ARGS(A, output_gate),
                        CMNN_ARG(A, hidden_state, state(0)), CMNN_ARG(A, cell_state, state(1)),
                        CMNN_ARG(A, output, out(0))});
    return;
  }
  using A = lib::LstmS8Args;
  l.call = make_call(kS8, p,
                     {CMNN_ARG(A, input, in(0)), CMNN_GATE_ARGS(A, input_gate), CMNN_GATE_ARGS(A, forget_gate),
                      CMNN_GATE_ARGS(A, cell_gate), CMNN_GATE_ARGS(A, output_gate),
                      CMNN_ARG(A, hidden_state, state(0)), CMNN_ARG(A, cell_state, state(1)),
                      CMNN_ARG(A, output, out(0))});
}

}  // namespace

extern const OpDef kLstm = {tflite::op::kUnidirectionalSequenceLstm, "lstm", lower, detail::derive_lstm};

}  // namespace cmnn::tool::ops
