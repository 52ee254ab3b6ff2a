// CONV_2D: int8 (conv2d_s8, filter packed to int16, stacked or interleaved, or kernel sums offline
// when that unlocks the fastest variant on the core),
// 16x8 (conv2d_s16, int64 or int32 bias), int8 activations with int4 weights (conv2d_s4); grouped
// convolutions (filter depth a divisor of the input depth) on every path.
#include <cstring>

#include "cmnn/conv.h"
#include "cmnn/conv_s16.h"
#include "cmnn/conv_s4.h"
#include "ops/conv2d_s8_lowering.h"
#include "ops/fully_connected_s8_lowering.h"

namespace cmnn::tool::ops {

namespace {

namespace lib = ::cmnn;

std::vector<ParamField> conv_fields(const lib::Conv2dParams& p) {
  return {CMNN_FIELD(batches),    CMNN_FIELD(input_h),       CMNN_FIELD(input_w),        CMNN_FIELD(input_c),
          CMNN_FIELD(output_h),   CMNN_FIELD(output_w),      CMNN_FIELD(output_c),       CMNN_FIELD(filter_h),
          CMNN_FIELD(filter_w),   CMNN_FIELD(stride_h),      CMNN_FIELD(stride_w),       CMNN_FIELD(dilation_h),
          CMNN_FIELD(dilation_w), CMNN_FIELD(pad_top),       CMNN_FIELD(pad_left),       CMNN_FIELD(groups),
          CMNN_FIELD(input_offset), CMNN_FIELD(output_offset), CMNN_FIELD(activation_min), CMNN_FIELD(activation_max),
          CMNN_FIELD(has_packed_filter), CMNN_FIELD(has_kernel_sums), CMNN_FIELD(packed_filter_only),
          CMNN_FIELD(paired_filter), CMNN_FIELD(stacked_filter), CMNN_FIELD(x_major_filter),
          CMNN_FIELD(rgb_packed)};
}

const CallSpec<lib::Conv2dParams, lib::Conv2dS8Args> kS8 = {
    "conv2d_s8", "cmnn/conv.h", "cmnn::Conv2dParams", "cmnn::Conv2dS8Args",
    lib::conv2d_s8_variants, lib::conv2d_s8_run_variant, conv_fields};
const CallSpec<lib::Conv2dParams, lib::Conv2dS16Args> kS16 = {
    "conv2d_s16", "cmnn/conv_s16.h", "cmnn::Conv2dParams", "cmnn::Conv2dS16Args",
    lib::conv2d_s16_variants, lib::conv2d_s16_run_variant, conv_fields};
const CallSpec<lib::Conv2dParams, lib::Conv2dS4Args> kS4 = {
    "conv2d_s4", "cmnn/conv_s4.h", "cmnn::Conv2dParams", "cmnn::Conv2dS4Args",
    lib::conv2d_s4_variants, lib::conv2d_s4_run_variant, conv_fields};

lib::Conv2dParams library_params(const ConvParams& c, const GraphTensor& filter) {
  const int32_t filter_in = filter.shape.size() == 4 ? filter.shape[3] : 0;
  if (filter_in <= 0 || c.input.c % filter_in != 0) throw Unsupported("filter input depth does not divide the input's");
  return conv2d_params(c, c.input.c / filter_in);
}

// The report's verdict for the packed entry that would have run had the budget left its copy.
void note_dropped_pack(Layer& l, const Choice& packed, int64_t budget) {
  if (packed.index >= l.candidates.size()) return;
  l.candidates[packed.index].verdict =
      "rejected: packed copy dropped by the weight budget (" + std::to_string(budget) + " bytes)";
}

// Shortest depth (filter_h * filter_w * input_c / groups) at which the stacked variants replace a
// packed copy the budget would keep (lower_conv2d_s8; measured on the M4 quad loop, see below).
constexpr int32_t kStackedOverPackedDepth = 32;

// The layer's "filter" constant (the int8 weights; a reordering replaces its bytes in place).
ConstArray* filter_constant(Layer& l) {
  for (ConstArray& a : l.constants) {
    if (a.role == "filter") return &a;
  }
  return nullptr;
}

// costs_less (op_support.h) for this conv layer's MACs and output elements.
bool costs_less(Target target, const Choice& a, const Choice& b, const Layer& l, const lib::Conv2dParams& p) {
  return ops::costs_less(target, a, b, l.macs, int64_t{p.batches} * p.output_h * p.output_w * p.output_c);
}

// The row-window form of a stacked call (q): x_major_filter set when a window entry
// (conv2d_s8.im2col.window.*.dsp: the same micro-kernels, each row's column pairs built once per
// chunk of pixels instead of per pixel pair) runs it on this core; q unchanged for 1x1 filters (the
// 1x1 variants build no window) and where no window entry applies (groups, dilation_w, input_c % 4).
// ResNet-8 on the Cortex-M4 at the default budgets: 16.71M -> 16.2M est. cycles (docs/variants.md).
lib::Conv2dParams windowed(const LowerContext& ctx, const lib::Conv2dParams& q,
                           const std::vector<ArgDef<lib::Conv2dS8Args>>& args) {
  if (q.filter_h * q.filter_w == 1) return q;
  lib::Conv2dParams w = q;
  w.x_major_filter = true;
  const Choice c = make_call(kS8, w, args)->choose(ctx.target);
  return c.found && c.id.find(".window.") != std::string::npos ? w : q;
}

// The "filter" constant reordered for q in place (same size: flash and weight budget unchanged):
// x-major taps first when q.x_major_filter, then stacked or paired. False, the constant untouched,
// when there is no such constant or the filter has no stacked form.
bool reorder_in_place(Layer& l, const lib::Conv2dParams& q) {
  ConstArray* filter = filter_constant(l);
  std::vector<int8_t> taps(lib::conv2d_s8_paired_count(q)), w(taps.size());
  if (filter == nullptr || filter->bytes() != w.size()) return false;
  std::memcpy(taps.data(), filter->as<int8_t>(), taps.size());
  if (q.x_major_filter &&
      lib::conv2d_s8_x_major_filter(q, filter->as<int8_t>(), taps.data(), taps.size()) != lib::Status::kOk)
    return false;
  const lib::Status s = q.stacked_filter ? lib::conv2d_s8_stack_filter(q, taps.data(), w.data(), w.size())
                                         : lib::conv2d_s8_pair_filter(q, taps.data(), w.data(), w.size());
  if (s != lib::Status::kOk) return false;
  std::memcpy(filter->data.data(), w.data(), w.size());
  return true;
}

}  // namespace

void lower_conv2d_s8(LowerContext& ctx, const ConvParams& c, lib::Conv2dParams p, Layer& l) {
  const std::vector<ArgDef<lib::Conv2dS8Args>> args = {
      CMNN_ARG(lib::Conv2dS8Args, input, in(0)),
      CMNN_ARG(lib::Conv2dS8Args, filter, constant("filter")),
      CMNN_ARG(lib::Conv2dS8Args, bias, c.bias_tensor >= 0 ? constant("bias") : null_arg()),
      CMNN_ARG(lib::Conv2dS8Args, multiplier, constant("multiplier")),
      CMNN_ARG(lib::Conv2dS8Args, shift, constant("shift")),
      CMNN_ARG(lib::Conv2dS8Args, packed_filter, constant("packed_filter")),
      CMNN_ARG(lib::Conv2dS8Args, kernel_sums, constant("kernel_sums")),
      CMNN_ARG(lib::Conv2dS8Args, output, out(0))};
  // Offline data is prepared only when it unlocks a faster entry on this core: the filter packed to
  // int16 (conv2d_s8_pack; lower_graph then leaves the int8 filter out where the packed variant is
  // all that reads it, select/drop_int8.h) or the kernel sums
  // (conv2d_s8_prepare: the ksum entries, Helium). Select without it, with sums, with the packed
  // filter; the earliest table entry (fastest first) wins, and only the data it reads is emitted.
  const Choice plain = make_call(kS8, p, args)->choose(ctx.target);
  lib::Conv2dParams with_sums = p;
  with_sums.has_kernel_sums = true;
  const Choice summed = make_call(kS8, with_sums, args)->choose(ctx.target);
  lib::Conv2dParams with_packed = p;
  with_packed.has_packed_filter = true;
  const Choice packed = lib::conv2d_s8_packed_count(with_packed) > 0 ? make_call(kS8, with_packed, args)->choose(ctx.target)
                                                                      : Choice{};
  auto earlier = [](const Choice& a, const Choice& b) { return a.found && (!b.found || a.index < b.index); };
  const bool packed_wins = earlier(packed, plain) && !earlier(summed, packed);
  // The RGB first-layer variant with its own packed copy (conv2d_s8_rgb_pack: widened filter, bias
  // and requantization words) where the core's cost table puts it below what would run otherwise
  // (a core without its fit keeps the other choices); the copy counts against the weight budget
  // like the packed one, and when the budget declines it the packed copy is the next choice
  // (select/copy_budget.h).
  lib::Conv2dParams with_rgb = p;
  with_rgb.has_packed_filter = with_rgb.rgb_packed = true;
  const Choice rgb = lib::conv2d_s8_rgb_packed_count(with_rgb) > 0 ? make_call(kS8, with_rgb, args)->choose(ctx.target)
                                                                    : Choice{};
  const bool rgb_offered = rgb.found && rgb.id == "conv2d_s8.rgb3x3.dsp" && !earlier(summed, rgb) &&
                           costs_less(ctx.target, rgb, packed_wins ? packed : plain, l, p);
  if (rgb_offered && ctx.may_copy(0)) {
    const ConstArray* bias = l.constant("bias");
    std::vector<int16_t> w(lib::conv2d_s8_rgb_packed_count(with_rgb));
    const lib::Status s = lib::conv2d_s8_rgb_pack(with_rgb, l.constant("filter")->as<int8_t>(),
                                                  bias ? bias->as<int32_t>() : nullptr,
                                                  l.constant("multiplier")->as<int32_t>(),
                                                  l.constant("shift")->as<int32_t>(), w.data(), w.size());
    if (s != lib::Status::kOk) throw Unsupported(std::string("conv2d_s8_rgb_pack: ") + lib::status_name(s));
    l.constants.push_back(values("packed_filter", w));
    l.call = make_call(kS8, with_rgb, args);
    select_variant(l, ctx.target);
    return;
  }
  // The RGB copy declined by the budget: the packed copy is the layer's next choice, and the
  // report names the RGB copy as the one dropped.
  const bool may_pack = ctx.may_copy(rgb_offered ? 1 : 0);
  auto select = [&] {
    select_variant(l, ctx.target);
    if (rgb_offered && !ctx.may_copy(0)) note_dropped_pack(l, rgb, ctx.weight_budget);
  };
  lib::Conv2dParams with_paired = p;
  with_paired.paired_filter = true;
  const Choice paired = make_call(kS8, with_paired, args)->choose(ctx.target);
  // The stacked order (no copy either) where the cost table says its entry beats the paired one
  // on this core (the Cortex-M4 assembly; on the M7 and M55 its fit is above the paired one's, and
  // a core without a fit is not offered it), and also the packed copy when one would be kept: the layer then
  // keeps no copy. Only for the shapes the assembly takes (a bias, depth % 4 == 0, a row quad per
  // group: mat_mult_stacked_dsp.cpp), which the cost fit does not see. Refused filters (no
  // stacked form) fall through to the choices below.
  lib::Conv2dParams with_stacked = p;
  with_stacked.stacked_filter = true;
  const Choice stacked = make_call(kS8, with_stacked, args)->choose(ctx.target);
  const int32_t depth = p.filter_h * p.filter_w * (p.input_c / p.groups);
  const bool quad_shape = c.bias_tensor >= 0 && depth % 4 == 0 && p.output_c / p.groups >= 4;
  // Over a kept packed copy only from depth kStackedOverPackedDepth: each quad's ~50 est. m4 cycles
  // of set-up, loop tests, hi/lo fix-ups and stores (mat_mult_stacked_asm.h), more than the packed
  // block's, which the per-MAC fit does not see, outweigh the 2 cycles per group it saves against
  // the packed block below that (cmnn bench M4, VWW/person_detect/KWS 1x1 layers, stacked over
  // packed: depth 32 -1.3..-2.8 % est. cycles, 64 -5.2..-5.8 %; depth 16 not measured).
  const bool over_packed = depth >= kStackedOverPackedDepth && costs_less(ctx.target, stacked, packed, l, p);
  // conv2d_s8.1x1.smallk16.dsp (depth 16) sits after the packed and reordered-filter entries in
  // the table, so the table order alone never prefers it to them: it is taken, with the int8
  // filter and no copy, where the cost table puts it below each of them found on this core (the
  // Cortex-M4 loop, conv_s8_1x1_smallk_dsp.cpp); a core without its cost entry never takes it.
  auto below = [&](const Choice& other) { return !other.found || costs_less(ctx.target, plain, other, l, p); };
  if (plain.found && plain.id == "conv2d_s8.1x1.smallk16.dsp" && below(packed) && below(paired) && below(stacked)) {
    l.call = make_call(kS8, p, args);
    select();
    return;
  }
  const bool stacked_wins = quad_shape && earlier(stacked, plain) && !earlier(summed, stacked) && earlier(paired, plain) &&
                            costs_less(ctx.target, stacked, paired, l, p) && (!packed_wins || !may_pack || over_packed);
  const lib::Conv2dParams stacked_call = stacked_wins ? windowed(ctx, with_stacked, args) : with_stacked;
  if (stacked_wins && reorder_in_place(l, stacked_call)) {
    l.call = make_call(kS8, stacked_call, args);
    select();
    if (packed_wins && !may_pack) note_dropped_pack(l, packed, ctx.weight_budget);
    return;
  }
  if (packed_wins && may_pack) {
    std::vector<int16_t> w(lib::conv2d_s8_packed_count(with_packed));
    const lib::Status s = lib::conv2d_s8_pack(with_packed, l.constant("filter")->as<int8_t>(), w.data(), w.size());
    if (s != lib::Status::kOk) throw Unsupported(std::string("conv2d_s8_pack: ") + lib::status_name(s));
    l.constants.push_back(values("packed_filter", w));
    l.call = make_call(kS8, with_packed, args);
    select();
    return;
  }
  if (earlier(summed, plain)) {
    const ConstArray* bias = l.constant("bias");
    std::vector<int32_t> sums(static_cast<size_t>(p.output_c));
    const lib::Status s = lib::conv2d_s8_prepare(with_sums, l.constant("filter")->as<int8_t>(),
                                                 bias ? bias->as<int32_t>() : nullptr, sums.data());
    if (s != lib::Status::kOk) throw Unsupported(std::string("conv2d_s8_prepare: ") + lib::status_name(s));
    l.constants.push_back(values("kernel_sums", sums));
    l.call = make_call(kS8, with_sums, args);
    select();
    if (packed_wins) note_dropped_pack(l, packed, ctx.weight_budget);
    return;
  }
  // No packed copy: the int8 filter in the row-pair interleaved order (conv2d_s8_pair_filter) when
  // a paired variant comes before the plain choice. The same bytes replace the "filter" constant,
  // so the layer still stores its filter once and the flash (and weight budget) is unchanged.
  // (Not in the row-window form: on the Cortex-M7, where the paired order wins, the m7 model puts
  // ResNet-8's last block at 2,716,665 est. cycles with per-pair columns and 2,723,671 with the
  // window, whose stores the M7 cannot pair.)
  const lib::Conv2dParams chosen = earlier(paired, plain) ? with_paired : p;
  if (chosen.paired_filter && !reorder_in_place(l, chosen)) throw Unsupported("conv2d_s8_pair_filter: filter size");
  l.call = make_call(kS8, chosen, args);
  select();
  if (packed_wins) note_dropped_pack(l, packed, ctx.weight_budget);
}

lib::Conv2dParams conv2d_params(const ConvParams& c, int32_t groups) {
  lib::Conv2dParams p;
  p.batches = c.input.n;
  p.input_h = c.input.h, p.input_w = c.input.w, p.input_c = c.input.c;
  p.output_h = c.output.h, p.output_w = c.output.w, p.output_c = c.output.c;
  p.filter_h = c.filter_h, p.filter_w = c.filter_w;
  p.stride_h = c.window.stride_h, p.stride_w = c.window.stride_w;
  p.dilation_h = c.window.dilation_h, p.dilation_w = c.window.dilation_w;
  p.pad_top = c.window.pad_top, p.pad_left = c.window.pad_left;
  p.groups = groups;
  p.input_offset = c.input_offset, p.output_offset = c.output_offset;
  p.activation_min = c.act.min, p.activation_max = c.act.max;
  return p;
}

namespace {

// A dense layer written as a convolution: a 1x1 filter over the whole channel depth (one group) on
// a 1x1 input without padding, one output pixel per batch (person_detect's 1x1x256 -> 1x1x2 head).
// Its bytes are a FULLY_CONNECTED layer's: the OHWI filter is [output][input], the input and output
// [batch][channel]; the per-channel tables requantize through the same quant::requantize_to_s8 in
// both kernels (TFLite: MultiplyByQuantizedMultiplier per channel in both), the accumulation is the
// same sum of (x + input_offset) w + bias with filter offset 0. The FC kernels have no per-pixel
// set-up: the layer bench's 1x1x256 -> 2 runs in 2,867 est. m4 cycles as the fastest conv entry,
// 1,422 as the FC's.
bool is_dense(const ConvParams& c, const lib::Conv2dParams& p) {
  const Window2d& w = c.window;
  return p.groups == 1 && c.input.h == 1 && c.input.w == 1 && c.output.h == 1 && c.output.w == 1 && w.filter_h == 1 &&
         w.filter_w == 1 && w.pad_top == 0 && w.pad_left == 0 && w.pad_bottom == 0 && w.pad_right == 0 &&
         c.filter_offset == 0;
}

void lower_as_fully_connected(LowerContext& ctx, const ConvParams& c, Layer& l) {
  lib::FullyConnectedParams f;
  f.batches = c.input.n, f.input_depth = c.input.c, f.output_depth = c.output.c;
  f.input_offset = c.input_offset, f.filter_offset = 0, f.output_offset = c.output_offset;
  f.activation_min = c.act.min, f.activation_max = c.act.max;
  f.per_channel = true;  // add_rescale's tables: one entry per output channel
  const bool has_bias = c.bias_tensor >= 0;
  l.constants.push_back(int8_constant(ctx.graph, c.filter_tensor, "weights"));
  if (has_bias) l.constants.push_back(int32_constant(ctx.graph, c.bias_tensor, "bias"));
  add_rescale(l, c.rescale, static_cast<size_t>(c.output.c));
  lower_fully_connected_s8(ctx, f, has_bias, l);
}

void lower(LowerContext& ctx) {
  const auto* c = std::get_if<ConvParams>(&ctx.node.params);
  if (c == nullptr) throw Unsupported("CONV_2D parameters were not derived");
  const GraphTensor& input = ctx.input(0);
  const GraphTensor& filter = ctx.graph.tensors.at(static_cast<size_t>(c->filter_tensor));
  if (c->filter_offset != 0) throw Unsupported("filter zero point is not 0");
  Layer& l = ctx.add_layer();
  l.inputs = {ctx.node.inputs[0]};
  l.outputs = {ctx.node.outputs[0]};
  l.macs = c->macs;
  const lib::Conv2dParams p = library_params(*c, filter);
  const bool has_bias = c->bias_tensor >= 0;
  const TensorType bias_type = has_bias ? ctx.graph.tensors.at(static_cast<size_t>(c->bias_tensor)).type : TensorType::kInt32;
  if (input.type == TensorType::kInt8 && filter.type == TensorType::kInt8 && bias_type == TensorType::kInt32 &&
      is_dense(*c, p)) {
    lower_as_fully_connected(ctx, *c, l);
    return;
  }
  if (filter.type == TensorType::kInt4) {
    l.constants.push_back(tensor_constant(ctx.graph, c->filter_tensor, TensorType::kInt4, "filter"));
  } else {
    l.constants.push_back(int8_constant(ctx.graph, c->filter_tensor, "filter"));
  }
  if (has_bias) l.constants.push_back(tensor_constant(ctx.graph, c->bias_tensor, bias_type, "bias"));
  add_rescale(l, c->rescale, static_cast<size_t>(c->output.c));
  if (input.type == TensorType::kInt16) {
    using A = lib::Conv2dS16Args;
    l.call = make_call(kS16, p,
                       {CMNN_ARG(A, input, in(0)), CMNN_ARG(A, filter, constant("filter")),
                        CMNN_ARG(A, bias, has_bias && bias_type == TensorType::kInt64 ? constant("bias") : null_arg()),
                        CMNN_ARG(A, bias32, has_bias && bias_type == TensorType::kInt32 ? constant("bias") : null_arg()),
                        CMNN_ARG(A, multiplier, constant("multiplier")), CMNN_ARG(A, shift, constant("shift")),
                        CMNN_ARG(A, output, out(0))});
    return;
  }
  if (bias_type != TensorType::kInt32) throw Unsupported("int8 convolution with a non-int32 bias");
  if (filter.type == TensorType::kInt4) {
    using A = lib::Conv2dS4Args;
    l.call = make_call(kS4, p,
                       {CMNN_ARG(A, input, in(0)), CMNN_ARG(A, filter, constant("filter")),
                        CMNN_ARG(A, bias, has_bias ? constant("bias") : null_arg()),
                        CMNN_ARG(A, multiplier, constant("multiplier")), CMNN_ARG(A, shift, constant("shift")),
                        CMNN_ARG(A, output, out(0))});
    return;
  }
  lower_conv2d_s8(ctx, *c, p, l);
}

OpParams derive(const detail::OpContext& c) { return detail::derive_conv(c, false); }

}  // namespace

extern const OpDef kConv2d = {tflite::op::kConv2d, "conv2d", lower, derive};

}  // namespace cmnn::tool::ops
