// Reductions, arg ops and cumsum: hand-derived bytes (including TFLM's MEAN multiplier folding and
// CUMSUM's start value), the walk over random shapes and axis sets against an element-by-element
// reference, axis resolution (negative, duplicate, any order), guard bytes, parameter checks.
// Bit-exactness with TFLM itself is checked against the oracle cases (see the report of h-binary).
#include <cstring>

#include "cmnn/reduce.h"
#include "test.h"
#include "test_data.h"

using namespace cmnn;

namespace {
test::Xorshift32 g_rng(99u);
}  // namespace

TEST(Mean, HandDerived) {
  const int32_t shape[2] = {2, 3}, axis[1] = {-1};
  MeanSumParams p;
  ASSERT_EQ(mean_params(shape, 2, axis, 1, 1.0f, 0, 1.0f, 0, &p), Status::kOk);
  // Real multiplier 1 = 2^30 * 2^(1-31); n = 3: 1 bit of headroom, (2^30 << 1) / 3, shift 1 - 1.
  EXPECT_EQ(p.multiplier, 715827882);
  EXPECT_EQ(p.shift, 0);
  EXPECT_EQ(p.axis_mask, 1u << 5);
  const int8_t in[6] = {1, 2, 4, -5, -5, -6};
  int8_t* out = test::guarded_array<int8_t>(2);
  ASSERT_EQ(mean_s8(p, ReduceArgs<int8_t>{in, out}, nullptr, 0), Status::kOk);
  EXPECT_EQ(out[0], 2);   // 7 / 3
  EXPECT_EQ(out[1], -5);  // -16 / 3
  EXPECT_TRUE(test::guards_intact(out, 2));
  // Zero points: (4 + 5 + 7 - 3 * 3) / 3 - 1 and (3 + 3 + 3 - 9) / 3 - 1.
  ASSERT_EQ(mean_params(shape, 2, axis, 1, 1.0f, 3, 1.0f, -1, &p), Status::kOk);
  const int8_t in2[6] = {4, 5, 7, 3, 3, 3};
  ASSERT_EQ(mean_s8(p, ReduceArgs<int8_t>{in2, out}, nullptr, 0), Status::kOk);
  EXPECT_EQ(out[0], 1);
  EXPECT_EQ(out[1], -1);
  // int16 over both axes: (30000 * 5 + 29994) / 6 = 29999.
  const int32_t both[2] = {0, 1};
  ASSERT_EQ(mean_params(shape, 2, both, 2, 1.0f, 0, 1.0f, 0, &p), Status::kOk);
  const int16_t h[6] = {30000, 30000, 30000, 30000, 30000, 29994};
  int16_t o16[1];
  ASSERT_EQ(mean_s16(p, ReduceArgs<int16_t>{h, o16}, nullptr, 0), Status::kOk);
  EXPECT_EQ(o16[0], 29999);
}

TEST(Sum, HandDerived) {
  const int32_t shape[2] = {2, 3}, axis[1] = {1};
  MeanSumParams p;
  ASSERT_EQ(sum_params(shape, 2, axis, 1, 0.5f, 0, 1.0f, 0, &p), Status::kOk);
  EXPECT_EQ(p.multiplier, 1 << 30);  // 0.5, no folding for SUM
  EXPECT_EQ(p.shift, 0);
  const int8_t in[6] = {1, 2, 4, 100, 100, 100};
  int8_t out[2];
  ASSERT_EQ(sum_s8(p, ReduceArgs<int8_t>{in, out}, nullptr, 0), Status::kOk);
  EXPECT_EQ(out[0], 4);    // 3.5 rounds up
  EXPECT_EQ(out[1], 127);  // 150 saturates
  ASSERT_EQ(sum_params(shape, 2, axis, 1, 1.0f, 0, 1.0f, 0, &p), Status::kOk);
  const int16_t h[6] = {20000, 20000, 20000, -1, -2, -3};
  int16_t o16[2];
  ASSERT_EQ(sum_s16(p, ReduceArgs<int16_t>{h, o16}, nullptr, 0), Status::kOk);
  EXPECT_EQ(o16[0], 32767);
  EXPECT_EQ(o16[1], -6);
}

