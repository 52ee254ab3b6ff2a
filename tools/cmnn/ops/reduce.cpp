// MEAN, SUM (int8, int16), REDUCE_MAX, REDUCE_MIN (int8) over constant axes, ARG_MAX / ARG_MIN
// (int8 input, int32 or int64 indices) over one constant axis, CUMSUM (int8). The library's
// mean_params / sum_params / reduce_min_max_params / arg_min_max_params / cumsum_params are the
// single place of TFLM's Prepare arithmetic. CUMSUM may run in place; the reductions may not.
#include "cmnn/reduce.h"
#include "ops/op_support.h"

namespace cmnn::tool::ops {

namespace {

namespace lib = ::cmnn;

#define CMNN_DIMS6(name)                                                                               \
  CMNN_FIELD(name[0]), CMNN_FIELD(name[1]), CMNN_FIELD(name[2]), CMNN_FIELD(name[3]), CMNN_FIELD(name[4]), \
      CMNN_FIELD(name[5])

std::vector<ParamField> mean_sum_fields(const lib::MeanSumParams& p) {
  return {CMNN_DIMS6(dims), CMNN_FIELD(axis_mask), CMNN_FIELD(input_zero_point), CMNN_FIELD(output_zero_point),
          CMNN_FIELD(multiplier), CMNN_FIELD(shift)};
}
std::vector<ParamField> min_max_fields(const lib::ReduceMinMaxParams& p) {
  return {CMNN_DIMS6(dims), CMNN_FIELD(axis_mask)};
}
#undef CMNN_DIMS6
std::vector<ParamField> arg_fields(const lib::ArgMinMaxParams& p) {
  return {CMNN_FIELD(outer), CMNN_FIELD(axis_size), CMNN_FIELD(inner)};
}
std::vector<ParamField> cumsum_fields(const lib::CumsumParams& p) {
  return {CMNN_FIELD(outer),          CMNN_FIELD(axis_size),      CMNN_FIELD(inner),
          CMNN_FIELD(exclusive),      CMNN_FIELD(reverse),        CMNN_FIELD(input_offset),
          CMNN_FIELD(input_multiplier), CMNN_FIELD(input_shift),  CMNN_FIELD(left_shift),
          CMNN_FIELD(output_offset),  CMNN_FIELD(output_multiplier), CMNN_FIELD(output_shift),
          CMNN_FIELD(activation_min), CMNN_FIELD(activation_max)};
}

using MsP = lib::MeanSumParams;
using S8 = lib::ReduceArgs<int8_t>;
using S16 = lib::ReduceArgs<int16_t>;
const CallSpec<MsP, S8> kMeanS8 = {"mean_s8", "cmnn/reduce.h", "cmnn::MeanSumParams", "cmnn::ReduceArgs<int8_t>",
                                   lib::mean_s8_variants, lib::mean_s8_run_variant, mean_sum_fields};
const CallSpec<MsP, S16> kMeanS16 = {"mean_s16", "cmnn/reduce.h", "cmnn::MeanSumParams", "cmnn::ReduceArgs<int16_t>",
                                     lib::mean_s16_variants, lib::mean_s16_run_variant, mean_sum_fields};
const CallSpec<MsP, S8> kSumS8 = {"sum_s8", "cmnn/reduce.h", "cmnn::MeanSumParams", "cmnn::ReduceArgs<int8_t>",
                                  lib::sum_s8_variants, lib::sum_s8_run_variant, mean_sum_fields};
const CallSpec<MsP, S16> kSumS16 = {"sum_s16", "cmnn/reduce.h", "cmnn::MeanSumParams", "cmnn::ReduceArgs<int16_t>",
                                    lib::sum_s16_variants, lib::sum_s16_run_variant, mean_sum_fields};
const CallSpec<lib::ReduceMinMaxParams, S8> kReduceMax = {
    "reduce_max_s8", "cmnn/reduce.h", "cmnn::ReduceMinMaxParams", "cmnn::ReduceArgs<int8_t>",
    lib::reduce_max_s8_variants, lib::reduce_max_s8_run_variant, min_max_fields};
const CallSpec<lib::ReduceMinMaxParams, S8> kReduceMin = {
    "reduce_min_s8", "cmnn/reduce.h", "cmnn::ReduceMinMaxParams", "cmnn::ReduceArgs<int8_t>",
    lib::reduce_min_s8_variants, lib::reduce_min_s8_run_variant, min_max_fields};
using I32 = lib::ArgMinMaxArgs<int32_t>;
using I64 = lib::ArgMinMaxArgs<int64_t>;
const CallSpec<lib::ArgMinMaxParams, I32> kArgMax = {
    "arg_max_s8", "cmnn/reduce.h", "cmnn::ArgMinMaxParams", "cmnn::ArgMinMaxArgs<int32_t>",
    lib::arg_max_s8_variants, lib::arg_max_s8_run_variant, arg_fields};
const CallSpec<lib::ArgMinMaxParams, I32> kArgMin = {
    "arg_min_s8", "cmnn/reduce.h", "cmnn::ArgMinMaxParams", "cmnn::ArgMinMaxArgs<int32_t>",
    lib::arg_min_s8_variants, lib::arg_min_s8_run_variant, arg_fields};
const CallSpec<lib::ArgMinMaxParams, I64> kArgMax64 = {
    "arg_max_s8_i64", "cmnn/reduce.h", "cmnn::ArgMinMaxParams", "cmnn::ArgMinMaxArgs<int64_t>",
    lib::arg_max_s8_i64_variants, lib::arg_max_s8_i64_run_variant, arg_fields};
const CallSpec<lib::ArgMinMaxParams, I64> kArgMin64 = {
    "arg_min_s8_i64", "cmnn/reduce.h", "cmnn::ArgMinMaxParams", "cmnn::ArgMinMaxArgs<int64_t>",
    lib::arg_min_s8_i64_variants, lib::arg_min_s8_i64_run_variant, arg_fields};
const CallSpec<lib::CumsumParams, S8> kCumsum = {"cumsum_s8", "cmnn/reduce.h", "cmnn::CumsumParams",
                                                 "cmnn::ReduceArgs<int8_t>", lib::cumsum_s8_variants,
                                                 lib::cumsum_s8_run_variant, cumsum_fields};

std::vector<int32_t> axes_of(const GraphTensor& t, const char* role) {
  std::vector<int32_t> axes;
  for (int64_t v : constant_ints(t, role)) {
    if (v < INT32_MIN || v > INT32_MAX) throw ImportError(std::string(role) + " out of range");
    axes.push_back(static_cast<int32_t>(v));
  }
  return axes;
}

void check_status(lib::Status s, const char* what) {
  if (s != lib::Status::kOk) throw ImportError(std::string(what) + ": " + lib::status_name(s));
}

Layer& unary_layer(LowerContext& ctx) {
  Layer& l = ctx.add_layer();
  l.inputs = {ctx.node.inputs[0]};
  l.outputs = {ctx.node.outputs[0]};
  l.macs = ctx.input(0).elements;
  return l;
}

int64_t kept_elements(const lib::MeanSumParams& p) {
  int64_t n = 1;
  for (int d = 0; d < lib::kMaxReduceRank; ++d) {
    if (!((p.axis_mask >> d) & 1u)) n *= p.dims[d];
  }
  return n;
}

template <bool kMean>
void lower_mean_sum(LowerContext& ctx) {
  ctx.expect_arity(2, 2, 1);
  const GraphTensor& src = ctx.input(0);
  const GraphTensor& dst = ctx.output(0);
  if (src.type != TensorType::kInt8 && src.type != TensorType::kInt16) {
    throw Unsupported(std::string("no kernel for ") + type_name(src.type) + " input");
  }
  require_type(dst, src.type, "output");
  const std::vector<int32_t> axes = axes_of(ctx.input(1), "axes");
  const Quant qi = activation_quant(src, "input"), qo = activation_quant(dst, "output");
  if (src.type == TensorType::kInt16 && (qi.zero_point != 0 || qo.zero_point != 0)) {
    throw ImportError("int16 zero points must be 0");
  }
  MsP p;
  check_status((kMean ? lib::mean_params : lib::sum_params)(src.shape.data(), static_cast<int32_t>(src.shape.size()),
                                                           axes.data(), static_cast<int32_t>(axes.size()), qi.scale,
                                                           qi.zero_point, qo.scale, qo.zero_point, &p),
               "axes");
  if (kept_elements(p) != dst.elements) throw ImportError("output size does not match the reduced shape");
  Layer& l = unary_layer(ctx);
  if (src.type == TensorType::kInt16) {
    l.call = make_call(kMean ? kMeanS16 : kSumS16, p, {CMNN_ARG(S16, input, in(0)), CMNN_ARG(S16, output, out(0))});
  } else {
    l.call = make_call(kMean ? kMeanS8 : kSumS8, p, {CMNN_ARG(S8, input, in(0)), CMNN_ARG(S8, output, out(0))});
  }
}

template <bool kMax>
void lower_reduce_min_max(LowerContext& ctx) {
  ctx.expect_arity(2, 2, 1);
  const GraphTensor& src = ctx.input(0);
  const GraphTensor& dst = ctx.output(0);
  require_type(src, TensorType::kInt8, "input");  // TFLM: float32 and int8 only
  require_type(dst, TensorType::kInt8, "output");
  const Quant qi = activation_quant(src, "input"), qo = activation_quant(dst, "output");
  if (qi.scale != qo.scale || qi.zero_point != qo.zero_point) {
    throw ImportError("REDUCE_MAX/MIN needs the same input and output quantization");
  }
  const std::vector<int32_t> axes = axes_of(ctx.input(1), "axes");
  lib::ReduceMinMaxParams p;
  check_status(lib::reduce_min_max_params(src.shape.data(), static_cast<int32_t>(src.shape.size()), axes.data(),
                                          static_cast<int32_t>(axes.size()), &p),
               "axes");
  MsP shape_only;
  std::copy(p.dims, p.dims + lib::kMaxReduceRank, shape_only.dims);
  shape_only.axis_mask = p.axis_mask;
  if (kept_elements(shape_only) != dst.elements) throw ImportError("output size does not match the reduced shape");
  Layer& l = unary_layer(ctx);
  l.call = make_call(kMax ? kReduceMax : kReduceMin, p, {CMNN_ARG(S8, input, in(0)), CMNN_ARG(S8, output, out(0))});
}

template <bool kMax>
void lower_arg(LowerContext& ctx) {
  ctx.expect_arity(2, 2, 1);
  const GraphTensor& src = ctx.input(0);
  const GraphTensor& dst = ctx.output(0);
  require_type(src, TensorType::kInt8, "input");
  const std::vector<int32_t> axes = axes_of(ctx.input(1), "axis");
  if (axes.size() != 1) throw ImportError("ARG_MAX/ARG_MIN take one axis");
  lib::ArgMinMaxParams p;
  check_status(lib::arg_min_max_params(src.shape.data(), static_cast<int32_t>(src.shape.size()), axes[0], &p), "axis");
  if (static_cast<int64_t>(p.outer) * p.inner != dst.elements) throw ImportError("output size does not match");
  Layer& l = unary_layer(ctx);
  if (dst.type == TensorType::kInt64) {
    l.call = make_call(kMax ? kArgMax64 : kArgMin64, p, {CMNN_ARG(I64, input, in(0)), CMNN_ARG(I64, output, out(0))});
  } else {
    require_type(dst, TensorType::kInt32, "output");
    l.call = make_call(kMax ? kArgMax : kArgMin, p, {CMNN_ARG(I32, input, in(0)), CMNN_ARG(I32, output, out(0))});
  }
}

void lower_cumsum(LowerContext& ctx) {
  ctx.expect_arity(2, 2, 1);
  const GraphTensor& src = ctx.input(0);
  const GraphTensor& dst = ctx.output(0);
  require_type(src, TensorType::kInt8, "input");
  require_type(dst, TensorType::kInt8, "output");
  if (src.shape != dst.shape) throw ImportError("CUMSUM output shape differs from the input's");
  const std::vector<int32_t> axes = axes_of(ctx.input(1), "axis");
  if (axes.size() != 1) throw ImportError("CUMSUM takes one axis");
  // Options table absent: the schema defaults (false, false).
  tflite::CumsumOptions o;
  if (const auto* given = std::get_if<tflite::CumsumOptions>(&ctx.node.options)) o = *given;
  const Quant qi = activation_quant(src, "input"), qo = activation_quant(dst, "output");
  lib::CumsumParams p;
  check_status(lib::cumsum_params(src.shape.data(), static_cast<int32_t>(src.shape.size()), axes[0], o.exclusive,
                                  o.reverse, qi.scale, qi.zero_point, qo.scale, qo.zero_point, &p),
               "axis");
  Layer& l = unary_layer(ctx);
  l.in_place = true;
  l.call = make_call(kCumsum, p, {CMNN_ARG(S8, input, in(0)), CMNN_ARG(S8, output, out(0))});
}

}  // namespace

extern const OpDef kMean = {tflite::op::kMean, "mean", lower_mean_sum<true>};
extern const OpDef kSum = {tflite::op::kSum, "sum", lower_mean_sum<false>};
extern const OpDef kReduceMax = {tflite::op::kReduceMax, "reduce_max", lower_reduce_min_max<true>};
extern const OpDef kReduceMin = {tflite::op::kReduceMin, "reduce_min", lower_reduce_min_max<false>};
extern const OpDef kArgMax = {tflite::op::kArgMax, "arg_max", lower_arg<true>};
extern const OpDef kArgMin = {tflite::op::kArgMin, "arg_min", lower_arg<false>};
extern const OpDef kCumsum = {tflite::op::kCumsum, "cumsum", lower_cumsum};

}  // namespace cmnn::tool::ops
