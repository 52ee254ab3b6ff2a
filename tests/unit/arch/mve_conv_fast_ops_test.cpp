// src/arch/mve/conv_fast_ops.h lane by lane: the emulation on the host, the Helium instructions
// on Cortex-M55 (QEMU): VMLADAV.S8, VDUP.8 and the right-shift-only requantization.
#include "arch/mve/conv_fast_ops.h"
#include "arch/mve/conv_ops.h"
#include "quant/fixed_point.h"
#include "test.h"
#include "test_data.h"

using namespace cmnn;

namespace {
test::Xorshift32 g_rng(4242u);

int32_t lane_of(mve::s32x4 v, int i) {
  int32_t out[4];
#if CMNN_MVE_NATIVE
  vst1q_s32(out, v);
#else
  for (int k = 0; k < 4; ++k) out[k] = v.v[k];
#endif
  return out[i];
}

mve::s32x4 vector_of(const int32_t* v) {
  mve::s32x4 r = mve::dup_s32(v[0]);
  for (int i = 1; i < 4; ++i) r = mve::set_lane(r, v[i], i);
  return r;
}
}  // namespace

TEST(MveConvFastOps, DotWithoutAccumulator) {
  int checks = 0;
  for (int iter = 0; iter < 300; ++iter) {
    int8_t a[16], b[16];
    int32_t want = 0;
    for (int i = 0; i < 16; ++i) {
      // Extremes often: -128 * -128 in every lane is the largest sum (2^18).
      a[i] = iter % 7 == 0 ? int8_t{-128} : static_cast<int8_t>(g_rng.next());
      b[i] = iter % 7 == 0 ? int8_t{-128} : static_cast<int8_t>(g_rng.next());
      want += int32_t{a[i]} * int32_t{b[i]};
    }
    EXPECT_EQ(mve::dot(mve::load_s8(a), mve::load_s8(b)), want);
    EXPECT_EQ(mve::dot_acc(0, mve::load_s8(a), mve::load_s8(b)), want);
    checks += 2;
  }
  EXPECT_EQ(checks, 600);
}

TEST(MveConvFastOps, DupBytes) {
  for (int x = -128; x < 128; x += 5) {
    int8_t buf[18];
    for (int8_t& v : buf) v = 9;
    mve::store_s8(buf + 1, mve::dup_s8(static_cast<int8_t>(x)));
    for (int i = 0; i < 18; ++i) EXPECT_EQ(int32_t{buf[i]}, i >= 1 && i <= 16 ? x : 9);
  }
}

TEST(MveConvFastOps, RequantizeRightEqualsScalar) {
  int checks = 0;
  const int32_t edge_x[] = {INT32_MIN, INT32_MIN + 1, -1, 0, 1, INT32_MAX, 0x40000000, -0x40000000};
  const int32_t edge_m[] = {INT32_MIN, INT32_MAX, 0x40000000, 1 << 30 | 1, 0};
  for (int iter = 0; iter < 2000; ++iter) {
    int32_t x[4], m[4], s[4];
    for (int i = 0; i < 4; ++i) {
      x[i] = iter % 5 == 0 ? edge_x[g_rng.next() % 8] : static_cast<int32_t>(g_rng.next()) >> (g_rng.next() % 24);
      m[i] = iter % 3 == 0 ? edge_m[g_rng.next() % 5] : static_cast<int32_t>(g_rng.next() | 0x40000000u) & 0x7FFFFFFF;
      s[i] = -static_cast<int32_t>(g_rng.next() % 32);  // 0 .. -31
    }
    const mve::s32x4 got = mve::requantize_right(vector_of(x), vector_of(m), vector_of(s));
    const mve::s32x4 full = mve::requantize(vector_of(x), vector_of(m), vector_of(s));
    for (int i = 0; i < 4; ++i) {
      EXPECT_EQ(lane_of(got, i), quant::multiply_by_quantized_multiplier(x[i], m[i], s[i]));
      EXPECT_EQ(lane_of(got, i), lane_of(full, i));
      checks += 2;
    }
  }
  EXPECT_EQ(checks, 16000);
}
