// mat_mult_stacked_2col's output stage (mat_mult_stacked_dsp.cpp): on the Cortex-M4 the folded
// stage with the full int8 clamp is requantized inside the quad loop (StackedFusedOut in
// mat_mult_stacked_asm.h), every other stage and the rows % 4 tail through acc and
// requantize_acc_2col. Each call's bytes must equal TFLite's requantize_to_s8 of the exact
// wrapping sum, for:
//   - depths with every groups % 16 in a one-chunk call and in a later (last) chunk, one-chunk
//     calls of one pass and of more (groups 8, 16, 24, 32, 40, 64: CMNN_SQ4_START_ONE's forms),
//     depths % 4 != 0 (portable), rows 1..12 (quads and every tail);
//   - sums at the int32 limits (biases near INT32_MIN / INT32_MAX, +-255 columns against -128 / 127
//     weights), right shifts 1 and 31 and random, multipliers 2^30, INT32_MAX, random and 0 (a dead
//     channel), output offsets -128 and 127 and random;
//   - clamps: full (fused), ReLU, ReLU6-like and a narrow one (fallback), and unfolded tables (a shift
//     of 0, a left shift, a multiplier below 2^30: fallback);
//   - two distinct output columns and the lone-pixel call (out1 == out0), guard bands intact;
//   - each call also through plan_stacked_2col / run_stacked_2col (the drivers' planned form).
#include <cstring>
#include <initializer_list>

#include "cmnn/conv.h"
#include "kernels/conv/mat_mult_stacked_asm.h"
#include "kernels/conv/mat_mult_stacked_dsp.h"
#include "quant/fixed_point.h"
#include "stacked_case.h"
#include "test.h"
#include "test_data.h"

using namespace cmnn;

namespace {

test::Xorshift32 g_rng(0xF05EDu);

// Scenario k's clamp, offset and per-row multiplier/shift. Kinds: 0 full clamp, offset -128;
// 1 full, offset 127; 2 full, random offset, dead channels; 3 ReLU; 4 ReLU6-like; 5 narrow;
// 6 full, unfolded (a shift of 0, a left shift or a multiplier below 2^30 on one row).
struct Scenario {
  int32_t offset, lo, hi;
  bool folded_expected;
};

Scenario make_scenario(int kind, int32_t rows, int32_t* mult, int32_t* shift) {
  Scenario s{g_rng.pick(-128, 127), -128, 127, true};
  if (kind == 0) s.offset = -128;
  if (kind == 1) s.offset = 127;
  for (int32_t r = 0; r < rows; ++r) {
    const int m = g_rng.pick(0, 3);
    mult[r] = m == 0 ? (1 << 30) : m == 1 ? INT32_MAX : g_rng.pick(1 << 30, INT32_MAX);
    const int e = g_rng.pick(0, 3);
    shift[r] = e == 0 ? -1 : e == 1 ? -31 : g_rng.pick(-30, -1);
    if (kind == 2 && g_rng.pick(0, 2) == 0) mult[r] = 0, shift[r] = g_rng.pick(-31, 30);
  }
  if (kind == 3) s.lo = s.offset;
  if (kind == 4) s.lo = s.offset, s.hi = s.offset + 40 > 127 ? 127 : s.offset + 40;
  if (kind == 5) s.lo = -5, s.hi = 5;
  if (kind == 6) {
    const int32_t r = g_rng.pick(0, rows - 1);
    const int u = g_rng.pick(0, 2);
    if (u == 0) shift[r] = 0;
    if (u == 1) shift[r] = g_rng.pick(1, 3);
    if (u == 2) mult[r] = g_rng.pick(1, (1 << 30) - 1);
    s.folded_expected = false;
  }
  return s;
}

}  // namespace

