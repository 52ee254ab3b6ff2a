// src/arch/mve/elementwise_ops.h lane by lane: on the host the emulation, on Cortex-M55 (QEMU) the
// Helium instructions with a scalar register operand (VADD.I32 by Rm, VSHL.S32/U32 by Rm,
// VQRDMULH.S32 by Rm, VQSUB, VRSHL.S32 by Rm), against src/quant/fixed_point.h.
#include "arch/mve/elementwise_ops.h"
#include "test.h"
#include "test_data.h"

using namespace cmnn;

namespace {
test::Xorshift32 g_rng(5150u);

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
// Random values with the edges (INT32_MIN/MAX, 0, +-1) and small magnitudes mixed in.
int32_t sample(int iter) {
  const uint32_t r = g_rng.next();
  switch (iter % 6) {
    case 0: {
      const int32_t edges[6] = {INT32_MIN, INT32_MAX, 0, 1, -1, INT32_MIN + 1};
      return edges[r % 6];
    }
    case 1: return static_cast<int32_t>(r % 2001u) - 1000;
    case 2: return static_cast<int32_t>(r) >> (r % 31);
    default: return static_cast<int32_t>(r);
  }
}
}  // namespace

TEST(MveElementwiseOps, AddAndShiftByScalar) {
  int checks = 0;
  for (int iter = 0; iter < 600; ++iter) {
    int32_t x[4], sum[4], sh[4];
    for (int32_t& v : x) v = sample(iter + 1);
    const int32_t n = sample(iter);
    const int32_t s = iter % 64;
    lanes(mve::add_r_s32(make_s32(x), n), sum);
    lanes(mve::shl_wrap_s32(make_s32(x), s), sh);
    for (int i = 0; i < 4; ++i) {
      EXPECT_EQ(sum[i], static_cast<int32_t>(static_cast<uint32_t>(x[i]) + static_cast<uint32_t>(n)));
      EXPECT_EQ(sh[i], s >= 32 ? 0 : static_cast<int32_t>(static_cast<uint32_t>(x[i]) << s));
      checks += 2;
    }
  }
  EXPECT_GT(checks, 4000);
}

TEST(MveElementwiseOps, MultiplyAddScalarIsOffsetAndShift) {
  int checks = 0;
  for (int iter = 0; iter < 600; ++iter) {
    int32_t x[4], m[4], got[4], shifted[4];
    for (int i = 0; i < 4; ++i) x[i] = sample(iter), m[i] = sample(iter + 1);
    const int32_t n = sample(iter + 2);
    lanes(mve::mul_add_r_s32(make_s32(x), make_s32(m), n), got);
    // The use in add_s8.mve: int8 x, offset in [-128, 128], 2^k for k in [0, 22].
    const int32_t k = iter % 23, off = static_cast<int32_t>(g_rng.next() % 257u) - 128;
    int32_t x8[4];
    for (int i = 0; i < 4; ++i) x8[i] = static_cast<int8_t>(x[i]);
    lanes(mve::mul_add_r_s32(make_s32(x8), mve::dup_s32(int32_t{1} << k), static_cast<int32_t>(static_cast<uint32_t>(off) << k)),
          shifted);
    for (int i = 0; i < 4; ++i) {
      EXPECT_EQ(got[i], static_cast<int32_t>(static_cast<uint32_t>(x[i]) * static_cast<uint32_t>(m[i]) + static_cast<uint32_t>(n)));
      EXPECT_EQ(shifted[i], static_cast<int32_t>(static_cast<uint32_t>(x8[i] + off) << k));
      checks += 2;
    }
  }
  EXPECT_GT(checks, 4000);
}

TEST(MveElementwiseOps, QrdmulhByScalarMatchesGemmlowp) {
  int checks = 0;
  for (int iter = 0; iter < 1200; ++iter) {
    int32_t x[4], got[4];
    for (int32_t& v : x) v = sample(iter + 2);
    const int32_t m = iter % 7 == 0 ? INT32_MIN : sample(iter + 3);
    lanes(mve::qrdmulh_n_s32(make_s32(x), m), got);
    for (int i = 0; i < 4; ++i) {
      EXPECT_EQ(got[i], quant::doubling_high_mul(x[i], m));
      ++checks;
    }
  }
  EXPECT_GT(checks, 4000);
}

TEST(MveElementwiseOps, RoundingRightShiftMatchesRoundingDivideByPot) {
  int checks = 0;
  for (int32_t n = 0; n <= 31; ++n) {
    const mve::RightShift s(n);
    auto check = [&](const int32_t* x) {
      int32_t got[4];
      lanes(mve::rshr_away_s32(make_s32(x), s), got);
      for (int i = 0; i < 4; ++i) {
        EXPECT_EQ(got[i], quant::rounding_divide_by_pot(x[i], n));
        ++checks;
      }
      if (n == 0) return;
      lanes(mve::rshr_away_pos_s32(make_s32(x), -n), got);
      for (int i = 0; i < 4; ++i) {
        EXPECT_EQ(got[i], quant::rounding_divide_by_pot(x[i], n));
        ++checks;
      }
    };
    // The ties and their neighbours on both signs, then random values.
    const int64_t half = n > 0 ? int64_t{1} << (n - 1) : 0;
    for (int64_t k = -3; k <= 3; ++k) {
      const int64_t at = k * (int64_t{1} << n) + half;
      int32_t t[4];
      for (int d = -1; d <= 2; ++d) {
        const int64_t v = at + d;
        t[d + 1] = v > INT32_MAX ? INT32_MAX : v < INT32_MIN ? INT32_MIN : static_cast<int32_t>(v);
      }
      check(t);
    }
    const int32_t edges[4] = {INT32_MIN, INT32_MAX, INT32_MIN + 1, -1};
    check(edges);
    for (int iter = 0; iter < 60; ++iter) {
      int32_t x[4];
      for (int32_t& v : x) v = sample(iter);
      check(x);
    }
  }
  EXPECT_GT(checks, 8000);
}

TEST(MveElementwiseOps, ScalarRequantizeMatchesMultiplyByQuantizedMultiplier) {
  int checks = 0;
  for (int iter = 0; iter < 2000; ++iter) {
    const int32_t shift = static_cast<int32_t>(g_rng.next() % 62u) - 31;  // [-31, 30]
    const int32_t m = iter % 9 == 0 ? 0 : static_cast<int32_t>((g_rng.next() >> 1) | 0x40000000u);
    int32_t x[4], got[4];
    for (int32_t& v : x) v = sample(iter);
    const mve::s32x4 shifted = mve::shl_wrap_s32(make_s32(x), shift > 0 ? shift : 0);
    lanes(mve::rshr_away_s32(mve::qrdmulh_n_s32(shifted, m), mve::RightShift(shift > 0 ? 0 : -shift)), got);
    for (int i = 0; i < 4; ++i) {
      EXPECT_EQ(got[i], quant::multiply_by_quantized_multiplier(x[i], m, shift));
      ++checks;
    }
  }
  EXPECT_GT(checks, 7000);
}