TEST(Reduce, AxisResolution) {
  const int32_t shape[4] = {2, 3, 4, 5};
  const int32_t a[2] = {1, 2}, b[2] = {2, 1}, c[3] = {-2, 1, 1};
  MeanSumParams pa, pb, pc;
  ASSERT_EQ(mean_params(shape, 4, a, 2, 0.1f, 2, 0.2f, -3, &pa), Status::kOk);
  ASSERT_EQ(mean_params(shape, 4, b, 2, 0.1f, 2, 0.2f, -3, &pb), Status::kOk);
  ASSERT_EQ(mean_params(shape, 4, c, 3, 0.1f, 2, 0.2f, -3, &pc), Status::kOk);
  EXPECT_BYTES_EQ(&pa, &pb, sizeof pa);
  EXPECT_BYTES_EQ(&pa, &pc, sizeof pa);
  EXPECT_EQ(pa.axis_mask, (1u << 3) | (1u << 4));
  EXPECT_EQ(pa.dims[0], 1);
  EXPECT_EQ(pa.dims[2], 2);
  const int32_t bad[1] = {4}, neg[1] = {-5};
  EXPECT_EQ(mean_params(shape, 4, bad, 1, 1.0f, 0, 1.0f, 0, &pa), Status::kBadShape);
  EXPECT_EQ(sum_params(shape, 4, neg, 1, 1.0f, 0, 1.0f, 0, &pa), Status::kBadShape);
  const int32_t rank7[7] = {1, 1, 1, 1, 1, 1, 1};
  EXPECT_EQ(sum_params(rank7, 7, a, 2, 1.0f, 0, 1.0f, 0, &pa), Status::kBadShape);
  EXPECT_EQ(sum_params(shape, 4, a, 2, 1.0f, 0, 1.0f, 0, nullptr), Status::kNullPointer);
  ReduceMinMaxParams r;
  EXPECT_EQ(reduce_min_max_params(shape, 4, bad, 1, &r), Status::kBadShape);
}

// REDUCE_MAX / REDUCE_MIN / SUM on random shapes and axis sets against an element-by-element walk
// that maps every input index to its output index.
TEST(Reduce, WalkMatchesElementReference) {
  int runs = 0;
  for (int iter = 0; iter < 200; ++iter) {
    const size_t mark = test::arena_mark();
    const int32_t rank = g_rng.pick(1, 6);
    int32_t shape[6], axes[6];
    int32_t num_axes = 0, total = 1;
    for (int32_t d = 0; d < rank; ++d) {
      shape[d] = g_rng.pick(1, 4);
      total *= shape[d];
      if (g_rng.next() % 2) axes[num_axes++] = g_rng.next() % 2 ? d : d - rank;
    }
    ReduceMinMaxParams p;
    MeanSumParams s;
    ASSERT_EQ(reduce_min_max_params(shape, rank, axes, num_axes, &p), Status::kOk);
    ASSERT_EQ(sum_params(shape, rank, axes, num_axes, 1.0f, 0, 1.0f, 0, &s), Status::kOk);
    int32_t outputs = 1;
    for (int d = 0; d < 6; ++d) {
      if (!((p.axis_mask >> d) & 1u)) outputs *= p.dims[d];
    }
    const auto n = static_cast<size_t>(outputs);
    int8_t* in = test::arena_alloc<int8_t>(static_cast<size_t>(total));
    for (int32_t i = 0; i < total; ++i) in[i] = static_cast<int8_t>(g_rng.pick(-20, 20));
    int8_t* want_max = test::arena_alloc<int8_t>(n);
    int8_t* want_min = test::arena_alloc<int8_t>(n);
    int32_t* want_sum = test::arena_alloc<int32_t>(n);
    for (size_t o = 0; o < n; ++o) want_max[o] = -128, want_min[o] = 127, want_sum[o] = 0;
    int32_t idx[6] = {0, 0, 0, 0, 0, 0};
    for (int32_t i = 0; i < total; ++i) {
      int32_t o = 0;
      for (int d = 0; d < 6; ++d) {
        if (!((p.axis_mask >> d) & 1u)) o = o * p.dims[d] + idx[d];
      }
      if (in[i] > want_max[o]) want_max[o] = in[i];
      if (in[i] < want_min[o]) want_min[o] = in[i];
      want_sum[o] += in[i];
      for (int d = 5; d >= 0; --d) {
        if (++idx[d] < p.dims[d]) break;
        idx[d] = 0;
      }
    }
    int8_t* got = test::guarded_array<int8_t>(n);
    ASSERT_EQ(reduce_max_s8(p, ReduceArgs<int8_t>{in, got}, nullptr, 0), Status::kOk);
    EXPECT_BYTES_EQ(got, want_max, n);
    ASSERT_EQ(reduce_min_s8(p, ReduceArgs<int8_t>{in, got}, nullptr, 0), Status::kOk);
    EXPECT_BYTES_EQ(got, want_min, n);
    ASSERT_EQ(sum_s8(s, ReduceArgs<int8_t>{in, got}, nullptr, 0), Status::kOk);
    for (size_t o = 0; o < n; ++o) {
      const int32_t w = want_sum[o] < -128 ? -128 : want_sum[o] > 127 ? 127 : want_sum[o];
      EXPECT_EQ(got[o], w);
    }
    EXPECT_TRUE(test::guards_intact(got, n));
    ++runs;
    test::arena_rewind(mark);
    if (test::current_failed()) return;
  }
  platform::print("  %d random shapes / axis sets compared\n", runs);
}

