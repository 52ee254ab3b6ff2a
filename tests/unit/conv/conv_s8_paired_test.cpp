// conv2d_s8 paired variants (Conv2dParams::paired_filter, conv2d_s8_pair_filter; layout in
// src/kernels/conv/paired_filter.h):
//   - the layout: a permutation of the filter bytes for every row count and depth remainder, with
//     the documented word order for a quad, a pair and the single last row;
//   - a sweep (rows = output channels per group 1..9: every rows % 4 with quads before; depths with
//     every depth % 4 and depths whose groups % 8 and % 4 take each assembly path; 1x1 direct and
//     im2col; strides, padding, groups, batches; odd pixel counts for the lone last pixel; full
//     range and ReLU-like clamps; plain and general requantization): each paired variant that
//     supports the call gives ref's bytes (ref run on the OHWI filter), guards intact, and ref on
//     the paired filter gives them too;
//   - every other variant refuses a paired call, and paired_filter with packed_filter_only is
//     kBadParameter.
#include <cstring>
#include <initializer_list>

#include "cmnn/conv.h"
#include "filter_order_sweep.h"
#include "test.h"
#include "test_data.h"

using namespace cmnn;

namespace {

test::Xorshift32 g_rng(0x9A1BED01u);

}  // namespace

TEST(Conv2dS8Paired, LayoutIsAPermutationInTheDocumentedOrder) {
  for (int32_t rows = 1; rows <= 9; ++rows) {
    for (int32_t cin = 1; cin <= 13; ++cin) {
      Conv2dParams p;
      p.input_h = p.input_w = 1, p.input_c = cin, p.output_h = p.output_w = 1, p.output_c = rows;
      p.filter_h = p.filter_w = 1;
      const size_t n = conv2d_s8_paired_count(p);
      ASSERT_EQ(n, static_cast<size_t>(rows * cin));
      int8_t filter[117] = {}, paired[117] = {};
      // Byte value = its index in the OHWI filter (n <= 117 < 128): the paired bytes must be each once.
      for (size_t i = 0; i < n; ++i) filter[i] = static_cast<int8_t>(i);
      ASSERT_EQ(conv2d_s8_pair_filter(p, filter, paired, n), Status::kOk);
      int seen[117] = {};
      for (size_t i = 0; i < n; ++i) ++seen[static_cast<size_t>(paired[i])];
      for (size_t i = 0; i < n; ++i) ASSERT_EQ(seen[i], 1);
      const auto w = [&](int32_t r, int32_t k) { return static_cast<int8_t>(r * cin + k); };
      if (rows >= 4 && cin >= 4) {  // the first quad's first group: A01 B01 A23 B23
        const int8_t want[16] = {w(0, 0), w(1, 0), w(0, 2), w(1, 2), w(0, 1), w(1, 1), w(0, 3), w(1, 3),
                                 w(2, 0), w(3, 0), w(2, 2), w(3, 2), w(2, 1), w(3, 1), w(2, 3), w(3, 3)};
        ASSERT_BYTES_EQ(paired, want, sizeof want);
        if (cin % 4 != 0) {  // the quad's tail, row by row, after its groups
          const int32_t body = cin & ~3, tail = cin - body;
          for (int32_t r = 0; r < 4; ++r) {
            for (int32_t t = 0; t < tail; ++t) ASSERT_EQ(paired[static_cast<size_t>(4 * body + r * tail + t)], w(r, body + t));
          }
        }
      }
      if (rows % 4 >= 2 && cin >= 4) {  // the pair after the quads: A B per group
        const size_t at = static_cast<size_t>(rows & ~3) * cin;
        const int32_t r = rows & ~3;
        const int8_t want[8] = {w(r, 0), w(r + 1, 0), w(r, 2), w(r + 1, 2), w(r, 1), w(r + 1, 1), w(r, 3), w(r + 1, 3)};
        ASSERT_BYTES_EQ(paired + at, want, sizeof want);
      }
      if (rows % 2 == 1) {  // the single last row: plain
        ASSERT_BYTES_EQ(paired + static_cast<size_t>(rows - 1) * cin, filter + static_cast<size_t>(rows - 1) * cin,
                        static_cast<size_t>(cin));
      }
    }
  }
}

TEST(Conv2dS8Paired, VariantsMatchRefOnEveryRemainder) {
  // Model-like depths: 3x3 on 16, 32 channels (groups % 8 == 4, 0), 10x4 on 1 channel, 1x1 on 64.
  const test::OrderShape model_like[] = {{16, 16, 3, 3, 1, 1, 4, 4, 1, 1}, {8, 32, 3, 3, 2, 1, 5, 4, 1, 1}, {12, 1, 10, 4, 2, 4, 12, 6, 1, 1},
                                        {20, 64, 1, 1, 1, 0, 3, 3, 1, 1}, {6, 8, 3, 3, 1, 1, 3, 3, 1, 2}};
  // 1x1 on these channel counts, im2col on every depth % 4, then the model-like shapes.
  const test::OrderCounts n = test::sweep_order(test::FilterOrder::kPaired, {4, 8, 12, 16, 20, 32, 36, 64}, model_like,
                                                sizeof model_like / sizeof model_like[0], g_rng);
  platform::print("    %d cases: %d paired and ref-on-paired runs, %d refusals\n", n.cases, n.runs, n.refusals);
  EXPECT_GE(n.cases, 140);
  EXPECT_GT(n.refusals, n.cases);
  EXPECT_GE(n.runs, n.cases);  // ref on the paired filter at least
#if !defined(CMNN_TARGET_CORTEX_M) || defined(__ARM_FEATURE_DSP)
  EXPECT_GT(n.runs, 2 * n.cases);  // and at least one paired variant per case
#endif
}

TEST(Conv2dS8Paired, ContractChecks) {
  Conv2dParams p;
  p.input_h = p.input_w = 2, p.input_c = 4, p.output_h = p.output_w = 2, p.output_c = 2, p.filter_h = p.filter_w = 1;
  int8_t input[16] = {}, filter[8] = {}, paired[8] = {}, output[8] = {};
  int32_t mult[2] = {1 << 30, 1 << 30}, shift[2] = {0, 0};
  int16_t packed[32] = {};
  uint8_t scratch[512];
  EXPECT_EQ(conv2d_s8_pair_filter(p, nullptr, paired, 8), Status::kNullPointer);
  EXPECT_EQ(conv2d_s8_pair_filter(p, filter, paired, 7), Status::kScratchTooSmall);
  Conv2dParams bad = p;
  bad.output_c = 0;
  EXPECT_EQ(conv2d_s8_paired_count(bad), size_t{0});
  EXPECT_EQ(conv2d_s8_pair_filter(bad, filter, paired, 8), Status::kBadShape);
  // paired_filter with packed_filter_only: contradictory (the filter is given, in another order).
  Conv2dParams q = p;
  q.paired_filter = true;
  q.has_packed_filter = true;
  q.packed_filter_only = true;
  Conv2dS8Args a{input, paired, nullptr, mult, shift, output, packed};
  EXPECT_EQ(conv2d_s8(q, a, scratch, sizeof scratch), Status::kBadParameter);
  // A paired call needs the (paired) filter.
  q.has_packed_filter = q.packed_filter_only = false;
  a.filter = nullptr;
  EXPECT_EQ(conv2d_s8(q, a, scratch, sizeof scratch), Status::kNullPointer);
}
