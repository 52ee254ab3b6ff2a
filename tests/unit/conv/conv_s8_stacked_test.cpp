// conv2d_s8 stacked variants (Conv2dParams::stacked_filter, conv2d_s8_stack_filter; layout in
// src/kernels/conv/stacked_filter.h, arithmetic and bounds in mat_mult_stacked_dsp.h):
//   - the layout: the paired bytes with each odd row's body byte stored as r1 - (r0 < 0), every
//     other byte as paired; a weight -128 under a negative even-row weight is refused
//     (kBadParameter, nothing written), -128 elsewhere (non-negative partner, the single last
//     row, the depth % 4 tail, even rows) is stacked;
//   - the accumulation (accumulate_stacked) equals the plain int32 sums exactly at the bound's worst
//     cases: columns +-255, weights -128 / 127 / -127 arranged for the largest |odd-row sum|, depths
//     4..1028 with every groups % 16 in the first and in a later chunk (one chunk full, chunks +
//     tails), rows 1..9, biases near the int32 limits (wrapping);
//   - a sweep (as the paired test's: rows 1..9, every depth % 4, 1x1 and im2col, strides, pads,
//     groups, batches, lone last pixel, clamps, general requantization): each stacked variant that
//     supports the call gives ref's bytes (ref run on the OHWI filter), guards intact, and ref on
//     the stacked filter gives them too; every other variant refuses a stacked call;
//   - contract checks (null, size, shape, stacked with paired or packed_filter_only).
#include <cstring>
#include <initializer_list>

#include "cmnn/conv.h"
#include "filter_order_sweep.h"
#include "kernels/conv/mat_mult_stacked_dsp.h"
#include "kernels/conv/paired_filter.h"
#include "stacked_case.h"
#include "test.h"
#include "test_data.h"

using namespace cmnn;

namespace {

test::Xorshift32 g_rng(0x57AC4ED1u);

}  // namespace

TEST(Conv2dS8Stacked, LayoutAndRefusal) {
  for (int32_t rows = 1; rows <= 9; ++rows) {
    for (int32_t cin = 1; cin <= 13; ++cin) {
      Conv2dParams p;
      p.input_h = p.input_w = 1, p.input_c = cin, p.output_h = p.output_w = 1, p.output_c = rows;
      p.filter_h = p.filter_w = 1;
      const size_t n = conv2d_s8_paired_count(p);
      int8_t filter[117], paired[117], stacked[117];
      test::fill_s8(g_rng, filter, n);
      // Every weight -128 where that is stackable: even rows, rows whose even partner is >= 0, the
      // single last row, the tail.
      for (int32_t r = 0; r < rows; ++r) {
        for (int32_t k = 0; k < cin; ++k) {
          int8_t& w = filter[r * cin + k];
          const bool odd_body = (r & 1) && r < (rows & ~1) && k < (cin & ~3);
          if (g_rng.pick(0, 3) == 0 && (!odd_body || filter[(r - 1) * cin + k] >= 0)) w = -128;
          if (odd_body && w == -128 && filter[(r - 1) * cin + k] < 0) w = -127;
        }
      }
      ASSERT_EQ(conv2d_s8_pair_filter(p, filter, paired, n), Status::kOk);
      ASSERT_EQ(conv2d_s8_stack_filter(p, filter, stacked, n), Status::kOk);
      for (int32_t r = 0; r < rows; ++r) {
        for (int32_t k = 0; k < cin; ++k) {
          const size_t at = conv::paired_offset(rows, cin, r, k);
          const bool odd_body = (r & 1) && r < (rows & ~1) && k < (cin & ~3);
          const int8_t r0 = odd_body ? filter[(r - 1) * cin + k] : 0;
          const int32_t want = odd_body ? filter[r * cin + k] - (r0 < 0 ? 1 : 0) : paired[at];
          ASSERT_EQ(static_cast<int32_t>(stacked[at]), want);
        }
      }
      // Refusal: the first odd body weight -128 under a negative partner; nothing written.
      if (rows >= 2 && cin >= 4) {
        filter[0] = -1;
        filter[cin] = -128;
        std::memset(stacked, 0x5A, sizeof stacked);
        ASSERT_EQ(conv2d_s8_stack_filter(p, filter, stacked, n), Status::kBadParameter);
        for (size_t i = 0; i < n; ++i) ASSERT_EQ(stacked[i], static_cast<int8_t>(0x5A));
        filter[0] = 0;  // a non-negative partner: stackable
        ASSERT_EQ(conv2d_s8_stack_filter(p, filter, stacked, n), Status::kOk);
      }
    }
  }
}

