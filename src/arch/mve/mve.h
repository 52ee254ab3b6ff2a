// Armv8.1-M Helium (MVE) primitives used by cmnn's mve variants. On a core with MVE (Cortex-M55,
// M85, M52) they are the ACLE intrinsics of arm_mve.h (one instruction each, or a short fixed
// sequence); elsewhere a portable emulation with the same bit-level results, so the same MVE
// kernel code builds on every preset and runs under the sanitizers on the host, where the tests
// compare it with the reference (isa_runnable(Isa::kMve) is true on the host). Lane semantics
// follow the Armv8.1-M Architecture Reference Manual (VLDRB, VMLADAVA, VQRDMULH, VRSHL, VCTP ...).
// Add a primitive at the end with a lane test in tests/unit/arch/mve_primitives_test.cpp.
#pragma once
#include <cstdint>
#include <cstring>

#include "quant/fixed_point.h"

#if defined(__ARM_FEATURE_MVE) && (__ARM_FEATURE_MVE & 1)
#include <arm_mve.h>
#define CMNN_MVE_NATIVE 1
#else
#define CMNN_MVE_NATIVE 0
#endif

namespace cmnn::mve {

#if CMNN_MVE_NATIVE
using s8x16 = int8x16_t;
using s16x8 = int16x8_t;
using s32x4 = int32x4_t;
using pred = mve_pred16_t;  // one bit per byte lane
#else
struct s8x16 {
  int8_t v[16];
};
struct s16x8 {
  int16_t v[8];
};
struct s32x4 {
  int32_t v[4];
};
using pred = uint16_t;
#endif

// ---- tail predication (VCTP): lanes [0, n) active, n clamped to the lane count.
inline pred tail_8(int32_t n) {  // 16 byte lanes
#if CMNN_MVE_NATIVE
  return vctp8q(static_cast<uint32_t>(n < 0 ? 0 : n));
#else
  const int32_t k = n < 0 ? 0 : n > 16 ? 16 : n;
  return static_cast<pred>(k == 16 ? 0xFFFFu : (1u << k) - 1u);
#endif
}
inline pred tail_32(int32_t n) {  // 4 word lanes (4 predicate bits each)
#if CMNN_MVE_NATIVE
  return vctp32q(static_cast<uint32_t>(n < 0 ? 0 : n));
#else
  const int32_t k = n < 0 ? 0 : n > 4 ? 4 : n;
  return static_cast<pred>(k == 4 ? 0xFFFFu : (1u << (4 * k)) - 1u);
#endif
}

// ---- loads
// 16 int8 lanes.
inline s8x16 load_s8(const int8_t* p) {
#if CMNN_MVE_NATIVE
  return vldrbq_s8(p);
#else
  s8x16 r;
  std::memcpy(r.v, p, 16);
  return r;
#endif
}
// 16 int8 lanes, inactive lanes zero and not read (VLDRB with zeroing predication).
inline s8x16 load_s8_z(const int8_t* p, pred active) {
#if CMNN_MVE_NATIVE
  return vldrbq_z_s8(p, active);
#else
  s8x16 r;
  for (int i = 0; i < 16; ++i) r.v[i] = (active >> i) & 1u ? p[i] : int8_t{0};
  return r;
#endif
}
// 4 int8 values sign-extended to 32-bit lanes (VLDRB.S32); inactive lanes zero and not read.
inline s32x4 load_s8_to_s32_z(const int8_t* p, pred active) {
#if CMNN_MVE_NATIVE
  return vldrbq_z_s32(p, active);
#else
  s32x4 r;
  for (int i = 0; i < 4; ++i) r.v[i] = (active >> (4 * i)) & 1u ? int32_t{p[i]} : 0;
  return r;
#endif
}
// 4 int32 lanes; inactive lanes zero and not read.
inline s32x4 load_s32_z(const int32_t* p, pred active) {
#if CMNN_MVE_NATIVE
  return vldrwq_z_s32(p, active);
#else
  s32x4 r;
  for (int i = 0; i < 4; ++i) r.v[i] = (active >> (4 * i)) & 1u ? p[i] : 0;
  return r;
#endif
}

// ---- reductions into a scalar
// acc + sum over the 16 lanes of a[i] * b[i] (VMLADAVA.S8): the int8 dot product, wrapping int32.
inline int32_t dot_acc(int32_t acc, s8x16 a, s8x16 b) {
#if CMNN_MVE_NATIVE
  return vmladavaq_s8(acc, a, b);
#else
  uint32_t s = static_cast<uint32_t>(acc);
  for (int i = 0; i < 16; ++i) s += static_cast<uint32_t>(int32_t{a.v[i]} * int32_t{b.v[i]});
  return static_cast<int32_t>(s);
#endif
}
// acc + sum of the 16 lanes of a (VADDVA.S8), wrapping int32.
inline int32_t sum_acc(int32_t acc, s8x16 a) {
#if CMNN_MVE_NATIVE
  return vaddvaq_s8(acc, a);
#else
  uint32_t s = static_cast<uint32_t>(acc);
  for (int i = 0; i < 16; ++i) s += static_cast<uint32_t>(int32_t{a.v[i]});
  return static_cast<int32_t>(s);
#endif
}

// ---- 32-bit lane arithmetic
inline s32x4 dup_s32(int32_t x) {
#if CMNN_MVE_NATIVE
  return vdupq_n_s32(x);
#else
  return s32x4{{x, x, x, x}};
#endif
}
inline s32x4 add_s32(s32x4 a, s32x4 b) {  // wrapping (VADD.I32)
#if CMNN_MVE_NATIVE
  return vaddq_s32(a, b);
#else
  s32x4 r;
  for (int i = 0; i < 4; ++i) r.v[i] = static_cast<int32_t>(static_cast<uint32_t>(a.v[i]) + static_cast<uint32_t>(b.v[i]));
  return r;
#endif
}
inline s32x4 max_s32(s32x4 a, s32x4 b) {
#if CMNN_MVE_NATIVE
  return vmaxq_s32(a, b);
#else
  s32x4 r;
  for (int i = 0; i < 4; ++i) r.v[i] = a.v[i] > b.v[i] ? a.v[i] : b.v[i];
  return r;
#endif
}
inline s32x4 min_s32(s32x4 a, s32x4 b) {
#if CMNN_MVE_NATIVE
  return vminq_s32(a, b);
#else
  s32x4 r;
  for (int i = 0; i < 4; ++i) r.v[i] = a.v[i] < b.v[i] ? a.v[i] : b.v[i];
  return r;
#endif
}
// Lane i set to x (the other lanes kept), for building a vector of four accumulators.
inline s32x4 set_lane(s32x4 a, int32_t x, int lane) {
#if CMNN_MVE_NATIVE
  switch (lane) {
    case 0: return vsetq_lane_s32(x, a, 0);
    case 1: return vsetq_lane_s32(x, a, 1);
    case 2: return vsetq_lane_s32(x, a, 2);
    default: return vsetq_lane_s32(x, a, 3);
  }
#else
  a.v[lane & 3] = x;
  return a;
#endif
}

// TFLite's MultiplyByQuantizedMultiplier on four lanes (per-lane multiplier and shift, shift
// positive = left): x << max(shift, 0), the saturating rounding doubling high multiply (VQRDMULH,
// bit-exact with gemmlowp's), then a rounding right shift by max(-shift, 0) rounding half away
// from zero (VRSHL rounds half up, so negative values first step down by one: CMSIS-NN's fixup).
// Equal to quant::multiply_by_quantized_multiplier lane by lane (tests/unit/arch on M55).
inline s32x4 requantize(s32x4 x, s32x4 multiplier, s32x4 shift) {
#if CMNN_MVE_NATIVE
  const int32x4_t zero = vdupq_n_s32(0);
  const int32x4_t left = vmaxq_s32(shift, zero);
  const int32x4_t right = vminq_s32(shift, zero);  // <= 0: VRSHL by a negative amount shifts right
  const int32x4_t high = vqrdmulhq_s32(vshlq_s32(x, left), multiplier);
  const int32x4_t fixup = vshrq_n_s32(vandq_s32(high, right), 31);  // -1 where high < 0 and right < 0
  return vrshlq_s32(vqaddq_s32(high, fixup), right);
#else
  s32x4 r;
  for (int i = 0; i < 4; ++i) r.v[i] = quant::multiply_by_quantized_multiplier(x.v[i], multiplier.v[i], shift.v[i]);
  return r;
#endif
}

// ---- stores
// The low byte of each active 32-bit lane to p[0..3] (VSTRB.32): values already clamped to int8.
inline void store_s32_as_s8(int8_t* p, s32x4 v, pred active) {
#if CMNN_MVE_NATIVE
  // Full vectors use VSTRB.32; a partial tail is stored lane by lane (QEMU 7.2 writes inactive
  // lanes of a predicated VSTRB.32: tests/unit/arch/mve_primitives_test.cpp caught it).
  if (active == 0xFFFFu) {
    vstrbq_s32(p, v);
    return;
  }
  if (active & 0x000Fu) p[0] = static_cast<int8_t>(vgetq_lane_s32(v, 0));
  if (active & 0x00F0u) p[1] = static_cast<int8_t>(vgetq_lane_s32(v, 1));
  if (active & 0x0F00u) p[2] = static_cast<int8_t>(vgetq_lane_s32(v, 2));
  if (active & 0xF000u) p[3] = static_cast<int8_t>(vgetq_lane_s32(v, 3));
#else
  for (int i = 0; i < 4; ++i) {
    if ((active >> (4 * i)) & 1u) p[i] = static_cast<int8_t>(v.v[i]);
  }
#endif
}

// ---- shared by several kernels (one definition here, whatever headers a file includes)
// 4 int8 values sign-extended to 32-bit lanes (VLDRB.S32).
inline s32x4 load_s8_to_s32(const int8_t* p) {
#if CMNN_MVE_NATIVE
  return vldrbq_s32(p);
#else
  s32x4 r;
  for (int i = 0; i < 4; ++i) r.v[i] = p[i];
  return r;
#endif
}
// 4 int32 lanes (VLDRW.32).
inline s32x4 load_s32(const int32_t* p) {
#if CMNN_MVE_NATIVE
  return vldrwq_s32(p);
#else
  s32x4 r;
  std::memcpy(r.v, p, sizeof r.v);
  return r;
#endif
}
// x in all 16 int8 lanes (VDUP.8); x in [-128, 127].
inline s8x16 dup_s8(int32_t x) {
#if CMNN_MVE_NATIVE
  return vdupq_n_s8(static_cast<int8_t>(x));
#else
  s8x16 r;
  for (int i = 0; i < 16; ++i) r.v[i] = static_cast<int8_t>(x);
  return r;
#endif
}

}  // namespace cmnn::mve
