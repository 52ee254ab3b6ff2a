// Helium (MVE) primitives for the conv2d_s8 im2col mve tile (four filter rows against one column,
// the sums in scalar registers), beyond mve.h, matmul_ops.h and conv_fast_ops.h; same style: the
// ACLE intrinsic on a core with MVE, a bit-exact portable emulation elsewhere.
// Lane tests: tests/unit/arch/mve_conv_tile_ops_test.cpp (host and Cortex-M55 under QEMU).
#pragma once
#include <cstdint>
#include <cstring>

#include "arch/mve/mve.h"

namespace cmnn::mve {

// 16 int8 lanes from p (VLDRB.8), then p += 16. The pointer is pinned after the step so that GCC
// keeps one pointer per stream and emits the post-increment form (VLDRB.8 Qd, [Rn], #16) instead
// of folding the steps of an unrolled loop into offsets off copies of the pointer (which runs out
// of registers with five streams and spills). No instruction of its own.
inline s8x16 load_s8_advance(const int8_t*& p) {
#if CMNN_MVE_NATIVE
  const int8x16_t v = vldrbq_s8(p);
  p += 16;
  __asm__("" : "+r"(p));
  return v;
#else
  s8x16 r;
  std::memcpy(r.v, p, sizeof r.v);
  p += 16;
  return r;
#endif
}

}  // namespace cmnn::mve