TEST(Conv2dS8Stacked, AccumulationExactAtTheBounds) {
  int cases = 0;
  // Depths with every groups % 16 in a one-chunk call (4..60: 1..15 groups, 144: 36) and in a
  // later chunk (260, 272, 280, 288, 292, 300, 312: 1, 4, 6, 8, 9, 11, 14 groups after the first
  // 64), whole passes (32, 64, 256, 512).
  for (int32_t depth : {4, 8, 12, 20, 24, 28, 32, 36, 40, 44, 48, 52, 56, 60, 64, 144, 252, 255, 256, 257, 260, 272,
                        280, 288, 292, 300, 312, 512, 576, 1028}) {
    for (int32_t rows : {1, 2, 3, 4, 5, 6, 7, 8, 9}) {
      for (int pattern = 0; pattern < 4; ++pattern) {
        const size_t mark = test::arena_mark();
        test::StackedCase c;
        ASSERT_TRUE(c.alloc(rows, depth));
        // Patterns: 0 odd rows -128 on even rows 0..127 against +255 (the most negative odd-row
        // sum, -32,640 a step) and column 1 at -255 (the most positive); 1 odd rows 127 under -128
        // / -1 even rows, columns -255 / +255; 2 random extremes (-128 only where stackable) with
        // random +-255 columns; 3 random weights, random columns in [-255, 255].
        for (int32_t r = 0; r < rows; ++r) {
          for (int32_t k = 0; k < depth; ++k) {
            int8_t& w = c.filter[static_cast<size_t>(r) * depth + k];
            const bool odd = (r & 1) != 0;
            switch (pattern) {
              case 0: w = odd ? -128 : static_cast<int8_t>(g_rng.pick(0, 127)); break;
              case 1: w = odd ? 127 : static_cast<int8_t>(g_rng.pick(0, 1) != 0 ? -128 : -1); break;
              case 2: w = static_cast<int8_t>(g_rng.pick(0, 1) != 0 ? 127 : -128); break;
              default: w = static_cast<int8_t>(g_rng.pick(-128, 127)); break;
            }
          }
        }
        int16_t *x0 = c.x0, *x1 = c.x1;
        for (int32_t k = 0; k < depth; ++k) {
          if (pattern == 0) x0[k] = 255, x1[k] = -255;
          else if (pattern == 1) x0[k] = -255, x1[k] = 255;
          else if (pattern == 2) x0[k] = g_rng.pick(0, 1) != 0 ? 255 : -255, x1[k] = g_rng.pick(0, 1) != 0 ? 255 : -255;
          else x0[k] = static_cast<int16_t>(g_rng.pick(-255, 255)), x1[k] = static_cast<int16_t>(g_rng.pick(-255, 255));
        }
        for (int32_t r = 0; r < rows; ++r) {
          c.bias[r] = pattern == 0 ? INT32_MAX - r : pattern == 1 ? INT32_MIN + r : static_cast<int32_t>(g_rng.next());
        }
        ASSERT_EQ(c.prepare(), Status::kOk);
        for (int with_bias = 0; with_bias < 2; ++with_bias) {
          const int32_t* b = with_bias != 0 ? c.bias : nullptr;
          conv::accumulate_stacked(c.stacked, rows, depth, c.pair, b, c.acc);
          for (int32_t r = 0; r < rows; ++r) {
            int32_t want0 = 0, want1 = 0;
            c.sums(r, b, &want0, &want1);
            if (c.acc[2 * r] != want0 || c.acc[2 * r + 1] != want1) {
              platform::print("    depth %d rows %d pattern %d bias %d: row %d got %ld %ld want %ld %ld\n",
                              static_cast<int>(depth), static_cast<int>(rows), pattern, with_bias, static_cast<int>(r),
                              static_cast<long>(c.acc[2 * r]), static_cast<long>(c.acc[2 * r + 1]), static_cast<long>(want0),
                              static_cast<long>(want1));
            }
            ASSERT_EQ(c.acc[2 * r], want0);
            ASSERT_EQ(c.acc[2 * r + 1], want1);
          }
        }
        ++cases;
        test::arena_rewind(mark);
      }
    }
  }
  platform::print("    %d depth/rows/pattern cases, with and without bias\n", cases);
  EXPECT_EQ(cases, 30 * 9 * 4);
}

