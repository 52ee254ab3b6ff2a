// One passing and one deliberately failing test: the run must end with status 1.
#include "test.h"

TEST(Harness, Passes) { EXPECT_EQ(2 + 2, 4); }
TEST(Harness, FailsOnPurpose) { EXPECT_EQ(2 + 2, 5); }
