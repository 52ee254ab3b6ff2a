// Helium (MVE) primitives for the pooling and elementwise kernels (maxpool_s8.mve, avgpool_s8.mve,
// add_s8.mve), beyond src/arch/mve/mve.h, matmul_ops.h and conv_ops.h. Same style: the ACLE
// intrinsic on a core with MVE, a bit-exact portable emulation elsewhere. Lane tests:
// tests/unit/arch/mve_pool_ops_test.cpp (host and Cortex-M55 under QEMU).
#pragma once
#include <cstdint>
#include <cstring>

#include "arch/mve/mve.h"

namespace cmnn::mve {

// ---- predication for 8 halfword lanes (VCTP.16): lanes [0, n) active, 2 predicate bits each.
inline pred tail_16(int32_t n) {
#if CMNN_MVE_NATIVE
  return vctp16q(static_cast<uint32_t>(n < 0 ? 0 : n));
#else
  const int32_t k = n < 0 ? 0 : n > 8 ? 8 : n;
  return static_cast<pred>(k == 8 ? 0xFFFFu : (1u << (2 * k)) - 1u);
#endif
}

inline s8x16 max_s8(s8x16 a, s8x16 b) {  // VMAX.S8
#if CMNN_MVE_NATIVE
  return vmaxq_s8(a, b);
#else
  s8x16 r;
  for (int i = 0; i < 16; ++i) r.v[i] = a.v[i] > b.v[i] ? a.v[i] : b.v[i];
  return r;
#endif
}
inline s8x16 min_s8(s8x16 a, s8x16 b) {  // VMIN.S8
#if CMNN_MVE_NATIVE
  return vminq_s8(a, b);
#else
  s8x16 r;
  for (int i = 0; i < 16; ++i) r.v[i] = a.v[i] < b.v[i] ? a.v[i] : b.v[i];
  return r;
#endif
}
// The active byte lanes of v to p[0..15] (tail_8 or any byte mask). A full vector is one VSTRB.8;
// a partial one goes through a 16-byte temporary, byte by byte: a predicated VSTRB.8 (vstrbq_p_s8)
// failed the lane test on M55 (arm-none-eabi-gcc + QEMU 7.2: bytes outside the predicate held
// garbage afterwards; cause not isolated), so it is not used.
inline void store_s8_p(int8_t* p, s8x16 v, pred active) {
#if CMNN_MVE_NATIVE
  if (active == 0xFFFFu) {
    vstrbq_s8(p, v);
    return;
  }
  int8_t tmp[16];
  vstrbq_s8(tmp, v);
  for (int i = 0; i < 16; ++i) {
    if ((active >> i) & 1u) p[i] = tmp[i];
  }
#else
  for (int i = 0; i < 16; ++i) {
    if ((active >> i) & 1u) p[i] = v.v[i];
  }
#endif
}

// ---- int16 lanes
// 8 int8 values sign-extended to 16-bit lanes (VLDRB.S16), unpredicated.
inline s16x8 load_s8_to_s16(const int8_t* p) {
#if CMNN_MVE_NATIVE
  return vldrbq_s16(p);
#else
  s16x8 r;
  for (int i = 0; i < 8; ++i) r.v[i] = p[i];
  return r;
#endif
}
// The same with zeroing predication (tail_16): inactive lanes zero and not read.
inline s16x8 load_s8_to_s16_z(const int8_t* p, pred active) {
#if CMNN_MVE_NATIVE
  return vldrbq_z_s16(p, active);
#else
  s16x8 r;
  for (int i = 0; i < 8; ++i) r.v[i] = (active >> (2 * i)) & 1u ? int16_t{p[i]} : int16_t{0};
  return r;
#endif
}
inline s16x8 zero_s16() {
#if CMNN_MVE_NATIVE
  return vdupq_n_s16(0);
#else
  return s16x8{};
#endif
}
inline s16x8 add_s16(s16x8 a, s16x8 b) {  // wrapping (VADD.I16)
#if CMNN_MVE_NATIVE
  return vaddq_s16(a, b);
#else
  s16x8 r;
  for (int i = 0; i < 8; ++i) r.v[i] = static_cast<int16_t>(static_cast<uint16_t>(a.v[i]) + static_cast<uint16_t>(b.v[i]));
  return r;
#endif
}
// Even lanes 0, 2, 4, 6 sign-extended to 32 bits (VMOVLB.S16).
inline s32x4 widen_even_s16(s16x8 a) {
#if CMNN_MVE_NATIVE
  return vmovlbq_s16(a);
#else
  s32x4 r;
  for (int i = 0; i < 4; ++i) r.v[i] = a.v[2 * i];
  return r;
#endif
}
// Odd lanes 1, 3, 5, 7 sign-extended to 32 bits (VMOVLT.S16).
inline s32x4 widen_odd_s16(s16x8 a) {
#if CMNN_MVE_NATIVE
  return vmovltq_s16(a);
#else
  s32x4 r;
  for (int i = 0; i < 4; ++i) r.v[i] = a.v[2 * i + 1];
  return r;
#endif
}
// The inverse: lane i of even to 16-bit lane 2i, lane i of odd to lane 2i + 1, each truncated to
// its low 16 bits (VMOVNB.I32 then VMOVNT.I32).
inline s16x8 narrow_interleave_s32(s32x4 even, s32x4 odd) {
#if CMNN_MVE_NATIVE
  return vmovntq_s32(vmovnbq_s32(vdupq_n_s16(0), even), odd);
#else
  s16x8 r;
  for (int i = 0; i < 4; ++i) {
    r.v[2 * i] = static_cast<int16_t>(static_cast<uint32_t>(even.v[i]) & 0xFFFFu);
    r.v[2 * i + 1] = static_cast<int16_t>(static_cast<uint32_t>(odd.v[i]) & 0xFFFFu);
  }
  return r;
#endif
}
// The low byte of each active 16-bit lane (tail_16) to p[0..7] (VSTRB.16). A partial tail is
// stored lane by lane: QEMU 7.2 mishandles predicated narrowing stores (see mve.h).
inline void store_s16_as_s8(int8_t* p, s16x8 v, pred active) {
#if CMNN_MVE_NATIVE
  if (active == 0xFFFFu) {
    vstrbq_s16(p, v);
    return;
  }
  int8_t tmp[8];
  vstrbq_s16(tmp, v);
  for (int i = 0; i < 8; ++i) {
    if ((active >> (2 * i)) & 1u) p[i] = tmp[i];
  }
#else
  for (int i = 0; i < 8; ++i) {
    if ((active >> (2 * i)) & 1u) p[i] = static_cast<int8_t>(v.v[i]);
  }
#endif
}

// x << n on every lane, n in [0, 31], wrapping (VSHL.S32 by a register).
inline s32x4 shl_s32(s32x4 x, int32_t n) {
#if CMNN_MVE_NATIVE
  return vshlq_r_s32(x, n);
#else
  s32x4 r;
  for (int i = 0; i < 4; ++i) r.v[i] = static_cast<int32_t>(static_cast<uint32_t>(x.v[i]) << n);
  return r;
#endif
}

// Magic number of divide_round_away for a divisor d >= 2: ceil(2^32 / d).
inline uint32_t division_magic(int32_t d) { return 0xFFFFFFFFu / static_cast<uint32_t>(d) + 1u; }

// TFLite's average rounding (pool_window.h rounded_average): sum / d rounded half away from zero,
// computed as sign(sum) * floor((|sum| + half) * magic / 2^32) with half = d / 2 and magic =
// division_magic(d) (VABS, VADD, VMULH.U32, then a conditional negate by the sign mask: VSHR #31,
// VEOR, VSUB). Exact for 2 <= d and |sum| <= 128 * d when d <= 5781: with n = |sum| + half and
// magic * d = 2^32 + e (0 <= e < d), floor(n * magic / 2^32) = floor(n / d) while n * e < 2^32.
inline s32x4 divide_round_away(s32x4 sum, uint32_t magic, int32_t half) {
#if CMNN_MVE_NATIVE
  const int32x4_t n = vaddq_n_s32(vabsq_s32(sum), half);
  const int32x4_t q = vreinterpretq_s32_u32(vmulhq_u32(vreinterpretq_u32_s32(n), vdupq_n_u32(magic)));
  const int32x4_t sign = vshrq_n_s32(sum, 31);
  return vsubq_s32(veorq_s32(q, sign), sign);
#else
  s32x4 r;
  for (int i = 0; i < 4; ++i) {
    const uint32_t a = sum.v[i] < 0 ? 0u - static_cast<uint32_t>(sum.v[i]) : static_cast<uint32_t>(sum.v[i]);
    const uint32_t n = a + static_cast<uint32_t>(half);
    const uint32_t q = static_cast<uint32_t>((uint64_t{n} * magic) >> 32);
    const uint32_t sign = sum.v[i] < 0 ? 0xFFFFFFFFu : 0u;
    r.v[i] = static_cast<int32_t>((q ^ sign) - sign);
  }
  return r;
#endif
}

}  // namespace cmnn::mve