TEST(ArgMinMax, HandDerived) {
  // [2, 4] along axis 1: the first of equal extremes wins.
  const int32_t shape[2] = {2, 4};
  ArgMinMaxParams p;
  ASSERT_EQ(arg_min_max_params(shape, 2, 1, &p), Status::kOk);
  const int8_t in[8] = {3, 7, 7, 1, -1, -5, -5, 0};
  int32_t* out = test::guarded_array<int32_t>(2);
  ASSERT_EQ(arg_max_s8(p, ArgMinMaxArgs<int32_t>{in, out}, nullptr, 0), Status::kOk);
  EXPECT_EQ(out[0], 1);
  EXPECT_EQ(out[1], 3);
  ASSERT_EQ(arg_min_s8(p, ArgMinMaxArgs<int32_t>{in, out}, nullptr, 0), Status::kOk);
  EXPECT_EQ(out[0], 3);
  EXPECT_EQ(out[1], 1);
  EXPECT_TRUE(test::guards_intact(out, 2));
  // [2, 3, 2] along axis -2 (the middle one), int64 indices.
  const int32_t shape3[3] = {2, 3, 2};
  ASSERT_EQ(arg_min_max_params(shape3, 3, -2, &p), Status::kOk);
  EXPECT_EQ(p.outer, 2);
  EXPECT_EQ(p.axis_size, 3);
  EXPECT_EQ(p.inner, 2);
  const int8_t in3[12] = {1, 5, 4, 5, 4, -1, -128, 0, -128, 1, -127, 2};
  int64_t o64[4];
  ASSERT_EQ(arg_max_s8_i64(p, ArgMinMaxArgs<int64_t>{in3, o64}, nullptr, 0), Status::kOk);
  const int64_t want_max[4] = {1, 0, 2, 2};
  EXPECT_BYTES_EQ(o64, want_max, sizeof want_max);
  ASSERT_EQ(arg_min_s8_i64(p, ArgMinMaxArgs<int64_t>{in3, o64}, nullptr, 0), Status::kOk);
  const int64_t want_min[4] = {0, 2, 0, 0};
  EXPECT_BYTES_EQ(o64, want_min, sizeof want_min);
}

TEST(Cumsum, HandDerived) {
  const int32_t shape[2] = {1, 4};
  CumsumParams p;
  const int8_t in[4] = {1, 2, 3, 4};
  int8_t* out = test::guarded_array<int8_t>(4);
  struct Mode {
    bool exclusive, reverse;
    int8_t want[4];
  };
  const Mode modes[] = {{false, false, {1, 3, 6, 10}},
                        {true, false, {0, 1, 3, 6}},
                        {false, true, {10, 9, 7, 4}},
                        {true, true, {9, 7, 4, 0}}};
  for (const Mode& m : modes) {
    ASSERT_EQ(cumsum_params(shape, 2, -1, m.exclusive, m.reverse, 1.0f, 0, 1.0f, 0, &p), Status::kOk);
    ASSERT_EQ(cumsum_s8(p, ReduceArgs<int8_t>{in, out}, nullptr, 0), Status::kOk);
    EXPECT_BYTES_EQ(out, m.want, 4);
  }
  EXPECT_EQ(p.input_multiplier, 1 << 30);
  EXPECT_EQ(p.input_shift, 0);
  EXPECT_EQ(p.output_multiplier, 1 << 30);
  EXPECT_EQ(p.output_shift, -18);
  EXPECT_TRUE(test::guards_intact(out, 4));
  // TFLM starts the running sum at the rescaled input offset (-zero point), not at 0: with zero
  // point 1 the outputs are -1 + sum(x - 1).
  const int32_t shape3[1] = {3};
  const int8_t z[3] = {1, 2, 3};
  ASSERT_EQ(cumsum_params(shape3, 1, 0, false, false, 1.0f, 1, 1.0f, 0, &p), Status::kOk);
  ASSERT_EQ(cumsum_s8(p, ReduceArgs<int8_t>{z, out}, nullptr, 0), Status::kOk);
  const int8_t want_incl[3] = {-1, 0, 2};
  EXPECT_BYTES_EQ(out, want_incl, 3);
  ASSERT_EQ(cumsum_params(shape3, 1, 0, true, false, 1.0f, 1, 1.0f, 0, &p), Status::kOk);
  ASSERT_EQ(cumsum_s8(p, ReduceArgs<int8_t>{z, out}, nullptr, 0), Status::kOk);
  const int8_t want_excl[3] = {-1, -1, 0};
  EXPECT_BYTES_EQ(out, want_excl, 3);
  // [2, 2] along axis 0, in place.
  int8_t buf[4] = {1, 2, 3, 4};
  const int32_t shape2[2] = {2, 2};
  ASSERT_EQ(cumsum_params(shape2, 2, 0, false, false, 1.0f, 0, 1.0f, 0, &p), Status::kOk);
  ASSERT_EQ(cumsum_s8(p, ReduceArgs<int8_t>{buf, buf}, nullptr, 0), Status::kOk);
  const int8_t want_axis0[4] = {1, 2, 4, 6};
  EXPECT_BYTES_EQ(buf, want_axis0, 4);
}

