// gather, resize_nearest, resize_bilinear_s8, batch_to_space_nd / space_to_batch_nd and pad_s16:
// small hand-derived cases with guard bytes, and the parameter checks.
#include <cstring>

#include "cmnn/gather.h"
#include "cmnn/pad.h"
#include "cmnn/resize.h"
#include "cmnn/space_batch.h"
#include "test.h"
#include "test_data.h"

using namespace cmnn;

TEST(Gather, AxisBatchDimsAndIndexWidths) {
  // input [2][3][2] = 1..12, axis 1, batch_dims 1, indices [2][2] = {{2,0},{1,1}}
  int8_t in[12];
  for (int i = 0; i < 12; ++i) in[i] = static_cast<int8_t>(i + 1);
  const int32_t in_shape[3] = {2, 3, 2}, idx_shape[2] = {2, 2};
  GatherParams p;
  int32_t out_shape[8], out_rank = 0;
  ASSERT_EQ(gather_plan(3, in_shape, 2, idx_shape, 1, 1, 1, 4, &p, out_shape, &out_rank), Status::kOk);
  ASSERT_EQ(out_rank, 3);
  EXPECT_EQ(out_shape[0], 2);
  EXPECT_EQ(out_shape[1], 2);
  EXPECT_EQ(out_shape[2], 2);
  const int32_t idx[4] = {2, 0, 1, 1};
  const int64_t idx64[4] = {2, 0, 1, 1};
  const int8_t want[8] = {5, 6, 1, 2, 9, 10, 9, 10};
  int8_t* out = reinterpret_cast<int8_t*>(test::guarded_alloc(8));
  GatherArgs a;
  a.input = in;
  a.indices = idx;
  a.output = out;
  ASSERT_EQ(gather(p, a, nullptr, 0), Status::kOk);
  EXPECT_BYTES_EQ(out, want, 8);
  EXPECT_TRUE(test::guards_intact(reinterpret_cast<uint8_t*>(out), 8));
  GatherParams p64 = p;
  p64.index_bytes = 8;
  EXPECT_EQ(gather(p64, a, nullptr, 0), Status::kNullPointer);  // int64 indices not given
  a.indices_i64 = idx64;
  std::memset(out, 0, 8);
  ASSERT_EQ(gather(p64, a, nullptr, 0), Status::kOk);
  EXPECT_BYTES_EQ(out, want, 8);
  const int32_t bad[4] = {2, 0, 3, 1};  // 3 is outside the axis
  a.indices = bad;
  EXPECT_EQ(gather(p, a, nullptr, 0), Status::kBadParameter);
  EXPECT_EQ(gather_plan(3, in_shape, 2, idx_shape, 0, 1, 1, 4, &p, out_shape, &out_rank), Status::kBadParameter);
}

TEST(Resize, NearestModes) {
  // 1x2 -> 1x4 (int16): plain floor(x * 0.5) = 0,0,1,1; half-pixel floor((x+.5)*.5) = 0,0,1,1;
  // 1x3 -> 1x2 align_corners: round(x * 2) = 0, 2.
  const int16_t in2[2] = {-300, 700};
  int32_t out_shape[4];
  ResizeParams p;
  const int32_t s2[4] = {1, 1, 2, 1};
  ASSERT_EQ(resize_plan(4, s2, 1, 4, false, false, 2, &p, out_shape), Status::kOk);
  int16_t* out = reinterpret_cast<int16_t*>(test::guarded_alloc(8));
  ASSERT_EQ(resize_nearest(p, ResizeArgs{reinterpret_cast<const int8_t*>(in2), reinterpret_cast<int8_t*>(out)}, nullptr, 0),
            Status::kOk);
  const int16_t want[4] = {-300, -300, 700, 700};
  EXPECT_BYTES_EQ(out, want, 8);
  EXPECT_TRUE(test::guards_intact(reinterpret_cast<uint8_t*>(out), 8));
  const int8_t in3[3] = {1, 2, 3};
  const int32_t s3[3] = {1, 3, 1};  // rank 3: extended to [1][1][3][1]
  ASSERT_EQ(resize_plan(3, s3, 1, 2, true, false, 1, &p, out_shape), Status::kOk);
  int8_t o2[2];
  ASSERT_EQ(resize_nearest(p, ResizeArgs{in3, o2}, nullptr, 0), Status::kOk);
  EXPECT_EQ(o2[0], 1);
  EXPECT_EQ(o2[1], 3);
  p.element_bytes = 4;
  EXPECT_EQ(resize_nearest(p, ResizeArgs{in3, o2}, nullptr, 0), Status::kBadParameter);
}

