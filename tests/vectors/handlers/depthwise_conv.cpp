// Vector handlers of depthwise convolution: arm_depthwise_conv_s8, _s8_opt, _3x3_s8 (cmnn's s8 op),
// arm_depthwise_conv_s16 and _fast_s16 (s16 op), arm_depthwise_conv_s4 and _s4_opt (s4 op). Every
// variant of the op that supports the case runs, with guard bytes around the output and the
// scratch to catch writes outside them.
#include <cstring>

#include "cmnn/depthwise.h"
#include "handler_support.h"
#include "registry.h"

namespace cmnn::vectors {
namespace {

bool read_params(const Case& c, DepthwiseConvParams* p) {
  p->batches = cfg(c, "INPUT_BATCHES", 1);
  p->input_h = cfg(c, "INPUT_H", 0);
  p->input_w = cfg(c, "INPUT_W", 0);
  p->input_c = cfg(c, "IN_CH", 0);
  const int32_t out_c = cfg(c, "OUT_CH", 0);
  p->ch_mult = cfg(c, "CH_MULT", p->input_c > 0 ? out_c / p->input_c : 0);
  p->filter_h = cfg(c, "FILTER_Y", 0);
  p->filter_w = cfg(c, "FILTER_X", 0);
  p->output_h = cfg(c, "OUTPUT_H", 0);
  p->output_w = cfg(c, "OUTPUT_W", 0);
  p->stride_h = cfg(c, "STRIDE_Y", 1);
  p->stride_w = cfg(c, "STRIDE_X", 1);
  p->dilation_h = cfg(c, "DILATION_Y", 1);
  p->dilation_w = cfg(c, "DILATION_X", 1);
  p->pad_top = cfg(c, "PAD_Y", 0);
  p->pad_left = cfg(c, "PAD_X", 0);
  p->input_offset = cfg(c, "INPUT_OFFSET", 0);
  p->output_offset = cfg(c, "OUTPUT_OFFSET", 0);
  p->activation_min = cfg(c, "OUT_ACTIVATION_MIN", 0);
  p->activation_max = cfg(c, "OUT_ACTIVATION_MAX", 0);
  return out_c == p->output_c() && out_c > 0;
}

// Element types of one op: activation dtype, bias dtype, and the variant table.
template <typename Args, size_t N>
void run_case(const Case& c, Outcome* o, const Variant<DepthwiseConvParams, Args> (&table)[N], const char* act_dtype,
              const char* bias_dtype, bool packed_s4) {
  using Act = typename Args::activation_type;
  using Bias = typename Args::bias_type;
  using Weight = typename Args::weight_type;
  DepthwiseConvParams p;
  if (!read_params(c, &p)) return fail(o, "config is not a depthwise shape (OUT_CH != IN_CH * CH_MULT)");
  const Array input = c.array("input", act_dtype), weights = c.array("weights", "int8");
  const Array bias = c.array("biases", bias_dtype), mult = c.array("output_mult", "int32");
  const Array shift = c.array("output_shift", "int32"), expected = c.array("output_ref", act_dtype);
  if (!input.present() || !weights.present() || !mult.present() || !shift.present() || !expected.present())
    return fail(o, "missing array");
  const auto out_c = static_cast<size_t>(p.output_c());
  const size_t out_count = static_cast<size_t>(p.batches) * p.output_h * p.output_w * out_c;
  const size_t w_elements = static_cast<size_t>(p.filter_h) * p.filter_w * out_c;
  const size_t w_count = packed_s4 ? (w_elements + 1) / 2 : w_elements;
  if (input.count != static_cast<size_t>(p.batches) * p.input_h * p.input_w * p.input_c || weights.count != w_count ||
      expected.count != out_count || mult.count != out_c || shift.count != out_c ||
      (bias.present() && bias.count != out_c))
    return fail(o, "array sizes do not match the config");

  Args a;
  a.input = static_cast<const Act*>(input.data);
  a.filter = reinterpret_cast<const Weight*>(weights.data);
  a.bias = bias.present() ? static_cast<const Bias*>(bias.data) : nullptr;
  a.output_multiplier = mult.s32();
  a.output_shift = shift.s32();
  // The tables are arrays of variants; each runs directly (its own parameter checks included).
  const auto run = [](const Variant<DepthwiseConvParams, Args>& v, const DepthwiseConvParams& q, const Args& args,
                       void* scratch, size_t bytes) { return v.run(q, args, bytes > 0 ? scratch : nullptr, bytes); };
  run_every_variant<DepthwiseConvParams, Args, Act>(table, N, run, p, a, &Args::output, out_count, expected.data, o);
}

void s8(const Case& c, Outcome* o) { run_case(c, o, kDepthwiseConvS8Variants, "int8", "int32", false); }
void s16(const Case& c, Outcome* o) { run_case(c, o, kDepthwiseConvS16Variants, "int16", "int64", false); }
void s4(const Case& c, Outcome* o) { run_case(c, o, kDepthwiseConvS4Variants, "int8", "int32", true); }

const HandlerRegistration kS8("arm_depthwise_conv_s8", s8);
const HandlerRegistration kS8Opt("arm_depthwise_conv_s8_opt", s8);
const HandlerRegistration kS83x3("arm_depthwise_conv_3x3_s8", s8);
const HandlerRegistration kS16("arm_depthwise_conv_s16", s16);
const HandlerRegistration kS16Fast("arm_depthwise_conv_fast_s16", s16);
const HandlerRegistration kS4("arm_depthwise_conv_s4", s4);
const HandlerRegistration kS4Opt("arm_depthwise_conv_s4_opt", s4);

}  // namespace
}  // namespace cmnn::vectors
