// The legacy q7 convolutions as one variant table (include/cmnn/variant.h), so the tests, the
// benches and a model compiler can iterate them: fastest first, each with its ISA, its shape
// limits and its scratch size. The DSP entries run natively on Armv7E-M and through the
// intrinsics' emulation on the host (isa_runnable); basic supports every valid shape.
#pragma once
#include "cmnn/legacy/convolution.h"
#include "cmnn/variant.h"

namespace cmnn::legacy {

struct ConvQ7Params {
  ConvShape shape;
  Shifts shifts;
  Im2col im2col;  // how the im2col variants expand patches (basic ignores it)
};

struct ConvQ7Args {
  const q7_t* input;
  const q7_t* weights;
  const q7_t* bias;
  q7_t* output;
};

using ConvQ7Variant = Variant<ConvQ7Params, ConvQ7Args>;
inline constexpr size_t kConvQ7VariantCount = 7;
// legacy.conv_q7.{1x1,fast,rgb}.{dsp,portable} and legacy.conv_q7.basic.portable.
extern const ConvQ7Variant kConvQ7Variants[kConvQ7VariantCount];

}  // namespace cmnn::legacy
