// conv2d_s8.1x1.mve's single-pixel path (one output pixel, < 16 output channels: row sums and
// dot products in one pass, scalar requantization) and its deep path (input depth >= 192 and >= 16 output channels: 96-byte chunks,
// two filter rows per step) against the reference: depths around its chunk boundaries (96 + 96 +
// 64 for 256, the 64-byte and partial last chunks), odd and even output channel counts (the lone
// last row), strides and batches, extreme values (the largest sums of either sign) and the
// multipliers / shifts at their limits. On the host the emulation of src/arch/mve, on Cortex-M55
// the Helium instructions.
#include <cstring>

#include "cmnn/conv.h"
#include "test.h"
#include "test_data.h"
#include "conv_1x1_case.h"

using namespace cmnn;

namespace {
test::Xorshift32 g_rng(0x1D0CAFEu);

bool matches_reference(const Conv2dS8Variant& v, const Conv2dParams& p, bool extreme, bool no_bias = false) {
  const size_t mark = test::arena_mark();
  test::Conv1x1Case c;
  bool ok = test::make_1x1_case(p, extreme, g_rng, &c);
  if (ok) {
    for (size_t ch = 0; ch < c.channels; ++ch) {
      c.mult[ch] = ch % 3 == 0 ? INT32_MAX : g_rng.pick(1 << 30, INT32_MAX);
      c.shift[ch] = ch % 11 == 0 ? 0 : ch % 13 == 0 ? -31 : g_rng.pick(-22, -1);
    }
    if (extreme) c.shift[c.channels - 1] = 30;
    ok = test::run_against_reference(v, p, c, no_bias);
  }
  if (!ok) {
    platform::print("    %s differs: depth %d out_c %d in %dx%d stride %d batches %d\n", v.id,
                    static_cast<int>(p.input_c), static_cast<int>(p.output_c), static_cast<int>(p.input_h),
                    static_cast<int>(p.input_w), static_cast<int>(p.stride_w), static_cast<int>(p.batches));
  }
  test::arena_rewind(mark);
  return ok;
}
}  // namespace

TEST(Conv2dS8Mve1x1, DeepDepthsAndRows) {
  const Conv2dS8Variant* v = conv2d_s8_find_variant("conv2d_s8.1x1.mve");
  ASSERT_TRUE(v != nullptr);
  if (!isa_runnable(v->isa)) SKIP("no Helium on this core");
  static const int32_t kCin[] = {191, 192, 193, 207, 208, 224, 255, 256, 257, 271, 288, 319, 320, 383, 384, 385, 512, 529};
  static const int32_t kCout[] = {15, 16, 17, 18, 31};
  int runs = 0;
  for (int32_t cin : kCin) {
    for (int32_t cout : kCout) {
      Conv2dParams p;
      p.input_c = cin;
      p.output_c = cout;
      p.filter_h = p.filter_w = 1;
      const int shape = (runs % 3);
      p.batches = shape == 2 ? 2 : 1;
      p.input_h = shape == 0 ? 1 : 2;
      p.input_w = shape == 1 ? 5 : 3;
      p.stride_h = p.stride_w = shape == 1 ? 2 : 1;
      p.output_h = (p.input_h - 1) / p.stride_h + 1;
      p.output_w = (p.input_w - 1) / p.stride_w + 1;
      p.input_offset = runs % 4 == 0 ? 128 : g_rng.pick(-127, 128);
      p.output_offset = g_rng.pick(-128, 127);
      p.activation_min = runs % 5 == 0 ? g_rng.pick(-128, 0) : -128;
      p.activation_max = runs % 5 == 1 ? g_rng.pick(p.activation_min, 127) : 127;
      ASSERT_EQ(conv2d_check_shape(p), Status::kOk);
      ASSERT_TRUE(v->supports(p));
      ASSERT_TRUE(matches_reference(*v, p, runs % 9 == 4));
      ++runs;
    }
  }
  platform::print("    %d deep 1x1 mve runs compared with ref\n", runs);
  EXPECT_EQ(runs, 18 * 5);
}

