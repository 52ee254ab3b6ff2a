// ADD and SUB, int8 and int16, up to 6-D broadcasting. Same-shape ADD runs add_s8 / add_s16 (with
// their DSP variants); broadcasting ADD runs add_broadcast_*, SUB runs sub_* (the library's
// add_broadcast_params / sub_params hold TFLM's Prepare arithmetic: left shift 20 for int8, 15 for
// int16, the general int16 path). The output may overwrite an input that does not broadcast.
#include <algorithm>

#include "cmnn/elementwise.h"
#include "ops/op_support.h"

namespace cmnn::tool::ops {

namespace {

namespace lib = ::cmnn;

#define CMNN_DIMS6(name)                                                                                   \
  CMNN_FIELD(name[0]), CMNN_FIELD(name[1]), CMNN_FIELD(name[2]), CMNN_FIELD(name[3]), CMNN_FIELD(name[4]), \
      CMNN_FIELD(name[5])

std::vector<ParamField> add_fields(const lib::AddParams& p) {
  return {CMNN_FIELD(size),          CMNN_FIELD(input1_offset),     CMNN_FIELD(input1_multiplier),
          CMNN_FIELD(input1_shift),  CMNN_FIELD(input2_offset),     CMNN_FIELD(input2_multiplier),
          CMNN_FIELD(input2_shift),  CMNN_FIELD(left_shift),        CMNN_FIELD(output_offset),
          CMNN_FIELD(output_multiplier), CMNN_FIELD(output_shift),  CMNN_FIELD(activation_min),
          CMNN_FIELD(activation_max)};
}
std::vector<ParamField> broadcast_fields(const lib::ArithmeticBroadcastParams& p) {
  return {CMNN_DIMS6(input1_dims),    CMNN_DIMS6(input2_dims),       CMNN_DIMS6(output_dims),
          CMNN_FIELD(input1_offset),  CMNN_FIELD(input1_multiplier), CMNN_FIELD(input1_shift),
          CMNN_FIELD(input2_offset),  CMNN_FIELD(input2_multiplier), CMNN_FIELD(input2_shift),
          CMNN_FIELD(left_shift),     CMNN_FIELD(output_offset),     CMNN_FIELD(output_multiplier),
          CMNN_FIELD(output_shift),   CMNN_FIELD(activation_min),    CMNN_FIELD(activation_max)};
}
#undef CMNN_DIMS6

template <typename T>
using Args = lib::BinaryArgs<T>;
using BP = lib::ArithmeticBroadcastParams;
const CallSpec<lib::AddParams, Args<int8_t>> kAddS8 = {"add_s8", "cmnn/elementwise.h", "cmnn::AddParams",
                                                       "cmnn::BinaryArgs<int8_t>", lib::add_s8_variants,
                                                       lib::add_s8_run_variant, add_fields};
const CallSpec<lib::AddParams, Args<int16_t>> kAddS16 = {"add_s16", "cmnn/elementwise.h", "cmnn::AddParams",
                                                         "cmnn::BinaryArgs<int16_t>", lib::add_s16_variants,
                                                         lib::add_s16_run_variant, add_fields};
const CallSpec<BP, Args<int8_t>> kAddBcS8 = {"add_broadcast_s8", "cmnn/elementwise.h", "cmnn::ArithmeticBroadcastParams",
                                             "cmnn::BinaryArgs<int8_t>", lib::add_broadcast_s8_variants,
                                             lib::add_broadcast_s8_run_variant, broadcast_fields};
const CallSpec<BP, Args<int16_t>> kAddBcS16 = {"add_broadcast_s16", "cmnn/elementwise.h",
                                               "cmnn::ArithmeticBroadcastParams", "cmnn::BinaryArgs<int16_t>",
                                               lib::add_broadcast_s16_variants, lib::add_broadcast_s16_run_variant,
                                               broadcast_fields};
const CallSpec<BP, Args<int8_t>> kSubS8 = {"sub_s8", "cmnn/elementwise.h", "cmnn::ArithmeticBroadcastParams",
                                           "cmnn::BinaryArgs<int8_t>", lib::sub_s8_variants, lib::sub_s8_run_variant,
                                           broadcast_fields};
const CallSpec<BP, Args<int16_t>> kSubS16 = {"sub_s16", "cmnn/elementwise.h", "cmnn::ArithmeticBroadcastParams",
                                             "cmnn::BinaryArgs<int16_t>", lib::sub_s16_variants,
                                             lib::sub_s16_run_variant, broadcast_fields};

template <typename P, typename T>
std::shared_ptr<const LayerCall> call(const CallSpec<P, Args<T>>& spec, const P& p) {
  using A = Args<T>;
  return make_call(spec, p, {CMNN_ARG(A, input1, in(0)), CMNN_ARG(A, input2, in(1)), CMNN_ARG(A, output, out(0))});
}

void lower(LowerContext& ctx, bool subtract) {
  lib::ArithmeticBroadcastParams p;
  bool s16 = false;
  Layer& l = broadcast_binary_layer(ctx, p.input1_dims, p.input2_dims, p.output_dims, &s16);
  const Quant a = activation_quant(ctx.input(0), "input 1");
  const Quant b = activation_quant(ctx.input(1), "input 2");
  const Quant o = activation_quant(ctx.output(0), "output");
  const tflite::Activation act =
      subtract ? ctx.options<tflite::SubOptions>().activation : ctx.options<tflite::AddOptions>().activation;
  const ActivationRange r = detail::fused_range(act, ctx.output(0));
  lib::ArithmeticBroadcastParams q =
      subtract ? lib::sub_params(a.scale, a.zero_point, b.scale, b.zero_point, o.scale, o.zero_point, r.min, r.max, s16)
               : lib::add_broadcast_params(a.scale, a.zero_point, b.scale, b.zero_point, o.scale, o.zero_point, r.min,
                                           r.max, s16);
  std::copy(p.input1_dims, p.input1_dims + 6, q.input1_dims);
  std::copy(p.input2_dims, p.input2_dims + 6, q.input2_dims);
  std::copy(p.output_dims, p.output_dims + 6, q.output_dims);
  if (subtract) {
    l.call = s16 ? call(kSubS16, q) : call(kSubS8, q);
    return;
  }
  if (!l.in_place) {  // a broadcast
    l.call = s16 ? call(kAddBcS16, q) : call(kAddBcS8, q);
    return;
  }
  lib::AddParams s;
  s.size = static_cast<int32_t>(ctx.output(0).elements);
  s.input1_offset = q.input1_offset, s.input1_multiplier = q.input1_multiplier, s.input1_shift = q.input1_shift;
  s.input2_offset = q.input2_offset, s.input2_multiplier = q.input2_multiplier, s.input2_shift = q.input2_shift;
  s.left_shift = q.left_shift;
  s.output_offset = q.output_offset, s.output_multiplier = q.output_multiplier, s.output_shift = q.output_shift;
  s.activation_min = q.activation_min, s.activation_max = q.activation_max;
  l.call = s16 ? call(kAddS16, s) : call(kAddS8, s);
}

void lower_add(LowerContext& ctx) { lower(ctx, false); }
void lower_sub(LowerContext& ctx) { lower(ctx, true); }

}  // namespace

extern const OpDef kAdd = {tflite::op::kAdd, "add", lower_add};
extern const OpDef kSub = {tflite::op::kSub, "sub", lower_sub};

}  // namespace cmnn::tool::ops
