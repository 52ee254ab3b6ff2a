// Transposed 2-D convolution of TFLite's int8 quantization (TFLite TransposeConv; CMSIS-NN
// arm_transpose_conv_s8 and its "reverse" wrapper path compute the same values). Every input
// pixel (iy, ix) scatters into output (iy * stride_h + ky - pad_top, ix * stride_w + kx - pad_left):
//   out[b][oy][ox][oc] = clamp(rq(bias[oc] + Σ (in[b][iy][ix][ic] + input_offset) * w[oc][ky][kx][ic],
//                                 multiplier[oc], shift[oc]) + output_offset, activation limits)
// over the (iy, ix, ky, kx) that land on (oy, ox); contributions outside the output are dropped.
// Layouts: NHWC activations, weights [output_c][filter_h][filter_w][input_c]. No dilation.
//
// transpose_conv_s16 is the same operation in TFLite's 16x8 quantization (reference_integer_ops::
// TransposeConv for int16): int16 activations (input_offset and output_offset 0, int16 activation
// limits), int8 weights, int64 bias, the sum accumulated exactly in int64 and requantized by
// MultiplyByQuantizedMultiplier(int64_t...) (quant::multiply_by_quantized_multiplier_64).
#pragma once
#include <cstdint>

#include "cmnn/conv.h"
#include "cmnn/op_api.h"

namespace cmnn {

struct TransposeConvParams {
  int32_t batches = 1;
  int32_t input_h = 0, input_w = 0, input_c = 0;
  int32_t output_h = 0, output_w = 0, output_c = 0;
  int32_t filter_h = 0, filter_w = 0;
  int32_t stride_h = 1, stride_w = 1;
  int32_t pad_top = 0, pad_left = 0;  // >= 0 (TFLite's padding values; the rest is cut at the far side)
  int32_t input_offset = 0;           // = -input zero point, in [-127, 128] (s16: 0)
  int32_t output_offset = 0;          // = output zero point, in [-128, 127] (s16: 0)
  int32_t activation_min = -128, activation_max = 127;  // s16: within [-32768, 32767]
};

// Tensors as conv2d_s8 (Conv2dS8Args: input, filter OHWI, bias, multiplier, shift, output).
using TransposeConvS8Args = Conv2dS8Args;

// Ids "transpose_conv_s8.<kind>.<isa>"; see docs/variants.md.
CMNN_DECLARE_OP_TABLE(transpose_conv_s8, TransposeConvParams, TransposeConvS8Args)

struct TransposeConvS16Args {
  const int16_t* input = nullptr;       // [batches][input_h][input_w][input_c]
  const int8_t* filter = nullptr;       // [output_c][filter_h][filter_w][input_c]
  const int64_t* bias = nullptr;        // [output_c], or null
  const int32_t* multiplier = nullptr;  // [output_c], Q31 in [0, 2^31)
  const int32_t* shift = nullptr;       // [output_c], in [-31, 30], positive = left
  int16_t* output = nullptr;            // [batches][output_h][output_w][output_c]
};

// Ids "transpose_conv_s16.<kind>.<isa>"; see docs/variants.md.
CMNN_DECLARE_OP_TABLE(transpose_conv_s16, TransposeConvParams, TransposeConvS16Args)

}  // namespace cmnn
