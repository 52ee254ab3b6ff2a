// MUL, int8 and int16, up to 6-D broadcasting: same shape runs mul_s8 / mul_s16 (with their DSP
// variants), broadcasting runs mul_broadcast_*; mul_broadcast_params holds TFLM's Prepare
// arithmetic. The output may overwrite an input that does not broadcast.
#include <algorithm>

#include "cmnn/elementwise.h"
#include "ops/op_support.h"

namespace cmnn::tool::ops {

namespace {

namespace lib = ::cmnn;

#define CMNN_DIMS6(name)                                                                                   \
  CMNN_FIELD(name[0]), CMNN_FIELD(name[1]), CMNN_FIELD(name[2]), CMNN_FIELD(name[3]), CMNN_FIELD(name[4]), \
      CMNN_FIELD(name[5])

std::vector<ParamField> mul_fields(const lib::MulParams& p) {
  return {CMNN_FIELD(size),          CMNN_FIELD(input1_offset),     CMNN_FIELD(input2_offset),
          CMNN_FIELD(output_offset), CMNN_FIELD(output_multiplier), CMNN_FIELD(output_shift),
          CMNN_FIELD(activation_min), CMNN_FIELD(activation_max)};
}
std::vector<ParamField> broadcast_fields(const lib::MulBroadcastParams& p) {
  return {CMNN_DIMS6(input1_dims),    CMNN_DIMS6(input2_dims),       CMNN_DIMS6(output_dims),
          CMNN_FIELD(input1_offset),  CMNN_FIELD(input2_offset),     CMNN_FIELD(output_offset),
          CMNN_FIELD(output_multiplier), CMNN_FIELD(output_shift),   CMNN_FIELD(activation_min),
          CMNN_FIELD(activation_max)};
}
#undef CMNN_DIMS6

template <typename T>
using Args = lib::BinaryArgs<T>;
using BP = lib::MulBroadcastParams;
const CallSpec<lib::MulParams, Args<int8_t>> kS8 = {"mul_s8", "cmnn/elementwise.h", "cmnn::MulParams",
                                                    "cmnn::BinaryArgs<int8_t>", lib::mul_s8_variants,
                                                    lib::mul_s8_run_variant, mul_fields};
const CallSpec<lib::MulParams, Args<int16_t>> kS16 = {"mul_s16", "cmnn/elementwise.h", "cmnn::MulParams",
                                                      "cmnn::BinaryArgs<int16_t>", lib::mul_s16_variants,
                                                      lib::mul_s16_run_variant, mul_fields};
const CallSpec<BP, Args<int8_t>> kBcS8 = {"mul_broadcast_s8", "cmnn/elementwise.h", "cmnn::MulBroadcastParams",
                                          "cmnn::BinaryArgs<int8_t>", lib::mul_broadcast_s8_variants,
                                          lib::mul_broadcast_s8_run_variant, broadcast_fields};
const CallSpec<BP, Args<int16_t>> kBcS16 = {"mul_broadcast_s16", "cmnn/elementwise.h", "cmnn::MulBroadcastParams",
                                            "cmnn::BinaryArgs<int16_t>", lib::mul_broadcast_s16_variants,
                                            lib::mul_broadcast_s16_run_variant, broadcast_fields};

template <typename P, typename T>
std::shared_ptr<const LayerCall> call(const CallSpec<P, Args<T>>& spec, const P& p) {
  using A = Args<T>;
  return make_call(spec, p, {CMNN_ARG(A, input1, in(0)), CMNN_ARG(A, input2, in(1)), CMNN_ARG(A, output, out(0))});
}

void lower(LowerContext& ctx) {
  lib::MulBroadcastParams dims;
  bool s16 = false;
  Layer& l = broadcast_binary_layer(ctx, dims.input1_dims, dims.input2_dims, dims.output_dims, &s16);
  const Quant a = activation_quant(ctx.input(0), "input 1");
  const Quant b = activation_quant(ctx.input(1), "input 2");
  const Quant o = activation_quant(ctx.output(0), "output");
  const ActivationRange r = detail::fused_range(ctx.options<tflite::MulOptions>().activation, ctx.output(0));
  lib::MulBroadcastParams q =
      lib::mul_broadcast_params(a.scale, a.zero_point, b.scale, b.zero_point, o.scale, o.zero_point, r.min, r.max);
  std::copy(dims.input1_dims, dims.input1_dims + 6, q.input1_dims);
  std::copy(dims.input2_dims, dims.input2_dims + 6, q.input2_dims);
  std::copy(dims.output_dims, dims.output_dims + 6, q.output_dims);
  if (!l.in_place) {  // a broadcast
    l.call = s16 ? call(kBcS16, q) : call(kBcS8, q);
    return;
  }
  lib::MulParams s;
  s.size = static_cast<int32_t>(ctx.output(0).elements);
  s.input1_offset = q.input1_offset, s.input2_offset = q.input2_offset;
  s.output_offset = q.output_offset, s.output_multiplier = q.output_multiplier, s.output_shift = q.output_shift;
  s.activation_min = q.activation_min, s.activation_max = q.activation_max;
  l.call = s16 ? call(kS16, s) : call(kS8, s);
}

}  // namespace

extern const OpDef kMul = {tflite::op::kMul, "mul", lower};

}  // namespace cmnn::tool::ops
