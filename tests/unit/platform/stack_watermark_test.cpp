// The stack high-water mark sees a known stack use (a 1 KB local array) within a small margin.
#include "test.h"

namespace {
[[maybe_unused]] __attribute__((noinline)) int use_stack(int seed) {
  volatile uint8_t block[1024];
  for (int i = 0; i < 1024; ++i) block[i] = static_cast<uint8_t>(seed + i);
  int sum = 0;
  for (int i = 0; i < 1024; i += 64) sum += block[i];
  return sum;
}
}  // namespace

TEST(StackWatermark, MeasuresAKnownFrame) {
#if !defined(CMNN_TARGET_CORTEX_M)
  SKIP("stack painting is measured on Cortex-M targets only");
#else
  cmnn::platform::stack_paint();
  const size_t before = cmnn::platform::stack_used_since_paint();
  EXPECT_EQ(before, 0u);
  const int sum = use_stack(3);
  const size_t used = cmnn::platform::stack_used_since_paint();
  EXPECT_TRUE(sum > 0);
  EXPECT_GE(used, 1024u);
  EXPECT_LE(used, 1024u + 128u);
#endif
}
