// Vector handlers of svdf_s8 (arm_svdf_s8) and svdf_state_s16_s8 (arm_svdf_state_s16_s8): as
// CMSIS-NN's tests, every input step of input_sequence runs in turn on the state given, and the
// output of the last step is compared; every variant, guard bytes around output, state, scratch.
#include "cmnn/svdf.h"
#include "handler_support.h"

namespace cmnn::vectors {
namespace {


template <typename State>
void run_svdf(const Case& c, Outcome* o, const Variant<SvdfParams, SvdfTensors<State>>* table, size_t count,
              Status (*run_variant)(const Variant<SvdfParams, SvdfTensors<State>>&, const SvdfParams&,
                                    const SvdfTensors<State>&, void*, size_t),
              const char* state_dtype) {
  SvdfParams p;
  p.batches = cfg(c, "INPUT_BATCHES", 0);
  p.input_size = cfg(c, "INPUT_SIZE", 0);
  p.feature_batches = cfg(c, "FEATURE_BATCHES", 0);
  p.rank = cfg(c, "RANK", 0);
  p.time_batches = cfg(c, "TIME_BATCHES", 0);
  p.input_offset = -cfg(c, "INPUT_OFFSET", 0);  // CMSIS-NN's svdf input_offset is the zero point
  p.output_offset = cfg(c, "OUTPUT_OFFSET", 0);
  p.input_multiplier = cfg(c, "MULTIPLIER_IN", 0);
  p.input_shift = cfg(c, "SHIFT_1", 0);
  p.output_multiplier = cfg(c, "MULTIPLIER_OUT", 0);
  p.output_shift = cfg(c, "SHIFT_2", 0);
  p.state_min = cfg(c, "IN_ACTIVATION_MIN", 0);
  p.state_max = cfg(c, "IN_ACTIVATION_MAX", 0);
  p.activation_min = cfg(c, "OUT_ACTIVATION_MIN", 0);
  p.activation_max = cfg(c, "OUT_ACTIVATION_MAX", 0);
  if (p.batches <= 0 || p.input_size <= 0 || p.rank <= 0 || p.time_batches <= 0 || p.feature_batches % p.rank != 0)
    return fail(o, "config is not a valid svdf shape");
  const Array seq = c.array("input_sequence", "int8"), wf = c.array("weights_feature", "int8");
  const Array wt = c.array("weights_time", state_dtype), state0 = c.array("state", state_dtype);
  const Array bias = c.array("biases", "int32"), expected = c.array("output_ref", "int8");
  if (!seq.present() || !wf.present() || !wt.present() || !state0.present() || !expected.present())
    return fail(o, "missing array");
  const size_t step = static_cast<size_t>(p.batches) * p.input_size;
  const size_t state_count = static_cast<size_t>(p.batches) * p.feature_batches * p.time_batches;
  const size_t out_count = static_cast<size_t>(p.batches) * p.units();
  if (seq.count % step != 0 || wf.count != static_cast<size_t>(p.feature_batches) * p.input_size ||
      wt.count != static_cast<size_t>(p.feature_batches) * p.time_batches || state0.count != state_count ||
      expected.count != out_count || (bias.present() && bias.count != static_cast<size_t>(p.units())))
    return fail(o, "array sizes do not match the config");
  SvdfTensors<State> args;
  args.weights_feature = wf.s8();
  args.weights_time = static_cast<const State*>(wt.data);
  args.bias = bias.present() ? bias.s32() : nullptr;
  for (size_t i = 0; i < count; ++i) {
    const auto& v = table[i];
    if (!isa_runnable(v.isa) || !v.supports(p)) continue;
    const size_t mark = test::arena_mark();
    const size_t scratch_bytes = v.scratch_bytes(p), state_bytes = state_count * sizeof(State);
    uint8_t* out = guarded(out_count);
    uint8_t* state = guarded(state_bytes);
    uint8_t* scratch = guarded(scratch_bytes);
    if (out == nullptr || state == nullptr || scratch == nullptr) return fail(o, "arena exhausted");
    std::memcpy(state, state0.data, state_bytes);
    args.state = reinterpret_cast<State*>(state);
    args.output = reinterpret_cast<int8_t*>(out);
    for (size_t s = 0; s < seq.count / step; ++s) {
      args.input = seq.s8() + s * step;
      const Status st = run_variant(v, p, args, scratch, scratch_bytes);
      if (st != Status::kOk) return fail(o, "%s returned %s", v.id, status_name(st));
    }
    if (!guards_intact(out, out_count) || !guards_intact(state, state_bytes) ||
        !guards_intact(scratch, scratch_bytes))
      return fail(o, "%s wrote outside its output, state or scratch", v.id);
    if (!compare_variant(o, v.id, out, expected.data, out_count)) return;
    test::arena_rewind(mark);
  }
  finish(o);
}

void run_svdf_s8(const Case& c, Outcome* o) {
  size_t count = 0;
  const auto* table = svdf_s8_variants(&count);
  run_svdf<int8_t>(c, o, table, count, svdf_s8_run_variant, "int8");
}

void run_svdf_s16(const Case& c, Outcome* o) {
  size_t count = 0;
  const auto* table = svdf_state_s16_s8_variants(&count);
  run_svdf<int16_t>(c, o, table, count, svdf_state_s16_s8_run_variant, "int16");
}

const HandlerRegistration kSvdfS8("arm_svdf_s8", run_svdf_s8);
const HandlerRegistration kSvdfS16("arm_svdf_state_s16_s8", run_svdf_s16);

}  // namespace
}  // namespace cmnn::vectors
