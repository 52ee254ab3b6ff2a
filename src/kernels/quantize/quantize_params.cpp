// Host-side derivation of QUANTIZE / DEQUANTIZE parameters from float scales (TFLM Prepare).
#include "cmnn/quant.h"
#include "cmnn/quantize.h"

namespace cmnn {

QuantizeParams quantize_params(float input_scale, int32_t input_zero_point, float output_scale,
                               int32_t output_zero_point, int32_t size) {
  QuantizeParams p;
  p.size = size;
  p.input_zero_point = input_zero_point;
  p.output_zero_point = output_zero_point;
  p.output_scale = output_scale;
  // TFLM: effective_scale = double(input scale) / double(output scale), then QuantizeMultiplier.
  int shift = 0;
  quantize_multiplier(static_cast<double>(input_scale) / static_cast<double>(output_scale), &p.multiplier, &shift);
  p.shift = shift;
  return p;
}

QuantizeParams quantize_f32_params(float output_scale, int32_t output_zero_point, int32_t size) {
  QuantizeParams p;
  p.size = size;
  p.output_zero_point = output_zero_point;
  p.output_scale = output_scale;
  return p;
}

DequantizeParams dequantize_params(float input_scale, int32_t input_zero_point, int32_t size) {
  DequantizeParams p;
  p.size = size;
  p.zero_point = input_zero_point;
  p.scale = input_scale;
  return p;
}

}  // namespace cmnn
