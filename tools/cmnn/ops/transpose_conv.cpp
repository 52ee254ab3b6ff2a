// TRANSPOSE_CONV int8 (transpose_conv_s8): inputs 0 output_shape (int32 constant), 1 weights
// (OHWI, per-channel or per-tensor int8), 2 input, 3 optional int32 bias. Parameters as TFLM's
// transpose_conv.cc Prepare: padding from ComputePaddingHeightWidth over the OUTPUT size (dilation
// 1), per-channel multipliers and the fused activation range as PopulateConvolutionQuantizationParams.
// 16x8 (transpose_conv_s16): int16 activations (zero points 0), int8 weights, int64 bias; an int16
// bias is widened to int64 here, as TFLM's Eval does into its bias_converted_buffer.
#include "cmnn/transpose_conv.h"
#include "ops/op_support.h"

namespace cmnn::tool::ops {

namespace {

namespace lib = ::cmnn;

std::vector<ParamField> tconv_fields(const lib::TransposeConvParams& p) {
  return {CMNN_FIELD(batches),        CMNN_FIELD(input_h),       CMNN_FIELD(input_w),  CMNN_FIELD(input_c),
          CMNN_FIELD(output_h),       CMNN_FIELD(output_w),      CMNN_FIELD(output_c), CMNN_FIELD(filter_h),
          CMNN_FIELD(filter_w),       CMNN_FIELD(stride_h),      CMNN_FIELD(stride_w), CMNN_FIELD(pad_top),
          CMNN_FIELD(pad_left),       CMNN_FIELD(input_offset),  CMNN_FIELD(output_offset),
          CMNN_FIELD(activation_min), CMNN_FIELD(activation_max)};
}

const CallSpec<lib::TransposeConvParams, lib::TransposeConvS8Args> kS8 = {
    "transpose_conv_s8", "cmnn/transpose_conv.h", "cmnn::TransposeConvParams", "cmnn::TransposeConvS8Args",
    lib::transpose_conv_s8_variants, lib::transpose_conv_s8_run_variant, tconv_fields};
const CallSpec<lib::TransposeConvParams, lib::TransposeConvS16Args> kS16 = {
    "transpose_conv_s16", "cmnn/transpose_conv.h", "cmnn::TransposeConvParams", "cmnn::TransposeConvS16Args",
    lib::transpose_conv_s16_variants, lib::transpose_conv_s16_run_variant, tconv_fields};

// TFLM ComputePaddingHeightWidth for one axis, with the transposed convolution's output as the
// "input" of the equivalent forward convolution.
int32_t padding_before(tflite::Padding padding, int32_t size, int32_t filter, int32_t stride) {
  const int32_t forward_out = conv_output_size(padding, size, filter, stride, 1);
  return conv_padding(size, filter, stride, 1, forward_out).before;
}

void lower(LowerContext& ctx) {
  ctx.expect_arity(3, 4, 1);
  const GraphTensor& shape_t = ctx.input(0);
  const GraphTensor& filter = ctx.input(1);
  const GraphTensor& input = ctx.input(2);
  const GraphTensor& output = ctx.output(0);
  const bool wide = input.type == TensorType::kInt16 && output.type == TensorType::kInt16;
  if (!wide && (input.type != TensorType::kInt8 || output.type != TensorType::kInt8)) {
    throw Unsupported("TRANSPOSE_CONV " + types_text(ctx) + " has no cmnn kernel");
  }
  require_type(filter, TensorType::kInt8, "weights");
  if (!filter.constant || filter.data == nullptr) throw Unsupported("TRANSPOSE_CONV: weights must be constant");
  if (input.shape.size() != 4 || output.shape.size() != 4 || filter.shape.size() != 4) {
    throw ImportError("TRANSPOSE_CONV: input, weights and output must have 4 dimensions");
  }
  const std::vector<int64_t> out_shape = constant_ints(shape_t, "output_shape");
  if (out_shape.size() != 4) throw ImportError("TRANSPOSE_CONV: output_shape must hold 4 values");
  for (size_t i = 0; i < 4; ++i) {
    if (out_shape[i] != output.shape[i]) throw ImportError("TRANSPOSE_CONV: output_shape differs from the output's shape");
  }
  for (size_t i = 0; i < 4; ++i) {
    if (input.shape[i] <= 0 || output.shape[i] <= 0 || filter.shape[i] <= 0) {
      throw Unsupported("TRANSPOSE_CONV: empty tensor");
    }
  }
  const auto o = ctx.options<tflite::TransposeConvOptions>();
  if (o.stride_h <= 0 || o.stride_w <= 0) throw ImportError("TRANSPOSE_CONV: strides must be positive");
  lib::TransposeConvParams p;
  p.batches = input.shape[0];
  p.input_h = input.shape[1], p.input_w = input.shape[2], p.input_c = input.shape[3];
  p.output_h = output.shape[1], p.output_w = output.shape[2], p.output_c = output.shape[3];
  p.filter_h = filter.shape[1], p.filter_w = filter.shape[2];
  p.stride_h = o.stride_h, p.stride_w = o.stride_w;
  if (output.shape[0] != p.batches) throw ImportError("TRANSPOSE_CONV: input and output batches differ");
  if (filter.shape[0] != p.output_c) throw ImportError("TRANSPOSE_CONV: weights output channels differ from the output depth");
  if (filter.shape[3] != p.input_c) throw ImportError("TRANSPOSE_CONV: weights input depth differs from the input depth");
  if (!wide && int64_t{p.filter_h} * p.filter_w * p.input_c > 65536) {
    throw Unsupported("TRANSPOSE_CONV: filter too deep for the int32 accumulator");
  }
  if (wide && int64_t{p.filter_h} * p.filter_w * p.input_c > (int64_t{1} << 25)) {
    throw Unsupported("TRANSPOSE_CONV 16x8: filter too deep for TFLite's 64-bit requantization");
  }
  p.pad_top = padding_before(o.padding, p.output_h, p.filter_h, p.stride_h);
  p.pad_left = padding_before(o.padding, p.output_w, p.filter_w, p.stride_w);
  if (p.pad_top < 0 || p.pad_left < 0 || p.pad_top >= p.filter_h || p.pad_left >= p.filter_w) {
    throw Unsupported("TRANSPOSE_CONV: padding outside the kernel's range");
  }
  const Quant iq = activation_quant(input, "input"), oq = activation_quant(output, "output");
  if (!filter.quant.quantized()) throw Unsupported("TRANSPOSE_CONV: weights are not quantized");
  for (int32_t zp : filter.quant.zero_point) {
    if (zp != 0) throw Unsupported("TRANSPOSE_CONV: weights zero point is not 0");
  }
  if (filter.quant.per_channel() && filter.quant.dimension != 0) {
    throw Unsupported("TRANSPOSE_CONV: weights quantized along a dimension other than 0");
  }
  if (wide && (iq.zero_point != 0 || oq.zero_point != 0)) {
    throw Unsupported("TRANSPOSE_CONV 16x8: int16 activations need zero point 0");
  }
  p.input_offset = -iq.zero_point, p.output_offset = oq.zero_point;
  const ActivationRange act = detail::fused_range(o.activation, output);
  p.activation_min = act.min, p.activation_max = act.max;
  const OutputRescale rescale = detail::output_rescale(input, filter, output, p.output_c);
  for (size_t c = 0; c < rescale.multiplier.size(); ++c) {
    if (rescale.multiplier[c] < 0 || rescale.shift[c] < -31 || rescale.shift[c] > 30) {
      throw Unsupported("TRANSPOSE_CONV: output multiplier out of the kernel's range");
    }
  }

  Layer& l = ctx.add_layer();
  l.inputs = {ctx.node.inputs[2]};
  l.outputs = {ctx.node.outputs[0]};
  l.macs = int64_t{p.batches} * p.input_h * p.input_w * p.input_c * p.filter_h * p.filter_w * p.output_c;
  l.constants.push_back(int8_constant(ctx.graph, ctx.node.inputs[1], "filter"));
  const bool has_bias = ctx.has_input(3);
  if (has_bias) {
    const GraphTensor& bias = ctx.input(3);
    if (bias.elements != p.output_c) throw ImportError("TRANSPOSE_CONV: bias size differs from the output depth");
    if (!bias.constant || bias.data == nullptr) throw Unsupported("TRANSPOSE_CONV: bias must be constant");
    if (!wide) {
      if (bias.type != TensorType::kInt32) throw Unsupported("TRANSPOSE_CONV int8: bias must be int32");
      l.constants.push_back(int32_constant(ctx.graph, ctx.node.inputs[3], "bias"));
    } else if (bias.type == TensorType::kInt64) {
      l.constants.push_back(tensor_constant(ctx.graph, ctx.node.inputs[3], TensorType::kInt64, "bias"));
    } else if (bias.type == TensorType::kInt16) {
      const ConstArray b16 = tensor_constant(ctx.graph, ctx.node.inputs[3], TensorType::kInt16, "bias");
      std::vector<int64_t> b64(static_cast<size_t>(p.output_c));
      for (size_t c = 0; c < b64.size(); ++c) b64[c] = b16.as<int16_t>()[c];
      l.constants.push_back(values("bias", b64));
    } else {
      throw Unsupported("TRANSPOSE_CONV 16x8: bias must be int64 (or int16)");
    }
  }
  add_rescale(l, rescale, static_cast<size_t>(p.output_c));
  if (wide) {
    using A = lib::TransposeConvS16Args;
    l.call = make_call(kS16, p,
                       {CMNN_ARG(A, input, in(0)), CMNN_ARG(A, filter, constant("filter")),
                        CMNN_ARG(A, bias, has_bias ? constant("bias") : null_arg()),
                        CMNN_ARG(A, multiplier, constant("multiplier")), CMNN_ARG(A, shift, constant("shift")),
                        CMNN_ARG(A, output, out(0))});
    return;
  }
  using A = lib::TransposeConvS8Args;
  l.call = make_call(kS8, p,
                     {CMNN_ARG(A, input, in(0)), CMNN_ARG(A, filter, constant("filter")),
                      CMNN_ARG(A, bias, has_bias ? constant("bias") : null_arg()),
                      CMNN_ARG(A, multiplier, constant("multiplier")), CMNN_ARG(A, shift, constant("shift")),
                      CMNN_ARG(A, output, out(0))});
}

}  // namespace

extern const OpDef kTransposeConv = {tflite::op::kTransposeConv, "transpose_conv", lower};

}  // namespace cmnn::tool::ops
