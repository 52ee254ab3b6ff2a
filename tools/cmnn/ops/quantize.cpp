// QUANTIZE (float32 -> int8/int16; integer requantization between the 10 pairs TFLM accepts) and
// DEQUANTIZE (int8/int16/uint8 -> float32): one library call each, parameters from the library's
// own helpers (cmnn/quantize.h), which follow TFLM's Prepare. Same-size types may run in place.
#include "cmnn/quantize.h"
#include "ops/op_support.h"

namespace cmnn::tool::ops {

namespace {

namespace lib = ::cmnn;

std::vector<ParamField> quantize_fields(const lib::QuantizeParams& p) {
  return {CMNN_FIELD(size),       CMNN_FIELD(input_zero_point), CMNN_FIELD(output_zero_point),
          CMNN_FIELD(multiplier), CMNN_FIELD(shift),            CMNN_FIELD(output_scale)};
}
std::vector<ParamField> dequantize_fields(const lib::DequantizeParams& p) {
  return {CMNN_FIELD(size), CMNN_FIELD(zero_point), CMNN_FIELD(scale)};
}

#define CMNN_QUANTIZE_SPEC(prefix, Args)                                                                       \
  const CallSpec<lib::QuantizeParams, lib::Args> k_##prefix = {#prefix, "cmnn/quantize.h", "cmnn::QuantizeParams", \
                                                               "cmnn::" #Args, lib::prefix##_variants,          \
                                                               lib::prefix##_run_variant, quantize_fields};
CMNN_QUANTIZE_SPEC(quantize_f32_s8, QuantizeF32S8Args)
CMNN_QUANTIZE_SPEC(quantize_f32_s16, QuantizeF32S16Args)
CMNN_QUANTIZE_SPEC(quantize_s8_s8, QuantizeS8S8Args)
CMNN_QUANTIZE_SPEC(quantize_s8_s16, QuantizeS8S16Args)
CMNN_QUANTIZE_SPEC(quantize_s8_s32, QuantizeS8S32Args)
CMNN_QUANTIZE_SPEC(quantize_s8_u8, QuantizeS8U8Args)
CMNN_QUANTIZE_SPEC(quantize_u8_s8, QuantizeU8S8Args)
CMNN_QUANTIZE_SPEC(quantize_s16_s8, QuantizeS16S8Args)
CMNN_QUANTIZE_SPEC(quantize_s16_s16, QuantizeS16S16Args)
CMNN_QUANTIZE_SPEC(quantize_s16_s32, QuantizeS16S32Args)
CMNN_QUANTIZE_SPEC(quantize_s32_s8, QuantizeS32S8Args)
CMNN_QUANTIZE_SPEC(quantize_s32_s16, QuantizeS32S16Args)
#undef CMNN_QUANTIZE_SPEC

#define CMNN_DEQUANTIZE_SPEC(prefix, Args)                                                                     \
  const CallSpec<lib::DequantizeParams, lib::Args> k_##prefix = {#prefix, "cmnn/quantize.h",                   \
                                                                 "cmnn::DequantizeParams", "cmnn::" #Args,     \
                                                                 lib::prefix##_variants,                       \
                                                                 lib::prefix##_run_variant, dequantize_fields};
CMNN_DEQUANTIZE_SPEC(dequantize_s8_f32, DequantizeS8Args)
CMNN_DEQUANTIZE_SPEC(dequantize_s16_f32, DequantizeS16Args)
CMNN_DEQUANTIZE_SPEC(dequantize_u8_f32, DequantizeU8Args)
#undef CMNN_DEQUANTIZE_SPEC

template <typename P, typename A>
void bind(Layer& l, const CallSpec<P, A>& spec, const P& p) {
  using In = std::remove_const_t<std::remove_pointer_t<decltype(A::input)>>;
  using Out = std::remove_pointer_t<decltype(A::output)>;
  l.in_place = sizeof(In) == sizeof(Out);
  l.call = make_call(spec, p, {CMNN_ARG(A, input, in(0)), CMNN_ARG(A, output, out(0))});
}

// One layer from input 0 to output 0 of equal element count (TFLM: MatchingFlatSize).
Layer& add_elementwise_layer(LowerContext& ctx, int32_t* size) {
  ctx.expect_arity(1, 1, 1);
  const GraphTensor& in = ctx.input(0);
  const GraphTensor& out = ctx.output(0);
  if (in.elements != out.elements) throw ImportError("input and output element counts differ");
  if (in.elements < 1 || in.elements > INT32_MAX) throw Unsupported("tensor size outside [1, 2^31)");
  *size = static_cast<int32_t>(in.elements);
  Layer& l = ctx.add_layer();
  l.inputs = {ctx.node.inputs[0]};
  l.outputs = {ctx.node.outputs[0]};
  return l;
}

void lower_quantize(LowerContext& ctx) {
  int32_t size = 0;
  Layer& l = add_elementwise_layer(ctx, &size);
  const TensorType from = ctx.input(0).type, to = ctx.output(0).type;
  const Quant oq = activation_quant(ctx.output(0), "output");
  if (from == TensorType::kFloat32) {
    const lib::QuantizeParams p = lib::quantize_f32_params(oq.scale, oq.zero_point, size);
    if (to == TensorType::kInt8) return bind(l, k_quantize_f32_s8, p);
    if (to == TensorType::kInt16) return bind(l, k_quantize_f32_s16, p);
    throw Unsupported(std::string("QUANTIZE float32 -> ") + type_name(to) + " (TFLM: int8 or int16)");
  }
  const Quant iq = activation_quant(ctx.input(0), "input");
  const lib::QuantizeParams p = lib::quantize_params(iq.scale, iq.zero_point, oq.scale, oq.zero_point, size);
  // The shift range the kernel accepts (TFLM would overflow int32 beyond it).
  if (p.shift > 30) throw Unsupported("QUANTIZE input/output scale ratio >= 2^30");
  using T = TensorType;
  if (from == T::kInt8 && to == T::kInt8) return bind(l, k_quantize_s8_s8, p);
  if (from == T::kInt8 && to == T::kInt16) return bind(l, k_quantize_s8_s16, p);
  if (from == T::kInt8 && to == T::kInt32) return bind(l, k_quantize_s8_s32, p);
  if (from == T::kInt8 && to == T::kUint8) return bind(l, k_quantize_s8_u8, p);
  if (from == T::kUint8 && to == T::kInt8) return bind(l, k_quantize_u8_s8, p);
  if (from == T::kInt16 && to == T::kInt8) return bind(l, k_quantize_s16_s8, p);
  if (from == T::kInt16 && to == T::kInt16) return bind(l, k_quantize_s16_s16, p);
  if (from == T::kInt16 && to == T::kInt32) return bind(l, k_quantize_s16_s32, p);
  if (from == T::kInt32 && to == T::kInt8) return bind(l, k_quantize_s32_s8, p);
  if (from == T::kInt32 && to == T::kInt16) return bind(l, k_quantize_s32_s16, p);
  throw Unsupported(std::string("QUANTIZE ") + type_name(from) + " -> " + type_name(to) + " (not in TFLM)");
}

void lower_dequantize(LowerContext& ctx) {
  int32_t size = 0;
  Layer& l = add_elementwise_layer(ctx, &size);
  const TensorType from = ctx.input(0).type;
  require_type(ctx.output(0), TensorType::kFloat32, "output");
  const Quant iq = activation_quant(ctx.input(0), "input");
  const lib::DequantizeParams p = lib::dequantize_params(iq.scale, iq.zero_point, size);
  if (from == TensorType::kInt8) return bind(l, k_dequantize_s8_f32, p);
  if (from == TensorType::kInt16) return bind(l, k_dequantize_s16_f32, p);
  if (from == TensorType::kUint8) return bind(l, k_dequantize_u8_f32, p);
  throw Unsupported(std::string("DEQUANTIZE from ") + type_name(from) + " (TFLM: int8, int16 or uint8)");
}

}  // namespace

extern const OpDef kQuantize = {tflite::op::kQuantize, "quantize", lower_quantize};
extern const OpDef kDequantize = {tflite::op::kDequantize, "dequantize", lower_dequantize};

}  // namespace cmnn::tool::ops
