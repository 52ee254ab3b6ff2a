// TFLite's fixed-point log (log_softmax) and inverse square root (l2 normalization) against the
// real functions over sweeps of their whole input ranges: errors within a few units of the result
// format, and the exact values TFLite gives at 1 (log 1 = 0, inverse square root of 0 and 1).
#include <cmath>

#include "quant/inv_sqrt.h"
#include "quant/softmax_fixed_point.h"
#include "test.h"

using namespace cmnn::quant;

TEST(LogFixedPoint, MatchesLogForQ12SumsOfExps) {
  int cases = 0;
  double worst = 0;
  // x in Q12.19 from 1 to 4095.
  for (int64_t x = int64_t{1} << 19; x < (int64_t{1} << 31); x += 524287 + (x >> 6)) {
    const int32_t got = log_x_for_x_ge_1(static_cast<int32_t>(x), 12, 5);  // Q5.26
    const double want = std::log(static_cast<double>(x) / (1 << 19)) * (1 << 26);
    const double err = std::fabs(got - want);
    worst = err > worst ? err : worst;
    ++cases;
  }
  cmnn::platform::print("log: %d cases, worst error %d (Q5.26 units)\n", cases, static_cast<int>(worst));
  EXPECT_LT(worst, 8.0);  // about 1e-7
  EXPECT_GT(cases, 250);
  EXPECT_LE(std::abs(log_x_for_x_ge_1(1 << 19, 12, 5)), 1);
}

TEST(InvSqrtFixedPoint, MatchesInverseSquareRoot) {
  InvSqrt one = inv_sqrt_quantized_multiplier(1, -1);
  EXPECT_EQ(one.multiplier, INT32_MAX);
  EXPECT_EQ(one.shift, 0);
  InvSqrt zero = inv_sqrt_quantized_multiplier(0, -1);
  EXPECT_EQ(zero.multiplier, INT32_MAX);
  int cases = 0;
  double worst = 0;
  for (int64_t x = 2; x < INT32_MAX; x += 1 + x / 97) {
    const InvSqrt r = inv_sqrt_quantized_multiplier(static_cast<int32_t>(x), -1);
    const double got = r.multiplier / 2147483648.0 * std::ldexp(1.0, r.shift);
    const double rel = std::fabs(got * std::sqrt(static_cast<double>(x)) - 1.0);
    worst = rel > worst ? rel : worst;
    ++cases;
  }
  cmnn::platform::print("inv_sqrt: %d cases, worst relative error %d e-9\n", cases, static_cast<int>(worst * 1e9));
  EXPECT_LT(worst, 4e-6);  // x >= 2^29 is divided by 4 with truncation first
  EXPECT_GT(cases, 1000);
}
