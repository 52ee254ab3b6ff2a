// src/arch/mve/requant_ops.h against TFLite's scalar output stage (quant::requantize_to_s8): the
// emulation on the host, the hand-scheduled Helium loops on Cortex-M55 (QEMU). Sums over the
// whole int32 range (the wrapping start-value add and VQRDMULH's saturation included), every
// shift in [-31, -1], ties of the rounding shift, and clamp bounds narrower than int8.
#include "arch/mve/requant_ops.h"
#include "quant/fixed_point.h"
#include "test.h"
#include "test_data.h"

using namespace cmnn;

namespace {
test::Xorshift32 g_rng(9191u);

constexpr int32_t kChannels = 32;

struct Case {
  int32_t sums0[kChannels], sums1[kChannels], start[kChannels], mult[kChannels], shift[kChannels];
  int32_t offset, lo, hi;
};

void fill(Case& c, int iter) {
  for (int32_t i = 0; i < kChannels; ++i) {
    const uint32_t r = g_rng.next();
    c.sums0[i] = static_cast<int32_t>(iter % 3 == 0 ? r : r >> (8 + iter % 16)) * ((i & 1) ? -1 : 1);
    c.sums1[i] = iter % 5 == 0 ? INT32_MIN + i : static_cast<int32_t>(g_rng.next() >> (iter % 20));
    c.start[i] = static_cast<int32_t>(g_rng.next()) >> (iter % 9 == 0 ? 0 : 12);
    c.mult[i] = iter % 7 == 0 && i == 0 ? INT32_MIN : static_cast<int32_t>((g_rng.next() >> 1) | 0x40000000u);
    c.shift[i] = -1 - static_cast<int32_t>((g_rng.next() + static_cast<uint32_t>(i)) % 31);
    if (iter % 4 == 1) c.sums0[i] = (1 << (-c.shift[i] - 1)) * ((i & 2) ? -1 : 1), c.start[i] = 0;  // near ties
  }
  c.offset = static_cast<int32_t>(g_rng.next() % 256) - 128;
  c.lo = iter % 2 ? -128 : -100;
  c.hi = iter % 2 ? 127 : 90;
}

int8_t expected(const Case& c, const int32_t* sums, int32_t i) {
  const auto acc = static_cast<int32_t>(static_cast<uint32_t>(sums[i]) + static_cast<uint32_t>(c.start[i]));
  return quant::requantize_to_s8(acc, c.mult[i], c.shift[i], c.offset, c.lo, c.hi);
}
}  // namespace

TEST(MveRequantOps, NegativeShiftsEqualScalar) {
  for (int iter = 0; iter < 60; ++iter) {
    Case c;
    fill(c, iter);
    const mve::RequantRows rows{c.start, c.mult, c.shift, c.offset, c.lo, c.hi};
    const int32_t blocks = iter % (kChannels / 4 + 1);  // 0 .. 8 blocks of four
    int8_t out[kChannels + 1], o0[kChannels + 1], o1[kChannels + 1];
    out[4 * blocks] = o0[4 * blocks] = o1[4 * blocks] = 55;  // past the last block: untouched
    mve::requant_negative(c.sums0, rows, blocks, out);
    mve::requant_pair_negative(c.sums0, c.sums1, rows, blocks, o0, o1);
    for (int32_t i = 0; i < 4 * blocks; ++i) {
      EXPECT_EQ(out[i], expected(c, c.sums0, i));
      EXPECT_EQ(o0[i], expected(c, c.sums0, i));
      EXPECT_EQ(o1[i], expected(c, c.sums1, i));
    }
    EXPECT_EQ(out[4 * blocks], 55);
    EXPECT_EQ(o0[4 * blocks], 55);
    EXPECT_EQ(o1[4 * blocks], 55);
  }
}
