// SVDF, int8 input/output/weights_feature with int16 weights_time and state (svdf_state_s16_s8) or
// int8 weights_time and state (svdf_s8, TFLM's "int8 state"), as TFLM's EvalIntegerSvdfReference:
// the fused activation is not applied (TFLM's integer path clamps to int8 only), the state zero
// point is added when a state value is stored and removed when it is read. The activation state is
// a variable tensor (layer state 0), updated in place at every invocation. The rescales are derived
// in graph/derive_sequence.cpp (SvdfParams).
#include <cmath>

#include "cmnn/svdf.h"
#include "ops/op_support.h"

namespace cmnn::tool::ops {

namespace {

namespace lib = ::cmnn;

std::vector<ParamField> svdf_fields(const lib::SvdfParams& p) {
  return {CMNN_FIELD(batches),           CMNN_FIELD(input_size),       CMNN_FIELD(feature_batches),
          CMNN_FIELD(rank),              CMNN_FIELD(time_batches),     CMNN_FIELD(input_offset),
          CMNN_FIELD(output_offset),     CMNN_FIELD(input_multiplier), CMNN_FIELD(input_shift),
          CMNN_FIELD(output_multiplier), CMNN_FIELD(output_shift),     CMNN_FIELD(state_min),
          CMNN_FIELD(state_max),         CMNN_FIELD(activation_min),   CMNN_FIELD(activation_max),
          CMNN_FIELD(state_zero_point)};
}

const CallSpec<lib::SvdfParams, lib::SvdfS8Args> kState8 = {
    "svdf_s8", "cmnn/svdf.h", "cmnn::SvdfParams", "cmnn::SvdfS8Args",
    lib::svdf_s8_variants, lib::svdf_s8_run_variant, svdf_fields};
const CallSpec<lib::SvdfParams, lib::SvdfS16StateArgs> kState16 = {
    "svdf_state_s16_s8", "cmnn/svdf.h", "cmnn::SvdfParams", "cmnn::SvdfS16StateArgs",
    lib::svdf_state_s16_s8_variants, lib::svdf_state_s16_s8_run_variant, svdf_fields};

bool valid_requant(const QuantizedMultiplier& m) { return m.multiplier >= 0 && m.shift >= -31 && m.shift <= 30; }

void lower(LowerContext& ctx) {
  const auto* s = std::get_if<SvdfParams>(&ctx.node.params);
  if (s == nullptr) throw Unsupported("SVDF parameters were not derived");
  ctx.expect_arity(5, 5, 1);
  const GraphTensor& time = ctx.input(2);
  const GraphTensor& state_t = ctx.input(4);
  if (state_t.type != TensorType::kInt8 && state_t.type != TensorType::kInt16) {
    throw Unsupported(std::string("SVDF with a ") + type_name(state_t.type) + " state has no cmnn kernel");
  }
  if (time.type != state_t.type) {
    throw Unsupported(std::string("SVDF: weights_time (") + type_name(time.type) + ") and activation_state (" +
                      type_name(state_t.type) + ") types differ");
  }
  const bool state8 = state_t.type == TensorType::kInt8;
  if (!state8 && s->state_zero_point != 0) {
    throw Unsupported("SVDF: int16 activation_state with a non-zero zero point");
  }
  if (s->batches <= 0 || s->input_size <= 0 || s->num_filters <= 0 || s->memory_size <= 0) {
    throw Unsupported("SVDF: empty tensor");
  }
  if (ctx.has_input(3)) {
    // TFLM PrepareSvdf: the bias scale must be activation_state scale x weights_time scale (1e-5).
    const GraphTensor& bias = ctx.input(3);
    // A bias without quantization reads as scale 0, as in TFLM.
    const float bias_scale = bias.quant.quantized() ? bias.quant.scale[0] : 0.0f;
    const Quant sq = activation_quant(state_t, "activation_state"), tq = activation_quant(time, "weights_time");
    const float product = sq.scale * tq.scale;
    if (!(std::abs(static_cast<double>(bias_scale) - static_cast<double>(product)) < 1e-5)) {
      throw ImportError("SVDF: bias scale is not activation_state scale x weights_time scale");
    }
  }
  if (!valid_requant(s->effective_scale_1) || !valid_requant(s->effective_scale_2)) {
    throw Unsupported("SVDF: rescale out of the kernel's range");
  }

  lib::SvdfParams p;
  p.batches = s->batches, p.input_size = s->input_size, p.feature_batches = s->num_filters, p.rank = s->rank;
  p.time_batches = s->memory_size;
  p.input_offset = -s->input_zero_point, p.output_offset = s->output_zero_point;
  p.input_multiplier = s->effective_scale_1.multiplier, p.input_shift = s->effective_scale_1.shift;
  p.output_multiplier = s->effective_scale_2.multiplier, p.output_shift = s->effective_scale_2.shift;
  p.state_min = type_min(state_t.type), p.state_max = type_max(state_t.type);
  p.activation_min = -128, p.activation_max = 127;  // TFLM ignores the fused activation of integer SVDF
  p.state_zero_point = s->state_zero_point;

  Layer& l = ctx.add_layer();
  l.inputs = {ctx.node.inputs[0]};
  l.outputs = {ctx.node.outputs[0]};
  l.states = {ctx.node.inputs[4]};
  l.macs = s->macs;
  l.constants.push_back(int8_constant(ctx.graph, ctx.node.inputs[1], "weights_feature"));
  l.constants.push_back(tensor_constant(ctx.graph, ctx.node.inputs[2], time.type, "weights_time"));
  const bool has_bias = ctx.has_input(3);
  if (has_bias) l.constants.push_back(int32_constant(ctx.graph, ctx.node.inputs[3], "bias"));
  const ArgSource bias_src = has_bias ? constant("bias") : null_arg();
  if (state8) {
    using A = lib::SvdfS8Args;
    l.call = make_call(kState8, p,
                       {CMNN_ARG(A, input, in(0)), CMNN_ARG(A, weights_feature, constant("weights_feature")),
                        CMNN_ARG(A, weights_time, constant("weights_time")), CMNN_ARG(A, bias, bias_src),
                        CMNN_ARG(A, state, state(0)), CMNN_ARG(A, output, out(0))});
  } else {
    using A = lib::SvdfS16StateArgs;
    l.call = make_call(kState16, p,
                       {CMNN_ARG(A, input, in(0)), CMNN_ARG(A, weights_feature, constant("weights_feature")),
                        CMNN_ARG(A, weights_time, constant("weights_time")), CMNN_ARG(A, bias, bias_src),
                        CMNN_ARG(A, state, state(0)), CMNN_ARG(A, output, out(0))});
  }
}

}  // namespace

extern const OpDef kSvdf = {tflite::op::kSvdf, "svdf", lower, detail::derive_svdf};

}  // namespace cmnn::tool::ops
