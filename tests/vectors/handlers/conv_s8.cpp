// Vector handlers of conv2d_s8: arm_convolve_s8, arm_convolve_1x1_s8_fast, arm_convolve_1_x_n_s8,
// arm_grouped_convolve_s8 (all the same op in cmnn). Every variant that supports a case runs, with
// guard bytes around the output and the scratch to catch writes outside them.
#include <cstring>

#include "cmnn/conv.h"
#include "handler_support.h"
#include "registry.h"

namespace cmnn::vectors {
namespace {

void run_conv_s8(const Case& c, Outcome* o) {
  Conv2dParams p;
  p.batches = static_cast<int32_t>(c.config("INPUT_BATCHES"));
  p.input_h = static_cast<int32_t>(c.config("INPUT_H"));
  p.input_w = static_cast<int32_t>(c.config("INPUT_W"));
  p.input_c = static_cast<int32_t>(c.config("IN_CH"));
  p.output_h = static_cast<int32_t>(c.config("OUTPUT_H"));
  p.output_w = static_cast<int32_t>(c.config("OUTPUT_W"));
  p.output_c = static_cast<int32_t>(c.config("OUT_CH"));
  p.filter_h = static_cast<int32_t>(c.config("FILTER_Y"));
  p.filter_w = static_cast<int32_t>(c.config("FILTER_X"));
  p.stride_h = static_cast<int32_t>(c.config("STRIDE_Y"));
  p.stride_w = static_cast<int32_t>(c.config("STRIDE_X"));
  p.dilation_h = c.has_config("DILATION_Y") ? static_cast<int32_t>(c.config("DILATION_Y")) : 1;
  p.dilation_w = c.has_config("DILATION_X") ? static_cast<int32_t>(c.config("DILATION_X")) : 1;
  p.pad_top = static_cast<int32_t>(c.config("PAD_Y"));
  p.pad_left = static_cast<int32_t>(c.config("PAD_X"));
  // Grouped cases give the filter's input channels; the others have one group.
  const int32_t filter_ch = c.has_config("FILTER_CH") ? static_cast<int32_t>(c.config("FILTER_CH")) : p.input_c;
  p.groups = filter_ch > 0 ? p.input_c / filter_ch : 0;
  p.input_offset = static_cast<int32_t>(c.config("INPUT_OFFSET"));
  p.output_offset = static_cast<int32_t>(c.config("OUTPUT_OFFSET"));
  p.activation_min = static_cast<int32_t>(c.config("OUT_ACTIVATION_MIN"));
  p.activation_max = static_cast<int32_t>(c.config("OUT_ACTIVATION_MAX"));
  if (conv2d_check_shape(p) != Status::kOk) return fail(o, "config is not a valid conv2d shape");

  const Array input = first_of(c, {"input"}, "int8"), weights = first_of(c, {"weights", "input_weights"}, "int8");
  const Array bias = first_of(c, {"biases", "bias", "input_bias"}, "int32");
  const Array mult = first_of(c, {"output_mult", "output_multiplier"}, "int32");
  const Array shift = first_of(c, {"output_shift"}, "int32"), expected = first_of(c, {"output_ref", "output"}, "int8");
  const size_t out_count = static_cast<size_t>(p.batches) * p.output_h * p.output_w * p.output_c;
  const size_t w_count = static_cast<size_t>(p.output_c) * p.filter_h * p.filter_w * (p.input_c / p.groups);
  if (!input.present() || !weights.present() || !mult.present() || !shift.present() || !expected.present())
    return fail(o, "missing array");
  if (input.count != static_cast<size_t>(p.batches) * p.input_h * p.input_w * p.input_c ||
      weights.count != w_count || expected.count != out_count || mult.count != static_cast<size_t>(p.output_c) ||
      shift.count != mult.count || (bias.present() && bias.count != mult.count))
    return fail(o, "array sizes do not match the config");

  Conv2dS8Args args;
  args.input = input.s8();
  args.filter = weights.s8();
  args.bias = bias.present() ? bias.s32() : nullptr;
  args.multiplier = mult.s32();
  args.shift = shift.s32();
  size_t count = 0;
  const Conv2dS8Variant* table = conv2d_s8_variants(&count);
  run_every_variant(table, count, conv2d_s8_run_variant, p, args, &Conv2dS8Args::output, out_count, expected.data, o,
                    nullptr, false);
  // Second pass: the variants that need the filter packed offline (conv2d_s8_pack), when it applies.
  const size_t packed_count = conv2d_s8_packed_count(p);
  if (packed_count > 0 && o->result != Outcome::Result::kFail) {
    auto* packed = test::arena_alloc<int16_t>(packed_count);
    if (packed == nullptr) return fail(o, "arena exhausted");
    const Status s = conv2d_s8_pack(p, args.filter, packed, packed_count);
    if (s != Status::kOk) return fail(o, "conv2d_s8_pack returned %s", status_name(s));
    Conv2dParams q = p;
    q.has_packed_filter = true;
    args.packed_filter = packed;
    run_every_variant(table, count, conv2d_s8_run_variant, q, args, &Conv2dS8Args::output, out_count, expected.data, o,
                      &p, false);
  }
  finish(o);
}

const HandlerRegistration kConvolve("arm_convolve_s8", run_conv_s8);
const HandlerRegistration kConvolve1x1("arm_convolve_1x1_s8_fast", run_conv_s8);
const HandlerRegistration kConvolve1xN("arm_convolve_1_x_n_s8", run_conv_s8);
const HandlerRegistration kGrouped("arm_grouped_convolve_s8", run_conv_s8);

}  // namespace
}  // namespace cmnn::vectors
