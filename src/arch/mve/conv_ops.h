// Helium (MVE) primitives for the conv and pooling kernels, beyond src/arch/mve/mve.h (same style:
// the ACLE intrinsic on a core with MVE, a bit-exact portable emulation elsewhere). Lane tests:
// tests/unit/arch/mve_conv_ops_test.cpp (host and Cortex-M55 under QEMU).
#pragma once
#include "arch/mve/mve.h"

namespace cmnn::mve {

// Stores the low bytes of lanes 0, 1 at p[0], p[1] and of lanes 2, 3 at p[stride], p[stride + 1]
// (two output channels of two pixels: VSTRB.32 scatter with offsets {0, 1, stride, stride + 1}).
// Only active lanes are written (4 predicate bits per lane, as tail_32).
inline void store_s32_as_s8_pairs(int8_t* p, int32_t stride, s32x4 v, pred active) {
#if CMNN_MVE_NATIVE
  if (active == 0xFFFFu) {
    const uint32x4_t offsets = vsetq_lane_u32(static_cast<uint32_t>(stride) + 1u,
                                              vsetq_lane_u32(static_cast<uint32_t>(stride),
                                                             vsetq_lane_u32(1u, vdupq_n_u32(0u), 1), 2), 3);
    vstrbq_scatter_offset_s32(p, offsets, v);
    return;
  }
  // Partial: lane by lane (a predicated VSTRB.32 writes inactive lanes under QEMU 7.2, see mve.h).
  if (active & 0x000Fu) p[0] = static_cast<int8_t>(vgetq_lane_s32(v, 0));
  if (active & 0x00F0u) p[1] = static_cast<int8_t>(vgetq_lane_s32(v, 1));
  if (active & 0x0F00u) p[stride] = static_cast<int8_t>(vgetq_lane_s32(v, 2));
  if (active & 0xF000u) p[stride + 1] = static_cast<int8_t>(vgetq_lane_s32(v, 3));
#else
  const int32_t at[4] = {0, 1, stride, stride + 1};
  for (int i = 0; i < 4; ++i) {
    if ((active >> (4 * i)) & 1u) p[at[i]] = static_cast<int8_t>(v.v[i]);
  }
#endif
}

// 16 int8 lanes to p (VSTRB.8).
inline void store_s8(int8_t* p, s8x16 v) {
#if CMNN_MVE_NATIVE
  vstrbq_s8(p, v);
#else
  std::memcpy(p, v.v, 16);
#endif
}

}  // namespace cmnn::mve
