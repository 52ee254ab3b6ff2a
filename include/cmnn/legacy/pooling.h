// Pooling of the paper's q7 API on HWC tensors. Windows are clipped to the image (padding is
// not counted in averages). Input and output must not overlap; the input is not modified
// (CMSIS's versions overwrite their input; these do not need to).
//
// Paths (types.h): kPortable works one channel at a time; kDsp four channels per 32-bit word (max:
// UQSUB8/UADD8 on sign-flipped bytes; average: 16-bit lane sums with SXTAB16, used while at most 256
// pixels go into one lane sum, else the portable loops). Both give identical outputs for every shape
// and both roundings; kAuto picks kDsp on Cortex-M4/M7/M55.
#pragma once
#include "cmnn/legacy/types.h"

namespace cmnn::legacy {

Status maxpool_q7_hwc(const PoolShape& shape, const q7_t* input, q7_t* output, Path path = Path::kAuto);

// Average pooling, two roundings:
//   kSeparable: CMSIS-NN's Armv7E-M arm_avepool_q7_HWC (the one the paper's networks ran with): first
//     an x pass (each input row, average over the clipped x window, truncated toward zero), then a y
//     pass over those values (truncated again). The paper's CIFAR-10 accuracy figures assume it.
//     (For pad > 0 CMSIS starts some x windows at the wrong column; this follows the clipped window.)
//   kExact: one sum over the clipped 2-D window, divided once (truncated toward zero), like CMSIS's
//     portable path.
enum class AvgRounding : uint8_t { kSeparable = 0, kExact = 1 };
Status avepool_q7_hwc(const PoolShape& shape, const q7_t* input, q7_t* output,
                      AvgRounding rounding = AvgRounding::kSeparable, Path path = Path::kAuto);

}  // namespace cmnn::legacy
