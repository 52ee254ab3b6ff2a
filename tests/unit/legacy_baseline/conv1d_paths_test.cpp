// The baseline's q7 1-D convolution: DSP path (arm_conv_q7's three-stage SMLAD structure) against
// the portable loops, for every length pair up to 40 x 40 (both operand orders, so each can be the
// shorter one), long sequences and all-extreme values; guard bytes around each output.
#include <initializer_list>

#include "cmnn/legacy/baseline.h"
#include "test.h"
#include "test_data.h"

using namespace cmnn;
using namespace cmnn::legacy;
using test::Xorshift32;

namespace {

bool compare_lengths(Xorshift32& rng, int len_a, int len_b, int fill) {
  const size_t mark = test::arena_mark();
  auto* a = test::arena_alloc<q7_t>(static_cast<size_t>(len_a));
  auto* b = test::arena_alloc<q7_t>(static_cast<size_t>(len_b));
  const size_t n = static_cast<size_t>(len_a + len_b - 1);
  auto* expected = test::arena_alloc<int32_t>(n);
  auto* actual = reinterpret_cast<int32_t*>(test::guarded_alloc(4 * n));
  auto* expected7 = test::arena_alloc<q7_t>(n);
  auto* actual7 = reinterpret_cast<q7_t*>(test::guarded_alloc(n));
  bool ok = a && b && expected && actual && expected7 && actual7;
  if (ok) {
    for (int i = 0; i < len_a; ++i) a[i] = static_cast<q7_t>(fill != 0 ? fill : rng.pick(-128, 127));
    for (int i = 0; i < len_b; ++i) b[i] = static_cast<q7_t>(fill != 0 ? fill : rng.pick(-128, 127));
    ok = baseline::conv1d_q7_full(a, len_a, b, len_b, expected, Path::kPortable) == Status::kOk &&
         baseline::conv1d_q7_full(a, len_a, b, len_b, actual, Path::kDsp) == Status::kOk &&
         baseline::conv1d_q7(a, len_a, b, len_b, expected7, Path::kPortable) == Status::kOk &&
         baseline::conv1d_q7(a, len_a, b, len_b, actual7, Path::kDsp) == Status::kOk;
    for (size_t i = 0; ok && i < n; ++i) ok = expected[i] == actual[i] && expected7[i] == actual7[i];
    ok = ok && test::guards_intact(reinterpret_cast<uint8_t*>(actual), 4 * n) &&
         test::guards_intact(reinterpret_cast<uint8_t*>(actual7), n);
  }
  if (!ok) platform::print("  conv1d q7 lengths %d x %d (fill %d): dsp != portable\n", len_a, len_b, fill);
  test::arena_rewind(mark);
  return ok;
}

}  // namespace

TEST(legacy_baseline_conv1d, dsp_unsupported_without_dsp) {
  if (isa_runnable(Isa::kDsp)) SKIP("the DSP path runs in this build");
  const q7_t a[2] = {1, 2};
  int32_t out[3];
  EXPECT_EQ(baseline::conv1d_q7_full(a, 2, a, 2, out, Path::kDsp), Status::kUnsupported);
}

TEST(legacy_baseline_conv1d, dsp_matches_portable) {
  if (!isa_runnable(Isa::kDsp)) SKIP("no DSP path in this build");
  Xorshift32 rng(0xC0DEu);
  int cases = 0;
  for (int la = 1; la <= 40; ++la) {
    for (int lb = 1; lb <= 40; ++lb) {
      ASSERT_TRUE(compare_lengths(rng, la, lb, 0));
      ++cases;
    }
  }
  // Long sequences, and constant extremes whose sums are largest (-128 * -128 per product).
  const int long_pairs[][2] = {{1000, 300}, {301, 999}, {517, 5}, {5, 517}};
  for (const auto& p : long_pairs) {
    for (int fill : {0, -128, 127}) {
      ASSERT_TRUE(compare_lengths(rng, p[0], p[1], fill));
      ++cases;
    }
  }
  // A hand-checked value on the DSP path: all -128, lengths 9 x 6: middle outputs are 6 * 16384.
  q7_t a[9], b[6];
  for (q7_t& v : a) v = -128;
  for (q7_t& v : b) v = -128;
  int32_t out[14];
  ASSERT_EQ(baseline::conv1d_q7_full(a, 9, b, 6, out, Path::kDsp), Status::kOk);
  EXPECT_EQ(out[0], 16384);
  EXPECT_EQ(out[7], 6 * 16384);
  EXPECT_EQ(out[13], 16384);
  platform::print("  %d length pairs, dsp == portable\n", cases + 1);
}
