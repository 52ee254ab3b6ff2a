// CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED, AVERAGE_POOL_2D, MAX_POOL_2D (int8).
#include "graph/derive.h"
#include "import/flatbuffer.h"

namespace cmnn::tool::detail {

using tflite::TensorType;

namespace {

// Fills the window's padding from the model's SAME/VALID and checks the output extent TFLite computes.
void resolve_window(Window2d& w, const Dims4& in, const Dims4& out) {
  if (w.stride_h <= 0 || w.stride_w <= 0) {
    throw ImportError("stride " + std::to_string(w.stride_h) + "x" + std::to_string(w.stride_w) + " must be positive");
  }
  if (w.dilation_h <= 0 || w.dilation_w <= 0) {
    throw ImportError("dilation " + std::to_string(w.dilation_h) + "x" + std::to_string(w.dilation_w) +
                      " must be positive");
  }
  if (w.filter_h <= 0 || w.filter_w <= 0) {
    throw ImportError("filter " + std::to_string(w.filter_h) + "x" + std::to_string(w.filter_w) + " must be positive");
  }
  const int32_t oh = conv_output_size(w.padding, in.h, w.filter_h, w.stride_h, w.dilation_h);
  const int32_t ow = conv_output_size(w.padding, in.w, w.filter_w, w.stride_w, w.dilation_w);
  if (oh != out.h || ow != out.w) {
    throw ImportError("output is " + std::to_string(out.h) + "x" + std::to_string(out.w) + " but " +
                      tflite::padding_name(w.padding) + " padding of a " + std::to_string(in.h) + "x" +
                      std::to_string(in.w) + " input gives " + std::to_string(oh) + "x" + std::to_string(ow));
  }
  const PaddingAmounts ph = conv_padding(in.h, w.filter_h, w.stride_h, w.dilation_h, oh);
  const PaddingAmounts pw = conv_padding(in.w, w.filter_w, w.stride_w, w.dilation_w, ow);
  w.pad_top = ph.before;
  w.pad_bottom = ph.after;
  w.pad_left = pw.before;
  w.pad_right = pw.after;
}

// int8 -> int8 or int16 -> int16 activations.
void require_activation_types(const GraphTensor& input, const GraphTensor& output) {
  if (input.type != TensorType::kInt8 && input.type != TensorType::kInt16) require_type(input, TensorType::kInt8, "input");
  require_type(output, input.type, "output");
}

// int8 weights, or int4 (packed) weights with int8 activations.
void require_weight_type(const GraphTensor& filter, const GraphTensor& input) {
  if (filter.type == TensorType::kInt4 && input.type == TensorType::kInt8) return;
  require_type(filter, TensorType::kInt8, "filter");
}

template <typename T>
const T& options_as(const Node& node, const char* type_name) {
  const T* o = std::get_if<T>(&node.options);
  if (o == nullptr) throw ImportError(std::string("builtin options are not ") + type_name);
  return *o;
}

}  // namespace

OpParams derive_conv(const OpContext& ctx, bool depthwise) {
  ctx.expect_arity(2, 3, 1);
  const GraphTensor& input = ctx.input(0);
  const GraphTensor& filter = ctx.input(1);
  const GraphTensor& output = ctx.output(0);
  ConvParams p;
  p.depthwise = depthwise;
  p.input = require_rank4(input, "input");
  const Dims4 f = require_rank4(filter, "filter");
  p.output = require_rank4(output, "output");
  require_activation_types(input, output);
  require_weight_type(filter, input);
  require_constant(filter, "filter");
  p.filter_h = f.h;
  p.filter_w = f.w;
  Window2d& w = p.window;
  w.filter_h = f.h;
  w.filter_w = f.w;
  if (depthwise) {
    const auto& o = options_as<tflite::DepthwiseConv2DOptions>(ctx.node(), "DepthwiseConv2DOptions");
    w.padding = o.padding;
    w.stride_h = o.stride_h, w.stride_w = o.stride_w, w.dilation_h = o.dilation_h, w.dilation_w = o.dilation_w;
    p.activation = o.activation;
    if (f.n != 1 || f.c != p.output.c) {
      throw ImportError("depthwise filter " + describe(filter) + " must be [1,H,W," + std::to_string(p.output.c) + "]");
    }
    if (p.output.c % p.input.c != 0) {
      throw ImportError("output channels " + std::to_string(p.output.c) + " are not a multiple of input channels " +
                        std::to_string(p.input.c));
    }
    p.depth_multiplier = p.output.c / p.input.c;  // TFLite ignores the redundant options field
  } else {
    const auto& o = options_as<tflite::Conv2DOptions>(ctx.node(), "Conv2DOptions");
    w.padding = o.padding;
    w.stride_h = o.stride_h, w.stride_w = o.stride_w, w.dilation_h = o.dilation_h, w.dilation_w = o.dilation_w;
    p.activation = o.activation;
    if (f.n != p.output.c) {
      throw ImportError("filter " + describe(filter) + " has " + std::to_string(f.n) + " output channels, output has " +
                        std::to_string(p.output.c));
    }
    if (f.c <= 0 || p.input.c % f.c != 0 || p.output.c % (p.input.c / f.c) != 0) {
      throw ImportError("filter depth " + std::to_string(f.c) + " does not divide the input channels " +
                        std::to_string(p.input.c) + " into groups that divide the output channels");
    }
  }
  if (p.input.n != p.output.n) throw ImportError("input and output batch sizes differ");
  resolve_window(w, p.input, p.output);
  p.input_offset = -activation_zero_point(input, "input");
  p.output_offset = activation_zero_point(output, "output");
  for (int32_t zp : filter.quant.zero_point) {
    if (zp != 0) throw ImportError("filter " + describe(filter) + " has a non-zero zero point (int8 weights are symmetric)");
  }
  p.act = fused_range(p.activation, output);
  p.rescale = output_rescale(input, filter, output, p.output.c);
  p.filter_tensor = filter.index;
  p.bias_tensor = bias_index(ctx.optional_input(2), p.output.c);
  const int64_t per_output = int64_t{p.output.n} * p.output.h * p.output.w * p.output.c * f.h * f.w;
  p.macs = depthwise ? per_output : per_output * f.c;
  p.weight_bytes = filter.bytes;
  return p;
}

OpParams derive_fully_connected(const OpContext& ctx) {
  ctx.expect_arity(2, 3, 1);
  const GraphTensor& input = ctx.input(0);
  const GraphTensor& filter = ctx.input(1);
  const GraphTensor& output = ctx.output(0);
  require_activation_types(input, output);
  require_weight_type(filter, input);
  require_constant(filter, "filter");
  require_rank(filter, 2, "filter");
  const auto& o = options_as<tflite::FullyConnectedOptions>(ctx.node(), "FullyConnectedOptions");
  if (o.weights_format != 0) throw UnsupportedError("shuffled FC weights are not supported");
  FullyConnectedParams p;
  p.units = filter.shape[0];
  p.accum_depth = filter.shape[1];
  if (input.elements == 0 || input.elements % p.accum_depth != 0) {
    throw ImportError("input " + describe(input) + " is not a whole number of rows of depth " +
                      std::to_string(p.accum_depth));
  }
  p.batches = static_cast<int32_t>(input.elements / p.accum_depth);
  if (output.shape.empty() || output.shape.back() != p.units || output.elements != int64_t{p.batches} * p.units) {
    throw ImportError("output " + describe(output) + " is not " + std::to_string(p.batches) + " rows of " +
                      std::to_string(p.units) + " units");
  }
  p.activation = o.activation;
  p.keep_num_dims = o.keep_num_dims;
  p.input_offset = -activation_zero_point(input, "input");
  p.output_offset = activation_zero_point(output, "output");
  for (int32_t zp : filter.quant.zero_point) {
    if (zp != 0) throw ImportError("filter " + describe(filter) + " has a non-zero zero point");
  }
  p.act = fused_range(p.activation, output);
  p.rescale = output_rescale(input, filter, output, p.units);
  if (!p.rescale.per_channel) {
    // TFLM's fully connected Prepare (GetQuantizedConvolutionMultipler) multiplies the input and
    // filter scales in float before widening; per-channel weights go through the double product.
    const QuantizedMultiplier q = quantize(float_product_multiplier(activation_scale(input, "input"), filter.quant.scale[0],
                                                                    activation_scale(output, "output")));
    p.rescale.multiplier = {q.multiplier};
    p.rescale.shift = {q.shift};
  }
  p.filter_tensor = filter.index;
  p.bias_tensor = bias_index(ctx.optional_input(2), p.units);
  p.macs = int64_t{p.batches} * p.accum_depth * p.units;
  p.weight_bytes = filter.bytes;
  return p;
}

OpParams derive_pool(const OpContext& ctx, bool max) {
  ctx.expect_arity(1, 1, 1);
  const GraphTensor& input = ctx.input(0);
  const GraphTensor& output = ctx.output(0);
  PoolParams p;
  p.max = max;
  p.input = require_rank4(input, "input");
  p.output = require_rank4(output, "output");
  require_activation_types(input, output);
  if (p.input.n != p.output.n || p.input.c != p.output.c) throw ImportError("input and output batch/channels differ");
  const auto& o = options_as<tflite::Pool2DOptions>(ctx.node(), "Pool2DOptions");
  Window2d& w = p.window;
  w.padding = o.padding;
  w.filter_h = o.filter_h, w.filter_w = o.filter_w, w.stride_h = o.stride_h, w.stride_w = o.stride_w;
  resolve_window(w, p.input, p.output);
  p.activation = o.activation;
  p.input_zero_point = activation_zero_point(input, "input");
  p.output_zero_point = activation_zero_point(output, "output");
  if (p.input_zero_point != p.output_zero_point ||
      activation_scale(input, "input") != activation_scale(output, "output")) {
    throw ImportError("pooling needs the same quantization on input and output (TFLite requires it)");
  }
  p.act = fused_range(p.activation, output);
  return p;
}

}  // namespace cmnn::tool::detail
