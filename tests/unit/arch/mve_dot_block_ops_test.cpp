// src/arch/mve/dot_block_ops.h against scalar sums: the emulation on the host, the hand-scheduled
// Helium code on Cortex-M55 (QEMU): dot_2x2 (any length, tails predicated), dot_2x2_rows (the
// whole row loop), dot_1x2, load_s32_advance / store_s32_as_s8_advance.
#include "arch/mve/dot_block_ops.h"
#include "test.h"
#include "test_data.h"

using namespace cmnn;

namespace {
test::Xorshift32 g_rng(4242u);

int32_t scalar_dot(const int8_t* a, const int8_t* b, int32_t n) {
  int32_t s = 0;
  for (int32_t i = 0; i < n; ++i) s += int32_t{a[i]} * int32_t{b[i]};
  return s;
}

int8_t value(int iter) { return iter % 7 == 0 ? int8_t{-128} : static_cast<int8_t>(g_rng.next()); }
}  // namespace

TEST(MveDotBlockOps, Dot2x2EqualsScalarForEveryLength) {
  // Exact-length buffers per length: a read past a row would leave them (ASan on host-asan).
  for (int32_t len = 0; len <= 100; ++len) {
    int8_t x0[101], x1[101], w0[101], w1[101];
    for (int32_t i = 0; i < len; ++i) x0[i] = value(len), x1[i] = value(len), w0[i] = value(len), w1[i] = value(len);
    const mve::Dot2x2 d = mve::dot_2x2(x0, x1, w0, w1, len);
    EXPECT_EQ(d.x0w0, scalar_dot(x0, w0, len));
    EXPECT_EQ(d.x0w1, scalar_dot(x0, w1, len));
    EXPECT_EQ(d.x1w0, scalar_dot(x1, w0, len));
    EXPECT_EQ(d.x1w1, scalar_dot(x1, w1, len));
    const mve::Dot2x2 same = mve::dot_2x2(x0, x0, w0, w0, len);  // a lone pixel and row passed twice
    EXPECT_EQ(same.x1w1, scalar_dot(x0, w0, len));
  }
}

TEST(MveDotBlockOps, Dot2x2RowsEqualsScalar) {
  for (int iter = 0; iter < 40; ++iter) {
    const int32_t len = 16 * (1 + iter % 12);
    const int32_t pairs = 1 + iter % 5;
    int8_t x0[16 * 12], x1[16 * 12], w[10 * 16 * 12];
    for (int32_t i = 0; i < len; ++i) x0[i] = value(iter), x1[i] = value(iter);
    for (int32_t i = 0; i < 2 * pairs * len; ++i) w[i] = value(iter);
    int32_t s0[11], s1[11];
    s0[2 * pairs] = 77, s1[2 * pairs] = 78;  // past the last pair: untouched
    mve::dot_2x2_rows(x0, x1, w, len, pairs, s0, s1);
    for (int32_t r = 0; r < 2 * pairs; ++r) {
      EXPECT_EQ(s0[r], scalar_dot(x0, w + r * len, len));
      EXPECT_EQ(s1[r], scalar_dot(x1, w + r * len, len));
    }
    EXPECT_EQ(s0[2 * pairs], 77);
    EXPECT_EQ(s1[2 * pairs], 78);
  }
}

TEST(MveDotBlockOps, AdvancingLoadAndStoreMoveFourLanes) {
  int32_t src[8];
  for (int32_t& v : src) v = static_cast<int32_t>(g_rng.next());
  const int32_t* p = src;
  const mve::s32x4 a = mve::load_s32_advance(p);
  const mve::s32x4 b = mve::load_s32_advance(p);
  EXPECT_EQ(p - src, 8);
  int8_t out[9] = {0, 0, 0, 0, 0, 0, 0, 0, 55};
  int8_t* q = out;
  mve::store_s32_as_s8_advance(q, mve::min_s32(mve::max_s32(a, mve::dup_s32(-128)), mve::dup_s32(127)));
  mve::store_s32_as_s8_advance(q, mve::min_s32(mve::max_s32(b, mve::dup_s32(-128)), mve::dup_s32(127)));
  EXPECT_EQ(q - out, 8);
  for (int i = 0; i < 8; ++i) {
    const int32_t want = src[i] < -128 ? -128 : src[i] > 127 ? 127 : src[i];
    EXPECT_EQ(int32_t{out[i]}, want);
  }
  EXPECT_EQ(int32_t{out[8]}, 55);
}

TEST(MveDotBlockOps, Dot1x2EqualsScalarForEveryLength) {
  for (int32_t len = 0; len <= 150; ++len) {  // 64-byte iterations, 16-byte steps and tails
    int8_t x[151], w0[151], w1[151];
    for (int32_t i = 0; i < len; ++i) x[i] = value(len), w0[i] = value(len), w1[i] = value(len);
    const mve::Dot2 d = mve::dot_1x2(x, w0, w1, len);
    EXPECT_EQ(d.w0, scalar_dot(x, w0, len));
    EXPECT_EQ(d.w1, scalar_dot(x, w1, len));
  }
}
