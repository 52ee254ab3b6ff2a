// src/arch/mve/pool_ops.h lane by lane: on the host the emulation, on Cortex-M55 (QEMU) the
// Helium instructions (VMAX/VMIN.S8, predicated VSTRB.8, VLDRB.S16, VMOVL/VMOVN, VSTRB.16,
// VLDRB.S32, VSHL by a register, the multiply-high rounding division).
#include "arch/mve/pool_ops.h"
#include "kernels/pooling/pool_window.h"
#include "test.h"
#include "test_data.h"

using namespace cmnn;

namespace {
test::Xorshift32 g_rng(4242u);

void lanes(mve::s8x16 v, int8_t* out) {
#if CMNN_MVE_NATIVE
  vst1q_s8(out, v);
#else
  for (int k = 0; k < 16; ++k) out[k] = v.v[k];
#endif
}
void lanes(mve::s16x8 v, int16_t* out) {
#if CMNN_MVE_NATIVE
  vst1q_s16(out, v);
#else
  for (int k = 0; k < 8; ++k) out[k] = v.v[k];
#endif
}
void lanes(mve::s32x4 v, int32_t* out) {
#if CMNN_MVE_NATIVE
  vst1q_s32(out, v);
#else
  for (int k = 0; k < 4; ++k) out[k] = v.v[k];
#endif
}
mve::s32x4 make_s32(const int32_t* x) {
  mve::s32x4 v = mve::dup_s32(x[0]);
  for (int i = 1; i < 4; ++i) v = mve::set_lane(v, x[i], i);
  return v;
}
}  // namespace

TEST(MvePoolOps, MaxMinDupS8) {
  int checks = 0;
  for (int iter = 0; iter < 100; ++iter) {
    int8_t a[16], b[16], mx[16], mn[16], d[16];
    for (int i = 0; i < 16; ++i) {
      a[i] = static_cast<int8_t>(iter % 4 == 0 ? (g_rng.next() & 1 ? -128 : 127) : static_cast<int32_t>(g_rng.next()));
      b[i] = static_cast<int8_t>(g_rng.next());
    }
    const int32_t s = static_cast<int8_t>(g_rng.next());
    lanes(mve::max_s8(mve::load_s8(a), mve::load_s8(b)), mx);
    lanes(mve::min_s8(mve::load_s8(a), mve::load_s8(b)), mn);
    lanes(mve::dup_s8(s), d);
    for (int i = 0; i < 16; ++i) {
      EXPECT_EQ(int32_t{mx[i]}, a[i] > b[i] ? int32_t{a[i]} : int32_t{b[i]});
      EXPECT_EQ(int32_t{mn[i]}, a[i] < b[i] ? int32_t{a[i]} : int32_t{b[i]});
      EXPECT_EQ(int32_t{d[i]}, s);
      ++checks;
    }
  }
  EXPECT_EQ(checks, 1600);
}

TEST(MvePoolOps, StoreS8PredicatedEveryTail) {
  int8_t src[16];
  for (int i = 0; i < 16; ++i) src[i] = static_cast<int8_t>(i * 29 - 128);
  for (int32_t n = -1; n <= 17; ++n) {
    int8_t buf[20];
    for (int8_t& b : buf) b = 55;
    mve::store_s8_p(buf + 2, mve::load_s8(src), mve::tail_8(n));
    for (int k = 0; k < 20; ++k) EXPECT_EQ(int32_t{buf[k]}, k >= 2 && k - 2 < n && k - 2 < 16 ? int32_t{src[k - 2]} : 55);
  }
  // An arbitrary (non-tail) byte mask.
  int8_t buf[16];
  for (int8_t& b : buf) b = 55;
  // volatile: arm-none-eabi-gcc mis-assembles some constant predicates (VMSR of an immediate).
  volatile uint16_t mask = 0xA5C3u;
  mve::store_s8_p(buf, mve::load_s8(src), static_cast<mve::pred>(mask));
  for (int k = 0; k < 16; ++k) EXPECT_EQ(int32_t{buf[k]}, (0xA5C3u >> k) & 1u ? int32_t{src[k]} : 55);
}

TEST(MvePoolOps, LoadS8ToS16AndTails) {
  int8_t src[24];
  for (int i = 0; i < 24; ++i) src[i] = static_cast<int8_t>(i * 53 + 7);
  src[3] = -128;
  src[4] = 127;
  int16_t got[8];
  lanes(mve::load_s8_to_s16(src + 1), got);
  for (int i = 0; i < 8; ++i) EXPECT_EQ(int32_t{got[i]}, int32_t{src[1 + i]});
  for (int32_t n = 0; n <= 9; ++n) {
    lanes(mve::load_s8_to_s16_z(src + 2, mve::tail_16(n)), got);
    for (int i = 0; i < 8; ++i) EXPECT_EQ(int32_t{got[i]}, i < n ? int32_t{src[2 + i]} : 0);
  }
}

