// DEPTHWISE_CONV_2D: int8 (depthwise_conv2d_s8), 16x8 with int64 bias (depthwise_conv2d_s16),
// int8 activations with int4 weights (depthwise_conv2d_s4).
#include "cmnn/depthwise.h"
#include "ops/conv2d_s8_lowering.h"
#include "select/variant_cost.h"

namespace cmnn::tool::ops {

namespace {

namespace lib = ::cmnn;

std::vector<ParamField> dw_fields(const lib::DepthwiseConvParams& p) {
  return {CMNN_FIELD(batches),     CMNN_FIELD(input_h),        CMNN_FIELD(input_w),        CMNN_FIELD(input_c),
          CMNN_FIELD(ch_mult),     CMNN_FIELD(filter_h),       CMNN_FIELD(filter_w),       CMNN_FIELD(output_h),
          CMNN_FIELD(output_w),    CMNN_FIELD(stride_h),       CMNN_FIELD(stride_w),       CMNN_FIELD(dilation_h),
          CMNN_FIELD(dilation_w),  CMNN_FIELD(pad_top),        CMNN_FIELD(pad_left),       CMNN_FIELD(input_offset),
          CMNN_FIELD(output_offset), CMNN_FIELD(activation_min), CMNN_FIELD(activation_max),
          CMNN_FIELD(has_prepared_records)};
}

const CallSpec<lib::DepthwiseConvParams, lib::DepthwiseConvS8Args> kS8 = {
    "depthwise_conv2d_s8", "cmnn/depthwise.h", "cmnn::DepthwiseConvParams", "cmnn::DepthwiseConvS8Args",
    lib::depthwise_conv2d_s8_variants, lib::depthwise_conv2d_s8_run_variant, dw_fields};
const CallSpec<lib::DepthwiseConvParams, lib::DepthwiseConvS16Args> kS16 = {
    "depthwise_conv2d_s16", "cmnn/depthwise.h", "cmnn::DepthwiseConvParams", "cmnn::DepthwiseConvS16Args",
    lib::depthwise_conv2d_s16_variants, lib::depthwise_conv2d_s16_run_variant, dw_fields};
const CallSpec<lib::DepthwiseConvParams, lib::DepthwiseConvS4Args> kS4 = {
    "depthwise_conv2d_s4", "cmnn/depthwise.h", "cmnn::DepthwiseConvParams", "cmnn::DepthwiseConvS4Args",
    lib::depthwise_conv2d_s4_variants, lib::depthwise_conv2d_s4_run_variant, dw_fields};

template <typename A>
std::vector<ArgDef<A>> dw_args(bool has_bias) {
  return {CMNN_ARG(A, input, in(0)), CMNN_ARG(A, filter, constant("filter")),
          CMNN_ARG(A, bias, has_bias ? constant("bias") : null_arg()),
          CMNN_ARG(A, output_multiplier, constant("multiplier")), CMNN_ARG(A, output_shift, constant("shift")),
          CMNN_ARG(A, output, out(0))};
}

// The .dsp variants build one weight record per 4 output channels in scratch on every call. With
// ctx.records_in_flash, when the table picks one of them, the records are made here once (the same
// library code) and emitted as a constant: scratch keeps one pixel's tap list only.
bool dsp_records_variant(const std::string& id) { return id == "depthwise_s8.dsp" || id == "depthwise_s8.3x3.dsp"; }

void records_to_flash(LowerContext& ctx, lib::DepthwiseConvParams p, bool has_bias, Layer& l) {
  using A = lib::DepthwiseConvS8Args;
  const Choice c = l.call->choose(ctx.target);
  if (!c.found || !dsp_records_variant(c.id)) return;
  int8_t unused = 0;  // input and output are not read
  A a{};
  a.input = &unused, a.output = &unused;
  a.filter = l.constant("filter")->as<int8_t>();
  a.bias = has_bias ? l.constant("bias")->as<int32_t>() : nullptr;
  a.output_multiplier = l.constant("multiplier")->as<int32_t>();
  a.output_shift = l.constant("shift")->as<int32_t>();
  std::vector<int32_t> records(lib::depthwise_conv2d_s8_dsp_record_words(p));
  if (records.empty() || lib::depthwise_conv2d_s8_dsp_records(p, a, records.data(), records.size()) != lib::Status::kOk) return;
  p.has_prepared_records = true;
  std::vector<ArgDef<A>> args = dw_args<A>(has_bias);
  args.push_back(CMNN_ARG(A, prepared_records, constant("dsp_records")));
  auto call = make_call(kS8, p, args);
  if (call->choose(ctx.target).id != c.id) return;  // the same variant, or nothing changes
  l.constants.push_back(ConstArray::of("dsp_records", records));
  l.call = call;
}

// One input channel (micro_speech's 49x40x1 -> 25x20x8 layer, 10x8 filter): the layer is a
// convolution with output_c = ch_mult, output channel m reading the one channel with filter
// column m. TFLite's depthwise and convolution kernels compute the same sum (bias + sum of
// (input + input_offset) * filter) and requantize it per output channel the same way, so the conv
// lowering gives the same bytes. The filter [1][H][W][M] is stored as the conv's [M][H][W][1].
bool is_convolution(const ConvParams& c, const GraphTensor& input, const GraphTensor& filter) {
  return c.input.c == 1 && c.depth_multiplier > 1 && input.type == TensorType::kInt8 &&
         filter.type == TensorType::kInt8;
}

// Whether such a layer runs as the conv: only where the depthwise table's choice is an entry for
// any shape (the per-channel loops, which have one channel to spread the work over: micro_speech
// on cortex-m4 2.93M est. cycles against 0.86M as a conv, docs/compiler.md) and the cost table
// does not put the conv's entry above it (no estimate: the host, cores without a fit). A layer
// that an entry of its own takes stays: person_detect's 96x96x1 -> 48x48x8 3x3 stride-2 layer on
// depthwise_s8.rows3x3.dsp needs 0.95M fewer est. m4 cycles than as a 9-tap conv (the im2col and
// output stage of a 72-MAC pixel), 0.49M fewer m7, and 0.42M fewer m55.
bool conv_runs_it(Target target, const Choice& depthwise, const Choice& conv, int64_t macs, int64_t outputs) {
  static const char* const kAnyShape[] = {"depthwise_s8.dsp", "depthwise_s8.mve", "depthwise_s8.ref"};
  bool any_shape = !depthwise.found;
  for (const char* id : kAnyShape) any_shape = any_shape || depthwise.id == id;
  if (!any_shape || !conv.found) return false;
  double dw_cycles = 0.0, conv_cycles = 0.0;
  if (!estimate_variant_cycles(target, depthwise.id, macs, outputs, &dw_cycles) ||
      !estimate_variant_cycles(target, conv.id, macs, outputs, &conv_cycles)) {
    return true;
  }
  return conv_cycles < dw_cycles;
}

void lower_as_conv(LowerContext& ctx, const ConvParams& c, Layer& l) {
  const ConstArray* dw = l.constant("filter");
  const size_t taps = static_cast<size_t>(c.filter_h) * static_cast<size_t>(c.filter_w);
  const size_t m_count = static_cast<size_t>(c.output.c);
  if (dw == nullptr || dw->bytes() != taps * m_count) {
    throw Unsupported("depthwise filter size != filter_h x filter_w x output channels");
  }
  std::vector<int8_t> ohwi(dw->bytes());
  for (size_t t = 0; t < taps; ++t) {
    for (size_t m = 0; m < m_count; ++m) ohwi[m * taps + t] = dw->as<int8_t>()[t * m_count + m];
  }
  for (ConstArray& a : l.constants) {
    if (a.role == "filter") a = values("filter", ohwi);
  }
  lower_conv2d_s8(ctx, c, conv2d_params(c, 1), l);  // input_c 1, output_c ch_mult
}

void lower(LowerContext& ctx) {
  const auto* c = std::get_if<ConvParams>(&ctx.node.params);
  if (c == nullptr) throw Unsupported("DEPTHWISE_CONV_2D parameters were not derived");
  const GraphTensor& input = ctx.input(0);
  const GraphTensor& filter = ctx.graph.tensors.at(static_cast<size_t>(c->filter_tensor));
  if (c->filter_offset != 0) throw Unsupported("filter zero point is not 0");
  Layer& l = ctx.add_layer();
  l.inputs = {ctx.node.inputs[0]};
  l.outputs = {ctx.node.outputs[0]};
  l.macs = c->macs;
  const bool has_bias = c->bias_tensor >= 0;
  const TensorType bias_type = has_bias ? ctx.graph.tensors.at(static_cast<size_t>(c->bias_tensor)).type : TensorType::kInt32;
  l.constants.push_back(tensor_constant(ctx.graph, c->filter_tensor, filter.type, "filter"));
  if (has_bias) l.constants.push_back(tensor_constant(ctx.graph, c->bias_tensor, bias_type, "bias"));
  add_rescale(l, c->rescale, static_cast<size_t>(c->output.c));
  lib::DepthwiseConvParams p;
  p.batches = c->input.n;
  p.input_h = c->input.h, p.input_w = c->input.w, p.input_c = c->input.c;
  p.ch_mult = c->depth_multiplier;
  p.filter_h = c->filter_h, p.filter_w = c->filter_w;
  p.output_h = c->output.h, p.output_w = c->output.w;
  p.stride_h = c->window.stride_h, p.stride_w = c->window.stride_w;
  p.dilation_h = c->window.dilation_h, p.dilation_w = c->window.dilation_w;
  p.pad_top = c->window.pad_top, p.pad_left = c->window.pad_left;
  p.input_offset = c->input_offset, p.output_offset = c->output_offset;
  p.activation_min = c->act.min, p.activation_max = c->act.max;
  if (p.output_c() != c->output.c) throw Unsupported("depthwise output channels != input channels x multiplier");
  if (input.type == TensorType::kInt16) {
    if (has_bias && bias_type != TensorType::kInt64) throw Unsupported("16x8 depthwise needs an int64 bias (as TFLM)");
    l.call = make_call(kS16, p, dw_args<lib::DepthwiseConvS16Args>(has_bias));
  } else if (bias_type != TensorType::kInt32) {
    throw Unsupported("int8 depthwise convolution with a non-int32 bias");
  } else if (filter.type == TensorType::kInt4) {
    l.call = make_call(kS4, p, dw_args<lib::DepthwiseConvS4Args>(has_bias));
  } else {
    l.call = make_call(kS8, p, dw_args<lib::DepthwiseConvS8Args>(has_bias));
    if (ctx.depthwise_as_conv && is_convolution(*c, input, filter)) {
      Layer conv = l;
      bool lowered = true;
      try {
        lower_as_conv(ctx, *c, conv);
      } catch (const Unsupported&) {  // a conv preparation that refuses: the depthwise call stays
        lowered = false;
      }
      if (lowered && conv_runs_it(ctx.target, l.call->choose(ctx.target), conv.call->choose(ctx.target), l.macs,
                                  int64_t{p.batches} * p.output_h * p.output_w * p.output_c())) {
        l = std::move(conv);
        return;
      }
    }
    if (ctx.records_in_flash) records_to_flash(ctx, p, has_bias, l);
  }
}

OpParams derive(const detail::OpContext& c) { return detail::derive_conv(c, true); }

}  // namespace

extern const OpDef kDepthwiseConv2d = {tflite::op::kDepthwiseConv2d, "depthwise_conv2d", lower, derive};

}  // namespace cmnn::tool::ops