TEST(Conv2dS8Mve1x1, SinglePixelFewChannels) {
  const Conv2dS8Variant* v = conv2d_s8_find_variant("conv2d_s8.1x1.mve");
  ASSERT_TRUE(v != nullptr);
  if (!isa_runnable(v->isa)) SKIP("no Helium on this core");
  static const int32_t kCin[] = {1, 5, 15, 16, 17, 31, 32, 33, 64, 100, 256, 257};
  int runs = 0;
  for (int32_t cin : kCin) {
    for (int32_t cout = 1; cout <= 17; cout += (cout < 4 || cout > 13) ? 1 : 5) {
      Conv2dParams p;
      p.input_c = cin;
      p.output_c = cout;
      p.filter_h = p.filter_w = 1;
      const bool strided = runs % 4 == 3;  // a 2x2 input, stride 2: one output pixel
      p.input_h = p.input_w = strided ? 2 : 1;
      p.stride_h = p.stride_w = strided ? 2 : 1;
      p.output_h = p.output_w = 1;
      p.input_offset = runs % 3 == 0 ? 128 : g_rng.pick(-127, 128);
      p.output_offset = g_rng.pick(-128, 127);
      p.activation_min = runs % 5 == 0 ? g_rng.pick(-128, 0) : -128;
      p.activation_max = runs % 5 == 1 ? g_rng.pick(p.activation_min, 127) : 127;
      ASSERT_EQ(conv2d_check_shape(p), Status::kOk);
      ASSERT_TRUE(v->supports(p));
      ASSERT_TRUE(matches_reference(*v, p, runs % 7 == 2, runs % 6 == 5));
      ++runs;
    }
  }
  platform::print("    %d single-pixel 1x1 mve runs compared with ref\n", runs);
  EXPECT_EQ(runs, 12 * 9);  // output channels 1-4, 9, 14-17
}

TEST(Conv2dS8Mve1x1, ShallowDepthsTwoPixelsPerVector) {
  // Depths 1..8 (two pixels in one vector, doubled filter rows in scratch), pair-path depths
  // (16, 32, 48, 128: pixels two at a time) and 64 (per-pixel core): odd and even pixel counts,
  // strides, batches, odd output channel counts.
  const Conv2dS8Variant* v = conv2d_s8_find_variant("conv2d_s8.1x1.mve");
  ASSERT_TRUE(v != nullptr);
  if (!isa_runnable(v->isa)) SKIP("no Helium on this core");
  static const int32_t kCin[] = {1, 2, 3, 5, 7, 8, 16, 32, 48, 64, 128};
  static const int32_t kCout[] = {2, 3, 4, 5, 16, 17};
  int runs = 0;
  for (int32_t cin : kCin) {
    for (int32_t cout : kCout) {
      Conv2dParams p;
      p.input_c = cin;
      p.output_c = cout;
      p.filter_h = p.filter_w = 1;
      const int shape = runs % 4;
      p.batches = shape == 3 ? 2 : 1;
      p.input_h = shape == 0 ? 1 : 3;
      p.input_w = shape == 1 ? 5 : 3;
      p.stride_h = p.stride_w = shape == 1 ? 2 : 1;
      p.output_h = (p.input_h - 1) / p.stride_h + 1;
      p.output_w = (p.input_w - 1) / p.stride_w + 1;
      p.input_offset = runs % 4 == 0 ? 128 : g_rng.pick(-127, 128);
      p.output_offset = g_rng.pick(-128, 127);
      p.activation_min = runs % 5 == 0 ? g_rng.pick(-128, 0) : -128;
      p.activation_max = runs % 5 == 1 ? g_rng.pick(p.activation_min, 127) : 127;
      ASSERT_EQ(conv2d_check_shape(p), Status::kOk);
      ASSERT_TRUE(v->supports(p));
      ASSERT_TRUE(matches_reference(*v, p, runs % 9 == 4, runs % 7 == 3));
      ++runs;
    }
  }
  platform::print("    %d shallow/pair 1x1 mve runs compared with ref\n", runs);
  EXPECT_EQ(runs, 11 * 6);
}
