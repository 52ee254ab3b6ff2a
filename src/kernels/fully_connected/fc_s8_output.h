// The output stage shared by the fully_connected_s8 DSP variants (int8 and packed int16 weights):
// requantization of one accumulator to int8, with a lean branch-free form for TFLite's usual FC
// (per-tensor, multiplier >= 2^30, shift <= 0 with right shift <= 23, clamp [-128, 127]).
// Same results as quant::requantize_to_s8 (requant_fast.h says why; the unit sweeps compare).
#pragma once
#include "arch/dsp/intrinsics.h"
#include "quant/requant_fast.h"
#include "kernels/fully_connected/fc_s8_variants.h"

#if defined(__ARM_FEATURE_SAT)
#include <arm_acle.h>
#endif

namespace cmnn::fc {

inline int32_t qadd(int32_t a, int32_t b) {
#if defined(__ARM_FEATURE_SAT) && defined(__ARM_FEATURE_DSP)
  return __qadd(a, b);
#else
  const int64_t s = int64_t{a} + b;
  return static_cast<int32_t>(s > INT32_MAX ? INT32_MAX : s < INT32_MIN ? INT32_MIN : s);
#endif
}

// requantize_fast<false> rounded as (y + 2^(e-1) - [y < 0]) >> e, branch-free. Only for !needs_general(q)
// and right <= 23: where y + 2^(e-1) passes INT32_MAX (QADD saturates) both the saturated and the
// exact quotient are >= 2^(31-e) - 1 >= 255, so any int8 clamp gives the same result.
inline int32_t requant_lean(int32_t acc, const quant::ChannelQuant& q) {
  int32_t y = dsp::smmlar(acc, q.multiplier2, acc);
  y += (y >> 31) & q.nudge_mask;
  return qadd(y, q.round) >> q.right;
}

inline bool lean_ok(const quant::ChannelQuant& q) { return !quant::needs_general(q) && q.right <= 23; }

// kFast: per-tensor, lean_ok and the clamp [-128, 127] (TFLite's usual FC); otherwise each row's
// quantization (per-channel or not) takes the lean or the general path and the full clamp (two
// instances instead of six keep the code small).
template <bool kFast>
inline int8_t requant_out(int32_t acc, const quant::ChannelQuant& q, int32_t offset, int32_t lo, int32_t hi) {
  if (kFast) return quant::clamp_to_s8<true>(requant_lean(acc, q), offset, lo, hi);
  const int32_t v = lean_ok(q) ? requant_lean(acc, q) : quant::requantize_fast<true>(acc, q);
  return quant::clamp_to_s8<false>(v, offset, lo, hi);
}

template <bool kFast>
inline quant::ChannelQuant quant_of(const FullyConnectedParams& p, const FullyConnectedS8Args& a, int32_t row,
                                   const quant::ChannelQuant& shared) {
  return !kFast && p.per_channel ? quant::make_channel_quant(a.multiplier[row], a.shift[row]) : shared;
}

// True when every output can take requant_out<true>.
inline bool fast_output(const FullyConnectedParams& p, const FullyConnectedS8Args& a) {
  const bool full = p.activation_min == -128 && p.activation_max == 127;
  return full && !p.per_channel && lean_ok(quant::make_channel_quant(a.multiplier[0], a.shift[0]));
}

}  // namespace cmnn::fc
