// The legacy q7/q15 convolutions of CMSIS-NN 3.x (the CMSIS-NN paper's API) over cmnn's src/legacy.
// The q7 forms run the fastest entry of cmnn's legacy variant table that supports the shape and
// fits bufferA (2 * ch_im_in * kernel_x * kernel_y q15 values); every entry gives the same bytes.
#include "arm_nnfunctions.h"
#include "cmnn/legacy/conv_variants.h"
#include "cmnn/legacy/convolution.h"
#include "cmsis_nn_api/common.h"

namespace cmnn::cmsis_nn_api {
namespace {

using legacy::ConvShape;

ConvShape shape_of(int in_x, int in_y, int in_ch, int out_ch, int ker_x, int ker_y, int pad_x, int pad_y, int stride_x,
                   int stride_y, int out_x, int out_y) {
  return ConvShape{in_x, in_y, in_ch, out_ch, ker_x, ker_y, pad_x, pad_y, stride_x, stride_y, out_x, out_y};
}

// bufferA's bytes by CMSIS-NN's contract (0 without a buffer).
size_t buffer_a_bytes(const ConvShape& s, const q15_t* buffer_a) {
  return buffer_a == nullptr ? 0 : 2 * sizeof(q15_t) * static_cast<size_t>(s.in_ch) * s.ker_x * s.ker_y;
}

// What the named q7 entry points require of the shape (CMSIS-NN returns ARG_ERROR otherwise).
enum class Q7Kind { kBasic, kFast, kRgb, k1x1 };

bool kind_holds(Q7Kind kind, const ConvShape& s) {
  switch (kind) {
    case Q7Kind::kBasic: return true;
    case Q7Kind::kFast: return s.in_ch % 4 == 0 && s.out_ch % 2 == 0;
    case Q7Kind::kRgb: return s.in_ch == 3;
    case Q7Kind::k1x1:
      return s.in_ch % 4 == 0 && s.out_ch % 2 == 0 && s.ker_x == 1 && s.ker_y == 1 && s.pad_x == 0 && s.pad_y == 0 &&
             s.stride_x == 1 && s.stride_y == 1;
  }
  return false;
}

arm_cmsis_nn_status conv_q7(Q7Kind kind, const ConvShape& s, const q7_t* in, const q7_t* wt, const q7_t* bias,
                            uint16_t bias_shift, uint16_t out_shift, q7_t* out, q15_t* buffer_a) {
  if (!kind_holds(kind, s)) return ARM_CMSIS_NN_ARG_ERROR;
  legacy::ConvQ7Params p{s, legacy::Shifts{bias_shift, out_shift}, legacy::Im2col::kPartial};
  const legacy::ConvQ7Args a{in, wt, bias, out};
  const size_t available = buffer_a_bytes(s, buffer_a);
  for (const legacy::ConvQ7Variant& v : legacy::kConvQ7Variants) {
    if (isa_native(v.isa) && v.supports(p) && v.scratch_bytes(p) <= available) {
      return to_status(v.run(p, a, buffer_a, available));
    }
  }
  return ARM_CMSIS_NN_ARG_ERROR;  // unreachable: the basic entry supports every shape without scratch
}

ConvShape square(uint16_t dim_im_in, uint16_t ch_im_in, uint16_t ch_im_out, uint16_t dim_kernel, uint16_t padding,
                 uint16_t stride, uint16_t dim_im_out) {
  return shape_of(dim_im_in, dim_im_in, ch_im_in, ch_im_out, dim_kernel, dim_kernel, padding, padding, stride, stride,
                  dim_im_out, dim_im_out);
}

arm_cmsis_nn_status conv_q15(bool fast_only, const ConvShape& s, const q15_t* in, const q15_t* wt, const q15_t* bias,
                             uint16_t bias_shift, uint16_t out_shift, q15_t* out, q15_t* buffer_a) {
  const legacy::Shifts shifts{bias_shift, out_shift};
  const bool fast_shape = s.in_ch % 2 == 0 && s.out_ch % 2 == 0;
  if (fast_only && !fast_shape) return ARM_CMSIS_NN_ARG_ERROR;
  const size_t available = buffer_a_bytes(s, buffer_a);
  if (fast_shape && available >= legacy::conv_q15_scratch_bytes(s)) {
    return to_status(legacy::convolve_hwc_q15_fast(s, in, wt, bias, shifts, out, buffer_a, available));
  }
  if (fast_only) return ARM_CMSIS_NN_ARG_ERROR;  // the fast form needs its bufferA
  return to_status(legacy::convolve_hwc_q15_basic(s, in, wt, bias, shifts, out));
}

arm_cmsis_nn_status depthwise_q7(const ConvShape& s, const q7_t* in, const q7_t* wt, const q7_t* bias,
                                 uint16_t bias_shift, uint16_t out_shift, q7_t* out) {
  if (s.out_ch != s.in_ch) return ARM_CMSIS_NN_ARG_ERROR;
  const legacy::Shifts shifts{bias_shift, out_shift};
  if (s.in_ch % 2 == 0) return to_status(legacy::depthwise_separable_conv_hwc_q7_fast(s, in, wt, bias, shifts, out));
  return to_status(legacy::depthwise_separable_conv_hwc_q7_basic(s, in, wt, bias, shifts, out));
}

}  // namespace
}  // namespace cmnn::cmsis_nn_api

