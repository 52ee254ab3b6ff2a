// The pooling micro-kernels listed in pooling.cpp's tables. Each assumes checked parameters.
#pragma once
#include <cstddef>

#include "cmnn/pooling.h"

namespace cmnn::pooling {

template <typename T>
Status avgpool_ref(const PoolParams& p, const PoolArgs<T>& a, void* scratch, size_t scratch_size);
template <typename T>
Status maxpool_ref(const PoolParams& p, const PoolArgs<T>& a, void* scratch, size_t scratch_size);

// Four channels per 32-bit word: byte max via UQSUB8/UADD8 on 0x80-biased bytes.
Status maxpool_s8_dsp(const PoolParams& p, const PoolArgs<int8_t>& a, void* scratch, size_t scratch_size);
// Eight (then four) channels per step summed in 16-bit lanes with SXTAB16, averaged by a multiply with
// the window's reciprocal (exact, pooling_dsp.cpp); needs window <= 256 positions.
Status avgpool_s8_dsp(const PoolParams& p, const PoolArgs<int8_t>& a, void* scratch, size_t scratch_size);

// Helium (pooling_mve.cpp): 16 channels per vector, predicated channel tails.
Status maxpool_s8_mve(const PoolParams& p, const PoolArgs<int8_t>& a, void* scratch, size_t scratch_size);
// Sums in 16-bit lanes: needs a window of <= 256 positions (mve_avg_supports).
bool mve_avg_supports(const PoolParams& p);
Status avgpool_s8_mve(const PoolParams& p, const PoolArgs<int8_t>& a, void* scratch, size_t scratch_size);

// Helium int16 (pooling_s16_mve.cpp): max 8 channels per vector; average 8 channels per step in
// 32-bit sums, exact rounding division for windows of <= 256 positions (mve_avg_s16_supports).
Status maxpool_s16_mve(const PoolParams& p, const PoolArgs<int16_t>& a, void* scratch, size_t scratch_size);
bool mve_avg_s16_supports(const PoolParams& p);
Status avgpool_s16_mve(const PoolParams& p, const PoolArgs<int16_t>& a, void* scratch, size_t scratch_size);

}  // namespace cmnn::pooling
