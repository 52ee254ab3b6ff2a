// copy_nd: hand-derived small cases of every plan helper (both variants, int8 and int16, guard
// bytes around the output), a seeded sweep of rows vs ref, and the parameter checks.
#include <cstring>

#include "cmnn/copy_nd.h"
#include "test.h"
#include "test_data.h"

using namespace cmnn;

namespace {
// Fills in[i] = i + 1 (element type by element_bytes), runs every supporting variant of copy_nd
// into a guarded output and compares with want (values as int). Returns the variants run.
int run_all(const CopyNdParams& p, int32_t in_count, const int32_t* want, int32_t out_count) {
  const size_t eb = static_cast<size_t>(p.element_bytes);
  int8_t* in = test::arena_alloc<int8_t>(static_cast<size_t>(in_count) * eb);
  for (int32_t i = 0; i < in_count; ++i) {
    if (eb == 1) {
      in[i] = static_cast<int8_t>(i + 1);
    } else {
      const int16_t v = static_cast<int16_t>(1000 * (i + 1));
      std::memcpy(in + 2 * i, &v, 2);
    }
  }
  size_t count = 0;
  const auto* table = copy_nd_variants(&count);
  int ran = 0;
  for (size_t v = 0; v < count; ++v) {
    if (!table[v].supports(p)) continue;
    auto* out = reinterpret_cast<int8_t*>(test::guarded_alloc(static_cast<size_t>(out_count) * eb));
    std::memset(out, 0x33, static_cast<size_t>(out_count) * eb);
    EXPECT_EQ(copy_nd_run_variant(table[v], p, CopyNdArgs{in, out}, nullptr, 0), Status::kOk);
    for (int32_t i = 0; i < out_count; ++i) {
      int32_t got;
      if (eb == 1) {
        got = out[i];
      } else {
        int16_t g16;
        std::memcpy(&g16, out + 2 * i, 2);
        got = g16 / 1000;
      }
      EXPECT_EQ(got, want[i]);
    }
    EXPECT_TRUE(test::guards_intact(reinterpret_cast<uint8_t*>(out), static_cast<size_t>(out_count) * eb));
    ++ran;
  }
  EXPECT_GE(ran, 1);
  return ran;
}
}  // namespace

TEST(CopyNd, Transpose2x3) {
  // in [[1 2 3][4 5 6]] -> out [[1 4][2 5][3 6]]
  const int32_t shape[2] = {2, 3}, perm[2] = {1, 0};
  const int32_t want[6] = {1, 4, 2, 5, 3, 6};
  for (int32_t eb = 1; eb <= 2; ++eb) {
    CopyNdParams p;
    int32_t out_shape[2];
    ASSERT_EQ(copy_nd_plan_transpose(2, shape, perm, eb, &p, out_shape), Status::kOk);
    EXPECT_EQ(out_shape[0], 3);
    EXPECT_EQ(out_shape[1], 2);
    run_all(p, 6, want, 6);
  }
  const int32_t bad[2] = {0, 0};
  CopyNdParams p;
  int32_t out_shape[2];
  EXPECT_EQ(copy_nd_plan_transpose(2, shape, bad, 1, &p, out_shape), Status::kBadParameter);
}

TEST(CopyNd, StridedSliceReversedAndMasks) {
  // in 4x6 of 1..24; begin (3,5) end (0,0) strides (-1,-2), end_mask bit 0: rows 3..0, columns 5,3,1.
  StridedSliceSpec s;
  s.rank = 2;
  s.shape[0] = 4;
  s.shape[1] = 6;
  s.count = 2;
  s.begin[0] = 3, s.begin[1] = 5, s.end[0] = 0, s.end[1] = 0, s.strides[0] = -1, s.strides[1] = -2;
  s.end_mask = 1;
  const int32_t want[12] = {24, 22, 20, 18, 16, 14, 12, 10, 8, 6, 4, 2};
  for (int32_t eb = 1; eb <= 2; ++eb) {
    s.element_bytes = eb;
    CopyNdParams p;
    int32_t out_shape[6], out_rank = 0;
    ASSERT_EQ(copy_nd_plan_strided_slice(s, &p, out_shape, &out_rank), Status::kOk);
    ASSERT_EQ(out_rank, 2);
    EXPECT_EQ(out_shape[0], 4);
    EXPECT_EQ(out_shape[1], 3);
    run_all(p, 24, want, 12);
  }
}