TEST(Conv2dS8StackedFused, OutputStageMatchesTfliteAtTheBounds) {
  int calls = 0, folded_calls = 0, planned_whole = 0;
  for (int32_t depth : {4, 8, 12, 16, 20, 24, 28, 32, 36, 40, 44, 48, 52, 56, 60, 64, 96, 128, 144, 160, 255, 256, 257, 260, 272, 280,
                        288, 292, 300, 312, 576, 1028}) {
    for (int32_t rows : {1, 2, 3, 4, 5, 6, 7, 8, 11, 12}) {
      for (int kind = 0; kind < 7; ++kind) {
        const size_t mark = test::arena_mark();
        test::StackedCase c;
        const bool allocated = c.alloc(rows, depth);
        int8_t* filter = c.filter;
        int16_t *x0 = c.x0, *x1 = c.x1;
        int32_t* bias = c.bias;
        test::StackedOutputs outputs;
        ASSERT_TRUE(allocated && outputs.alloc(rows));
        auto& [mult, shift, table, want0, want1, out0, out1] = outputs;
        // Weights and columns: extremes on even kinds (sums near +-depth * 32,640), random on odd
        // (made stackable by prepare()).
        const bool extreme = (kind & 1) == 0;
        for (size_t i = 0; i < c.weights(); ++i) {
          filter[i] = static_cast<int8_t>(extreme ? (g_rng.pick(0, 1) != 0 ? 127 : -128) : g_rng.pick(-128, 127));
        }
        for (int32_t k = 0; k < depth; ++k) {
          x0[k] = static_cast<int16_t>(extreme ? (g_rng.pick(0, 1) != 0 ? 255 : -255) : g_rng.pick(-255, 255));
          x1[k] = static_cast<int16_t>(extreme ? (g_rng.pick(0, 1) != 0 ? 255 : -255) : g_rng.pick(-255, 255));
        }
        for (int32_t r = 0; r < rows; ++r) {
          const int b = g_rng.pick(0, 3);
          bias[r] = b == 0 ? INT32_MAX - g_rng.pick(0, 1 << 20) : b == 1 ? INT32_MIN + g_rng.pick(0, 1 << 20)
                                                                        : g_rng.pick(-(1 << 24), 1 << 24);
        }
        ASSERT_EQ(c.prepare(), Status::kOk);
        const Scenario s = make_scenario(kind, rows, mult, shift);
        for (int32_t r = 0; r < rows; ++r) {
          int32_t a0 = 0, a1 = 0;
          c.sums(r, bias, &a0, &a1);
          want0[r] = quant::requantize_to_s8(a0, mult[r], shift[r], s.offset, s.lo, s.hi);
          want1[r] = quant::requantize_to_s8(a1, mult[r], shift[r], s.offset, s.lo, s.hi);
        }
        const conv::OutputTable t = conv::build_output_table(mult, shift, rows, s.offset, table);
        ASSERT_EQ(t.folded, s.folded_expected);
        const conv::OutputStage stage{bias, table, s.offset, s.lo, s.hi, t.general, c.acc, t.all_right, t.no_left_shift,
                                      t.folded};
        auto* o0 = reinterpret_cast<int8_t*>(out0);
        auto* o1 = reinterpret_cast<int8_t*>(out1);
        std::memset(o0, 0x55, static_cast<size_t>(rows));
        std::memset(o1, 0x55, static_cast<size_t>(rows));
        conv::mat_mult_stacked_2col(c.stacked, rows, depth, c.pair, stage, o0, o1);
        ASSERT_TRUE(test::guards_intact(out0, static_cast<size_t>(rows)) && test::guards_intact(out1, static_cast<size_t>(rows)));
        if (std::memcmp(o0, want0, static_cast<size_t>(rows)) != 0 || std::memcmp(o1, want1, static_cast<size_t>(rows)) != 0) {
          platform::print("    depth %d rows %d kind %d offset %d clamp [%d, %d] differs\n", static_cast<int>(depth),
                          static_cast<int>(rows), kind, static_cast<int>(s.offset), static_cast<int>(s.lo),
                          static_cast<int>(s.hi));
        }
        ASSERT_BYTES_EQ(o0, want0, static_cast<size_t>(rows));
        ASSERT_BYTES_EQ(o1, want1, static_cast<size_t>(rows));
        // The planned call (plan_stacked_2col once, run_stacked_2col per pair: the conv drivers'
        // form, which calls the fused assembly directly when it takes the whole call).
        const conv::StackedPlan plan = conv::plan_stacked_2col(c.stacked, rows, depth, stage);
        std::memset(o0, 0x55, static_cast<size_t>(rows));
        std::memset(o1, 0x55, static_cast<size_t>(rows));
        conv::run_stacked_2col(plan, c.pair, o0, o1);
        ASSERT_TRUE(test::guards_intact(out0, static_cast<size_t>(rows)) && test::guards_intact(out1, static_cast<size_t>(rows)));
        ASSERT_BYTES_EQ(o0, want0, static_cast<size_t>(rows));
        ASSERT_BYTES_EQ(o1, want1, static_cast<size_t>(rows));
        if (plan.fused_whole) ++planned_whole;
        // The lone-pixel call: column 0 in both columns, both results into out0.
        test::pair_columns(x0, x0, depth, c.pair);
        std::memset(o0, 0x55, static_cast<size_t>(rows));
        conv::mat_mult_stacked_2col(c.stacked, rows, depth, c.pair, stage, o0, o0);
        ASSERT_TRUE(test::guards_intact(out0, static_cast<size_t>(rows)));
        ASSERT_BYTES_EQ(o0, want0, static_cast<size_t>(rows));
        std::memset(o0, 0x55, static_cast<size_t>(rows));
        conv::run_stacked_2col(plan, c.pair, o0, o0);
        ASSERT_TRUE(test::guards_intact(out0, static_cast<size_t>(rows)));
        ASSERT_BYTES_EQ(o0, want0, static_cast<size_t>(rows));
        ++calls;
        if (t.folded && s.lo == -128 && s.hi == 127) ++folded_calls;
        test::arena_rewind(mark);
      }
    }
  }
  platform::print("    %d depth/rows/scenario cases (%d with the folded full-range stage, %d planned whole into the fused"
                  " assembly), two columns and lone pixel, direct and planned\n",
                  calls, folded_calls, planned_whole);
  EXPECT_EQ(calls, 32 * 10 * 7);
  EXPECT_GE(folded_calls, 32 * 10 * 3);  // kinds 0-2, and ReLU clamps that happen to be full
#if CMNN_STACKED_CHUNK_ASM
  EXPECT_GT(planned_whole, 100);  // one-chunk depths, rows % 4 == 0, folded full-range stage
#else
  EXPECT_EQ(planned_whole, 0);
#endif
}
