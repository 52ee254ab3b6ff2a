// Vector handler of transpose_conv_s8 (arm_transpose_conv_s8, arm_reverse_transpose_conv_s8: the
// same op; CMSIS-NN's bias is null where the case has no bias array). Every variant; guard bytes.
#include "cmnn/transpose_conv.h"
#include "handler_support.h"

namespace cmnn::vectors {
namespace {


void run_transpose_conv(const Case& c, Outcome* o) {
  TransposeConvParams p;
  p.batches = cfg(c, "INPUT_BATCHES", 1);
  p.input_h = cfg(c, "INPUT_H", 0);
  p.input_w = cfg(c, "INPUT_W", 0);
  p.input_c = cfg(c, "IN_CH", 0);
  p.output_h = cfg(c, "OUTPUT_H", 0);
  p.output_w = cfg(c, "OUTPUT_W", 0);
  p.output_c = cfg(c, "OUT_CH", 0);
  p.filter_h = cfg(c, "FILTER_Y", 0);
  p.filter_w = cfg(c, "FILTER_X", 0);
  p.stride_h = cfg(c, "STRIDE_Y", 1);
  p.stride_w = cfg(c, "STRIDE_X", 1);
  p.pad_top = cfg(c, "PAD_Y", 0);
  p.pad_left = cfg(c, "PAD_X", 0);
  p.input_offset = cfg(c, "INPUT_OFFSET", 0);
  p.output_offset = cfg(c, "OUTPUT_OFFSET", 0);
  p.activation_min = cfg(c, "OUT_ACTIVATION_MIN", -128);
  p.activation_max = cfg(c, "OUT_ACTIVATION_MAX", 127);
  if (cfg(c, "DILATION_X", 1) != 1 || cfg(c, "DILATION_Y", 1) != 1) return skip(o, "dilated transpose conv");
  const Array input = c.array("input", "int8"), weights = c.array("weights", "int8");
  const Array bias = first_of(c, {"biases", "bias"}, "int32");
  const Array mult = first_of(c, {"output_mult", "output_multiplier"}, "int32");
  const Array shift = c.array("output_shift", "int32");
  const Array expected = first_of(c, {"output_ref", "output"}, "int8");
  if (!input.present() || !weights.present() || !mult.present() || !shift.present() || !expected.present())
    return fail(o, "missing array");
  const auto oc = static_cast<size_t>(p.output_c);
  const size_t out_count = static_cast<size_t>(p.batches) * p.output_h * p.output_w * p.output_c;
  if (input.count != static_cast<size_t>(p.batches) * p.input_h * p.input_w * p.input_c ||
      weights.count != oc * p.filter_h * p.filter_w * p.input_c || expected.count != out_count || mult.count != oc ||
      shift.count != oc || (bias.present() && bias.count != oc))
    return fail(o, "array sizes do not match the config");
  TransposeConvS8Args args;
  args.input = input.s8();
  args.filter = weights.s8();
  args.bias = bias.present() ? bias.s32() : nullptr;
  args.multiplier = mult.s32();
  args.shift = shift.s32();
  size_t count = 0;
  const auto* table = transpose_conv_s8_variants(&count);
  run_every_variant(table, count, transpose_conv_s8_run_variant, p, args, &TransposeConvS8Args::output,
                          out_count, expected.data, o);
}

const HandlerRegistration kTransposeConv("arm_transpose_conv_s8", run_transpose_conv);
const HandlerRegistration kReverseTransposeConv("arm_reverse_transpose_conv_s8", run_transpose_conv);

}  // namespace
}  // namespace cmnn::vectors
