// LOG_SOFTMAX s8 on values derived by hand: with input scale 1 the output is
// 127 + round(16 * (x - max - log(sum of exp(x - max)))), saturated; differences below diff_min give
// -128. The expected values are at least 0.01 away from a rounding tie, so they are exact.
#include "cmnn/softmax.h"
#include "test.h"
#include "test_data.h"

using namespace cmnn;

TEST(LogSoftmaxS8, ParamsHelperFollowsTflmPrepare) {
  // input_scale 1: 2^26 = 0.5 * 2^27; the reverse 2^4 / 2^30 = 0.5 * 2^-25; radius floor(31 * 2^26 / 2^27) = 15.
  const LogSoftmaxParams p = log_softmax_s8_params(1.0f, 3, 7);
  EXPECT_EQ(p.rows, 3);
  EXPECT_EQ(p.depth, 7);
  EXPECT_EQ(p.input_multiplier, 1 << 30);
  EXPECT_EQ(p.input_left_shift, 27);
  EXPECT_EQ(p.reverse_scaling_divisor, 1 << 30);
  EXPECT_EQ(p.reverse_scaling_right_shift, 25);
  EXPECT_EQ(p.diff_min, -15);
  // 0.1f * 2^26 = 6710886.5 = 0.8000000119 * 2^23; radius floor(31 * 2^3) = 248.
  const LogSoftmaxParams q = log_softmax_s8_params(0.1f, 1, 1);
  EXPECT_EQ(q.input_multiplier, 1717986944);
  EXPECT_EQ(q.input_left_shift, 23);
  EXPECT_EQ(q.reverse_scaling_divisor, 1342177260);
  EXPECT_EQ(q.reverse_scaling_right_shift, 22);
  EXPECT_EQ(q.diff_min, -248);
}

TEST(LogSoftmaxS8, HandDerivedRows) {
  // Rows of 2 at input scale 1: {0, -1}: log(1 + e^-1) = 0.3133 -> 127 - 5.01, 127 - 21.01;
  // {0, -7}: -7.0015 * 16 = -112.01; {5, 5}: -log 2 * 16 = -11.09; {0, -14}: -224; {0, -15}: -240
  // (diff_min itself still counts); {0, -16}: below diff_min; {127, -128}: far below.
  const int8_t in[] = {0, -1, 0, -7, 5, 5, 0, -14, 0, -15, 0, -16, 127, -128};
  const int8_t want[] = {122, 106, 127, 15, 116, 116, 127, -97, 127, -113, 127, -128, 127, -128};
  LogSoftmaxParams p = log_softmax_s8_params(1.0f, 7, 2);
  int8_t* out = test::guarded_array<int8_t>(14);
  ASSERT_TRUE(out != nullptr);
  ASSERT_EQ(log_softmax_s8(p, {in, out}, nullptr, 0), Status::kOk);
  EXPECT_BYTES_EQ(out, want, sizeof(want));
  EXPECT_TRUE(test::guards_intact(out, 14));
  // Four equal values: -log 4 * 16 = -22.18; a single value: log 1 = 0 (in place).
  int8_t four[] = {3, 3, 3, 3};
  const int8_t want_four[] = {105, 105, 105, 105};
  p.rows = 1;
  p.depth = 4;
  ASSERT_EQ(log_softmax_s8(p, {four, four}, nullptr, 0), Status::kOk);
  EXPECT_BYTES_EQ(four, want_four, 4);
  int8_t one[] = {-100};
  p.depth = 1;
  ASSERT_EQ(log_softmax_s8(p, {one, one}, nullptr, 0), Status::kOk);
  EXPECT_EQ(one[0], 127);
}

TEST(LogSoftmaxS8, RejectsBadParameters) {
  int8_t buf[4] = {};
  LogSoftmaxParams p = log_softmax_s8_params(0.1f, 1, 4);
  ASSERT_EQ(log_softmax_s8(p, {buf, buf}, nullptr, 0), Status::kOk);
  EXPECT_EQ(log_softmax_s8(p, {nullptr, buf}, nullptr, 0), Status::kNullPointer);
  EXPECT_EQ(log_softmax_s8(p, {buf, nullptr}, nullptr, 0), Status::kNullPointer);
  LogSoftmaxParams bad = p;
  bad.depth = 0;
  EXPECT_EQ(log_softmax_s8(bad, {buf, buf}, nullptr, 0), Status::kBadShape);
  bad = p;
  bad.depth = 4096;
  EXPECT_EQ(log_softmax_s8(bad, {buf, buf}, nullptr, 0), Status::kBadShape);
  bad = p;
  bad.diff_min = -256;  // 256 << 23 > INT32_MAX
  EXPECT_EQ(log_softmax_s8(bad, {buf, buf}, nullptr, 0), Status::kBadParameter);
  bad = p;
  bad.diff_min = 1;
  EXPECT_EQ(log_softmax_s8(bad, {buf, buf}, nullptr, 0), Status::kBadParameter);
  bad = p;
  bad.reverse_scaling_right_shift = -1;
  EXPECT_EQ(log_softmax_s8(bad, {buf, buf}, nullptr, 0), Status::kBadParameter);
  bad = p;
  bad.input_multiplier = -5;
  EXPECT_EQ(log_softmax_s8(bad, {buf, buf}, nullptr, 0), Status::kBadParameter);
  // An input scale TFLM refuses (scaling not greater than one) gives params check() refuses.
  EXPECT_EQ(log_softmax_s8(log_softmax_s8_params(1e-9f, 1, 4), {buf, buf}, nullptr, 0), Status::kBadParameter);
  EXPECT_TRUE(log_softmax_s8_find_variant("log_softmax_s8.ref") != nullptr);
}
