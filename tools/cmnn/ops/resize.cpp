// RESIZE_NEAREST_NEIGHBOR (int8, int16) and RESIZE_BILINEAR (int8, TFLM's ResizeBilinearInteger),
// NHWC (rank <= 4, extended with leading 1s as TFLM does); the new size (height, width) is a
// constant operand. One lowering, the kernel table and the allowed types differ.
#include "cmnn/resize.h"
#include "ops/movement.h"

namespace cmnn::tool::ops {

namespace {

namespace lib = ::cmnn;

std::vector<ParamField> resize_fields(const lib::ResizeParams& p) {
  return {CMNN_FIELD(batches),  CMNN_FIELD(input_h),       CMNN_FIELD(input_w),
          CMNN_FIELD(depth),    CMNN_FIELD(output_h),      CMNN_FIELD(output_w),
          CMNN_FIELD(align_corners), CMNN_FIELD(half_pixel_centers), CMNN_FIELD(element_bytes)};
}

using Spec = CallSpec<lib::ResizeParams, lib::ResizeArgs>;
const Spec kNearest = {"resize_nearest", "cmnn/resize.h", "cmnn::ResizeParams", "cmnn::ResizeArgs",
                       lib::resize_nearest_variants, lib::resize_nearest_run_variant, resize_fields};
const Spec kBilinear = {"resize_bilinear_s8", "cmnn/resize.h", "cmnn::ResizeParams", "cmnn::ResizeArgs",
                        lib::resize_bilinear_s8_variants, lib::resize_bilinear_s8_run_variant, resize_fields};

void lower(LowerContext& ctx, bool bilinear) {
  ctx.expect_arity(2, 2, 1);
  const GraphTensor& in = ctx.input(0);
  const GraphTensor& o = ctx.output(0);
  if (bilinear) require_type(in, TensorType::kInt8, "input");  // TFLM's integer bilinear path is int8
  const int32_t eb = element_bytes(in, "input");
  require_same_quant(in, o, bilinear ? "RESIZE_BILINEAR" : "RESIZE_NEAREST_NEIGHBOR");
  const std::vector<int32_t> shape = shape_of(in, 4, "input");
  const std::vector<int32_t> size = constant_i32(ctx.input(1), "size", 2);
  if (size[0] < 1 || size[1] < 1) throw ImportError("new size must be positive");
  const auto opt = ctx.options<tflite::ResizeOptions>();
  if (opt.align_corners && opt.half_pixel_centers) {
    throw ImportError("align_corners and half_pixel_centers cannot both be set");
  }
  lib::ResizeParams p;
  int32_t out_shape[4] = {};
  check_plan(lib::resize_plan(static_cast<int32_t>(shape.size()), shape.data(), size[0], size[1], opt.align_corners,
                              opt.half_pixel_centers, eb, &p, out_shape),
             "resize of " + detail::shape_text(shape) + " rejected");
  if (o.shape.size() != 4) throw ImportError("the output " + detail::describe(o) + " is not 4-D");
  require_shape(o, std::vector<int32_t>(out_shape, out_shape + 4), "output");
  if (int64_t{p.batches} * p.input_h * p.input_w * p.depth != in.elements) {
    throw ImportError("the input's size disagrees with its NHWC view");
  }
  Layer& l = ctx.add_layer();
  l.inputs = {ctx.node.inputs[0]};
  l.outputs = {ctx.node.outputs[0]};
  using A = lib::ResizeArgs;
  l.call = make_call(bilinear ? kBilinear : kNearest, p, {CMNN_ARG(A, input, tool::in(0)), CMNN_ARG(A, output, out(0))});
}

void lower_nearest(LowerContext& ctx) { lower(ctx, false); }
void lower_bilinear(LowerContext& ctx) { lower(ctx, true); }

}  // namespace

extern const OpDef kResizeNearestNeighbor = {tflite::op::kResizeNearestNeighbor, "resize_nearest_neighbor",
                                             lower_nearest};
extern const OpDef kResizeBilinear = {tflite::op::kResizeBilinear, "resize_bilinear", lower_bilinear};

}  // namespace cmnn::tool::ops
