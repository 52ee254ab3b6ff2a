// The DSP primitives (real instructions on M4/M7/M55, the emulation on the host and M3) against
// lane-by-lane definitions, on edge values and a seeded random sweep. The same test run on every
// target proves that the emulation and the instructions agree.
#include "arch/dsp/intrinsics.h"
#include "test.h"
#include "test_data.h"

using namespace cmnn::dsp;

namespace {
int32_t lane16(uint32_t x, int i) { return static_cast<int16_t>(x >> (16 * i)); }
int32_t lane8(uint32_t x, int i) { return static_cast<int8_t>(x >> (8 * i)); }
int32_t sat(int32_t v, int bits) {
  const int32_t hi = (1 << (bits - 1)) - 1, lo = -(1 << (bits - 1));
  return v < lo ? lo : v > hi ? hi : v;
}
cmnn::test::Xorshift32 g_rng(0x9E3779B9u);
const uint32_t kEdges[] = {0u, 1u, 0x7FFF7FFFu, 0x80008000u, 0xFFFFFFFFu, 0x7F7F7F7Fu, 0x80808080u, 0x12345678u, 0x80017FFEu};
}  // namespace

TEST(DspIntrinsics, MatchLaneDefinitions) {
  int cases = 0;
  uint32_t values[9 + 2000];
  for (int i = 0; i < 9; ++i) values[i] = kEdges[i];
  for (int i = 9; i < 9 + 2000; ++i) values[i] = g_rng.next();
  for (int i = 0; i < 9 + 2000; ++i) {
    const uint32_t a = values[i], b = values[(i * 7 + 3) % (9 + 2000)];
    const auto acc = static_cast<int32_t>(g_rng.next());
    ASSERT_EQ(smlad(a, b, acc), static_cast<int32_t>(static_cast<uint32_t>(acc) + static_cast<uint32_t>(lane16(a, 0) * lane16(b, 0)) +
                                                     static_cast<uint32_t>(lane16(a, 1) * lane16(b, 1))));
    ASSERT_EQ(smladx(a, b, acc), static_cast<int32_t>(static_cast<uint32_t>(acc) + static_cast<uint32_t>(lane16(a, 0) * lane16(b, 1)) +
                                                      static_cast<uint32_t>(lane16(a, 1) * lane16(b, 0))));
    const uint32_t s = sxtb16(a), r = sxtb16_ror8(a);
    ASSERT_EQ(lane16(s, 0), lane8(a, 0));
    ASSERT_EQ(lane16(s, 1), lane8(a, 2));
    ASSERT_EQ(lane16(r, 0), lane8(a, 1));
    ASSERT_EQ(lane16(r, 1), lane8(a, 3));
    const uint32_t ta = sxtab16(b, a), tr = sxtab16_ror8(b, a);
    ASSERT_EQ(lane16(ta, 0), static_cast<int16_t>(lane16(b, 0) + lane8(a, 0)));
    ASSERT_EQ(lane16(ta, 1), static_cast<int16_t>(lane16(b, 1) + lane8(a, 2)));
    ASSERT_EQ(lane16(tr, 0), static_cast<int16_t>(lane16(b, 0) + lane8(a, 1)));
    ASSERT_EQ(lane16(tr, 1), static_cast<int16_t>(lane16(b, 1) + lane8(a, 3)));
    const uint32_t q8 = qadd8(a, b), d8 = qsub8(a, b), q16 = qadd16(a, b), s16 = sadd16(a, b);
    for (int lane = 0; lane < 4; ++lane) {
      ASSERT_EQ(lane8(q8, lane), sat(lane8(a, lane) + lane8(b, lane), 8));
      ASSERT_EQ(lane8(d8, lane), sat(lane8(a, lane) - lane8(b, lane), 8));
    }
    for (int lane = 0; lane < 2; ++lane) {
      ASSERT_EQ(lane16(q16, lane), sat(lane16(a, lane) + lane16(b, lane), 16));
      ASSERT_EQ(lane16(s16, lane), static_cast<int16_t>(lane16(a, lane) + lane16(b, lane)));
    }
    ASSERT_EQ(ssat<8>(static_cast<int32_t>(a) >> 20), sat(static_cast<int32_t>(a) >> 20, 8));
    ++cases;
  }
  EXPECT_EQ(cases, 2009);
  EXPECT_EQ(pkhbt(0x1111AAAAu, 0xBBBB2222u), 0xBBBBAAAAu);
  EXPECT_EQ(pkhtb(0x1111AAAAu, 0xBBBB2222u), 0x1111BBBBu);
  EXPECT_EQ(clz(1u), 31);
}
