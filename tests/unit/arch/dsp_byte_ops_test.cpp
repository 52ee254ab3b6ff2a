// uqsub8 / uadd8 / usub8 (used by the byte max/min and clamp of pooling and activations) against
// lane definitions, on edge values and a seeded sweep, on every target.
#include "arch/dsp/intrinsics.h"
#include "test.h"
#include "test_data.h"

using namespace cmnn::dsp;

namespace {
cmnn::test::Xorshift32 g_rng(0x2545F491u);
uint32_t ubyte(uint32_t x, int lane) { return (x >> (8 * lane)) & 0xFFu; }
}  // namespace

TEST(DspByteOps, MatchLaneDefinitions) {
  const uint32_t edges[] = {0u, 0xFFFFFFFFu, 0x80808080u, 0x7F7F7F7Fu, 0x01FF80FEu, 0x00FF00FFu};
  int cases = 0;
  for (int i = 0; i < 3000; ++i) {
    const uint32_t a = i < 6 ? edges[i] : g_rng.next();
    const uint32_t b = i < 6 ? edges[(i + 2) % 6] : g_rng.next();
    const uint32_t q = uqsub8(a, b), s = uadd8(a, b), d = usub8(a, b);
    for (int lane = 0; lane < 4; ++lane) {
      const uint32_t x = ubyte(a, lane), y = ubyte(b, lane);
      ASSERT_EQ(ubyte(q, lane), x > y ? x - y : 0u);
      ASSERT_EQ(ubyte(s, lane), (x + y) & 0xFFu);
      ASSERT_EQ(ubyte(d, lane), (x - y) & 0xFFu);
      ASSERT_EQ(ubyte(uadd8(b, q), lane), x > y ? x : y);  // the max identity the kernels rely on
    }
    ++cases;
  }
  cmnn::platform::print("  %d word pairs\n", cases);
  EXPECT_EQ(cases, 3000);
}
