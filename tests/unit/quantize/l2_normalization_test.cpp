// L2_NORMALIZATION s8 on values derived by hand: 128 * (x - zp) / sqrt(sum of (x - zp)^2), rounded,
// saturated to [-128, 127]; chosen at least 0.1 away from a rounding tie so the fixed-point inverse
// square root cannot move them. A zero row stays zero (TFLite treats a sum of 0 like 1).
#include "cmnn/normalization.h"
#include "test.h"
#include "test_data.h"

using namespace cmnn;

TEST(L2NormalizationS8, HandDerivedRows) {
  // Rows of 3 with zero point 5: {3,4,0}/5 -> 76.8, 102.4; {1,2,2}/3 -> 42.67, 85.33; zero row;
  // {-3,-4,0}; {1,1,1,1}-like {1,0,0} -> 1 * 128 saturates to 127; {-1,0,0} -> -128.
  const int8_t in[] = {8, 9, 5, 6, 7, 7, 5, 5, 5, 2, 1, 5, 6, 5, 5, 4, 5, 5};
  const int8_t want[] = {77, 102, 0, 43, 85, 85, 0, 0, 0, -77, -102, 0, 127, 0, 0, -128, 0, 0};
  const L2NormalizationParams p = l2_normalization_s8_params(5, 6, 3);
  int8_t* out = test::guarded_array<int8_t>(18);
  ASSERT_TRUE(out != nullptr);
  ASSERT_EQ(l2_normalization_s8(p, {in, out}, nullptr, 0), Status::kOk);
  EXPECT_BYTES_EQ(out, want, sizeof(want));
  EXPECT_TRUE(test::guards_intact(out, 18));
}

TEST(L2NormalizationS8, ExtremeZeroPointsAndInPlace) {
  int8_t a[] = {127};  // zero point -128: 255 / 255 = 1 -> 128 -> 127
  const L2NormalizationParams pa = l2_normalization_s8_params(-128, 1, 1);
  ASSERT_EQ(l2_normalization_s8(pa, {a, a}, nullptr, 0), Status::kOk);
  EXPECT_EQ(a[0], 127);
  int8_t b[] = {-128};  // zero point 127: -255 / 255 = -1 -> -128
  const L2NormalizationParams pb = l2_normalization_s8_params(127, 1, 1);
  ASSERT_EQ(l2_normalization_s8(pb, {b, b}, nullptr, 0), Status::kOk);
  EXPECT_EQ(b[0], -128);
  int8_t c[] = {1, 1, 1, 1};  // 1 / 2 -> 64
  const L2NormalizationParams pc = l2_normalization_s8_params(0, 1, 4);
  ASSERT_EQ(l2_normalization_s8(pc, {c, c}, nullptr, 0), Status::kOk);
  const int8_t want_c[] = {64, 64, 64, 64};
  EXPECT_BYTES_EQ(c, want_c, 4);
}

TEST(L2NormalizationS8, RejectsBadParameters) {
  int8_t buf[4] = {};
  L2NormalizationParams p = l2_normalization_s8_params(0, 1, 4);
  EXPECT_EQ(l2_normalization_s8(p, {nullptr, buf}, nullptr, 0), Status::kNullPointer);
  EXPECT_EQ(l2_normalization_s8(p, {buf, nullptr}, nullptr, 0), Status::kNullPointer);
  p.depth = 0;
  EXPECT_EQ(l2_normalization_s8(p, {buf, buf}, nullptr, 0), Status::kBadShape);
  p.depth = 33026;  // the sum of squares could overflow int32
  EXPECT_EQ(l2_normalization_s8(p, {buf, buf}, nullptr, 0), Status::kBadShape);
  p.depth = 4;
  p.rows = -1;
  EXPECT_EQ(l2_normalization_s8(p, {buf, buf}, nullptr, 0), Status::kBadShape);
  p.rows = 1;
  p.input_zero_point = 128;
  EXPECT_EQ(l2_normalization_s8(p, {buf, buf}, nullptr, 0), Status::kBadParameter);
  EXPECT_TRUE(l2_normalization_s8_find_variant("l2_normalization_s8.ref") != nullptr);
}
