// src/arch/mve/dot_sum_ops.h against scalar sums: lengths 0..70 (whole vectors and every tail),
// extreme values, both rows and an aliased row pair; on the host the emulation, on Cortex-M55
// (QEMU) the Helium instructions.
#include "arch/mve/dot_sum_ops.h"
#include "test.h"
#include "test_data.h"

using namespace cmnn;

namespace {
test::Xorshift32 g_dot_sum_rng(0xD075u);

int8_t s8_value(int iter) {
  if (iter % 6 == 0) return g_dot_sum_rng.next() & 1 ? int8_t{-128} : int8_t{127};
  return static_cast<int8_t>(g_dot_sum_rng.next());
}
}  // namespace

TEST(MveDotSumOps, DotSum1x2) {
  int checks = 0;
  for (int iter = 0; iter < 142; ++iter) {
    const int32_t n = iter % 71;
    int8_t x[72], w0[72], w1[72];
    for (int i = 0; i < 72; ++i) x[i] = s8_value(iter), w0[i] = s8_value(iter), w1[i] = s8_value(iter);
    const int8_t* second = iter >= 71 ? w0 : w1;  // the second half aliases the rows
    uint32_t d0 = 0, s0 = 0, d1 = 0, s1 = 0;
    for (int32_t k = 0; k < n; ++k) {
      d0 += static_cast<uint32_t>(x[k] * w0[k]), s0 += static_cast<uint32_t>(int32_t{w0[k]});
      d1 += static_cast<uint32_t>(x[k] * second[k]), s1 += static_cast<uint32_t>(int32_t{second[k]});
    }
    const mve::DotSum2 r = mve::dot_sum_1x2(x, w0, second, n);
    EXPECT_EQ(r.d0, static_cast<int32_t>(d0));
    EXPECT_EQ(r.s0, static_cast<int32_t>(s0));
    EXPECT_EQ(r.d1, static_cast<int32_t>(d1));
    EXPECT_EQ(r.s1, static_cast<int32_t>(s1));
    ++checks;
  }
  EXPECT_EQ(checks, 142);
}

TEST(MveDotSumOps, DotS16S8x2) {
  int checks = 0;
  for (int iter = 0; iter < 142; ++iter) {
    const int32_t n = iter % 71;
    int16_t x[72];
    int8_t w0[72], w1[72];
    for (int i = 0; i < 72; ++i) {
      x[i] = iter % 5 == 0 ? (g_dot_sum_rng.next() & 1 ? int16_t{-32768} : int16_t{32767})
                           : static_cast<int16_t>(g_dot_sum_rng.next());
      w0[i] = s8_value(iter), w1[i] = s8_value(iter);
    }
    const int8_t* second = iter >= 71 ? w0 : w1;
    int64_t d0 = 0, d1 = 0;
    for (int32_t k = 0; k < n; ++k) d0 += int64_t{x[k]} * w0[k], d1 += int64_t{x[k]} * second[k];
    const mve::Dot2x64 r = mve::dot_s16_s8_1x2(x, w0, second, n);
    EXPECT_EQ(r.d0, d0);
    EXPECT_EQ(r.d1, d1);
    ++checks;
  }
  EXPECT_EQ(checks, 142);
}
