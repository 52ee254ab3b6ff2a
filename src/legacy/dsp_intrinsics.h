// The DSP intrinsics the legacy kernels use, in the signed-word form they are written in:
// a thin layer over src/arch/dsp/intrinsics.h (ACLE on Armv7E-M, bit-exact portable emulation
// elsewhere) plus the two lane multiplies that header does not have (SMLABB, SMLATT).
#pragma once
#include <cstdint>

#include "arch/dsp/intrinsics.h"

namespace cmnn::legacy::dsp {

inline int32_t load32(const void* p) { return static_cast<int32_t>(cmnn::dsp::load_u32(p)); }
inline void store32(void* p, int32_t w) { cmnn::dsp::store_u32(p, static_cast<uint32_t>(w)); }

// acc + bottom(a)*bottom(b) + top(a)*top(b), wrapping (SMLAD).
inline int32_t smlad(int32_t a, int32_t b, int32_t acc) {
  return cmnn::dsp::smlad(static_cast<uint32_t>(a), static_cast<uint32_t>(b), acc);
}
// Bytes 0 and 2 (sxtb16) or 1 and 3 (sxtb16_ror8) sign-extended into two 16-bit lanes.
inline int32_t sxtb16(int32_t x) { return static_cast<int32_t>(cmnn::dsp::sxtb16(static_cast<uint32_t>(x))); }
inline int32_t sxtb16_ror8(int32_t x) {
  return static_cast<int32_t>(cmnn::dsp::sxtb16_ror8(static_cast<uint32_t>(x)));
}

inline int32_t bottom(int32_t x) { return static_cast<int16_t>(static_cast<uint32_t>(x) & 0xFFFFu); }
inline int32_t top(int32_t x) { return static_cast<int16_t>(static_cast<uint32_t>(x) >> 16); }

// acc + bottom(a)*bottom(b) (SMLABB) and acc + top(a)*top(b) (SMLATT), wrapping.
inline int32_t smlabb(int32_t a, int32_t b, int32_t acc) {
#if defined(__ARM_FEATURE_DSP)
  return __smlabb(a, b, acc);
#else
  return static_cast<int32_t>(static_cast<uint32_t>(acc) + static_cast<uint32_t>(bottom(a) * bottom(b)));
#endif
}
inline int32_t smlatt(int32_t a, int32_t b, int32_t acc) {
#if defined(__ARM_FEATURE_DSP)
  return __smlatt(a, b, acc);
#else
  return static_cast<int32_t>(static_cast<uint32_t>(acc) + static_cast<uint32_t>(top(a) * top(b)));
#endif
}

// (bottom(a), bottom(b)) and (top(a), top(b)) as two-lane words (PKHBT / PKHTB forms).
inline int32_t pack_bottoms(int32_t a, int32_t b) {
  return static_cast<int32_t>((static_cast<uint32_t>(a) & 0xFFFFu) | (static_cast<uint32_t>(b) << 16));
}
inline int32_t pack_tops(int32_t a, int32_t b) {
  return static_cast<int32_t>((static_cast<uint32_t>(a) >> 16) | (static_cast<uint32_t>(b) & 0xFFFF0000u));
}

}  // namespace cmnn::legacy::dsp