TEST(MvePoolOps, AddWidenNarrowS16) {
  for (int iter = 0; iter < 100; ++iter) {
    int8_t x[8];
    for (int8_t& v : x) v = static_cast<int8_t>(g_rng.next());
    // Sum of 257 loads wraps in 16 bits for extreme bytes; mirror it.
    mve::s16x8 acc = mve::zero_s16();
    const int reps = iter % 2 == 0 ? 3 : 300;
    for (int r = 0; r < reps; ++r) acc = mve::add_s16(acc, mve::load_s8_to_s16(x));
    int16_t want[8], got[8];
    for (int i = 0; i < 8; ++i) want[i] = static_cast<int16_t>(static_cast<uint16_t>(x[i] * reps));
    lanes(acc, got);
    for (int i = 0; i < 8; ++i) EXPECT_EQ(int32_t{got[i]}, int32_t{want[i]});
    int32_t even[4], odd[4];
    lanes(mve::widen_even_s16(acc), even);
    lanes(mve::widen_odd_s16(acc), odd);
    for (int i = 0; i < 4; ++i) {
      EXPECT_EQ(even[i], int32_t{want[2 * i]});
      EXPECT_EQ(odd[i], int32_t{want[2 * i + 1]});
    }
    // Narrowing keeps the low 16 bits of each 32-bit lane, interleaved back in order.
    int32_t e32[4], o32[4];
    for (int i = 0; i < 4; ++i) e32[i] = static_cast<int32_t>(g_rng.next()), o32[i] = static_cast<int32_t>(g_rng.next());
    lanes(mve::narrow_interleave_s32(make_s32(e32), make_s32(o32)), got);
    for (int i = 0; i < 4; ++i) {
      EXPECT_EQ(int32_t{got[2 * i]}, int32_t{static_cast<int16_t>(static_cast<uint32_t>(e32[i]) & 0xFFFFu)});
      EXPECT_EQ(int32_t{got[2 * i + 1]}, int32_t{static_cast<int16_t>(static_cast<uint32_t>(o32[i]) & 0xFFFFu)});
    }
  }
}

TEST(MvePoolOps, StoreS16AsS8EveryTail) {
  const int32_t vals[8] = {-128, 127, 0x1234 - 0x1200, -5, 0x7F80, -0x7F01, 1, 0};  // low bytes
  int32_t e[4], o[4];
  for (int i = 0; i < 4; ++i) e[i] = vals[2 * i], o[i] = vals[2 * i + 1];
  const mve::s16x8 v = mve::narrow_interleave_s32(make_s32(e), make_s32(o));
  for (int32_t n = 0; n <= 9; ++n) {
    int8_t buf[12];
    for (int8_t& b : buf) b = 66;
    mve::store_s16_as_s8(buf + 2, v, mve::tail_16(n));
    for (int k = 0; k < 12; ++k) {
      const int i = k - 2;
      EXPECT_EQ(int32_t{buf[k]}, i >= 0 && i < 8 && i < n ? int32_t{static_cast<int8_t>(vals[i] & 0xFF)} : 66);
    }
  }
}

TEST(MvePoolOps, LoadS8ToS32AndShiftLeft) {
  for (int iter = 0; iter < 100; ++iter) {
    int8_t x[4];
    for (int8_t& v : x) v = static_cast<int8_t>(g_rng.next());
    const int32_t n = iter % 23;
    int32_t got[4];
    lanes(mve::shl_s32(mve::add_s32(mve::load_s8_to_s32(x), mve::dup_s32(128)), n), got);
    for (int i = 0; i < 4; ++i) EXPECT_EQ(got[i], static_cast<int32_t>(static_cast<uint32_t>(x[i] + 128) << n));
    lanes(mve::shl_s32(mve::load_s8_to_s32(x), 31), got);
    for (int i = 0; i < 4; ++i) EXPECT_EQ(got[i], static_cast<int32_t>(static_cast<uint32_t>(x[i]) << 31));
  }
}

TEST(MvePoolOps, DivideRoundAwayMatchesTfliteRounding) {
  int checks = 0;
  auto check = [&](int32_t d, const int32_t* sums) {
    int32_t got[4];
    lanes(mve::divide_round_away(make_s32(sums), mve::division_magic(d), d / 2), got);
    for (int i = 0; i < 4; ++i) {
      EXPECT_EQ(got[i], pooling::rounded_average(sums[i], d));
      ++checks;
    }
  };
  for (int32_t d = 2; d <= 256; ++d) {
    const int32_t m = 128 * d;
    // Both ends of the range and the values around every rounding point k * d +- d / 2 near them.
    const int32_t ends[4] = {m, -m, m - 1, -(m - 1)};
    check(d, ends);
    for (int32_t k = 0; k <= 128; k += (k < 4 || k > 124) ? 1 : 17) {
      const int32_t at = k * d + d / 2;
      const int32_t s1[4] = {at, -at, at - 1, -(at - 1)};
      const int32_t s2[4] = {at + 1, -(at + 1), k * d, -(k * d)};
      check(d, s1);
      check(d, s2);
    }
    for (int r = 0; r < 4; ++r) {
      int32_t s[4];
      for (int32_t& v : s) v = static_cast<int32_t>(g_rng.next() % static_cast<uint32_t>(2 * m + 1)) - m;
      check(d, s);
    }
  }
  const int32_t big[3] = {1000, 4096, 5781};
  for (int32_t d : big) {
    const int32_t m = 128 * d;
    const int32_t s[4] = {m, -m, m - d / 2, -(m - d / 2) - 1};
    check(d, s);
  }
  EXPECT_GT(checks, 29000);
}