TEST(Reduce, ParameterChecks) {
  int8_t a[8] = {}, out[8];
  int16_t h[8] = {}, o16[8];
  MeanSumParams p;
  const int32_t shape[1] = {8}, axis[1] = {0};
  ASSERT_EQ(mean_params(shape, 1, axis, 1, 1.0f, 0, 1.0f, 0, &p), Status::kOk);
  EXPECT_EQ(mean_s8(p, ReduceArgs<int8_t>{a, out}, nullptr, 0), Status::kOk);
  EXPECT_EQ(mean_s8(p, ReduceArgs<int8_t>{nullptr, out}, nullptr, 0), Status::kNullPointer);
  MeanSumParams q = p;
  q.axis_mask = 1u << 6;
  EXPECT_EQ(mean_s8(q, ReduceArgs<int8_t>{a, out}, nullptr, 0), Status::kBadShape);
  q = p;
  q.dims[2] = 0;
  EXPECT_EQ(sum_s8(q, ReduceArgs<int8_t>{a, out}, nullptr, 0), Status::kBadShape);
  q = p;
  q.shift = 31;
  EXPECT_EQ(sum_s8(q, ReduceArgs<int8_t>{a, out}, nullptr, 0), Status::kBadParameter);
  q = p;
  q.input_zero_point = 128;
  EXPECT_EQ(sum_s8(q, ReduceArgs<int8_t>{a, out}, nullptr, 0), Status::kBadParameter);
  q = p;
  q.output_zero_point = 1;  // int16 zero points are 0
  EXPECT_EQ(mean_s16(q, ReduceArgs<int16_t>{h, o16}, nullptr, 0), Status::kBadParameter);
  ReduceMinMaxParams r;
  r.dims[0] = -1;
  EXPECT_EQ(reduce_max_s8(r, ReduceArgs<int8_t>{a, out}, nullptr, 0), Status::kBadShape);
  ArgMinMaxParams g;
  g.inner = 0;
  int32_t idx[8];
  EXPECT_EQ(arg_max_s8(g, ArgMinMaxArgs<int32_t>{a, idx}, nullptr, 0), Status::kBadShape);
  g.inner = 1;
  EXPECT_EQ(arg_min_s8(g, ArgMinMaxArgs<int32_t>{a, nullptr}, nullptr, 0), Status::kNullPointer);
  EXPECT_EQ(arg_min_max_params(shape, 1, 1, &g), Status::kBadShape);
  EXPECT_EQ(arg_min_max_params(shape, 0, 0, &g), Status::kBadShape);
  CumsumParams c;
  ASSERT_EQ(cumsum_params(shape, 1, 0, false, false, 1.0f, 0, 1.0f, 0, &c), Status::kOk);
  CumsumParams d = c;
  d.output_shift = 1;
  EXPECT_EQ(cumsum_s8(d, ReduceArgs<int8_t>{a, out}, nullptr, 0), Status::kBadParameter);
  d = c;
  d.input_offset = -128;
  EXPECT_EQ(cumsum_s8(d, ReduceArgs<int8_t>{a, out}, nullptr, 0), Status::kBadParameter);
  d = c;
  d.axis_size = 0;
  EXPECT_EQ(cumsum_s8(d, ReduceArgs<int8_t>{a, out}, nullptr, 0), Status::kBadShape);
  EXPECT_EQ(cumsum_params(shape, 1, -2, false, false, 1.0f, 0, 1.0f, 0, &c), Status::kBadShape);
  size_t count = 0;
  EXPECT_EQ(std::strcmp(mean_s8_variants(&count)[count - 1].id, "mean_s8.ref"), 0);
  EXPECT_TRUE(arg_max_s8_i64_find_variant("arg_max_s8_i64.ref") != nullptr);
  EXPECT_EQ(mean_s8_scratch_bytes(p), size_t{0});
}