using namespace cmnn::cmsis_nn_api;

extern "C" {

#define CMNN_SQUARE square(dim_im_in, ch_im_in, ch_im_out, dim_kernel, padding, stride, dim_im_out)
#define CMNN_NONSQUARE                                                                                            \
  shape_of(dim_im_in_x, dim_im_in_y, ch_im_in, ch_im_out, dim_kernel_x, dim_kernel_y, padding_x, padding_y, stride_x, \
           stride_y, dim_im_out_x, dim_im_out_y)

arm_cmsis_nn_status arm_convolve_HWC_q7_basic(ARM_NN_LEGACY_CONV_ARGS(q7_t)) {
  (void)bufferB;
  return conv_q7(Q7Kind::kBasic, CMNN_SQUARE, Im_in, wt, bias, bias_shift, out_shift, Im_out, bufferA);
}
arm_cmsis_nn_status arm_convolve_HWC_q7_basic_nonsquare(ARM_NN_LEGACY_CONV_NONSQUARE_ARGS(q7_t)) {
  (void)bufferB;
  return conv_q7(Q7Kind::kBasic, CMNN_NONSQUARE, Im_in, wt, bias, bias_shift, out_shift, Im_out, bufferA);
}
arm_cmsis_nn_status arm_convolve_HWC_q7_fast(ARM_NN_LEGACY_CONV_ARGS(q7_t)) {
  (void)bufferB;
  return conv_q7(Q7Kind::kFast, CMNN_SQUARE, Im_in, wt, bias, bias_shift, out_shift, Im_out, bufferA);
}
arm_cmsis_nn_status arm_convolve_HWC_q7_fast_nonsquare(ARM_NN_LEGACY_CONV_NONSQUARE_ARGS(q7_t)) {
  (void)bufferB;
  return conv_q7(Q7Kind::kFast, CMNN_NONSQUARE, Im_in, wt, bias, bias_shift, out_shift, Im_out, bufferA);
}
arm_cmsis_nn_status arm_convolve_HWC_q7_RGB(ARM_NN_LEGACY_CONV_ARGS(q7_t)) {
  (void)bufferB;
  return conv_q7(Q7Kind::kRgb, CMNN_SQUARE, Im_in, wt, bias, bias_shift, out_shift, Im_out, bufferA);
}
arm_cmsis_nn_status arm_convolve_1x1_HWC_q7_fast_nonsquare(ARM_NN_LEGACY_CONV_NONSQUARE_ARGS(q7_t)) {
  (void)bufferB;
  return conv_q7(Q7Kind::k1x1, CMNN_NONSQUARE, Im_in, wt, bias, bias_shift, out_shift, Im_out, bufferA);
}
arm_cmsis_nn_status arm_convolve_HWC_q15_basic(ARM_NN_LEGACY_CONV_ARGS(q15_t)) {
  (void)bufferB;
  return conv_q15(false, CMNN_SQUARE, Im_in, wt, bias, bias_shift, out_shift, Im_out, bufferA);
}
arm_cmsis_nn_status arm_convolve_HWC_q15_fast(ARM_NN_LEGACY_CONV_ARGS(q15_t)) {
  (void)bufferB;
  return conv_q15(true, CMNN_SQUARE, Im_in, wt, bias, bias_shift, out_shift, Im_out, bufferA);
}
arm_cmsis_nn_status arm_convolve_HWC_q15_fast_nonsquare(ARM_NN_LEGACY_CONV_NONSQUARE_ARGS(q15_t)) {
  (void)bufferB;
  return conv_q15(true, CMNN_NONSQUARE, Im_in, wt, bias, bias_shift, out_shift, Im_out, bufferA);
}
arm_cmsis_nn_status arm_depthwise_separable_conv_HWC_q7(ARM_NN_LEGACY_CONV_ARGS(q7_t)) {
  (void)bufferA;
  (void)bufferB;
  return depthwise_q7(CMNN_SQUARE, Im_in, wt, bias, bias_shift, out_shift, Im_out);
}
arm_cmsis_nn_status arm_depthwise_separable_conv_HWC_q7_nonsquare(ARM_NN_LEGACY_CONV_NONSQUARE_ARGS(q7_t)) {
  (void)bufferA;
  (void)bufferB;
  return depthwise_q7(CMNN_NONSQUARE, Im_in, wt, bias, bias_shift, out_shift, Im_out);
}

#undef CMNN_SQUARE
#undef CMNN_NONSQUARE

}  // extern "C"
