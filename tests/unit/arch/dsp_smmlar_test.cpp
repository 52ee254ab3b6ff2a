// smmlar (SMMLAR, the high word of the requantization forms in src/quant/requant_fast.h) against its
// definition in 64-bit arithmetic, on edge values and a seeded sweep, on every target (the DSP
// cores run the instruction, the others the emulation).
#include "arch/dsp/intrinsics.h"
#include "test.h"
#include "test_data.h"

using namespace cmnn::dsp;

namespace {
// (acc * 2^32 + a * b + 2^31) >> 32 modulo 2^32, written independently of the emulation.
int32_t expected(int32_t a, int32_t b, int32_t acc) {
  const int64_t product = static_cast<int64_t>(a) * static_cast<int64_t>(b);
  const uint64_t high = (static_cast<uint64_t>(product) + 0x80000000u) >> 32;  // mod 2^64 then top word
  return static_cast<int32_t>(static_cast<uint32_t>(high) + static_cast<uint32_t>(acc));
}
}  // namespace

TEST(DspSmmlar, MatchesDefinition) {
  const int32_t edges[] = {0, 1, -1, INT32_MAX, INT32_MIN, 1 << 30, -(1 << 30), 0x40000001};
  cmnn::test::Xorshift32 rng(0x2545F491u);
  int cases = 0;
  for (int i = 0; i < 3000; ++i) {
    const bool edge = i < 512;
    const auto a = static_cast<int32_t>(edge ? static_cast<uint32_t>(edges[i % 8]) : rng.next());
    const auto b = static_cast<int32_t>(edge ? static_cast<uint32_t>(edges[(i / 8) % 8]) : rng.next());
    const auto acc = static_cast<int32_t>(edge ? static_cast<uint32_t>(edges[(i / 64) % 8]) : rng.next());
    ASSERT_EQ(smmlar(a, b, acc), expected(a, b, acc));
    ++cases;
  }
  // 2^30 * 2^30 = 2^60: high word 2^28; rounding: 2^31 * 1 -> (2^31 + 2^31) >> 32 = 1.
  EXPECT_EQ(smmlar(1 << 30, 1 << 30, 5), (1 << 28) + 5);
  EXPECT_EQ(smmlar(INT32_MIN, -1, 0), 1);
  EXPECT_EQ(smmlar(INT32_MIN, INT32_MIN, 0), 1 << 30);
  cmnn::platform::print("  %d triples\n", cases);
  EXPECT_EQ(cases, 3000);
}
