// Passing, skipped and arena behaviour: the run must end with status 0 and the skip counted.
#include <cstring>

#include "test.h"

TEST(Harness, ArenaGivesZeroedAlignedMemory) {
  auto* a = cmnn::test::arena_alloc<int32_t>(100);
  ASSERT_TRUE(a != nullptr);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(a) % 16, 0u);
  int32_t sum = 0;
  for (int i = 0; i < 100; ++i) sum += a[i];
  EXPECT_EQ(sum, 0);
}
TEST(Harness, FormatsLikePrintf) {
  char text[64];
  cmnn::platform::format(text, sizeof text, "%d|%5u|%-3s|%04x|%.2f|%lld", -42, 7u, "ab", 0xbeefu, 3.14159, -5ll);
  EXPECT_EQ(std::strcmp(text, "-42|    7|ab |beef|3.14|-5"), 0);
}
TEST(Harness, SkipsWhenAsked) { SKIP("demonstrates a skipped test"); }
