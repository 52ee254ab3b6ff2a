// Helium (MVE) primitives for int16 activations (fully_connected_s16.mve, add_s16.mve,
// mul_s16.mve, maxpool_s16.mve, avgpool_s16.mve), beyond mve.h and
// pool_ops.h (tail_16, load_s8_to_s16). Same style: the ACLE intrinsic on a core with MVE, a
// bit-exact portable emulation elsewhere. Lane tests: tests/unit/arch/mve_s16_ops_test.cpp (host
// and Cortex-M55 under QEMU).
#pragma once
#include <cstdint>
#include <cstring>

#include "arch/mve/mve.h"

namespace cmnn::mve {

// 8 int16 lanes (VLDRH.16), unpredicated.
inline s16x8 load_s16(const int16_t* p) {
#if CMNN_MVE_NATIVE
  return vldrhq_s16(p);
#else
  s16x8 r;
  std::memcpy(r.v, p, sizeof r.v);
  return r;
#endif
}

// The same with zeroing predication (tail_16 in pool_ops.h): inactive lanes zero and not read.
inline s16x8 load_s16_z(const int16_t* p, pred active) {
#if CMNN_MVE_NATIVE
  return vldrhq_z_s16(p, active);
#else
  s16x8 r;
  for (int i = 0; i < 8; ++i) r.v[i] = (active >> (2 * i)) & 1u ? p[i] : int16_t{0};
  return r;
#endif
}

// acc + the sum of the 8 lane products a[i] * b[i], in 64 bits (VMLALDAVA.S16): exact (each
// product is below 2^30 in magnitude, so any practical number of them fits int64).
inline int64_t dot_acc_s16_64(int64_t acc, s16x8 a, s16x8 b) {
#if CMNN_MVE_NATIVE
  return vmlaldavaq_s16(acc, a, b);
#else
  for (int i = 0; i < 8; ++i) acc += int64_t{a.v[i]} * b.v[i];
  return acc;
#endif
}

// 4 int16 values sign-extended to 32-bit lanes (VLDRH.S32).
inline s32x4 load_s16_to_s32(const int16_t* p) {
#if CMNN_MVE_NATIVE
  return vldrhq_s32(p);
#else
  s32x4 r;
  for (int i = 0; i < 4; ++i) r.v[i] = p[i];
  return r;
#endif
}

// The same with zeroing predication (tail_32 in mve.h): inactive lanes zero and not read.
inline s32x4 load_s16_to_s32_z(const int16_t* p, pred active) {
#if CMNN_MVE_NATIVE
  return vldrhq_z_s32(p, active);
#else
  s32x4 r;
  for (int i = 0; i < 4; ++i) r.v[i] = (active >> (4 * i)) & 1u ? int32_t{p[i]} : 0;
  return r;
#endif
}

// The low halfword of each of the 4 lanes to p[0..3] (VSTRH.32): values already clamped to int16.
inline void store_s32_as_s16_all(int16_t* p, s32x4 v) {
#if CMNN_MVE_NATIVE
  vstrhq_s32(p, v);
#else
  for (int i = 0; i < 4; ++i) p[i] = static_cast<int16_t>(v.v[i]);
#endif
}

// The same for the active lanes only (tail_32). Lane by lane on the core, as store_s32_as_s8 in
// mve.h: QEMU 7.2 writes inactive lanes of predicated narrowing stores.
inline void store_s32_as_s16(int16_t* p, s32x4 v, pred active) {
#if CMNN_MVE_NATIVE
  if (active == 0xFFFFu) {
    vstrhq_s32(p, v);
    return;
  }
  if (active & 0x000Fu) p[0] = static_cast<int16_t>(vgetq_lane_s32(v, 0));
  if (active & 0x00F0u) p[1] = static_cast<int16_t>(vgetq_lane_s32(v, 1));
  if (active & 0x0F00u) p[2] = static_cast<int16_t>(vgetq_lane_s32(v, 2));
  if (active & 0xF000u) p[3] = static_cast<int16_t>(vgetq_lane_s32(v, 3));
#else
  for (int i = 0; i < 4; ++i) {
    if ((active >> (4 * i)) & 1u) p[i] = static_cast<int16_t>(v.v[i]);
  }
#endif
}

// x in all 8 int16 lanes (VDUP.16); x in [-32768, 32767].
inline s16x8 dup_s16(int32_t x) {
#if CMNN_MVE_NATIVE
  return vdupq_n_s16(static_cast<int16_t>(x));
#else
  s16x8 r;
  for (int i = 0; i < 8; ++i) r.v[i] = static_cast<int16_t>(x);
  return r;
#endif
}

inline s16x8 max_s16(s16x8 a, s16x8 b) {  // VMAX.S16
#if CMNN_MVE_NATIVE
  return vmaxq_s16(a, b);
#else
  s16x8 r;
  for (int i = 0; i < 8; ++i) r.v[i] = a.v[i] > b.v[i] ? a.v[i] : b.v[i];
  return r;
#endif
}

inline s16x8 min_s16(s16x8 a, s16x8 b) {  // VMIN.S16
#if CMNN_MVE_NATIVE
  return vminq_s16(a, b);
#else
  s16x8 r;
  for (int i = 0; i < 8; ++i) r.v[i] = a.v[i] < b.v[i] ? a.v[i] : b.v[i];
  return r;
#endif
}

// The active halfword lanes of v (tail_16) to p[0..7]. A full vector is one VSTRH.16; a partial
// one goes through a temporary, lane by lane, as pool_ops.h store_s8_p does (QEMU 7.2 and
// predicated stores, see there).
inline void store_s16_p(int16_t* p, s16x8 v, pred active) {
#if CMNN_MVE_NATIVE
  if (active == 0xFFFFu) {
    vstrhq_s16(p, v);
    return;
  }
  int16_t tmp[8];
  vstrhq_s16(tmp, v);
  for (int i = 0; i < 8; ++i) {
    if ((active >> (2 * i)) & 1u) p[i] = tmp[i];
  }
#else
  for (int i = 0; i < 8; ++i) {
    if ((active >> (2 * i)) & 1u) p[i] = v.v[i];
  }
#endif
}

}  // namespace cmnn::mve
