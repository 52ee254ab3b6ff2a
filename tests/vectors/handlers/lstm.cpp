// Vector handlers of lstm_s8 (arm_lstm_unidirectional_s8) and lstm_s16
// (arm_lstm_unidirectional_s16): cell state starts at zero and no hidden state is given (as the
// CMSIS-NN tests: their stateful case starts the hidden state at the zero point, the same
// thing); the whole output sequence is compared. Every variant; guard bytes.
#include <initializer_list>

#include "cmnn/lstm.h"
#include "handler_support.h"

namespace cmnn::vectors {
namespace {


// a + b into out (truncated to size); snprintf would pull newlib's heap into the firmware.
const char* join(char* out, size_t size, const char* a, const char* b) {
  size_t n = 0;
  for (const char* s : {a, b}) {
    for (; *s != '\0' && n + 1 < size; ++s) out[n++] = *s;
  }
  out[n] = '\0';
  return out;
}

void gate_quant(const Case& c, const char* name, LstmGateQuant* q) {
  char key[64];
  q->input_multiplier = cfg(c, join(key, sizeof key, name, "_GATE_INPUT_MULTIPLIER"), -1);
  q->input_shift = cfg(c, join(key, sizeof key, name, "_GATE_INPUT_SHIFT"), 0);
  q->hidden_multiplier = cfg(c, join(key, sizeof key, name, "_GATE_HIDDEN_MULTIPLIER"), -1);
  q->hidden_shift = cfg(c, join(key, sizeof key, name, "_GATE_HIDDEN_SHIFT"), 0);
}

template <typename T, typename Bias>
bool gate_tensors(const Case& c, const char* name, const LstmParams& p, typename LstmTensors<T, Bias>::Gate* g) {
  char role[64];
  const Array wi = c.array(join(role, sizeof role, name, "_gate_input_weights"), "int8");
  const Array wh = c.array(join(role, sizeof role, name, "_gate_hidden_weights"), "int8");
  const Array bias = c.array(join(role, sizeof role, name, "_gate_bias"), sizeof(Bias) == 4 ? "int32" : "int64");
  if (!wi.present() || !wh.present() || wi.count != static_cast<size_t>(p.hidden_size) * p.input_size ||
      wh.count != static_cast<size_t>(p.hidden_size) * p.hidden_size ||
      (bias.present() && bias.count != static_cast<size_t>(p.hidden_size)))
    return false;
  g->input_weights = wi.s8();
  g->hidden_weights = wh.s8();
  g->bias = bias.present() ? static_cast<const Bias*>(bias.data) : nullptr;
  return true;
}

template <typename T, typename Bias>
void run_lstm(const Case& c, Outcome* o, const Variant<LstmParams, LstmTensors<T, Bias>>* table, size_t count,
              Status (*run_variant)(const Variant<LstmParams, LstmTensors<T, Bias>>&, const LstmParams&,
                                    const LstmTensors<T, Bias>&, void*, size_t)) {
  LstmParams p;
  p.time_major = cfg(c, "TIME_MAJOR", 0) != 0;
  p.batches = cfg(c, "BATCH_SIZE", 0);
  p.time_steps = cfg(c, "TIME_STEPS", 0);
  p.input_size = cfg(c, "INPUT_SIZE", 0);
  p.hidden_size = cfg(c, "HIDDEN_SIZE", 0);
  p.input_offset = cfg(c, "INPUT_ZERO_POINT", 0);  // CMSIS-NN adds it to the input: an offset
  p.output_offset = cfg(c, "OUTPUT_ZERO_POINT", 0);
  p.forget_to_cell_multiplier = cfg(c, "FORGET_TO_CELL_MULTIPLIER", -1);
  p.forget_to_cell_shift = cfg(c, "FORGET_TO_CELL_SHIFT", 0);
  p.input_to_cell_multiplier = cfg(c, "INPUT_TO_CELL_MULTIPLIER", -1);
  p.input_to_cell_shift = cfg(c, "INPUT_TO_CELL_SHIFT", 0);
  p.cell_clip = cfg(c, "CELL_CLIP", 32767);
  p.cell_scale_power = cfg(c, "CELL_SCALE_POWER", 0);
  p.output_multiplier = cfg(c, "OUTPUT_MULTIPLIER", -1);
  p.output_shift = cfg(c, "OUTPUT_SHIFT", 0);
  gate_quant(c, "INPUT", &p.input_gate);
  gate_quant(c, "FORGET", &p.forget_gate);
  gate_quant(c, "CELL", &p.cell_gate);
  gate_quant(c, "OUTPUT", &p.output_gate);
  if (p.batches <= 0 || p.time_steps <= 0 || p.input_size <= 0 || p.hidden_size <= 0)
    return fail(o, "config is not a valid lstm shape");
  const char* dtype = sizeof(T) == 1 ? "int8" : "int16";
  const Array input = c.array("input_tensor", dtype), expected = c.array("output", dtype);
  LstmTensors<T, Bias> args;
  if (!input.present() || !expected.present()) return fail(o, "missing array");
  if (!gate_tensors<T, Bias>(c, "input", p, &args.input_gate) || !gate_tensors<T, Bias>(c, "forget", p, &args.forget_gate) ||
      !gate_tensors<T, Bias>(c, "cell", p, &args.cell_gate) || !gate_tensors<T, Bias>(c, "output", p, &args.output_gate))
    return fail(o, "missing or mis-sized gate array");
  const size_t rows = static_cast<size_t>(p.batches) * p.time_steps;
  const size_t out_count = rows * p.hidden_size, cell_count = static_cast<size_t>(p.batches) * p.hidden_size;
  if (input.count != rows * p.input_size || expected.count != out_count)
    return fail(o, "array sizes do not match the config");
  args.input = static_cast<const T*>(input.data);
  for (size_t i = 0; i < count; ++i) {
    const auto& v = table[i];
    if (!isa_runnable(v.isa) || !v.supports(p)) continue;
    const size_t mark = test::arena_mark();
    const size_t scratch_bytes = v.scratch_bytes(p), out_bytes = out_count * sizeof(T);
    uint8_t* out = guarded(out_bytes);
    uint8_t* cell = guarded(cell_count * 2);
    uint8_t* scratch = guarded(scratch_bytes);
    if (out == nullptr || cell == nullptr || scratch == nullptr) return fail(o, "arena exhausted");
    std::memset(cell, 0, cell_count * 2);
    args.cell_state = reinterpret_cast<int16_t*>(cell);
    args.output = reinterpret_cast<T*>(out);
    const Status st = run_variant(v, p, args, scratch, scratch_bytes);
    if (st != Status::kOk) return fail(o, "%s returned %s", v.id, status_name(st));
    if (!guards_intact(out, out_bytes) || !guards_intact(cell, cell_count * 2) ||
        !guards_intact(scratch, scratch_bytes))
      return fail(o, "%s wrote outside its output, cell state or scratch", v.id);
    if (!compare_variant(o, v.id, out, expected.data, out_bytes)) return;
    test::arena_rewind(mark);
  }
  finish(o);
}

void run_lstm_s8(const Case& c, Outcome* o) {
  size_t count = 0;
  const auto* table = lstm_s8_variants(&count);
  run_lstm<int8_t, int32_t>(c, o, table, count, lstm_s8_run_variant);
}

void run_lstm_s16(const Case& c, Outcome* o) {
  size_t count = 0;
  const auto* table = lstm_s16_variants(&count);
  run_lstm<int16_t, int64_t>(c, o, table, count, lstm_s16_run_variant);
}

const HandlerRegistration kLstmS8("arm_lstm_unidirectional_s8", run_lstm_s8);
const HandlerRegistration kLstmS16("arm_lstm_unidirectional_s16", run_lstm_s16);

}  // namespace
}  // namespace cmnn::vectors
