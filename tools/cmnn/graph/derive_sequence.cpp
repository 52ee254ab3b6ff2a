// SVDF and UNIDIRECTIONAL_SEQUENCE_LSTM (int8 activations, int16 state).
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
  // TFLM svdf Prepare (int8): two double-precision effective scales, QuantizeMultiplier each.
  const double in_s = activation_scale(input, "input"), feature_s = activation_scale(feature, "weights_feature");
  const double state_s = activation_scale(state, "activation_state"), time_s = activation_scale(time, "weights_time");
  const double out_s = activation_scale(output, "output");
  p.effective_scale_1 = quantize(in_s * feature_s / state_s);
  p.effective_scale_2 = quantize(state_s * time_s / out_s);
  p.macs = int64_t{p.batches} * p.num_filters * (int64_t{p.input_size} + p.memory_size);
  p.weight_bytes = feature.bytes + time.bytes;
  return p;
}

OpParams derive_lstm(const OpContext& ctx) {
  // 24 inputs (TFLite lstm_shared.h): 0 input, 1-4 input->gate weights (i,f,c,o), 5-8 recurrent->gate
  // weights, 9-11 peepholes, 12-15 gate biases, 16-17 projection, 18 output state, 19 cell state,
  // 20-23 layer-norm coefficients. The input gate (1, 5, 12) is absent with CIFG.
  ctx.expect_arity(20, 24, 1);
  const GraphTensor& input = ctx.input(0);
  const GraphTensor& to_output = ctx.input(4);
  const GraphTensor& recurrent_to_output = ctx.input(8);
  const GraphTensor& output = ctx.output(0);
  require_rank(input, 3, "input");
  require_rank(to_output, 2, "input_to_output_weights");
  require_rank(recurrent_to_output, 2, "recurrent_to_output_weights");
  const auto* o = std::get_if<tflite::UnidirectionalSequenceLstmOptions>(&ctx.node().options);
  if (o == nullptr) throw ImportError("builtin options are not UnidirectionalSequenceLSTMOptions");
  LstmParams p;
  p.time_major = o->time_major;
  p.cell_clip = o->cell_clip;
  p.proj_clip = o->proj_clip;
  p.time_steps = p.time_major ? input.shape[0] : input.shape[1];
  p.batches = p.time_major ? input.shape[1] : input.shape[0];
  p.input_size = input.shape[2];
  p.cell_size = to_output.shape[0];
  p.output_size = recurrent_to_output.shape[1];
  if (to_output.shape[1] != p.input_size) throw ImportError("input_to_output_weights depth differs from the input size");
  if (recurrent_to_output.shape[0] != p.cell_size) throw ImportError("recurrent weights rows differ from the cell size");
  p.cifg = ctx.optional_input(1) == nullptr;
  p.has_peephole = ctx.optional_input(10) != nullptr;
  p.has_projection = ctx.optional_input(16) != nullptr;
  p.has_layer_norm = ctx.optional_input(21) != nullptr;
  if (output.elements != int64_t{p.batches} * p.time_steps * p.output_size) {
    throw ImportError("output " + describe(output) + " is not [batch, time, output_size]");
  }
  const int64_t gates = p.cifg ? 3 : 4;
  p.macs = int64_t{p.batches} * p.time_steps * gates * p.cell_size * (int64_t{p.input_size} + p.output_size);
  if (p.has_projection) p.macs += int64_t{p.batches} * p.time_steps * p.cell_size * p.output_size;
  for (size_t i = 1; i <= 17 && i < ctx.node().inputs.size(); ++i) {
    if (const GraphTensor* t = ctx.optional_input(i); t != nullptr && t->constant) p.weight_bytes += t->bytes;
  }
  return p;
}

}  // namespace cmnn::tool::detail