TEST(Resize, BilinearInteger) {
  // 1x2 {0, 100} -> 1x4: scale 512/1024; x = 0, .5, 1, 1.5 -> 0, 50 (50.5 truncated after +0.5
  // rounding of 50.0), 100, 100 (upper neighbour clamped to the last column).
  const int8_t in[2] = {0, 100};
  const int32_t s[4] = {1, 1, 2, 1};
  ResizeParams p;
  int32_t out_shape[4];
  ASSERT_EQ(resize_plan(4, s, 1, 4, false, false, 1, &p, out_shape), Status::kOk);
  int8_t* out = reinterpret_cast<int8_t*>(test::guarded_alloc(4));
  ASSERT_EQ(resize_bilinear_s8(p, ResizeArgs{in, out}, nullptr, 0), Status::kOk);
  const int8_t want[4] = {0, 50, 100, 100};
  EXPECT_BYTES_EQ(out, want, 4);
  EXPECT_TRUE(test::guards_intact(reinterpret_cast<uint8_t*>(out), 4));
  // Negative values round half away from zero: {0, -101} at x = .5 -> -50.5 -> -51.
  const int8_t neg[2] = {0, -101};
  ASSERT_EQ(resize_bilinear_s8(p, ResizeArgs{neg, out}, nullptr, 0), Status::kOk);
  EXPECT_EQ(out[1], -51);
  p.half_pixel_centers = true;
  p.align_corners = true;
  EXPECT_EQ(resize_bilinear_s8(p, ResizeArgs{in, out}, nullptr, 0), Status::kBadParameter);
}

TEST(SpaceBatch, RoundTripAndPadding) {
  // [1][2][3][1] = 1..6, block 2x2, paddings H (0,0) W (1,0) -> [4][1][2][1] padded with 9.
  int8_t in[6] = {1, 2, 3, 4, 5, 6};
  const int32_t shape[4] = {1, 2, 3, 1}, block[2] = {2, 2}, pads[4] = {0, 0, 1, 0};
  SpaceBatchParams p;
  int32_t out_shape[4];
  ASSERT_EQ(space_to_batch_nd_plan(4, shape, block, pads, 9, 1, &p, out_shape), Status::kOk);
  EXPECT_EQ(out_shape[0], 4);
  EXPECT_EQ(out_shape[1], 1);
  EXPECT_EQ(out_shape[2], 2);
  int8_t* out = reinterpret_cast<int8_t*>(test::guarded_alloc(8));
  ASSERT_EQ(space_to_batch_nd(p, SpaceBatchArgs{in, out}, nullptr, 0), Status::kOk);
  // Padded row 0 = [9 1 2 3], row 1 = [9 4 5 6]; batch (sh, sw): (0,0) -> 9,2 (0,1) -> 1,3
  // (1,0) -> 9,5 (1,1) -> 4,6.
  const int8_t want[8] = {9, 2, 1, 3, 9, 5, 4, 6};
  EXPECT_BYTES_EQ(out, want, 8);
  EXPECT_TRUE(test::guards_intact(reinterpret_cast<uint8_t*>(out), 8));
  // batch_to_space with crops W (1,0) gives the input back.
  const int32_t crops[4] = {0, 0, 1, 0};
  int32_t back_shape[4];
  ASSERT_EQ(batch_to_space_nd_plan(4, out_shape, block, crops, 1, &p, back_shape), Status::kOk);
  EXPECT_EQ(back_shape[2], 3);
  int8_t* back = reinterpret_cast<int8_t*>(test::guarded_alloc(6));
  ASSERT_EQ(batch_to_space_nd(p, SpaceBatchArgs{out, back}, nullptr, 0), Status::kOk);
  EXPECT_BYTES_EQ(back, in, 6);
  EXPECT_TRUE(test::guards_intact(reinterpret_cast<uint8_t*>(back), 6));
  // Rejections: batch not a multiple of the blocks; output larger than the cropped input.
  p.input[0] = 3;
  EXPECT_EQ(batch_to_space_nd(p, SpaceBatchArgs{out, back}, nullptr, 0), Status::kBadShape);
  p.input[0] = 4;
  p.output[2] = 4;
  EXPECT_EQ(batch_to_space_nd(p, SpaceBatchArgs{out, back}, nullptr, 0), Status::kBadShape);
  const int32_t odd[4] = {0, 1, 0, 0};
  EXPECT_EQ(space_to_batch_nd_plan(4, shape, block, odd, 0, 1, &p, out_shape), Status::kBadShape);
}

TEST(PadS16, HandCaseAndChecks) {
  // [2][1] {1000, -2000}, paddings (1,0) (0,2), value -7 -> [3][3].
  const int16_t in[2] = {1000, -2000};
  const int32_t shape[2] = {2, 1}, pads[4] = {1, 0, 0, 2};
  PadS16Params p;
  int32_t out_shape[2];
  ASSERT_EQ(pad_s16_plan(2, shape, pads, -7, &p, out_shape), Status::kOk);
  EXPECT_EQ(out_shape[0], 3);
  EXPECT_EQ(out_shape[1], 3);
  int16_t* out = test::guarded_array<int16_t>(9);
  ASSERT_EQ(pad_s16(p, PadS16Args{in, out}, nullptr, 0), Status::kOk);
  const int16_t want[9] = {-7, -7, -7, 1000, -7, -7, -2000, -7, -7};
  EXPECT_BYTES_EQ(out, want, sizeof(want));
  EXPECT_TRUE(test::guards_intact(out, 9));
  p.before[1] = -1;
  EXPECT_EQ(pad_s16(p, PadS16Args{in, out}, nullptr, 0), Status::kBadParameter);
  EXPECT_EQ(pad_s16(p, PadS16Args{nullptr, out}, nullptr, 0), Status::kNullPointer);
}
