// conv2d_s8.1x1.smallk.dsp and .smallk16.dsp (1x1, stride 1, input depth 8 / 16, full int8 range)
// against the reference:
// every output channel count 1..40 (the two-channel passes), odd and even pixel counts (the lone
// last pixel), batches, every requantization path (folded: multipliers in [2^30, 2^31) and right
// shifts 1..23 at both ends; masked: the same with one shift 0; general: a multiplier < 2^30 or 0,
// a left shift, -31), input and output offsets at both ends,
// extreme values (the largest sums of either sign), no bias; guard bytes around output and scratch.
// Also the shapes supports() must refuse. DSP instructions on Armv7E-M, their emulation elsewhere.
#include <cstring>

#include "cmnn/conv.h"
#include "test.h"
#include "test_data.h"
#include "conv_1x1_case.h"

using namespace cmnn;

namespace {
test::Xorshift32 g_rng(0x5A11C0DEu);

bool matches_reference(const Conv2dS8Variant& v, const Conv2dParams& p, bool extreme, int general, bool no_bias) {
  const size_t mark = test::arena_mark();
  test::Conv1x1Case c;
  bool ok = test::make_1x1_case(p, extreme, g_rng, &c);
  if (ok) {
    for (size_t ch = 0; ch < c.channels; ++ch) {
      // Fast path: multipliers in [2^30, 2^31), right shifts 1..23 (both ends). General path: the
      // same plus one channel outside it (multiplier < 2^30 or 0, a left shift, no shift, -31).
      c.mult[ch] = ch % 3 == 0 ? INT32_MAX : ch % 3 == 1 ? (1 << 30) : g_rng.pick(1 << 30, INT32_MAX);
      c.shift[ch] = ch % 4 == 0 ? -1 : ch % 4 == 1 ? -23 : g_rng.pick(-22, -2);
    }
    if (general) {
      const size_t ch = static_cast<size_t>(g_rng.pick(0, static_cast<int>(c.channels) - 1));
      switch (general == 1 ? 3 : g_rng.pick(0, 3) == 3 ? 4 : g_rng.pick(0, 2)) {
        case 0: c.mult[ch] = g_rng.pick(1, (1 << 30) - 1); break;
        case 1: c.mult[ch] = 0; break;
        case 2: c.shift[ch] = g_rng.pick(1, 30); c.mult[ch] = g_rng.pick(1 << 20, 1 << 24); break;
        case 3: c.shift[ch] = 0; break;
        default: c.shift[ch] = -31; break;
      }
    }
    ok = test::run_against_reference(v, p, c, no_bias);
  }
  if (!ok) {
    platform::print("    %s differs: depth %d out_c %d in %dx%d batches %d general %d extreme %d clamp [%d, %d]\n", v.id,
                    static_cast<int>(p.input_c), static_cast<int>(p.output_c), static_cast<int>(p.input_h),
                    static_cast<int>(p.input_w), static_cast<int>(p.batches), general, extreme ? 1 : 0,
                    static_cast<int>(p.activation_min), static_cast<int>(p.activation_max));
  }
  test::arena_rewind(mark);
  return ok;
}
}  // namespace

TEST(Conv2dS8Dsp1x1SmallK, DepthsChannelsAndQuantPaths) {
  const Conv2dS8Variant* v8 = conv2d_s8_find_variant("conv2d_s8.1x1.smallk.dsp");
  const Conv2dS8Variant* v16 = conv2d_s8_find_variant("conv2d_s8.1x1.smallk16.dsp");
  ASSERT_TRUE(v8 != nullptr && v16 != nullptr);
  if (!isa_runnable(v8->isa)) SKIP("no DSP extension on this core");
  static const int32_t kCin[] = {8, 16};
  int runs = 0;
  for (int32_t cin : kCin) {
    const Conv2dS8Variant* v = cin == 8 ? v8 : v16;
    // Every output channel count 1..40: the Cortex-M4 loop takes two channels per pass and ends
    // on the last record's flag after either of them.
    for (int32_t cout = 1; cout <= 40; ++cout) {
      for (int variant = 0; variant < 4; ++variant, ++runs) {
        Conv2dParams p;
        p.input_c = cin;
        p.output_c = cout;
        p.filter_h = p.filter_w = 1;
        p.batches = variant == 3 ? 2 : 1;
        p.input_h = p.output_h = variant == 0 ? 1 : 3;
        p.input_w = p.output_w = variant == 1 ? 4 : 3;  // 1x3, 3x4, 3x3, 2 x 3x3 pixels
        p.input_offset = runs % 5 == 0 ? 128 : runs % 5 == 1 ? -127 : g_rng.pick(-127, 128);
        p.output_offset = runs % 7 == 0 ? 127 : runs % 7 == 1 ? -128 : g_rng.pick(-128, 127);
        ASSERT_EQ(conv2d_check_shape(p), Status::kOk);
        ASSERT_TRUE(v->supports(p));
        ASSERT_TRUE(matches_reference(*v, p, runs % 9 == 4, 0, runs % 11 == 3));
        ASSERT_TRUE(matches_reference(*v, p, runs % 9 == 5, 1, false));  // masked (a shift of 0)
        ASSERT_TRUE(matches_reference(*v, p, runs % 9 == 6, 2, false));  // general
      }
    }
  }
  platform::print("    %d small-depth 1x1 shapes compared with ref, each on the three quant paths\n", runs);
  EXPECT_EQ(runs, 2 * 40 * 4);
}

TEST(Conv2dS8Dsp1x1SmallK, RefusesOtherShapes) {
  const Conv2dS8Variant* v = conv2d_s8_find_variant("conv2d_s8.1x1.smallk.dsp");
  ASSERT_TRUE(v != nullptr);
  Conv2dParams p;
  p.input_c = 8;
  p.output_c = 16;
  p.filter_h = p.filter_w = 1;
  p.input_h = p.output_h = p.input_w = p.output_w = 4;
  EXPECT_TRUE(v->supports(p));
  Conv2dParams q = p;
  q.input_c = 20;
  EXPECT_FALSE(v->supports(q));
  q = p;
  q.input_c = 16;
  EXPECT_FALSE(v->supports(q));
  const Conv2dS8Variant* v16 = conv2d_s8_find_variant("conv2d_s8.1x1.smallk16.dsp");
  ASSERT_TRUE(v16 != nullptr);
  EXPECT_TRUE(v16->supports(q));
  EXPECT_FALSE(v16->supports(p));  // depth 8: the smallk entry
  q.activation_max = 100;
  EXPECT_FALSE(v16->supports(q));
  q = p;
  q.input_c = 24;
  EXPECT_FALSE(v16->supports(q));
  q = p;
  q.input_c = 4;
  EXPECT_FALSE(v->supports(q));
  q = p;
  q.activation_min = -100;  // a narrower clamp: the general 1x1 variants
  EXPECT_FALSE(v->supports(q));
  q = p;
  q.stride_h = q.stride_w = 2;
  q.output_h = q.output_w = 2;
  EXPECT_FALSE(v->supports(q));
  q = p;
  q.output_h = 3;  // a VALID window that skips the last input row
  EXPECT_FALSE(v->supports(q));
  q = p;
  q.filter_h = q.filter_w = 3;
  q.output_h = q.output_w = 2;
  EXPECT_FALSE(v->supports(q));
  q = p;
  q.groups = 2;
  EXPECT_FALSE(v->supports(q));
}
