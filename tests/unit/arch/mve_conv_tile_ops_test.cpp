// src/arch/mve/conv_tile_ops.h lane by lane: the emulation on the host, the Helium instructions on
// Cortex-M55 (QEMU): load_s8_advance (VLDRB.8 with the pointer moved on 16 bytes).
#include "arch/mve/conv_tile_ops.h"
#include "arch/mve/conv_fast_ops.h"
#include "arch/mve/conv_ops.h"
#include "test.h"
#include "test_data.h"

using namespace cmnn;

namespace {
test::Xorshift32 g_rng(777u);
}  // namespace

TEST(MveConvTileOps, LoadAdvanceReadsSixteenLanesAndSteps) {
  int8_t buf[16 * 5 + 3];
  for (int8_t& v : buf) v = static_cast<int8_t>(g_rng.next());
  int checks = 0;
  for (int start = 0; start < 3; ++start) {  // unaligned starts too
    const int8_t* p = buf + start;
    for (int k = 0; k < 5; ++k) {
      const int8_t* before = p;
      const mve::s8x16 v = mve::load_s8_advance(p);
      EXPECT_EQ(p - before, 16);
      int8_t got[16];
      mve::store_s8(got, v);
      for (int i = 0; i < 16; ++i) EXPECT_EQ(int32_t{got[i]}, int32_t{buf[start + 16 * k + i]});
      ++checks;
    }
  }
  EXPECT_EQ(checks, 15);
}

TEST(MveConvTileOps, FourRowTileDotsEqualScalar) {
  // The tile's inner pattern: one column stream against four row streams, sums in registers.
  for (int iter = 0; iter < 50; ++iter) {
    const int steps = 1 + iter % 9;
    int8_t x[16 * 9], w[4][16 * 9];
    for (int i = 0; i < 16 * steps; ++i) {
      x[i] = iter % 11 == 0 ? int8_t{-128} : static_cast<int8_t>(g_rng.next());
      for (auto& r : w) r[i] = iter % 11 == 0 ? int8_t{-128} : static_cast<int8_t>(g_rng.next());
    }
    int32_t want[4] = {0, 0, 0, 0}, got[4] = {0, 0, 0, 0};
    const int8_t* xp = x;
    const int8_t* wp[4] = {w[0], w[1], w[2], w[3]};
    for (int s = 0; s < steps; ++s) {
      const mve::s8x16 xv = mve::load_s8_advance(xp);
      for (int r = 0; r < 4; ++r) got[r] = mve::dot_acc(got[r], xv, mve::load_s8_advance(wp[r]));
    }
    for (int r = 0; r < 4; ++r) {
      for (int i = 0; i < 16 * steps; ++i) want[r] += int32_t{x[i]} * int32_t{w[r][i]};
      EXPECT_EQ(got[r], want[r]);
    }
  }
}