TEST(Conv2dS8Stacked, VariantsMatchRefOnEveryRemainder) {
  // Model-like depths: 3x3 on 16, 32, 64 channels (144, 288 = 64 + 8 groups, 576 = 64 + 64 + 16),
  // 10x4 on 1 channel, 1x1 on 64, 3x3 on 8 over 2 batches.
  const test::OrderShape model_like[] = {{16, 16, 3, 3, 1, 1, 4, 4, 1, 1}, {8, 32, 3, 3, 2, 1, 5, 4, 1, 1}, {12, 64, 3, 3, 1, 1, 3, 3, 1, 1},
                                        {12, 1, 10, 4, 2, 4, 12, 6, 1, 1}, {20, 64, 1, 1, 1, 0, 3, 3, 1, 1}, {6, 8, 3, 3, 1, 1, 3, 3, 1, 2}};
  // 1x1 on these channel counts, im2col on every depth % 4, then the model-like shapes.
  const test::OrderCounts n = test::sweep_order(test::FilterOrder::kStacked, {4, 8, 12, 16, 20, 32, 36, 64, 260}, model_like,
                                                sizeof model_like / sizeof model_like[0], g_rng);
  platform::print("    %d cases: %d stacked and ref-on-stacked runs, %d refusals\n", n.cases, n.runs, n.refusals);
  EXPECT_GE(n.cases, 150);
  EXPECT_GT(n.refusals, n.cases);
  EXPECT_GE(n.runs, n.cases);  // ref on the stacked filter at least
#if !defined(CMNN_TARGET_CORTEX_M) || defined(__ARM_FEATURE_DSP)
  EXPECT_GT(n.runs, 2 * n.cases);  // and at least one stacked variant per case
#endif
}

TEST(Conv2dS8Stacked, ContractChecks) {
  Conv2dParams p;
  p.input_h = p.input_w = 2, p.input_c = 4, p.output_h = p.output_w = 2, p.output_c = 2, p.filter_h = p.filter_w = 1;
  int8_t input[16] = {}, filter[8] = {}, stacked[8] = {}, output[8] = {};
  int32_t mult[2] = {1 << 30, 1 << 30}, shift[2] = {0, 0};
  int16_t packed[32] = {};
  uint8_t scratch[512];
  EXPECT_EQ(conv2d_s8_stack_filter(p, nullptr, stacked, 8), Status::kNullPointer);
  EXPECT_EQ(conv2d_s8_stack_filter(p, filter, nullptr, 8), Status::kNullPointer);
  EXPECT_EQ(conv2d_s8_stack_filter(p, filter, stacked, 7), Status::kScratchTooSmall);
  Conv2dParams bad = p;
  bad.output_c = 0;
  EXPECT_EQ(conv2d_s8_stack_filter(bad, filter, stacked, 8), Status::kBadShape);
  Conv2dParams q = p;
  q.stacked_filter = true;
  Conv2dS8Args a{input, stacked, nullptr, mult, shift, output, packed};
  EXPECT_EQ(conv2d_s8(q, a, scratch, sizeof scratch), Status::kOk);
  // stacked with paired: contradictory orders; with packed_filter_only: the filter is given.
  q.paired_filter = true;
  EXPECT_EQ(conv2d_s8(q, a, scratch, sizeof scratch), Status::kBadParameter);
  q.paired_filter = false;
  q.has_packed_filter = q.packed_filter_only = true;
  EXPECT_EQ(conv2d_s8(q, a, scratch, sizeof scratch), Status::kBadParameter);
  // A stacked call needs the (stacked) filter.
  q.has_packed_filter = q.packed_filter_only = false;
  a.filter = nullptr;
  EXPECT_EQ(conv2d_s8(q, a, scratch, sizeof scratch), Status::kNullPointer);
}
