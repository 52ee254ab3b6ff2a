// src/arch/mve/s16_ops.h lane by lane: on the host the emulation, on Cortex-M55 (QEMU) the Helium
// instructions (VLDRH.16 plain and zeroing-predicated, VMLALDAVA.S16 into an int64 sum, VLDRH.S32
// plain and predicated, VSTRH.32 whole and partial, VMAX/VMIN.S16, VDUP.16, VSTRH.16 partial).
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
      const int32_t edge = g_s16_rng.next() & 1 ? -32768 : 32767;
      x[i] = static_cast<int16_t>(iter % 5 == 0 ? edge : static_cast<int32_t>(g_s16_rng.next()));
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

TEST(MveS16Ops, WidenAndNarrow32) {
  int checks = 0;
  for (int iter = 0; iter < 100; ++iter) {
    int16_t x[4], out[6];
    for (int i = 0; i < 4; ++i) {
      x[i] = static_cast<int16_t>(iter % 4 == 0 ? -32768 + i : static_cast<int32_t>(g_s16_rng.next()));
    }
    const int32_t n = iter % 6;  // active lanes 0..4 and beyond
    const mve::pred active = mve::tail_32(n);
    const mve::s32x4 w = mve::load_s16_to_s32(x), wz = mve::load_s16_to_s32_z(x, active);
    int32_t lw[4], lz[4];
#if CMNN_MVE_NATIVE
    vst1q_s32(lw, w);
    vst1q_s32(lz, wz);
#else
    for (int i = 0; i < 4; ++i) lw[i] = w.v[i], lz[i] = wz.v[i];
#endif
    for (int i = 0; i < 4; ++i) {
      EXPECT_EQ(lw[i], int32_t{x[i]});
      EXPECT_EQ(lz[i], i < n ? int32_t{x[i]} : 0);
    }
    // Stores: the low halfwords; a partial store writes the active lanes only (guards at 4, 5).
    for (int i = 0; i < 6; ++i) out[i] = 0x1234;
    mve::store_s32_as_s16_all(out, w);
    for (int i = 0; i < 4; ++i) EXPECT_EQ(int32_t{out[i]}, int32_t{x[i]});
    for (int i = 0; i < 6; ++i) out[i] = 0x1234;
    mve::store_s32_as_s16(out, w, active);
    for (int i = 0; i < 6; ++i) EXPECT_EQ(int32_t{out[i]}, i < n && i < 4 ? int32_t{x[i]} : 0x1234);
    ++checks;
  }
  EXPECT_EQ(checks, 100);
}

TEST(MveS16Ops, MaxMinDupAndPartialStore) {
  int checks = 0;
  for (int iter = 0; iter < 100; ++iter) {
    int16_t a[8], b[8], out[10];
    for (int i = 0; i < 8; ++i) {
      a[i] = static_cast<int16_t>(iter % 4 == 0 ? -32768 : static_cast<int32_t>(g_s16_rng.next()));
      b[i] = static_cast<int16_t>(iter % 5 == 0 ? 32767 : static_cast<int32_t>(g_s16_rng.next()));
    }
    const int32_t s = static_cast<int16_t>(g_s16_rng.next());
    const int32_t n = iter % 10;  // active lanes 0..8 and beyond
    int16_t mx[8], mn[8], d[8];
    lanes16(mve::max_s16(mve::load_s16(a), mve::load_s16(b)), mx);
    lanes16(mve::min_s16(mve::load_s16(a), mve::load_s16(b)), mn);
    lanes16(mve::dup_s16(s), d);
    for (int i = 0; i < 8; ++i) {
      EXPECT_EQ(int32_t{mx[i]}, a[i] > b[i] ? int32_t{a[i]} : int32_t{b[i]});
      EXPECT_EQ(int32_t{mn[i]}, a[i] < b[i] ? int32_t{a[i]} : int32_t{b[i]});
      EXPECT_EQ(int32_t{d[i]}, s);
    }
    // Partial store: the active lanes only (guards at 8, 9 and past n).
    for (int i = 0; i < 10; ++i) out[i] = 0x2345;
    mve::store_s16_p(out, mve::load_s16(a), mve::tail_16(n));
    for (int i = 0; i < 10; ++i) EXPECT_EQ(int32_t{out[i]}, i < n && i < 8 ? int32_t{a[i]} : 0x2345);
    ++checks;
  }
  EXPECT_EQ(checks, 100);
}