TEST(CopyNd, StridedSliceShrinkEllipsisNewAxisOffset) {
  // in 2x3x4 (1..24). Spec [1, ..., newaxis, 1:3] with shrink on entry 0:
  // dense: d0 = 1 (shrunk), d1 = all, d2 = 1:3 -> out shape [3, 1, 2].
  StridedSliceSpec s;
  s.rank = 3;
  s.shape[0] = 2, s.shape[1] = 3, s.shape[2] = 4;
  s.count = 4;
  s.begin[0] = 1, s.end[0] = 2, s.strides[0] = 1;
  s.strides[1] = 1;
  s.strides[2] = 1;
  s.begin[3] = 1, s.end[3] = 3, s.strides[3] = 1;
  s.shrink_axis_mask = 1;
  s.ellipsis_mask = 2;
  s.new_axis_mask = 4;
  CopyNdParams p;
  int32_t out_shape[6], out_rank = 0;
  ASSERT_EQ(copy_nd_plan_strided_slice(s, &p, out_shape, &out_rank), Status::kOk);
  ASSERT_EQ(out_rank, 3);
  EXPECT_EQ(out_shape[0], 3);
  EXPECT_EQ(out_shape[1], 1);
  EXPECT_EQ(out_shape[2], 2);
  const int32_t want[6] = {14, 15, 18, 19, 22, 23};
  run_all(p, 24, want, 6);
  // offset: end is relative to begin. 1-D, begin 2, end 3 (= 2 + 3 = 5), stride 1 over 8 -> 3,4,5.
  StridedSliceSpec o;
  o.rank = 1;
  o.shape[0] = 8;
  o.count = 1;
  o.begin[0] = 2, o.end[0] = 3, o.strides[0] = 1;
  o.offset = true;
  ASSERT_EQ(copy_nd_plan_strided_slice(o, &p, out_shape, &out_rank), Status::kOk);
  ASSERT_EQ(out_shape[0], 3);
  const int32_t want_offset[3] = {3, 4, 5};
  run_all(p, 8, want_offset, 3);
  // Empty result (begin past end) and rejections: zero stride, shrink out of range.
  o.offset = false;
  o.begin[0] = 6, o.end[0] = 2;
  ASSERT_EQ(copy_nd_plan_strided_slice(o, &p, out_shape, &out_rank), Status::kOk);
  EXPECT_EQ(out_shape[0], 0);
  o.strides[0] = 0;
  EXPECT_EQ(copy_nd_plan_strided_slice(o, &p, out_shape, &out_rank), Status::kBadParameter);
  o.strides[0] = 1;
  o.begin[0] = 8;
  o.shrink_axis_mask = 1;
  EXPECT_EQ(copy_nd_plan_strided_slice(o, &p, out_shape, &out_rank), Status::kBadParameter);
}

TEST(CopyNd, SliceBroadcastSplitUnpack) {
  const int32_t shape[2] = {3, 4};  // 1..12
  CopyNdParams p;
  int32_t out_shape[6];
  const int32_t begin[2] = {1, 1}, size[2] = {-1, 2};
  ASSERT_EQ(copy_nd_plan_slice(2, shape, begin, size, 1, &p, out_shape), Status::kOk);
  const int32_t want_slice[4] = {6, 7, 10, 11};
  run_all(p, 12, want_slice, 4);
  const int32_t too_big[2] = {3, 2};
  EXPECT_EQ(copy_nd_plan_slice(2, shape, begin, too_big, 1, &p, out_shape), Status::kBadParameter);

  const int32_t row[2] = {1, 3}, to[3] = {2, 2, 3};  // [1 2 3] -> 2x2x3
  ASSERT_EQ(copy_nd_plan_broadcast_to(2, row, 3, to, 2, &p), Status::kOk);
  const int32_t want_bc[12] = {1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3};
  run_all(p, 3, want_bc, 12);
  const int32_t wrong[3] = {2, 2, 4};
  EXPECT_EQ(copy_nd_plan_broadcast_to(2, row, 3, wrong, 1, &p), Status::kBadShape);

  const int32_t splits[3] = {1, -1, 1};  // axis 1 of 3x4: columns 0 | 1..2 | 3
  ASSERT_EQ(copy_nd_plan_split(2, shape, -1, 3, splits, 1, 2, &p, out_shape), Status::kOk);
  EXPECT_EQ(out_shape[1], 2);
  const int32_t want_split[6] = {2, 3, 6, 7, 10, 11};
  run_all(p, 12, want_split, 6);
  EXPECT_EQ(copy_nd_plan_split(2, shape, 1, 3, nullptr, 0, 1, &p, out_shape), Status::kBadShape);

  ASSERT_EQ(copy_nd_plan_unpack(2, shape, 1, 2, 1, &p, out_shape), Status::kOk);
  EXPECT_EQ(out_shape[0], 3);
  const int32_t want_unpack[3] = {3, 7, 11};
  run_all(p, 12, want_unpack, 3);
}

