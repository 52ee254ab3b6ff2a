// SMLABB/SMLABT/SMLATB/SMLATT (appended to the DSP primitives for the depthwise kernels) against
// their lane definitions, on edge values and a seeded random sweep, on every target.
#include "arch/dsp/intrinsics.h"
#include "test.h"
#include "test_data.h"

using namespace cmnn::dsp;

namespace {
int32_t half(uint32_t x, int i) { return static_cast<int16_t>(x >> (16 * i)); }
int32_t wrap_mac(int32_t acc, int32_t x, int32_t y) {
  return static_cast<int32_t>(static_cast<uint32_t>(acc) + static_cast<uint32_t>(x * y));
}
cmnn::test::Xorshift32 g_rng(0x2545F491u);
}  // namespace

TEST(DspMac16, MatchLaneDefinitions) {
  const uint32_t edges[] = {0u, 1u, 0x7FFF7FFFu, 0x80008000u, 0xFFFFFFFFu, 0x80017FFEu, 0x00FF0080u};
  const int32_t accs[] = {0, 1, -1, INT32_MAX, INT32_MIN};
  int cases = 0;
  for (uint32_t a : edges) {
    for (uint32_t b : edges) {
      for (int32_t acc : accs) {
        ASSERT_EQ(smlabb(a, b, acc), wrap_mac(acc, half(a, 0), half(b, 0)));
        ASSERT_EQ(smlabt(a, b, acc), wrap_mac(acc, half(a, 0), half(b, 1)));
        ASSERT_EQ(smlatb(a, b, acc), wrap_mac(acc, half(a, 1), half(b, 0)));
        ASSERT_EQ(smlatt(a, b, acc), wrap_mac(acc, half(a, 1), half(b, 1)));
        ++cases;
      }
    }
  }
  for (int i = 0; i < 3000; ++i) {
    const uint32_t a = g_rng.next(), b = g_rng.next();
    const auto acc = static_cast<int32_t>(g_rng.next());
    ASSERT_EQ(smlabb(a, b, acc), wrap_mac(acc, half(a, 0), half(b, 0)));
    ASSERT_EQ(smlabt(a, b, acc), wrap_mac(acc, half(a, 0), half(b, 1)));
    ASSERT_EQ(smlatb(a, b, acc), wrap_mac(acc, half(a, 1), half(b, 0)));
    ASSERT_EQ(smlatt(a, b, acc), wrap_mac(acc, half(a, 1), half(b, 1)));
    ++cases;
  }
  cmnn::platform::print("    %d cases x 4 instructions\n", cases);
}
