// PAD and PADV2, int8 (pad_s8) and int16 (pad_s16), rank 1..4 (extended to 4-D with leading 1s);
// rank 5 and 6 through copy_nd (a fill of the output, then the input copied into its interior).
// Pad value as TFLM 90b983c2's pad.cc: PAD pads int8 with the output zero point and int16 with 0;
// PADV2 pads with its constant scalar operand (for int8 that operand must carry the output's scale
// and zero point, as TFLM checks). Input and output quantization must be identical.
#include "cmnn/pad.h"
#include "ops/movement.h"

#include <cstring>

namespace cmnn::tool::ops {

namespace {

namespace lib = ::cmnn;

std::vector<ParamField> pad_s8_fields(const lib::PadParams& p) {
  return {CMNN_FIELD(input[0]),  CMNN_FIELD(input[1]),  CMNN_FIELD(input[2]),  CMNN_FIELD(input[3]),
          CMNN_FIELD(before[0]), CMNN_FIELD(before[1]), CMNN_FIELD(before[2]), CMNN_FIELD(before[3]),
          CMNN_FIELD(after[0]),  CMNN_FIELD(after[1]),  CMNN_FIELD(after[2]),  CMNN_FIELD(after[3]),
          CMNN_FIELD(value)};
}
std::vector<ParamField> pad_s16_fields(const lib::PadS16Params& p) {
  return {CMNN_FIELD(input[0]),  CMNN_FIELD(input[1]),  CMNN_FIELD(input[2]),  CMNN_FIELD(input[3]),
          CMNN_FIELD(before[0]), CMNN_FIELD(before[1]), CMNN_FIELD(before[2]), CMNN_FIELD(before[3]),
          CMNN_FIELD(after[0]),  CMNN_FIELD(after[1]),  CMNN_FIELD(after[2]),  CMNN_FIELD(after[3]),
          CMNN_FIELD(value)};
}

const CallSpec<lib::PadParams, lib::PadArgs> kPadS8 = {
    "pad_s8", "cmnn/pad.h", "cmnn::PadParams", "cmnn::PadArgs", lib::pad_s8_variants, lib::pad_s8_run_variant,
    pad_s8_fields};
const CallSpec<lib::PadS16Params, lib::PadS16Args> kPadS16 = {
    "pad_s16", "cmnn/pad.h", "cmnn::PadS16Params", "cmnn::PadS16Args", lib::pad_s16_variants,
    lib::pad_s16_run_variant, pad_s16_fields};

void lower(LowerContext& ctx, bool v2) {
  if (v2) ctx.expect_arity(3, 3, 1);
  else ctx.expect_arity(2, 2, 1);
  const GraphTensor& in = ctx.input(0);
  const GraphTensor& o = ctx.output(0);
  const int32_t eb = element_bytes(in, "input");
  require_same_quant(in, o, v2 ? "PADV2" : "PAD");
  const std::vector<int32_t> shape = shape_of(in, lib::kCopyNdMaxRank, "input");
  if (shape.empty()) throw Unsupported("PAD of a scalar");
  const size_t rank = shape.size();
  const std::vector<int32_t> paddings = constant_i32(ctx.input(1), "paddings", static_cast<long>(2 * rank));
  // Output shape: input + before + after per dimension (TFLM checks the model's output agrees).
  std::vector<int32_t> out_shape(rank), befores(rank);
  int32_t dims[4] = {1, 1, 1, 1}, before[4] = {0, 0, 0, 0}, after[4] = {0, 0, 0, 0};
  for (size_t d = 0; d < rank; ++d) {
    const int32_t b = paddings[2 * d], a = paddings[2 * d + 1];
    if (b < 0 || a < 0) throw ImportError("negative padding in dimension " + std::to_string(d));
    const int64_t n = int64_t{shape[d]} + b + a;
    if (n > INT32_MAX) throw ImportError("padded dimension " + std::to_string(d) + " too large");
    out_shape[d] = static_cast<int32_t>(n);
    befores[d] = b;
    if (rank <= 4) {
      const size_t k = 4 - rank + d;
      dims[k] = shape[d], before[k] = b, after[k] = a;
    }
  }
  require_shape(o, out_shape, "output");

  // Pad value (an element of the input type).
  int32_t value = eb == 1 ? o.quant.zero_point.empty() ? 0 : o.quant.zero_point[0] : 0;
  if (v2) {
    const GraphTensor& c = ctx.input(2);
    if (c.type != in.type) throw ImportError("constant_values must have the input's type");
    if (c.elements != 1) throw ImportError("constant_values must be a scalar");
    if (!c.constant || c.data == nullptr) throw Unsupported("constant_values must be a constant tensor");
    if (eb == 1) {
      if (c.quant.scale != o.quant.scale || c.quant.zero_point != o.quant.zero_point) {
        throw Unsupported("constant_values must have the output's scale and zero point");
      }
      value = static_cast<int8_t>(c.data[0]);
    } else {
      int16_t v;
      std::memcpy(&v, c.data, 2);
      value = v;
    }
  }
  if (value < type_min(in.type) || value > type_max(in.type)) throw Unsupported("pad value outside the element range");

  if (rank > 4) {
    // 5-D and 6-D (TFLM pads up to 5-D): fill the output with the value, then copy the input into
    // its interior box (two copy_nd layers writing one tensor, in that order).
    std::vector<uint8_t> element(static_cast<size_t>(eb));
    const auto v16 = static_cast<int16_t>(value);
    std::memcpy(element.data(), &v16, element.size());  // little-endian: int8 takes the low byte
    add_fill_layer(ctx, ctx.node.outputs[0], element, eb);
    lib::CopyNdParams c;
    c.rank = static_cast<int32_t>(rank);
    int64_t in_stride = 1, out_stride = 1, offset = 0;
    for (size_t d = rank; d-- > 0;) {
      c.dims[d] = shape[d];
      c.in_strides[d] = static_cast<int32_t>(in_stride);
      c.out_strides[d] = static_cast<int32_t>(out_stride);
      offset += befores[d] * out_stride;
      in_stride *= shape[d];
      out_stride *= out_shape[d];
      if (out_stride > INT32_MAX) throw Unsupported("tensor size outside [1, 2^31)");
    }
    c.out_offset = static_cast<int32_t>(offset);
    c.input_elements = static_cast<int32_t>(in.elements);
    c.output_elements = static_cast<int32_t>(o.elements);
    c.element_bytes = eb;
    add_copy_layer(ctx, ctx.node.inputs[0], ctx.node.outputs[0], c);
    return;
  }

  Layer& l = ctx.add_layer();
  l.inputs = {ctx.node.inputs[0]};
  l.outputs = {ctx.node.outputs[0]};
  if (eb == 1) {
    lib::PadParams p;
    for (int d = 0; d < 4; ++d) p.input[d] = dims[d], p.before[d] = before[d], p.after[d] = after[d];
    p.value = static_cast<int8_t>(value);
    using A = lib::PadArgs;
    l.call = make_call(kPadS8, p, {CMNN_ARG(A, input, tool::in(0)), CMNN_ARG(A, output, out(0))});
  } else {
    lib::PadS16Params p;
    int32_t plan_shape[4] = {};
    check_plan(lib::pad_s16_plan(static_cast<int32_t>(rank), shape.data(), paddings.data(), static_cast<int16_t>(value), &p,
                                 plan_shape),
               "paddings rejected");
    if (std::vector<int32_t>(plan_shape, plan_shape + rank) != out_shape) throw ImportError("paddings rejected");
    using A = lib::PadS16Args;
    l.call = make_call(kPadS16, p, {CMNN_ARG(A, input, tool::in(0)), CMNN_ARG(A, output, out(0))});
  }
}

void lower_pad(LowerContext& ctx) { lower(ctx, false); }
void lower_padv2(LowerContext& ctx) { lower(ctx, true); }

}  // namespace

extern const OpDef kPad = {tflite::op::kPad, "pad", lower_pad};
extern const OpDef kPadV2 = {tflite::op::kPadV2, "padv2", lower_padv2};

}  // namespace cmnn::tool::ops