TEST(CopyNd, ConcatAndPackPieces) {
  // Pack input 1 of 2 (shape [3]) along axis 1: output [3][2], column 1.
  const int32_t v3[1] = {3};
  CopyNdParams p;
  int32_t out_shape[6];
  ASSERT_EQ(copy_nd_plan_pack(1, v3, 1, 1, 2, 1, &p, out_shape), Status::kOk);
  EXPECT_EQ(out_shape[0], 3);
  EXPECT_EQ(out_shape[1], 2);
  int8_t in[3] = {7, 8, 9};
  int8_t* out = reinterpret_cast<int8_t*>(test::guarded_alloc(6));
  std::memset(out, 0, 6);
  ASSERT_EQ(copy_nd(p, CopyNdArgs{in, out}, nullptr, 0), Status::kOk);
  const int8_t want_pack[6] = {0, 7, 0, 8, 0, 9};
  EXPECT_BYTES_EQ(out, want_pack, 6);
  EXPECT_TRUE(test::guards_intact(reinterpret_cast<uint8_t*>(out), 6));
  // Concat: input [2][1] at axis offset 2 of an output [2][3].
  const int32_t col[2] = {2, 1};
  ASSERT_EQ(copy_nd_plan_concat(2, col, 1, 2, 3, 1, &p), Status::kOk);
  std::memset(out, 0, 6);
  ASSERT_EQ(copy_nd(p, CopyNdArgs{in, out}, nullptr, 0), Status::kOk);
  const int8_t want_cat[6] = {0, 0, 7, 0, 0, 8};
  EXPECT_BYTES_EQ(out, want_cat, 6);
  EXPECT_EQ(copy_nd_plan_concat(2, col, 1, 3, 3, 1, &p), Status::kBadParameter);
}

TEST(CopyNd, DepthToSpaceAndBack) {
  // [1][1][1][4] block 2 -> [1][2][2][1]: channel (bh*2 + bw) goes to (bh, bw).
  const int32_t shape[4] = {1, 1, 1, 4};
  CopyNdParams p;
  int32_t out_shape[4];
  ASSERT_EQ(copy_nd_plan_depth_to_space(shape, 2, 1, &p, out_shape), Status::kOk);
  const int32_t want[4] = {1, 2, 3, 4};
  run_all(p, 4, want, 4);
  // [1][2][4][2] (1..16) space_to_depth 2 -> [1][1][2][8]: out (0,0) = rows 0,1 x cols 0,1.
  const int32_t s2[4] = {1, 2, 4, 2};
  ASSERT_EQ(copy_nd_plan_space_to_depth(s2, 2, 2, &p, out_shape), Status::kOk);
  EXPECT_EQ(out_shape[3], 8);
  const int32_t want2[16] = {1, 2, 3, 4, 9, 10, 11, 12, 5, 6, 7, 8, 13, 14, 15, 16};
  run_all(p, 16, want2, 16);
  // depth_to_space undoes it.
  int32_t back[4];
  ASSERT_EQ(copy_nd_plan_depth_to_space(out_shape, 2, 1, &p, back), Status::kOk);
  const int32_t want3[16] = {1, 2, 3, 4, 9, 10, 11, 12, 5, 6, 7, 8, 13, 14, 15, 16};
  run_all(p, 16, want3, 16);  // input here is 1..16 in [1][1][2][8] order
  EXPECT_EQ(copy_nd_plan_space_to_depth(s2, 3, 1, &p, out_shape), Status::kBadShape);
}

