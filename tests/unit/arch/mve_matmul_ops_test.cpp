// src/arch/mve/matmul_ops.h lane by lane: on the host the emulation, on Cortex-M55 (QEMU) the
// Helium instructions (unpredicated VLDRW.32 and VSTRB.32 of the matrix kernels).
#include "arch/mve/matmul_ops.h"
#include "test.h"
#include "test_data.h"

using namespace cmnn;

namespace {
test::Xorshift32 g_rng(777u);

int32_t lane(mve::s32x4 v, int i) {
  int32_t out[4];
#if CMNN_MVE_NATIVE
  vst1q_s32(out, v);
#else
  for (int k = 0; k < 4; ++k) out[k] = v.v[k];
#endif
  return out[i];
}
}  // namespace

TEST(MveMatmulOps, LoadS32AndStoreLowBytes) {
  int checks = 0;
  for (int iter = 0; iter < 200; ++iter) {
    int32_t src[6];
    for (int32_t& v : src) v = static_cast<int32_t>(g_rng.next());
    const int off = iter % 3;
    // Loaded lanes equal memory: add zero and store the low bytes, compare with the scalar bytes.
    const mve::s32x4 v = mve::add_s32(mve::load_s32(src + off), mve::dup_s32(0));
    int8_t out[8];
    for (int8_t& b : out) b = 0x5A;
    mve::store_s32_as_s8_all(out + 2, v);
    EXPECT_EQ(out[0], 0x5A);
    EXPECT_EQ(out[1], 0x5A);
    for (int i = 0; i < 4; ++i) EXPECT_EQ(out[2 + i], static_cast<int8_t>(src[off + i] & 0xFF));
    EXPECT_EQ(out[6], 0x5A);
    EXPECT_EQ(out[7], 0x5A);
    // All 32 bits of every lane: the same as the predicated load with every lane active.
    const mve::s32x4 z = mve::load_s32_z(src + off, mve::tail_32(4));
    for (int i = 0; i < 4; ++i) {
      EXPECT_EQ(lane(v, i), src[off + i]);
      EXPECT_EQ(lane(z, i), src[off + i]);
    }
    checks += 8;
  }
  platform::print("    %d lane checks\n", checks);
}
