// Softmax micro-kernels listed in softmax.cpp's tables; they assume checked parameters.
#pragma once
#include <cstddef>

#include "cmnn/softmax.h"

namespace cmnn::softmax {

Status softmax_s8_ref(const SoftmaxParams& p, const SoftmaxS8Args& a, void* scratch, size_t scratch_size);
// Helium (softmax_s8_mve.cpp): the ref's algorithm, exp and output stage on four 32-bit lanes.
Status softmax_s8_mve(const SoftmaxParams& p, const SoftmaxS8Args& a, void* scratch, size_t scratch_size);
// Helium: the same row code with int16 outputs (softmax_s8_mve.cpp).
Status softmax_s8_s16_mve(const SoftmaxParams& p, const SoftmaxS8S16Args& a, void* scratch, size_t scratch_size);
Status softmax_s8_s16_ref(const SoftmaxParams& p, const SoftmaxS8S16Args& a, void* scratch, size_t scratch_size);
Status softmax_s16_ref(const SoftmaxParams& p, const SoftmaxS16Args& a, void* scratch, size_t scratch_size);

}  // namespace cmnn::softmax