TEST(CopyNd, RowsMatchesRefOnRandomTransposes) {
  test::Xorshift32 rng(777u);
  int compared = 0;
  for (int iter = 0; iter < 200; ++iter) {
    const size_t mark = test::arena_mark();
    const int32_t rank = rng.pick(1, 6);
    int32_t shape[6], perm[6];
    for (int32_t d = 0; d < rank; ++d) {
      shape[d] = rng.pick(1, 4);
      perm[d] = d;
    }
    for (int32_t d = rank - 1; d > 0; --d) {
      const int32_t j = rng.pick(0, d);
      const int32_t t = perm[d];
      perm[d] = perm[j];
      perm[j] = t;
    }
    const int32_t eb = rng.pick(1, 2);
    CopyNdParams p;
    int32_t out_shape[6];
    ASSERT_EQ(copy_nd_plan_transpose(rank, shape, perm, eb, &p, out_shape), Status::kOk);
    const size_t bytes = static_cast<size_t>(p.input_elements) * static_cast<size_t>(eb);
    int8_t* in = test::arena_alloc<int8_t>(bytes);
    for (size_t i = 0; i < bytes; ++i) in[i] = static_cast<int8_t>(rng.next());
    int8_t* want = test::arena_alloc<int8_t>(bytes);
    // Reference by definition: output index from the input's multi-index.
    int32_t idx[6] = {0, 0, 0, 0, 0, 0};
    for (int32_t i = 0; i < p.input_elements; ++i) {
      int32_t o = 0;
      for (int32_t d = 0; d < rank; ++d) o = o * out_shape[d] + idx[perm[d]];
      std::memcpy(want + static_cast<size_t>(o) * eb, in + static_cast<size_t>(i) * eb, static_cast<size_t>(eb));
      for (int32_t d = rank - 1; d >= 0 && ++idx[d] == shape[d]; --d) idx[d] = 0;
    }
    size_t count = 0;
    const auto* table = copy_nd_variants(&count);
    for (size_t v = 0; v < count; ++v) {
      if (!table[v].supports(p)) continue;
      int8_t* out = reinterpret_cast<int8_t*>(test::guarded_alloc(bytes));
      ASSERT_EQ(copy_nd_run_variant(table[v], p, CopyNdArgs{in, out}, nullptr, 0), Status::kOk);
      EXPECT_BYTES_EQ(out, want, bytes);
      EXPECT_TRUE(test::guards_intact(reinterpret_cast<uint8_t*>(out), bytes));
      ++compared;
    }
    test::arena_rewind(mark);
  }
  platform::print("  %d variant runs compared\n", compared);
}

TEST(CopyNd, RejectsOutOfBoundsBoxes) {
  int8_t in[16] = {}, out[16] = {};  // room for 8 elements of 2 bytes
  CopyNdParams p;
  p.rank = 1;
  p.dims[0] = 4;
  p.in_strides[0] = 2;
  p.out_strides[0] = 1;
  p.input_elements = 8;
  p.output_elements = 8;
  EXPECT_EQ(copy_nd(p, CopyNdArgs{in, out}, nullptr, 0), Status::kOk);  // reads 0,2,4,6
  p.in_offset = 2;                                                        // reads up to 8
  EXPECT_EQ(copy_nd(p, CopyNdArgs{in, out}, nullptr, 0), Status::kBadParameter);
  p.in_offset = 5;
  p.in_strides[0] = -2;  // reads 5,3,1,-1
  EXPECT_EQ(copy_nd(p, CopyNdArgs{in, out}, nullptr, 0), Status::kBadParameter);
  p.in_offset = 6;  // 6,4,2,0
  EXPECT_EQ(copy_nd(p, CopyNdArgs{in, out}, nullptr, 0), Status::kOk);
  p.out_offset = 5;  // writes 5..8
  EXPECT_EQ(copy_nd(p, CopyNdArgs{in, out}, nullptr, 0), Status::kBadParameter);
  p.out_offset = 0;
  p.element_bytes = 2;  // the same element indices in 2-byte elements
  EXPECT_EQ(copy_nd(p, CopyNdArgs{in, out}, nullptr, 0), Status::kOk);
  p.element_bytes = 3;
  EXPECT_EQ(copy_nd(p, CopyNdArgs{in, out}, nullptr, 0), Status::kBadParameter);
  p.element_bytes = 1;
  p.rank = 7;
  EXPECT_EQ(copy_nd(p, CopyNdArgs{in, out}, nullptr, 0), Status::kBadShape);
  p.rank = 1;
  p.dims[0] = -1;
  EXPECT_EQ(copy_nd(p, CopyNdArgs{in, out}, nullptr, 0), Status::kBadShape);
  p.dims[0] = 0;  // empty box: nothing to check or copy
  EXPECT_EQ(copy_nd(p, CopyNdArgs{in, out}, nullptr, 0), Status::kOk);
  EXPECT_EQ(copy_nd(p, CopyNdArgs{nullptr, out}, nullptr, 0), Status::kNullPointer);
}
