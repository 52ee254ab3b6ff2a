// pkhbt_lsl16 (PKHBT with LSL #16, the baseline 1-D convolution's sample packing) against its lane
// definition, on edge values and a seeded sweep, on every target.
#include "arch/dsp/intrinsics.h"
#include "test.h"
#include "test_data.h"

using namespace cmnn::dsp;

TEST(DspPack, PkhbtLsl16MatchesLaneDefinition) {
  const uint32_t edges[] = {0u, 0xFFFFFFFFu, 0x80008000u, 0x7FFF7FFFu, 0x0000FFFFu, 0xFFFF0000u, 0xFFFFFF80u};
  cmnn::test::Xorshift32 rng(0x9E3779B9u);
  int cases = 0;
  for (int i = 0; i < 2000; ++i) {
    const uint32_t state = rng.next();
    const uint32_t a = i < 7 ? edges[i] : state;
    const uint32_t b = i < 7 ? edges[(i + 3) % 7] : state * 2654435761u;
    const uint32_t r = pkhbt_lsl16(a, b);
    ASSERT_EQ(r & 0xFFFFu, a & 0xFFFFu);
    ASSERT_EQ(r >> 16, b & 0xFFFFu);
    ++cases;
  }
  // Sign-extended samples pack into two signed lanes: (-128, 127) -> 0x007FFF80.
  EXPECT_EQ(pkhbt_lsl16(static_cast<uint32_t>(-128), 127u), 0x007FFF80u);
  cmnn::platform::print("  %d word pairs\n", cases);
  EXPECT_EQ(cases, 2000);
}
