// src/arch/mve/conv_ops.h lane by lane: the emulation on the host, the Helium instructions on
// Cortex-M55 (QEMU).
#include "arch/mve/conv_ops.h"
#include "test.h"

using namespace cmnn;

TEST(MveConvOps, StorePairsEveryPredicateAndStride) {
  int cases = 0;
  for (int32_t stride = 2; stride <= 9; ++stride) {
    for (uint32_t mask = 0; mask < 16; ++mask) {
      mve::pred active = 0;
      for (int i = 0; i < 4; ++i) {
        if ((mask >> i) & 1u) active = static_cast<mve::pred>(active | (0xFu << (4 * i)));
      }
      const int32_t values[4] = {-128, 127, 0x1234 - 0x1200 - 1, -0x100 - 5};  // low bytes -128, 127, 51, -5
      mve::s32x4 v = mve::dup_s32(values[0]);
      for (int i = 1; i < 4; ++i) v = mve::set_lane(v, values[i], i);
      int8_t buf[16];
      for (int i = 0; i < 16; ++i) buf[i] = 77;
      mve::store_s32_as_s8_pairs(buf + 1, stride, v, active);
      const int32_t at[4] = {1, 2, 1 + stride, 2 + stride};
      for (int k = 0; k < 16; ++k) {
        int8_t want = 77;
        for (int i = 0; i < 4; ++i) {
          if (k == at[i] && ((mask >> i) & 1u)) want = static_cast<int8_t>(values[i]);
        }
        EXPECT_EQ(int32_t{buf[k]}, int32_t{want});
      }
      ++cases;
    }
  }
  EXPECT_EQ(cases, 8 * 16);
}

TEST(MveConvOps, StoreSixteenBytes) {
  int8_t src[20], dst[20];
  for (int i = 0; i < 20; ++i) src[i] = static_cast<int8_t>(i * 37 - 128), dst[i] = 5;
  mve::store_s8(dst + 3, mve::load_s8(src + 1));
  for (int i = 0; i < 20; ++i) EXPECT_EQ(int32_t{dst[i]}, i >= 3 && i < 19 ? int32_t{src[i - 2]} : 5);
}
