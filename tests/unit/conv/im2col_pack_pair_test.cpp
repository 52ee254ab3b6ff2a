// im2col_pack_pair (mat_mult_s8_s16_dsp.h), the 1x1 drivers' widening of a pixel pair into the
// column pair: on every count 4..260 (multiple of 4: the 16-byte passes, their count % 16 rest and
// counts below one pass), input offsets -127, 128 and random, full-range int8 pixels, sources at
// every byte alignment and src1 == src0 (the lone last pixel), its column pair must equal
// im2col_pack_groups of each pixel into its column, byte for byte, with the bytes around the pair
// untouched.
#include <cstring>

#include "kernels/conv/mat_mult_s8_s16_dsp.h"
#include "test.h"
#include "test_data.h"

using namespace cmnn;

namespace {

test::Xorshift32 g_rng(0x1D2C0Au);

}  // namespace

TEST(Im2colPackPair, EqualsTwoPackGroupsCalls) {
  constexpr int32_t kMaxCount = 260;
  constexpr int32_t kGuard = 16;  // int16 values checked on each side of the pair
  int8_t input[2 * kMaxCount + 8];
  int16_t want[2 * kMaxCount + 2 * kGuard];
  int16_t got[2 * kMaxCount + 2 * kGuard];
  int cases = 0;
  for (int32_t count = 4; count <= kMaxCount; count += 4) {
    for (int rep = 0; rep < 4; ++rep) {
      const int32_t offset = rep == 0 ? -127 : rep == 1 ? 128 : g_rng.pick(-127, 128);
      const int32_t align0 = g_rng.pick(0, 3), align1 = g_rng.pick(0, 3);
      for (auto& v : input) v = static_cast<int8_t>(g_rng.pick(-128, 127));
      const int8_t* src0 = input + align0;
      // rep 3: the lone pixel (both columns from src0); otherwise a second pixel right after the
      // first or at another alignment.
      const int8_t* src1 = rep == 3 ? src0 : input + kMaxCount + 4 + align1;
      const int32_t values = 2 * count;
      for (int32_t i = 0; i < values + 2 * kGuard; ++i) want[i] = got[i] = static_cast<int16_t>(0x5A5A + i);
      conv::im2col_pack_groups(src0, count, offset, want + kGuard, 0, 0);
      conv::im2col_pack_groups(src1, count, offset, want + kGuard, 0, 1);
      conv::im2col_pack_pair(src0, src1, count, offset, got + kGuard);
      if (std::memcmp(want, got, sizeof(int16_t) * static_cast<size_t>(values + 2 * kGuard)) != 0) {
        platform::print("    count %d offset %d rep %d differs\n", static_cast<int>(count), static_cast<int>(offset), rep);
      }
      ASSERT_BYTES_EQ(got, want, sizeof(int16_t) * static_cast<size_t>(values + 2 * kGuard));
      // Spot-check the reference itself: value k of column c is pixel byte k + offset, in the lane
      // order of the layout (bytes 0, 2, 1, 3 of each group).
      static const int kLane[4] = {0, 2, 1, 3};
      for (int32_t k = 0; k < count; ++k) {
        const int32_t g = k / 4, lane = kLane[k % 4];
        ASSERT_EQ(got[kGuard + 8 * g + lane], static_cast<int16_t>(src0[k] + offset));
        ASSERT_EQ(got[kGuard + 8 * g + 4 + lane], static_cast<int16_t>(src1[k] + offset));
      }
      ++cases;
    }
  }
  platform::print("    %d pixel pairs widened and compared\n", cases);
  EXPECT_EQ(cases, 65 * 4);
}
