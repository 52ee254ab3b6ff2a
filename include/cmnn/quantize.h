// QUANTIZE and DEQUANTIZE of TFLite, bit-exact with TFLM's reference kernels (quantize_common.cc,
// dequantize.cc):
//   quantize_f32_<out>   float32 -> int8 / int16: round(x / output_scale) in float, ties away
//                        from zero (TfLiteRound), plus the zero point, saturated.
//   quantize_<in>_<out>  integer -> integer (TFLite Requantize): (x - input_zero_point) times
//                        input_scale / output_scale as a Q31 multiplier and shift (TFLite's double
//                        rounding), plus the output zero point, saturated to the output type.
//                        Pairs: s8_s8, s8_s16, s8_s32, s8_u8, u8_s8, s16_s8, s16_s16, s16_s32,
//                        s32_s8, s32_s16 (TFLM's list). The int8 <-> uint8 shift by 128 at equal
//                        scales that TFLM special-cases is the same result through the general path.
//   dequantize_<in>_f32  int8 / int16 / uint8 -> float32: scale * (q - zero_point), rounded once to
//                        float (TFLM computes it in double; the product of a float scale and a
//                        17-bit integer is exact in double, so one float multiply gives the same bits).
// Elements are independent: any tensor shape is one flat run of `size` elements.
// Params come from the host helpers below, the one place that derives them from float scales.
#pragma once
#include <cstdint>

#include "cmnn/op_api.h"

namespace cmnn {

struct QuantizeParams {
  int32_t size = 0;               // elements, >= 1
  int32_t input_zero_point = 0;   // integer input: in the input type's range (unused for float input)
  int32_t output_zero_point = 0;  // in the output type's range
  int32_t multiplier = 0;         // integer input: Q31 of input_scale / output_scale, in [2^30, 2^31) or 0
  int32_t shift = 0;              // integer input: power-of-two exponent of that ratio, positive = left, [-31, 30]
  float output_scale = 1.0f;      // float input: the divisor (finite, > 0); unused for integer input
};

template <typename In, typename Out>
struct QuantizeArgs {
  const In* input = nullptr;  // [size]
  Out* output = nullptr;      // [size]; may equal input when In and Out have the same size
};

using QuantizeF32S8Args = QuantizeArgs<float, int8_t>;
using QuantizeF32S16Args = QuantizeArgs<float, int16_t>;
using QuantizeS8S8Args = QuantizeArgs<int8_t, int8_t>;
using QuantizeS8S16Args = QuantizeArgs<int8_t, int16_t>;
using QuantizeS8S32Args = QuantizeArgs<int8_t, int32_t>;
using QuantizeS8U8Args = QuantizeArgs<int8_t, uint8_t>;
using QuantizeU8S8Args = QuantizeArgs<uint8_t, int8_t>;
using QuantizeS16S8Args = QuantizeArgs<int16_t, int8_t>;
using QuantizeS16S16Args = QuantizeArgs<int16_t, int16_t>;
using QuantizeS16S32Args = QuantizeArgs<int16_t, int32_t>;
using QuantizeS32S8Args = QuantizeArgs<int32_t, int8_t>;
using QuantizeS32S16Args = QuantizeArgs<int32_t, int16_t>;

CMNN_DECLARE_OP_TABLE(quantize_f32_s8, QuantizeParams, QuantizeF32S8Args)
CMNN_DECLARE_OP_TABLE(quantize_f32_s16, QuantizeParams, QuantizeF32S16Args)
CMNN_DECLARE_OP_TABLE(quantize_s8_s8, QuantizeParams, QuantizeS8S8Args)
CMNN_DECLARE_OP_TABLE(quantize_s8_s16, QuantizeParams, QuantizeS8S16Args)
CMNN_DECLARE_OP_TABLE(quantize_s8_s32, QuantizeParams, QuantizeS8S32Args)
CMNN_DECLARE_OP_TABLE(quantize_s8_u8, QuantizeParams, QuantizeS8U8Args)
CMNN_DECLARE_OP_TABLE(quantize_u8_s8, QuantizeParams, QuantizeU8S8Args)
CMNN_DECLARE_OP_TABLE(quantize_s16_s8, QuantizeParams, QuantizeS16S8Args)
CMNN_DECLARE_OP_TABLE(quantize_s16_s16, QuantizeParams, QuantizeS16S16Args)
CMNN_DECLARE_OP_TABLE(quantize_s16_s32, QuantizeParams, QuantizeS16S32Args)
CMNN_DECLARE_OP_TABLE(quantize_s32_s8, QuantizeParams, QuantizeS32S8Args)
CMNN_DECLARE_OP_TABLE(quantize_s32_s16, QuantizeParams, QuantizeS32S16Args)

// Integer input (TFLM PrepareQuantizeReference): multiplier and shift from
// QuantizeMultiplier(double(input_scale) / double(output_scale)). output_scale is kept as given.
QuantizeParams quantize_params(float input_scale, int32_t input_zero_point, float output_scale,
                               int32_t output_zero_point, int32_t size);
// Float input: only the output quantization matters.
QuantizeParams quantize_f32_params(float output_scale, int32_t output_zero_point, int32_t size);

struct DequantizeParams {
  int32_t size = 0;        // elements, >= 1
  int32_t zero_point = 0;  // the input's, in the input type's range
  float scale = 1.0f;      // the input's (finite, > 0)
};

template <typename In>
struct DequantizeArgs {
  const In* input = nullptr;  // [size]
  float* output = nullptr;    // [size]; must not overlap input
};

using DequantizeS8Args = DequantizeArgs<int8_t>;
using DequantizeS16Args = DequantizeArgs<int16_t>;
using DequantizeU8Args = DequantizeArgs<uint8_t>;

CMNN_DECLARE_OP_TABLE(dequantize_s8_f32, DequantizeParams, DequantizeS8Args)
CMNN_DECLARE_OP_TABLE(dequantize_s16_f32, DequantizeParams, DequantizeS16Args)
CMNN_DECLARE_OP_TABLE(dequantize_u8_f32, DequantizeParams, DequantizeU8Args)

DequantizeParams dequantize_params(float input_scale, int32_t input_zero_point, int32_t size);

}  // namespace cmnn
