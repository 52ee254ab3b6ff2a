// AVERAGE_POOL_2D and MAX_POOL_2D, int8 and int16 (same quantization on input and output).
#include "cmnn/pooling.h"
#include "ops/op_support.h"

namespace cmnn::tool::ops {

namespace {

namespace lib = ::cmnn;

std::vector<ParamField> pool_fields(const lib::PoolParams& p) {
  return {CMNN_FIELD(batches),  CMNN_FIELD(input_h),  CMNN_FIELD(input_w),  CMNN_FIELD(channels),
          CMNN_FIELD(output_h), CMNN_FIELD(output_w), CMNN_FIELD(filter_h), CMNN_FIELD(filter_w),
          CMNN_FIELD(stride_h), CMNN_FIELD(stride_w), CMNN_FIELD(pad_top),  CMNN_FIELD(pad_left),
          CMNN_FIELD(activation_min), CMNN_FIELD(activation_max)};
}

template <typename T>
using Spec = CallSpec<lib::PoolParams, lib::PoolArgs<T>>;
const Spec<int8_t> kAvgS8 = {"avgpool_s8", "cmnn/pooling.h", "cmnn::PoolParams", "cmnn::PoolArgs<int8_t>",
                             lib::avgpool_s8_variants, lib::avgpool_s8_run_variant, pool_fields};
const Spec<int16_t> kAvgS16 = {"avgpool_s16", "cmnn/pooling.h", "cmnn::PoolParams", "cmnn::PoolArgs<int16_t>",
                               lib::avgpool_s16_variants, lib::avgpool_s16_run_variant, pool_fields};
const Spec<int8_t> kMaxS8 = {"maxpool_s8", "cmnn/pooling.h", "cmnn::PoolParams", "cmnn::PoolArgs<int8_t>",
                             lib::maxpool_s8_variants, lib::maxpool_s8_run_variant, pool_fields};
const Spec<int16_t> kMaxS16 = {"maxpool_s16", "cmnn/pooling.h", "cmnn::PoolParams", "cmnn::PoolArgs<int16_t>",
                               lib::maxpool_s16_variants, lib::maxpool_s16_run_variant, pool_fields};

template <typename T>
std::shared_ptr<const LayerCall> call(const Spec<T>& spec, const lib::PoolParams& p) {
  using A = lib::PoolArgs<T>;
  return make_call(spec, p, {CMNN_ARG(A, input, in(0)), CMNN_ARG(A, output, out(0))});
}

void lower(LowerContext& ctx, bool max) {
  const auto* q = std::get_if<PoolParams>(&ctx.node.params);
  if (q == nullptr) throw Unsupported("pooling parameters were not derived");
  if (q->input_zero_point != q->output_zero_point) throw Unsupported("pooling with different input and output zero points");
  Layer& l = ctx.add_layer();
  l.inputs = {ctx.node.inputs[0]};
  l.outputs = {ctx.node.outputs[0]};
  lib::PoolParams p;
  p.batches = q->input.n;
  p.input_h = q->input.h, p.input_w = q->input.w, p.channels = q->input.c;
  p.output_h = q->output.h, p.output_w = q->output.w;
  p.filter_h = q->window.filter_h, p.filter_w = q->window.filter_w;
  p.stride_h = q->window.stride_h, p.stride_w = q->window.stride_w;
  p.pad_top = q->window.pad_top, p.pad_left = q->window.pad_left;
  p.activation_min = q->act.min, p.activation_max = q->act.max;
  l.macs = int64_t{q->output.n} * q->output.h * q->output.w * q->output.c * q->window.filter_h * q->window.filter_w;
  const bool s16 = ctx.input(0).type == TensorType::kInt16;
  l.call = max ? (s16 ? call(kMaxS16, p) : call(kMaxS8, p)) : (s16 ? call(kAvgS16, p) : call(kAvgS8, p));
}

void lower_avg(LowerContext& ctx) { lower(ctx, false); }
void lower_max(LowerContext& ctx) { lower(ctx, true); }

OpParams derive_avg(const detail::OpContext& c) { return detail::derive_pool(c, false); }
OpParams derive_max(const detail::OpContext& c) { return detail::derive_pool(c, true); }

}  // namespace

extern const OpDef kAveragePool2d = {tflite::op::kAveragePool2d, "avg_pool", lower_avg, derive_avg};
extern const OpDef kMaxPool2d = {tflite::op::kMaxPool2d, "max_pool", lower_max, derive_max};

}  // namespace cmnn::tool::ops
