// src/arch/mve/s16_ops.h lane by lane: on the host the emulation, on Cortex-M55 (QEMU) the Helium
// instructions (VLDRH.16 plain and zeroing-predicated, VMLALDAVA.S16 into an int64 sum).
#include "arch/mve/pool_ops.h"
#include "arch/mve/s16_ops.h"
#include "test.h"
#include "test_data.h"

using namespace cmnn;

namespace {
test::Xorshift32 g_s16_rng(0x5161u);

void lanes16(mve::s16x8 v, int16_t* out) {
#if CMNN_MVE_NATIVE
  vst1q_s16(out, v);
#else
  for (int k = 0; k < 8; ++k) out[k] = v.v[k];
#endif
}
}  // namespace

TEST(MveS16Ops, LoadsAndDot64) {
  int checks = 0;
  for (int iter = 0; iter < 200; ++iter) {
    int16_t x[8], got[8];
    int8_t w[8];
    for (int i = 0; i < 8; ++i) {
      x[i] = static_cast<int16_t>(iter % 5 == 0 ? (g_s16_rng.next() & 1 ? -32768 : 32767) : static_cast<int32_t>(g_s16_rng.next()));
      w[i] = static_cast<int8_t>(iter % 7 == 0 ? -128 : static_cast<int32_t>(g_s16_rng.next()));
    }
    const int32_t n = iter % 10;  // active lanes 0..8 and beyond
    const mve::pred active = mve::tail_16(n);
    lanes16(mve::load_s16(x), got);
    for (int i = 0; i < 8; ++i) EXPECT_EQ(int32_t{got[i]}, int32_t{x[i]});
    lanes16(mve::load_s16_z(x, active), got);
    for (int i = 0; i < 8; ++i) EXPECT_EQ(int32_t{got[i]}, i < n ? int32_t{x[i]} : 0);
    const int64_t start = iter % 3 == 0 ? (int64_t{1} << 40) - 7 : -static_cast<int64_t>(g_s16_rng.next());
    int64_t want = start, want_z = start;
    for (int i = 0; i < 8; ++i) {
      want += int64_t{x[i]} * w[i];
      if (i < n) want_z += int64_t{x[i]} * w[i];
    }
    EXPECT_EQ(mve::dot_acc_s16_64(start, mve::load_s16(x), mve::load_s8_to_s16(w)), want);
    EXPECT_EQ(mve::dot_acc_s16_64(start, mve::load_s16_z(x, active), mve::load_s8_to_s16_z(w, active)), want_z);
    ++checks;
  }
  EXPECT_EQ(checks, 200);
}
