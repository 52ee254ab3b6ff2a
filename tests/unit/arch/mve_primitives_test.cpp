// The MVE seam (src/arch/mve/mve.h) lane by lane against scalar definitions: on the host this
// checks the emulation, on Cortex-M55 (QEMU) the real Helium instructions, including the
// requantization sequence against TFLite's MultiplyByQuantizedMultiplier at its edge cases.
#include "arch/mve/mve.h"
#include "quant/fixed_point.h"
#include "test.h"
#include "test_data.h"

using namespace cmnn;

namespace {
test::Xorshift32 g_rng(4242u);

int32_t lane(mve::s32x4 v, int i) {
  int32_t out[4];
  int8_t bytes[4];
  (void)bytes;
#if CMNN_MVE_NATIVE
  vst1q_s32(out, v);
#else
  for (int k = 0; k < 4; ++k) out[k] = v.v[k];
#endif
  return out[i];
}
}  // namespace

TEST(Mve, RequantizeEqualsTfliteOnFourLanes) {
  const int32_t edge_x[] = {0, 1, -1, INT32_MAX, INT32_MIN, 12345, -12345, 1 << 20, -(1 << 20), 3, -3, 5, -5};
  const int32_t edge_m[] = {1 << 30, INT32_MAX, 1073741825, 1518500250, 0};
  int cases = 0;
  for (int iter = 0; iter < 4000; ++iter) {
    int32_t x[4], m[4], s[4];
    for (int i = 0; i < 4; ++i) {
      x[i] = iter % 3 == 0 ? edge_x[g_rng.next() % (sizeof edge_x / sizeof edge_x[0])] : static_cast<int32_t>(g_rng.next());
      m[i] = iter % 5 == 0 ? edge_m[g_rng.next() % (sizeof edge_m / sizeof edge_m[0])]
                           : g_rng.pick(1 << 30, INT32_MAX);
      s[i] = g_rng.pick(-31, 7);
    }
    mve::s32x4 vx = mve::dup_s32(0), vm = mve::dup_s32(0), vs = mve::dup_s32(0);
    for (int i = 0; i < 4; ++i) {
      vx = mve::set_lane(vx, x[i], i);
      vm = mve::set_lane(vm, m[i], i);
      vs = mve::set_lane(vs, s[i], i);
    }
    const mve::s32x4 r = mve::requantize(vx, vm, vs);
    for (int i = 0; i < 4; ++i) {
      EXPECT_EQ(lane(r, i), quant::multiply_by_quantized_multiplier(x[i], m[i], s[i]));
      ++cases;
    }
  }
  EXPECT_EQ(cases, 16000);
}

TEST(Mve, DotSumLoadsAndTails) {
  int8_t a[40], b[40];
  for (int i = 0; i < 40; ++i) {
    a[i] = static_cast<int8_t>(g_rng.next());
    b[i] = static_cast<int8_t>(g_rng.next());
  }
  a[0] = b[0] = -128;
  int cases = 0;
  for (int n = 0; n <= 16; ++n) {
    const mve::pred p = mve::tail_8(n);
    const mve::s8x16 va = mve::load_s8_z(a, p), vb = mve::load_s8_z(b, p);
    int32_t dot = 1000, sum = -7;
    for (int i = 0; i < n; ++i) {
      dot += a[i] * b[i];
      sum += a[i];
    }
    EXPECT_EQ(mve::dot_acc(1000, va, vb), dot);
    EXPECT_EQ(mve::sum_acc(-7, va), sum);
    ++cases;
  }
  for (int n = 0; n <= 4; ++n) {
    const mve::pred p = mve::tail_32(n);
    const mve::s32x4 w = mve::load_s8_to_s32_z(a + 3, p);
    for (int i = 0; i < 4; ++i) EXPECT_EQ(lane(w, i), i < n ? int32_t{a[3 + i]} : 0);
    int8_t out[4] = {9, 9, 9, 9};
    mve::store_s32_as_s8(out, mve::max_s32(mve::min_s32(w, mve::dup_s32(100)), mve::dup_s32(-100)), p);
    for (int i = 0; i < 4; ++i) {
      const int32_t clamped = a[3 + i] > 100 ? 100 : a[3 + i] < -100 ? -100 : a[3 + i];
      EXPECT_EQ(int32_t{out[i]}, i < n ? clamped : 9);
    }
    ++cases;
  }
  EXPECT_EQ(mve::dot_acc(0, mve::load_s8(a), mve::load_s8(b)), [&] {
    int32_t s = 0;
    for (int i = 0; i < 16; ++i) s += a[i] * b[i];
    return s;
  }());
  EXPECT_EQ(cases, 22);
}
