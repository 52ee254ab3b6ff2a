// CMSIS-NN API handlers of the stateful ops: arm_svdf_s8 / arm_svdf_state_s16_s8 (every step of
// input_sequence in turn on the state, the last output compared, as CMSIS-NN's tests do; the
// kernel sums in ctx as TFLM stores them) and arm_lstm_unidirectional_s8 / _s16.
#include <cstring>

#include "api_support.h"

namespace cmnn::vectors::api {
namespace {

template <typename State>
void svdf(const Case& c, Outcome* o) {
  const bool s8_state = sizeof(State) == 1;
  const char* state_dt = s8_state ? "int8" : "int16";
  const int32_t batches = cfg(c, "INPUT_BATCHES", 0), input_size = cfg(c, "INPUT_SIZE", 0);
  const int32_t features = cfg(c, "FEATURE_BATCHES", 0), rank = cfg(c, "RANK", 0), time = cfg(c, "TIME_BATCHES", 0);
  if (batches <= 0 || input_size <= 0 || rank <= 0 || time <= 0 || features % rank != 0)
    return fail(o, "config is not a valid svdf shape");
  const Array seq = c.array("input_sequence", "int8"), wf = c.array("weights_feature", "int8");
  const Array wt = c.array("weights_time", state_dt), state0 = c.array("state", state_dt);
  const Array bias = c.array("biases", "int32"), expected = c.array("output_ref", "int8");
  if (!seq.present() || !wf.present() || !wt.present() || !state0.present() || !expected.present())
    return fail(o, "missing array");
  const int32_t units = features / rank;
  const size_t step = static_cast<size_t>(batches) * input_size;
  const size_t state_bytes = static_cast<size_t>(batches) * features * time * sizeof(State);
  if (seq.count % step != 0 || expected.count != static_cast<size_t>(batches) * units ||
      state0.count * sizeof(State) != state_bytes)
    return fail(o, "array sizes do not match the config");
  const cmsis_nn_svdf_params sp{rank, cfg(c, "INPUT_OFFSET", 0), cfg(c, "OUTPUT_OFFSET", 0),
                                cmsis_nn_activation{cfg(c, "IN_ACTIVATION_MIN", 0), cfg(c, "IN_ACTIVATION_MAX", 0)},
                                cmsis_nn_activation{cfg(c, "OUT_ACTIVATION_MIN", 0), cfg(c, "OUT_ACTIVATION_MAX", 0)}};
  const cmsis_nn_per_tensor_quant_params in_q{cfg(c, "MULTIPLIER_IN", 0), cfg(c, "SHIFT_1", 0)};
  const cmsis_nn_per_tensor_quant_params out_q{cfg(c, "MULTIPLIER_OUT", 0), cfg(c, "SHIFT_2", 0)};
  const cmsis_nn_dims in_d = dims(batches, input_size, 1, 1), wf_d = dims(features, input_size, 1, 1);
  const cmsis_nn_dims wt_d = dims(features, time, 1, 1), state_d = dims(batches, features * time, 1, 1);
  const cmsis_nn_dims bias_d = dims(units, 1, 1, 1), out_d = dims(batches, units, 1, 1);
  const size_t mark = test::arena_mark();
  // TFLM's buffers: input_ctx batches * features int32, output_ctx batches * units int32.
  uint8_t* state = test::guarded_alloc(state_bytes);
  uint8_t* in_buf = test::guarded_alloc(static_cast<size_t>(batches) * features * 4);
  uint8_t* out_buf = test::guarded_alloc(static_cast<size_t>(batches) * units * 4);
  if (state == nullptr || in_buf == nullptr || out_buf == nullptr) return fail(o, "arena exhausted");
  std::memcpy(state, state0.data, state_bytes);
  const cmsis_nn_context in_ctx{in_buf, 0}, out_ctx{out_buf, 0};
  const auto call = [&](const cmsis_nn_context* ctx, uint8_t* out) {
    arm_cmsis_nn_status s = ARM_CMSIS_NN_SUCCESS;
    if constexpr (sizeof(State) == 1) {  // the kernel sums, with a state zero point of 0
      if (ctx->buf != nullptr)
        arm_vector_sum_s8(static_cast<int32_t*>(ctx->buf), input_size, features, wf.s8(), -sp.input_offset, 0, nullptr);
    }
    for (size_t t = 0; t < seq.count / step && s == ARM_CMSIS_NN_SUCCESS; ++t) {
      const int8_t* x = seq.s8() + t * step;
      if constexpr (sizeof(State) == 1) {
        s = arm_svdf_s8(ctx, &in_ctx, &out_ctx, &sp, &in_q, &out_q, &in_d, x, &state_d, reinterpret_cast<int8_t*>(state),
                        &wf_d, wf.s8(), &wt_d, static_cast<const int8_t*>(wt.data), &bias_d,
                        bias.present() ? bias.s32() : nullptr, &out_d, reinterpret_cast<int8_t*>(out));
      } else {
        s = arm_svdf_state_s16_s8(&in_ctx, &out_ctx, &sp, &in_q, &out_q, &in_d, x, &state_d,
                                  reinterpret_cast<int16_t*>(state), &wf_d, wf.s8(), &wt_d,
                                  static_cast<const int16_t*>(wt.data), &bias_d, bias.present() ? bias.s32() : nullptr,
                                  &out_d, reinterpret_cast<int8_t*>(out));
      }
    }
    return s;
  };
  const int32_t bytes = s8_state ? arm_svdf_s8_get_buffer_size(&wf_d) : 0;
  const bool same = check_call(o, s8_state ? "arm_svdf_s8" : "arm_svdf_state_s16_s8", bytes, expected.count,
                               expected.data, call);
  const bool guards = test::guards_intact(state, state_bytes) &&
                      test::guards_intact(in_buf, static_cast<size_t>(batches) * features * 4) &&
                      test::guards_intact(out_buf, static_cast<size_t>(batches) * units * 4);
  test::arena_rewind(mark);
  if (!same) return;
  if (!guards) return fail(o, "wrote outside the state or the input/output buffers");
  finish(o);
}

const char* join(char* out, size_t size, const char* a, const char* b) {
  size_t n = 0;
  for (const char* s : {a, b}) {
    for (; *s != '\0' && n + 1 < size; ++s) out[n++] = *s;
  }
  out[n] = '\0';
  return out;
}

// One gate from the case's arrays and config (name: "input", "forget", "cell", "output").
bool gate(const Case& c, const char* name, const char* upper, int32_t input_size, int32_t hidden, bool s16,
          arm_nn_activation_type type, cmsis_nn_lstm_gate* g) {
  char key[64];
  const Array wi = c.array(join(key, sizeof key, name, "_gate_input_weights"), "int8");
  const Array wh = c.array(join(key, sizeof key, name, "_gate_hidden_weights"), "int8");
  const Array bias = c.array(join(key, sizeof key, name, "_gate_bias"), s16 ? "int64" : "int32");
  if (!wi.present() || !wh.present() || wi.count != static_cast<size_t>(hidden) * input_size ||
      wh.count != static_cast<size_t>(hidden) * hidden || (bias.present() && bias.count != static_cast<size_t>(hidden)))
    return false;
  g->input_multiplier = cfg(c, join(key, sizeof key, upper, "_GATE_INPUT_MULTIPLIER"), -1);
  g->input_shift = cfg(c, join(key, sizeof key, upper, "_GATE_INPUT_SHIFT"), 0);
  g->input_weights = wi.data;
  g->input_effective_bias = nullptr;  // CMSIS-NN's precomputed sums: cmnn does not read them
  g->hidden_multiplier = cfg(c, join(key, sizeof key, upper, "_GATE_HIDDEN_MULTIPLIER"), -1);
  g->hidden_shift = cfg(c, join(key, sizeof key, upper, "_GATE_HIDDEN_SHIFT"), 0);
  g->hidden_weights = wh.data;
  g->hidden_effective_bias = nullptr;
  g->bias = bias.present() ? bias.data : nullptr;
  g->activation_type = type;
  return true;
}

template <typename T>
void lstm(const Case& c, Outcome* o) {
  const bool s16 = sizeof(T) == 2;
  cmsis_nn_lstm_params p{};
  p.time_major = cfg(c, "TIME_MAJOR", 0);
  p.batch_size = cfg(c, "BATCH_SIZE", 0);
  p.time_steps = cfg(c, "TIME_STEPS", 0);
  p.input_size = cfg(c, "INPUT_SIZE", 0);
  p.hidden_size = cfg(c, "HIDDEN_SIZE", 0);
  p.input_offset = cfg(c, "INPUT_ZERO_POINT", 0);  // CMSIS-NN adds it to the input: an offset
  p.forget_to_cell_multiplier = cfg(c, "FORGET_TO_CELL_MULTIPLIER", -1);
  p.forget_to_cell_shift = cfg(c, "FORGET_TO_CELL_SHIFT", 0);
  p.input_to_cell_multiplier = cfg(c, "INPUT_TO_CELL_MULTIPLIER", -1);
  p.input_to_cell_shift = cfg(c, "INPUT_TO_CELL_SHIFT", 0);
  p.cell_clip = cfg(c, "CELL_CLIP", 0);  // 0 means no clip, as TFLM passes it
  p.cell_scale_power = cfg(c, "CELL_SCALE_POWER", 0);
  p.output_multiplier = cfg(c, "OUTPUT_MULTIPLIER", -1);
  p.output_shift = cfg(c, "OUTPUT_SHIFT", 0);
  p.output_offset = cfg(c, "OUTPUT_ZERO_POINT", 0);
  if (p.batch_size <= 0 || p.time_steps <= 0 || p.input_size <= 0 || p.hidden_size <= 0)
    return fail(o, "config is not a valid lstm shape");
  if (!gate(c, "forget", "FORGET", p.input_size, p.hidden_size, s16, ARM_SIGMOID, &p.forget_gate) ||
      !gate(c, "input", "INPUT", p.input_size, p.hidden_size, s16, ARM_SIGMOID, &p.input_gate) ||
      !gate(c, "cell", "CELL", p.input_size, p.hidden_size, s16, ARM_TANH, &p.cell_gate) ||
      !gate(c, "output", "OUTPUT", p.input_size, p.hidden_size, s16, ARM_SIGMOID, &p.output_gate))
    return fail(o, "missing or mis-sized gate array");
  const char* dt = s16 ? "int16" : "int8";
  const Array input = c.array("input_tensor", dt), expected = c.array("output", dt);
  if (!input.present() || !expected.present()) return fail(o, "missing array");
  const size_t rows = static_cast<size_t>(p.batch_size) * p.time_steps;
  const size_t state_bytes = static_cast<size_t>(p.batch_size) * p.hidden_size * 2;
  if (input.count != rows * p.input_size || expected.count != rows * p.hidden_size)
    return fail(o, "array sizes do not match the config");
  const size_t mark = test::arena_mark();
  uint8_t* temp1 = test::guarded_alloc(state_bytes);
  uint8_t* temp2 = test::guarded_alloc(state_bytes);
  uint8_t* cell = test::guarded_alloc(state_bytes);
  if (temp1 == nullptr || temp2 == nullptr || cell == nullptr) return fail(o, "arena exhausted");
  std::memset(cell, 0x5A, state_bytes);  // no hidden state: the call must zero the cell state itself
  cmsis_nn_lstm_context buffers{temp1, temp2, cell, nullptr};
  const auto call = [&](const cmsis_nn_context*, uint8_t* out) {
    if constexpr (sizeof(T) == 1)
      return arm_lstm_unidirectional_s8(input.s8(), reinterpret_cast<int8_t*>(out), &p, &buffers);
    else
      return arm_lstm_unidirectional_s16(input.s16(), reinterpret_cast<int16_t*>(out), &p, &buffers);
  };
  bool same = check_call(o, s16 ? "arm_lstm_unidirectional_s16" : "arm_lstm_unidirectional_s8", 0,
                         expected.count * sizeof(T), expected.data, call);
  // TFLM passes cell_clip 0 for "no clip": the same results as the widest clip.
  if (same && p.cell_clip == 32767) {
    p.cell_clip = 0;
    same = check_call(o, "cell_clip=0", 0, expected.count * sizeof(T), expected.data, call);
  }
  const bool guards = test::guards_intact(temp1, state_bytes) && test::guards_intact(temp2, state_bytes) &&
                      test::guards_intact(cell, state_bytes);
  test::arena_rewind(mark);
  if (!same) return;
  if (!guards) return fail(o, "wrote outside its temp or cell-state buffers");
  finish(o);
}

const HandlerRegistration kSvdfS8("arm_svdf_s8", svdf<int8_t>);
const HandlerRegistration kSvdfS16("arm_svdf_state_s16_s8", svdf<int16_t>);
const HandlerRegistration kLstmS8("arm_lstm_unidirectional_s8", lstm<int8_t>);
const HandlerRegistration kLstmS16("arm_lstm_unidirectional_s16", lstm<int16_t>);

}  // namespace
}  // namespace cmnn::vectors::api
