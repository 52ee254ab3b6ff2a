// Helium (MVE) primitives for int16 activations (fully_connected_s16.mve), beyond mve.h and
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

}  // namespace cmnn::mve
