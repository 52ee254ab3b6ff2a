// Vector handlers of conv2d_s16 (arm_convolve_s16), conv2d_s4 (arm_convolve_s4,
// arm_convolve_1x1_s4_fast), fully_connected_s16 and fully_connected_s4: every variant of the
// op's table that supports a case, with guard bytes (wide_common.h).
#include "cmnn/conv_s16.h"
#include "cmnn/conv_s4.h"
#include "cmnn/fully_connected_s16.h"
#include "cmnn/fully_connected_s4.h"
#include "handler_support.h"

namespace cmnn::vectors {
namespace {


bool conv_params(const Case& c, Conv2dParams* p) {
  p->batches = cfg(c, "INPUT_BATCHES", 1);
  p->input_h = cfg(c, "INPUT_H", 0);
  p->input_w = cfg(c, "INPUT_W", 0);
  p->input_c = cfg(c, "IN_CH", 0);
  p->output_h = cfg(c, "OUTPUT_H", 0);
  p->output_w = cfg(c, "OUTPUT_W", 0);
  p->output_c = cfg(c, "OUT_CH", 0);
  p->filter_h = cfg(c, "FILTER_Y", 0);
  p->filter_w = cfg(c, "FILTER_X", 0);
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
  return conv2d_check_shape(*p) == Status::kOk;
}

size_t input_count(const Conv2dParams& p) { return static_cast<size_t>(p.batches) * p.input_h * p.input_w * p.input_c; }
size_t output_count(const Conv2dParams& p) { return static_cast<size_t>(p.batches) * p.output_h * p.output_w * p.output_c; }
size_t filter_count(const Conv2dParams& p) { return static_cast<size_t>(p.output_c) * p.filter_h * p.filter_w * p.input_c; }

void run_conv_s16(const Case& c, Outcome* o) {
  Conv2dParams p;
  if (!conv_params(c, &p)) return fail(o, "config is not a valid conv2d shape");
  const Array input = c.array("input", "int16"), weights = c.array("weights", "int8");
  const Array bias64 = c.array("bias", "int64"), bias32 = c.array("bias", "int32");
  const Array mult = first_of(c, {"output_multiplier", "output_mult"}, "int32");
  const Array shift = c.array("output_shift", "int32");
  const Array expected = first_of(c, {"output_ref", "output"}, "int16");
  if (!input.present() || !weights.present() || !mult.present() || !shift.present() || !expected.present())
    return fail(o, "missing array");
  const auto oc = static_cast<size_t>(p.output_c);
  if (input.count != input_count(p) || weights.count != filter_count(p) || expected.count != output_count(p) ||
      mult.count != oc || shift.count != oc || (bias64.present() && bias64.count != oc) ||
      (bias32.present() && bias32.count != oc))
    return fail(o, "array sizes do not match the config");
  Conv2dS16Args args;
  args.input = input.s16();
  args.filter = weights.s8();
  args.bias = bias64.present() ? bias64.s64() : nullptr;
  args.bias32 = bias32.present() ? bias32.s32() : nullptr;
  args.multiplier = mult.s32();
  args.shift = shift.s32();
  size_t count = 0;
  const Conv2dS16Variant* table = conv2d_s16_variants(&count);
  run_every_variant(table, count, conv2d_s16_run_variant, p, args, &Conv2dS16Args::output, output_count(p),
                          expected.data, o);
}

void run_conv_s4(const Case& c, Outcome* o) {
  Conv2dParams p;
  if (!conv_params(c, &p)) return fail(o, "config is not a valid conv2d shape");
  const Array input = c.array("input", "int8");
  const Array weights = first_of(c, {"input_weights", "weights"}, "int8");
  const Array bias = first_of(c, {"input_bias", "biases", "bias"}, "int32");
  const Array mult = first_of(c, {"output_multiplier", "output_mult"}, "int32");
  const Array shift = c.array("output_shift", "int32");
  const Array expected = first_of(c, {"output_ref", "output"}, "int8");
  if (!input.present() || !weights.present() || !mult.present() || !shift.present() || !expected.present())
    return fail(o, "missing array");
  const auto oc = static_cast<size_t>(p.output_c);
  if (input.count != input_count(p) || weights.count != (filter_count(p) + 1) / 2 ||
      expected.count != output_count(p) || mult.count != oc || shift.count != oc ||
      (bias.present() && bias.count != oc))
    return fail(o, "array sizes do not match the config");
  Conv2dS4Args args;
  args.input = input.s8();
  args.filter = static_cast<const uint8_t*>(weights.data);
  args.bias = bias.present() ? bias.s32() : nullptr;
  args.multiplier = mult.s32();
  args.shift = shift.s32();
  size_t count = 0;
  const Conv2dS4Variant* table = conv2d_s4_variants(&count);
  run_every_variant(table, count, conv2d_s4_run_variant, p, args, &Conv2dS4Args::output, output_count(p),
                          expected.data, o);
}

bool fc_params(const Case& c, FullyConnectedParams* p) {
  p->batches = cfg(c, "INPUT_BATCHES", 1);
  p->input_depth = cfg(c, "ACCUMULATION_DEPTH", 0);
  p->output_depth = cfg(c, "OUT_CH", 0);
  p->input_offset = cfg(c, "INPUT_OFFSET", 0);
  p->output_offset = cfg(c, "OUTPUT_OFFSET", 0);
  p->activation_min = cfg(c, "OUT_ACTIVATION_MIN", 0);
  p->activation_max = cfg(c, "OUT_ACTIVATION_MAX", 0);
  p->per_channel = false;
  return p->batches > 0 && p->input_depth > 0 && p->output_depth > 0;
}

void run_fc_s16(const Case& c, Outcome* o) {
  FullyConnectedParams p;
  if (!fc_params(c, &p)) return fail(o, "config is not a valid fully connected shape");
  const int32_t mult = cfg(c, "OUTPUT_MULTIPLIER", -1), shift = cfg(c, "OUTPUT_SHIFT", 0);
  const Array input = c.array("input", "int16"), weights = c.array("weights", "int8");
  const Array bias = first_of(c, {"biases", "bias"}, "int64");
  const Array bias32 = first_of(c, {"biases", "bias"}, "int32");
  const Array expected = first_of(c, {"output_ref", "output"}, "int16");
  if (!input.present() || !weights.present() || !expected.present()) return fail(o, "missing array");
  const size_t out_count = static_cast<size_t>(p.batches) * p.output_depth;
  if (input.count != static_cast<size_t>(p.batches) * p.input_depth ||
      weights.count != static_cast<size_t>(p.input_depth) * p.output_depth || expected.count != out_count ||
      (bias.present() && bias.count != static_cast<size_t>(p.output_depth)) ||
      (bias32.present() && bias32.count != static_cast<size_t>(p.output_depth)))
    return fail(o, "array sizes do not match the config");
  FullyConnectedS16Args args;
  args.input = input.s16();
  args.weights = weights.s8();
  args.bias = bias.present() ? bias.s64() : nullptr;
  args.bias32 = bias.present() || !bias32.present() ? nullptr : bias32.s32();
  args.multiplier = &mult;
  args.shift = &shift;
  size_t count = 0;
  const FullyConnectedS16Variant* table = fully_connected_s16_variants(&count);
  run_every_variant(table, count, fully_connected_s16_run_variant, p, args, &FullyConnectedS16Args::output,
                          out_count, expected.data, o);
}

void run_fc_s4(const Case& c, Outcome* o) {
  FullyConnectedParams p;
  if (!fc_params(c, &p)) return fail(o, "config is not a valid fully connected shape");
  const int32_t mult = cfg(c, "OUTPUT_MULTIPLIER", -1), shift = cfg(c, "OUTPUT_SHIFT", 0);
  const Array input = c.array("input", "int8");
  const Array weights = first_of(c, {"input_weights", "weights"}, "int8");
  const Array bias = first_of(c, {"input_bias", "biases", "bias"}, "int32");
  const Array expected = first_of(c, {"output_ref", "output"}, "int8");
  if (!input.present() || !weights.present() || !expected.present()) return fail(o, "missing array");
  const size_t out_count = static_cast<size_t>(p.batches) * p.output_depth;
  if (input.count != static_cast<size_t>(p.batches) * p.input_depth ||
      weights.count != (static_cast<size_t>(p.input_depth) * p.output_depth + 1) / 2 || expected.count != out_count ||
      (bias.present() && bias.count != static_cast<size_t>(p.output_depth)))
    return fail(o, "array sizes do not match the config");
  FullyConnectedS4Args args;
  args.input = input.s8();
  args.weights = static_cast<const uint8_t*>(weights.data);
  args.bias = bias.present() ? bias.s32() : nullptr;
  args.multiplier = &mult;
  args.shift = &shift;
  size_t count = 0;
  const FullyConnectedS4Variant* table = fully_connected_s4_variants(&count);
  run_every_variant(table, count, fully_connected_s4_run_variant, p, args, &FullyConnectedS4Args::output,
                          out_count, expected.data, o);
}

const HandlerRegistration kConvS16("arm_convolve_s16", run_conv_s16);
const HandlerRegistration kConvS4("arm_convolve_s4", run_conv_s4);
const HandlerRegistration kConv1x1S4("arm_convolve_1x1_s4_fast", run_conv_s4);
const HandlerRegistration kFcS16("arm_fully_connected_s16", run_fc_s16);
const HandlerRegistration kFcS4("arm_fully_connected_s4", run_fc_s4);

}  // namespace
}  // namespace cmnn::vectors
