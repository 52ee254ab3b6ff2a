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
// softmax_exp_once.cpp: the ref's row with each exp computed once (kept per element or per
// difference in min(row_size, 256) int32 of scratch).
size_t softmax_exp_once_scratch_bytes(const SoftmaxParams& p);
Status softmax_s8_exp_once(const SoftmaxParams& p, const SoftmaxS8Args& a, void* scratch, size_t scratch_size);
Status softmax_s8_s16_exp_once(const SoftmaxParams& p, const SoftmaxS8S16Args& a, void* scratch, size_t scratch_size);
Status softmax_s8_s16_ref(const SoftmaxParams& p, const SoftmaxS8S16Args& a, void* scratch, size_t scratch_size);
Status softmax_s16_ref(const SoftmaxParams& p, const SoftmaxS16Args& a, void* scratch, size_t scratch_size);

}  // namespace cmnn::softmax
