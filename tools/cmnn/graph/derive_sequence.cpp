// SVDF and UNIDIRECTIONAL_SEQUENCE_LSTM (int8 activations, int16 state).
#include <algorithm>
#include <cmath>

#include "graph/derive.h"
#include "import/flatbuffer.h"

namespace cmnn::tool::detail {

using tflite::TensorType;

OpParams derive_svdf(const OpContext& ctx) {
  // inputs: 0 input [batch, input_size], 1 weights_feature [filters, input_size], 2 weights_time
  // [filters, memory], 3 bias [units] (optional), 4 activation_state [batch, memory*filters] (variable).
  ctx.expect_arity(5, 5, 1);
  const GraphTensor& input = ctx.input(0);
  const GraphTensor& feature = ctx.input(1);
  const GraphTensor& time = ctx.input(2);
  const GraphTensor& state = ctx.input(4);
  const GraphTensor& output = ctx.output(0);
  require_type(input, TensorType::kInt8, "input");
  require_type(feature, TensorType::kInt8, "weights_feature");
  require_type(output, TensorType::kInt8, "output");
  require_rank(input, 2, "input");
  require_rank(feature, 2, "weights_feature");
  require_rank(time, 2, "weights_time");
  require_rank(state, 2, "activation_state");
  require_constant(feature, "weights_feature");
  require_constant(time, "weights_time");
  if (!state.variable) throw ImportError("activation_state " + describe(state) + " is not a variable tensor");
  const auto* o = std::get_if<tflite::SvdfOptions>(&ctx.node().options);
  if (o == nullptr) throw ImportError("builtin options are not SVDFOptions");
  SvdfParams p;
  p.rank = o->rank;
  p.activation = o->activation;
  p.batches = input.shape[0];
  p.input_size = input.shape[1];
  p.num_filters = feature.shape[0];
  p.memory_size = time.shape[1];
  if (feature.shape[1] != p.input_size) throw ImportError("weights_feature depth differs from the input size");
  if (time.shape[0] != p.num_filters) throw ImportError("weights_time rows differ from the number of filters");
  if (p.rank <= 0 || p.num_filters % p.rank != 0) {
    throw ImportError("rank " + std::to_string(p.rank) + " does not divide " + std::to_string(p.num_filters) + " filters");
  }
  p.num_units = p.num_filters / p.rank;
  if (output.elements != int64_t{p.batches} * p.num_units) throw ImportError("output is not [batch, units]");
  if (state.elements != int64_t{p.batches} * p.memory_size * p.num_filters) {
    throw ImportError("activation_state " + describe(state) + " is not [batch, memory*filters]");
  }
  if (ctx.optional_input(3) != nullptr) bias_index(ctx.optional_input(3), p.num_units);
  p.state_type = state.type;
  p.input_zero_point = activation_zero_point(input, "input");
  p.output_zero_point = activation_zero_point(output, "output");
  p.state_zero_point = activation_zero_point(state, "activation_state");
  // TFLM PrepareSvdf (svdf_common.cc, int8): each effective scale is computed entirely in float,
  // (a * b) / c with a float rounding after each step, and only the result is widened to double
  // for QuantizeMultiplier.
  const float in_s = activation_scale(input, "input"), feature_s = activation_scale(feature, "weights_feature");
  const float state_s = activation_scale(state, "activation_state"), time_s = activation_scale(time, "weights_time");
  const float out_s = activation_scale(output, "output");
  auto float_ratio = [](float a, float b, float c) {
    const float product = a * b;
    const float ratio = product / c;
    return static_cast<double>(ratio);
  };
  p.effective_scale_1 = quantize(float_ratio(in_s, feature_s, state_s));
  p.effective_scale_2 = quantize(float_ratio(state_s, time_s, out_s));
  p.macs = int64_t{p.batches} * p.num_filters * (int64_t{p.input_size} + p.memory_size);
  p.weight_bytes = feature.bytes + time.bytes;
  return p;
}

OpParams derive_lstm(const OpContext& ctx) {
  // 24 inputs (TFLite lstm_shared.h): 0 input, 1-4 input->gate weights (i,f,c,o), 5-8 recurrent->gate
  // weights, 9-11 peepholes, 12-15 gate biases, 16-17 projection, 18 output (hidden) state,
  // 19 cell state, 20-23 layer-norm coefficients. The input gate (1, 5, 12) is absent with CIFG.
  ctx.expect_arity(24, 24, 1);
  const GraphTensor& input = ctx.input(0);
  const GraphTensor& hidden = ctx.input(18);
  const GraphTensor& cell = ctx.input(19);
  const GraphTensor& output = ctx.output(0);
  // int8 activations (int32 biases) or 16x8: int16 activations and hidden state, int64 biases.
  if (input.type != TensorType::kInt16) require_type(input, TensorType::kInt8, "input");
  require_type(hidden, input.type, "output state");
  require_type(cell, TensorType::kInt16, "cell state");
  require_type(output, input.type, "output");
  require_rank(input, 3, "input");
  require_rank(hidden, 2, "output state");
  require_rank(cell, 2, "cell state");
  for (size_t i : {9u, 10u, 11u, 16u, 17u, 20u, 21u, 22u, 23u}) {
    if (ctx.optional_input(i) != nullptr) {
      throw UnsupportedError("peephole, projection or layer-norm LSTM (input " + std::to_string(i) +
                             "): TFLM's integer LSTM has none of them");
    }
  }
  const auto* o = std::get_if<tflite::UnidirectionalSequenceLstmOptions>(&ctx.node().options);
  if (o == nullptr) throw ImportError("builtin options are not UnidirectionalSequenceLSTMOptions");
  LstmParams p;
  p.time_major = o->time_major;
  p.cell_clip = o->cell_clip;
  p.cell_activation = o->activation;
  p.time_steps = p.time_major ? input.shape[0] : input.shape[1];
  p.batches = p.time_major ? input.shape[1] : input.shape[0];
  p.input_size = input.shape[2];
  p.output_size = hidden.shape[1];
  p.cell_size = cell.shape[1];
  if (hidden.shape[0] != p.batches || cell.shape[0] != p.batches) throw ImportError("state batch differs from the input's");
  if (p.cell_size != p.output_size) throw ImportError("cell and output sizes differ (no projection is supported)");
  if (output.elements != int64_t{p.batches} * p.time_steps * p.output_size) {
    throw ImportError("output " + describe(output) + " is not [batch, time, output_size]");
  }
  p.cifg = ctx.optional_input(1) == nullptr;
  p.input_offset = -activation_zero_point(input, "input");
  p.hidden_zero_point = activation_zero_point(hidden, "output state");
  p.hidden_offset = -p.hidden_zero_point;
  const float input_scale = activation_scale(input, "input");
  const float hidden_scale = activation_scale(hidden, "output state");
  const float cell_scale = activation_scale(cell, "cell state");
  // PrepareGateParametersInteger (lstm_eval_common.cc): the gate FCs output in Q3.12 (scale 2^-12),
  // the gates' nonlinearities output in Q0.15 (2^-15). Both are exact powers of two at 90b983c2; the
  // old literal 0.00003051757f (a few ulps below 2^-15) is gone since TFLM commit 8e732516c.
  const float gate_input_scale = 0.000244140625f;      // 2^-12
  const float gate_output_scale = 0.000030517578125f;  // 2^-15
  for (int g = 0; g < 4; ++g) {
    if (g == 0 && p.cifg) continue;
    const GraphTensor& w = ctx.input(static_cast<size_t>(1 + g));
    const GraphTensor& r = ctx.input(static_cast<size_t>(5 + g));
    require_type(w, TensorType::kInt8, "input weights");
    require_type(r, TensorType::kInt8, "recurrent weights");
    require_constant(w, "input weights");
    require_constant(r, "recurrent weights");
    require_rank(w, 2, "input weights");
    require_rank(r, 2, "recurrent weights");
    if (w.shape[0] != p.cell_size || w.shape[1] != p.input_size || r.shape[0] != p.cell_size ||
        r.shape[1] != p.output_size) {
      throw ImportError("gate " + std::to_string(g) + " weights " + shape_text(w.shape) + " / " + shape_text(r.shape) +
                        " do not match cell " + std::to_string(p.cell_size) + ", input " +
                        std::to_string(p.input_size) + ", output " + std::to_string(p.output_size));
    }
    LstmGate& gate = p.gates[g];
    gate.input_weights = w.index;
    gate.recurrent_weights = r.index;
    gate.bias = bias_index(ctx.optional_input(static_cast<size_t>(12 + g)), p.cell_size);
    // CreateGateParams -> CalculateOpDataFullyConnected (per-tensor weights) ->
    // GetQuantizedConvolutionMultipler: double(float(in * w)) / double(2^-12), the scales multiplied in float.
    gate.input =
        quantize(float_product_multiplier(input_scale, activation_scale(w, "input weights"), gate_input_scale));
    gate.recurrent =
        quantize(float_product_multiplier(hidden_scale, activation_scale(r, "recurrent weights"), gate_input_scale));
    p.weight_bytes += w.bytes + r.bytes;
  }
  // CreateInterGateMulParams: double(s1) * double(s2) / double(out), each float scale widened first.
  auto inter_gate = [](float s1, float s2, float out) {
    return quantize(static_cast<double>(s1) * static_cast<double>(s2) / static_cast<double>(out));
  };
  p.forget_cell_mul = inter_gate(gate_output_scale, cell_scale, cell_scale);
  p.input_mul = inter_gate(gate_output_scale, gate_output_scale, cell_scale);
  p.output_mul = inter_gate(gate_output_scale, gate_output_scale, hidden_scale);
  // CreateLstmCellStateInfo: the cell scale must be a power of two (CheckedLog2).
  const float log2_scale = std::log(cell_scale) * (1.0f / std::log(2.0f));
  const float rounded = std::round(log2_scale);
  if (std::fabs(log2_scale - rounded) >= 1e-3f) {
    throw UnsupportedError("cell state scale " + std::to_string(cell_scale) + " is not a power of two");
  }
  p.cell_state_scale_power = static_cast<int32_t>(rounded);
  p.quantized_cell_clip = static_cast<int32_t>(
      std::min(std::max(static_cast<double>(p.cell_clip) / static_cast<double>(cell_scale), -32768.0), 32767.0));
  p.hidden_state = hidden.index;
  p.cell_state = cell.index;
  const int64_t gates = p.cifg ? 3 : 4;
  p.macs = int64_t{p.batches} * p.time_steps * gates * p.cell_size * (int64_t{p.input_size} + p.output_size);
  return p;
}

}  // namespace cmnn::tool::detail
