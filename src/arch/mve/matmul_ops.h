// Helium (MVE) primitives added for the matrix kernels (fully_connected_s8, conv2d_s8 1x1), in the
// style of mve.h: the ACLE intrinsic on a core with MVE, a bit-exact portable emulation elsewhere.
// Lane tests: tests/unit/arch/mve_matmul_ops_test.cpp.
#pragma once
#include <cstdint>
#include <cstring>

#include "arch/mve/mve.h"

namespace cmnn::mve {


// The low byte of each of the 4 lanes to p[0..3], unpredicated (VSTRB.32): values already clamped.
inline void store_s32_as_s8_all(int8_t* p, s32x4 v) {
#if CMNN_MVE_NATIVE
  vstrbq_s32(p, v);
#else
  for (int i = 0; i < 4; ++i) p[i] = static_cast<int8_t>(v.v[i]);
#endif
}

// Scheduling fence for interleaving: acc is ready here and no memory access moves across. Between
// a VMLADAVA and the next VLDRB it keeps GCC from grouping all loads before all MACs (the M55
// overlaps a vector load with a vector MAC, not two loads). No instruction; nothing on the host.
inline void fence_after(int32_t& acc) {
#if CMNN_MVE_NATIVE
  __asm__ volatile("" : "+r"(acc) : : "memory");
#else
  static_cast<void>(acc);
#endif
}

}  // namespace cmnn::mve
