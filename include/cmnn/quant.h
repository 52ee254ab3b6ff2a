// Quantization parameters as TFLite derives them from float scales (host and target).
#pragma once
#include <cstdint>

namespace cmnn {

// Splits a real multiplier into a Q31 value in [2^30, 2^31) and a power-of-two shift (positive =
// left) so that real ≈ multiplier * 2^(shift - 31). TFLite QuantizeMultiplier: frexp, round to
// nearest, carry into the exponent when the mantissa rounds up to 2^31, 0 for real == 0, and
// shifts below -31 flush the multiplier to 0.
void quantize_multiplier(double real_multiplier, int32_t* quantized_multiplier, int* shift);

}  // namespace cmnn
