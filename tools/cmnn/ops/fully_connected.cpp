// FULLY_CONNECTED: int8 (fully_connected_s8, with offline kernel sums or int16-packed weights when
// that unlocks a faster variant on the core), 16x8 with int64 or int32 bias (fully_connected_s16), int8
// activations with int4 weights (fully_connected_s4, per-tensor).
#include "cmnn/fully_connected.h"
#include "cmnn/fully_connected_s16.h"
#include "cmnn/fully_connected_s4.h"
#include "ops/fully_connected_s8_lowering.h"
#include "ops/op_support.h"

namespace cmnn::tool::ops {

namespace {

namespace lib = ::cmnn;

std::vector<ParamField> fc_fields(const lib::FullyConnectedParams& p) {
  return {CMNN_FIELD(batches),        CMNN_FIELD(input_depth),    CMNN_FIELD(output_depth),
          CMNN_FIELD(input_offset),   CMNN_FIELD(filter_offset),  CMNN_FIELD(output_offset),
          CMNN_FIELD(activation_min), CMNN_FIELD(activation_max), CMNN_FIELD(per_channel),
          CMNN_FIELD(has_kernel_sums), CMNN_FIELD(has_packed_weights), CMNN_FIELD(packed_weights_only),
          CMNN_FIELD(has_pair_weights), CMNN_FIELD(pairs_raw_input)};
}

const CallSpec<lib::FullyConnectedParams, lib::FullyConnectedS8Args> kS8 = {
    "fully_connected_s8", "cmnn/fully_connected.h", "cmnn::FullyConnectedParams", "cmnn::FullyConnectedS8Args",
    lib::fully_connected_s8_variants, lib::fully_connected_s8_run_variant, fc_fields};
const CallSpec<lib::FullyConnectedParams, lib::FullyConnectedS16Args> kS16 = {
    "fully_connected_s16", "cmnn/fully_connected_s16.h", "cmnn::FullyConnectedParams", "cmnn::FullyConnectedS16Args",
    lib::fully_connected_s16_variants, lib::fully_connected_s16_run_variant, fc_fields};
const CallSpec<lib::FullyConnectedParams, lib::FullyConnectedS4Args> kS4 = {
    "fully_connected_s4", "cmnn/fully_connected_s4.h", "cmnn::FullyConnectedParams", "cmnn::FullyConnectedS4Args",
    lib::fully_connected_s4_variants, lib::fully_connected_s4_run_variant, fc_fields};

void note_dropped_pack(Layer& l, const Choice& packed, int64_t budget) {
  if (packed.index >= l.candidates.size()) return;
  l.candidates[packed.index].verdict =
      "rejected: packed copy dropped by the weight budget (" + std::to_string(budget) + " bytes)";
}

}  // namespace

void lower_fully_connected_s8(LowerContext& ctx, const lib::FullyConnectedParams& p, bool has_bias, Layer& l) {
  using A = lib::FullyConnectedS8Args;
  const std::vector<ArgDef<A>> args = {
      CMNN_ARG(A, input, in(0)), CMNN_ARG(A, weights, constant("weights")),
      CMNN_ARG(A, bias, has_bias ? constant("bias") : null_arg()), CMNN_ARG(A, multiplier, constant("multiplier")),
      CMNN_ARG(A, shift, constant("shift")), CMNN_ARG(A, kernel_sums, constant("kernel_sums")),
      CMNN_ARG(A, packed_weights, constant("packed_weights")), CMNN_ARG(A, output, out(0)),
      CMNN_ARG(A, pair_weights, constant("pair_weights"))};
  // Offline data (kernel sums, packed int16 weights) is prepared only when it unlocks a faster
  // variant on this core: select without it, with sums, with packed weights; the earliest table
  // entry (fastest first) wins, and only the data that entry reads is emitted.
  const Choice plain = make_call(kS8, p, args)->choose(ctx.target);
  lib::FullyConnectedParams with_sums = p;
  with_sums.has_kernel_sums = true;
  const Choice summed = make_call(kS8, with_sums, args)->choose(ctx.target);
  lib::FullyConnectedParams with_packed = p;
  with_packed.has_packed_weights = true;
  const Choice packed = make_call(kS8, with_packed, args)->choose(ctx.target);
  auto earlier = [](const Choice& a, const Choice& b) { return a.found && (!b.found || a.index < b.index); };
  // The pairs variant: the weights reordered (as many bytes) plus kernel sums; select/drop_int8.h
  // then leaves the int8 weights out, so the copy costs no flash (dropped like a packed copy when
  // the int8 weights must stay and the budget is short).
  lib::FullyConnectedParams with_pairs = with_sums;
  with_pairs.has_pair_weights = true;
  // The input lanes' scratch (2 * input_depth) buys cycles only in the single-issue DSP loops of
  // the Cortex-M4 and M33 (docs/variants.md, "AD input lanes"); elsewhere the variant reads the raw
  // input and needs no scratch.
  with_pairs.pairs_raw_input = !(ctx.target == Target::kCortexM4 || ctx.target == Target::kCortexM33);
  const Choice paired = make_call(kS8, with_pairs, args)->choose(ctx.target);
  // Ranked before packed, except where the core's cost table puts packed below it: shallow layers
  // on the Cortex-M7 (AD's 8->128: 3,340 against 2,644 est. m7 cycles), whose pairs code is C
  // around a dual-issue block, while the M4's whole-layer loops win there.
  const bool pairs_win = earlier(paired, plain) && earlier(paired, summed) && earlier(paired, packed) &&
                         !costs_less(ctx.target, packed, paired, l.macs, int64_t{p.batches} * p.output_depth);
  const bool packed_wins = earlier(packed, plain) && !earlier(summed, packed);
  const int8_t* weights = l.constant("weights")->as<int8_t>();
  if (pairs_win && ctx.may_copy()) {
    const ConstArray* bias = l.constant("bias");
    std::vector<int32_t> sums(static_cast<size_t>(p.output_depth));
    lib::Status s =
        lib::fully_connected_s8_prepare(with_sums, weights, bias ? bias->as<int32_t>() : nullptr, sums.data());
    std::vector<int8_t> w(static_cast<size_t>(p.output_depth) * static_cast<size_t>(p.input_depth));
    if (s == lib::Status::kOk) s = lib::fully_connected_s8_pair_weights(with_pairs, weights, w.data(), w.size());
    if (s != lib::Status::kOk) throw Unsupported(std::string("fully_connected_s8 pairs: ") + lib::status_name(s));
    l.constants.push_back(values("kernel_sums", sums));
    l.constants.push_back(values("pair_weights", w));
    l.call = make_call(kS8, with_pairs, args);
    select_variant(l, ctx.target);
    return;
  }
  if (packed_wins && ctx.may_copy()) {
    std::vector<int16_t> w(lib::fully_connected_s8_packed_count(with_packed));
    const lib::Status s = lib::fully_connected_s8_pack(with_packed, weights, w.data(), w.size());
    if (s != lib::Status::kOk) throw Unsupported(std::string("fully_connected_s8_pack: ") + lib::status_name(s));
    l.constants.push_back(values("packed_weights", w));
    l.call = make_call(kS8, with_packed, args);
    select_variant(l, ctx.target);
    return;
  }
  if (earlier(summed, plain)) {
    const ConstArray* bias = l.constant("bias");
    std::vector<int32_t> sums(static_cast<size_t>(p.output_depth));
    const lib::Status s =
        lib::fully_connected_s8_prepare(with_sums, weights, bias ? bias->as<int32_t>() : nullptr, sums.data());
    if (s != lib::Status::kOk) throw Unsupported(std::string("fully_connected_s8_prepare: ") + lib::status_name(s));
    l.constants.push_back(values("kernel_sums", sums));
    l.call = make_call(kS8, with_sums, args);
    select_variant(l, ctx.target);
    if (packed_wins) note_dropped_pack(l, packed, ctx.weight_budget);
    return;
  }
  l.call = make_call(kS8, p, args);
  select_variant(l, ctx.target);
  if (packed_wins) note_dropped_pack(l, packed, ctx.weight_budget);
}

namespace {

void lower(LowerContext& ctx) {
  const auto* f = std::get_if<FullyConnectedParams>(&ctx.node.params);
  if (f == nullptr) throw Unsupported("FULLY_CONNECTED parameters were not derived");
  const GraphTensor& input = ctx.input(0);
  const GraphTensor& filter = ctx.graph.tensors.at(static_cast<size_t>(f->filter_tensor));
  Layer& l = ctx.add_layer();
  l.inputs = {ctx.node.inputs[0]};
  l.outputs = {ctx.node.outputs[0]};
  l.macs = f->macs;
  lib::FullyConnectedParams p;
  p.batches = f->batches, p.input_depth = f->accum_depth, p.output_depth = f->units;
  p.input_offset = f->input_offset, p.filter_offset = f->filter_offset, p.output_offset = f->output_offset;
  p.activation_min = f->act.min, p.activation_max = f->act.max;
  p.per_channel = f->rescale.per_channel;
  const bool has_bias = f->bias_tensor >= 0;
  const TensorType bias_type = has_bias ? ctx.graph.tensors.at(static_cast<size_t>(f->bias_tensor)).type : TensorType::kInt32;
  l.constants.push_back(tensor_constant(ctx.graph, f->filter_tensor, filter.type, "weights"));
  if (has_bias) l.constants.push_back(tensor_constant(ctx.graph, f->bias_tensor, bias_type, "bias"));
  l.constants.push_back(values("multiplier", f->rescale.multiplier));
  l.constants.push_back(values("shift", f->rescale.shift));
  if (input.type == TensorType::kInt16) {
    // TFLM: an int64 bias means int64 accumulation, an int32 bias int32 accumulation (bias32);
    // without a bias, quantized_bias_type INT32 (schema TensorType 2) also selects int32
    // accumulation, which bias32 = zeros reproduces exactly.
    if (has_bias && bias_type != TensorType::kInt64 && bias_type != TensorType::kInt32) {
      throw Unsupported("16x8 FULLY_CONNECTED: bias must be int64 or int32");
    }
    constexpr int8_t kSchemaInt32 = 2;
    const bool zero_bias32 = !has_bias && ctx.options<tflite::FullyConnectedOptions>().quantized_bias_type == kSchemaInt32;
    if (zero_bias32) l.constants.push_back(values("bias", std::vector<int32_t>(static_cast<size_t>(p.output_depth), 0)));
    const bool bind32 = zero_bias32 || (has_bias && bias_type == TensorType::kInt32);
    using A = lib::FullyConnectedS16Args;
    l.call = make_call(kS16, p,
                       {CMNN_ARG(A, input, in(0)), CMNN_ARG(A, weights, constant("weights")),
                        CMNN_ARG(A, bias, has_bias && bias_type == TensorType::kInt64 ? constant("bias") : null_arg()),
                        CMNN_ARG(A, bias32, bind32 ? constant("bias") : null_arg()),
                        CMNN_ARG(A, multiplier, constant("multiplier")), CMNN_ARG(A, shift, constant("shift")),
                        CMNN_ARG(A, output, out(0))});
    return;
  }
  if (bias_type != TensorType::kInt32) throw Unsupported("int8 FULLY_CONNECTED with a non-int32 bias");
  if (filter.type == TensorType::kInt4) {
    using A = lib::FullyConnectedS4Args;
    l.call = make_call(kS4, p,
                       {CMNN_ARG(A, input, in(0)), CMNN_ARG(A, weights, constant("weights")),
                        CMNN_ARG(A, bias, has_bias ? constant("bias") : null_arg()),
                        CMNN_ARG(A, multiplier, constant("multiplier")), CMNN_ARG(A, shift, constant("shift")),
                        CMNN_ARG(A, output, out(0))});
    return;
  }
  lower_fully_connected_s8(ctx, p, has_bias, l);
}

}  // namespace

extern const OpDef kFullyConnected = {tflite::op::kFullyConnected, "fully_connected", lower, detail::derive_fully_connected};

}  // namespace cmnn::tool::ops
