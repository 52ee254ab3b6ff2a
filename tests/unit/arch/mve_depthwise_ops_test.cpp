// The depthwise MVE primitives (src/arch/mve/depthwise_ops.h) lane by lane against scalar
// definitions: the emulation on the host, the Helium instructions on Cortex-M55 (QEMU).
#include <cstring>

#include "arch/mve/depthwise_ops.h"
#include "quant/fixed_point.h"
#include "test.h"
#include "test_data.h"

using namespace cmnn;

namespace {
test::Xorshift32 g_rng(777u);

int32_t lane_of(mve::s32x4 v, int i) {
  int32_t out[4];
  mve::store_s32(out, v);
  return out[i];
}

mve::s32x4 vec(const int32_t* x) { return mve::load_s32(x); }

int32_t wrap_add(int32_t a, int32_t b) { return static_cast<int32_t>(static_cast<uint32_t>(a) + static_cast<uint32_t>(b)); }
int32_t wrap_mul(int32_t a, int32_t b) { return static_cast<int32_t>(static_cast<uint32_t>(a) * static_cast<uint32_t>(b)); }

int32_t draw() {
  static const int32_t kEdges[] = {0, 1, -1, 127, -128, 255, INT32_MAX, INT32_MIN, 65536, -65536};
  return g_rng.next() % 3 == 0 ? kEdges[g_rng.next() % 10] : static_cast<int32_t>(g_rng.next());
}
}  // namespace

TEST(MveDepthwise, LoadsAndStores) {
  int8_t bytes[8];
  int32_t words[4], back[4];
  int cases = 0;
  for (int iter = 0; iter < 200; ++iter) {
    for (int i = 0; i < 8; ++i) bytes[i] = static_cast<int8_t>(g_rng.next());
    if (iter == 0) bytes[1] = -128, bytes[2] = 127;
    for (int i = 0; i < 4; ++i) words[i] = draw();
    const mve::s32x4 b = mve::load_s8_to_s32(bytes + iter % 4), w = mve::load_s32(words);
    for (int i = 0; i < 4; ++i) {
      EXPECT_EQ(lane_of(b, i), int32_t{bytes[iter % 4 + i]});
      EXPECT_EQ(lane_of(w, i), words[i]);
    }
    mve::store_s32(back, w);
    for (int i = 0; i < 4; ++i) EXPECT_EQ(back[i], words[i]);
    ++cases;
  }
  EXPECT_EQ(cases, 200);
}

TEST(MveDepthwise, LaneArithmeticWraps) {
  int cases = 0;
  for (int iter = 0; iter < 2000; ++iter) {
    int32_t acc[4], a[4], b[4];
    for (int i = 0; i < 4; ++i) acc[i] = draw(), a[i] = draw(), b[i] = draw();
    const int32_t s = draw();
    const mve::s32x4 va = vec(a), vb = vec(b), vacc = vec(acc);
    const mve::s32x4 mul = mve::mul_s32(va, vb), mac = mve::mac_s32(vacc, va, vb);
    const mve::s32x4 mla = mve::mla_n_s32(vacc, va, s), addn = mve::add_n_s32(va, s);
    for (int i = 0; i < 4; ++i) {
      EXPECT_EQ(lane_of(mul, i), wrap_mul(a[i], b[i]));
      EXPECT_EQ(lane_of(mac, i), wrap_add(acc[i], wrap_mul(a[i], b[i])));
      EXPECT_EQ(lane_of(mla, i), wrap_add(acc[i], wrap_mul(a[i], s)));
      EXPECT_EQ(lane_of(addn, i), wrap_add(a[i], s));
      ++cases;
    }
  }
  EXPECT_EQ(cases, 8000);
}

TEST(MveDepthwise, RequantizeClampEqualsTflite) {
  static const int32_t kZeroPoints[] = {-128, 127, 0, -3, 50};
  int cases = 0;
  for (int iter = 0; iter < 3000; ++iter) {
    int32_t x[4], m[4], s[4];
    for (int i = 0; i < 4; ++i) {
      x[i] = draw();
      m[i] = iter % 7 == 0 ? INT32_MAX : iter % 11 == 0 ? 0 : g_rng.pick(1 << 30, INT32_MAX);
      s[i] = g_rng.pick(-31, 7);
      if (s[i] > 0) x[i] = static_cast<int32_t>(static_cast<uint32_t>(x[i]) >> 8) - (1 << 23);  // no int32 overflow in the definition
    }
    const int32_t zp = kZeroPoints[g_rng.next() % 5];
    const int32_t lo = iter % 2 == 0 ? -128 : g_rng.pick(-128, 20);
    const int32_t hi = iter % 2 == 0 ? 127 : g_rng.pick(lo, 127);
    const mve::s32x4 r = mve::requantize_clamp(vec(x), vec(m), vec(s), zp, lo, hi);
    for (int i = 0; i < 4; ++i) {
      EXPECT_EQ(lane_of(r, i), int32_t{quant::requantize_to_s8(x[i], m[i], s[i], zp, lo, hi)});
      ++cases;
    }
  }
  EXPECT_EQ(cases, 12000);
}

TEST(MveDepthwise, RequantizeRightShiftEqualsTflite) {
  static const int32_t kZeroPoints[] = {-128, 127, 0, -3, 50};
  int cases = 0;
  for (int iter = 0; iter < 3000; ++iter) {
    int32_t x[4], m[4], s[4];
    for (int i = 0; i < 4; ++i) {
      x[i] = draw();
      m[i] = iter % 7 == 0 ? INT32_MAX : iter % 11 == 0 ? 0 : g_rng.pick(1 << 30, INT32_MAX);
      s[i] = iter % 13 == 0 ? -1 : iter % 17 == 0 ? -31 : g_rng.pick(-31, -1);
    }
    const int32_t zp = kZeroPoints[g_rng.next() % 5];
    const int32_t lo = iter % 2 == 0 ? -128 : g_rng.pick(-128, 20);
    const int32_t hi = iter % 2 == 0 ? 127 : g_rng.pick(lo, 127);
    const mve::s32x4 r = mve::requantize_right_clamp(vec(x), vec(m), vec(s), zp, lo, hi);
    for (int i = 0; i < 4; ++i) {
      EXPECT_EQ(lane_of(r, i), int32_t{quant::requantize_to_s8(x[i], m[i], s[i], zp, lo, hi)});
      ++cases;
    }
  }
  EXPECT_EQ(cases, 12000);
}

TEST(MveDepthwise, Row3Block4) {
  int cases = 0;
  for (int iter = 0; iter < 300; ++iter) {
    int8_t x[4 * 12], w[16];
    for (auto& v : x) v = static_cast<int8_t>(g_rng.next());
    for (auto& v : w) v = static_cast<int8_t>(g_rng.next());
    if (iter == 0) {
      for (auto& v : x) v = -128;
      for (auto& v : w) v = -128;
    }
    int32_t init[4][4];
    for (auto& row : init)
      for (auto& v : row) v = draw();
    for (int stride = 1; stride <= 2; ++stride) {
      mve::s32x4 a[4] = {vec(init[0]), vec(init[1]), vec(init[2]), vec(init[3])};
      if (stride == 1) mve::row3_block4<1>(a[0], a[1], a[2], a[3], x, w);
      else mve::row3_block4<2>(a[0], a[1], a[2], a[3], x, w);
      for (int j = 0; j < 4; ++j) {
        for (int i = 0; i < 4; ++i) {
          int32_t want = init[j][i];
          for (int kx = 0; kx < 3; ++kx) want = wrap_add(want, int32_t{x[4 * (j * stride + kx) + i]} * int32_t{w[4 * kx + i]});
          EXPECT_EQ(lane_of(a[j], i), want);
          ++cases;
        }
      }
    }
  }
  EXPECT_EQ(cases, 300 * 2 * 16);
}

TEST(MveDepthwise, Taps9Block1) {
  int cases = 0;
  for (int iter = 0; iter < 300; ++iter) {
    int8_t rows[3][12], w[36];  // three input rows of 3 cells, 9 weight cells
    for (auto& r : rows)
      for (auto& v : r) v = static_cast<int8_t>(g_rng.next());
    for (auto& v : w) v = static_cast<int8_t>(g_rng.next());
    if (iter == 0) {
      for (auto& r : rows)
        for (auto& v : r) v = -128;
      for (auto& v : w) v = -128;
    }
    int32_t init[4];
    for (auto& v : init) v = draw();
    const mve::s32x4 a = mve::taps9_block1(vec(init), rows[0], rows[1], rows[2], w);
    for (int i = 0; i < 4; ++i) {
      int32_t want = init[i];
      for (int t = 0; t < 9; ++t) want = wrap_add(want, int32_t{rows[t / 3][4 * (t % 3) + i]} * int32_t{w[4 * t + i]});
      EXPECT_EQ(lane_of(a, i), want);
      ++cases;
    }
  }
  EXPECT_EQ(cases, 300 * 4);
}

TEST(MveDepthwise, ScatterCells) {
  alignas(16) int8_t dst[256];
  int8_t src[16];
  int cases = 0;
  for (int iter = 0; iter < 50; ++iter) {
    for (auto& v : src) v = static_cast<int8_t>(g_rng.next());
    std::memset(dst, 0x55, sizeof dst);
    const int32_t step = 4 * (1 + iter % 15);
    int32_t offs[4] = {0, step, 2 * step, 3 * step};
    mve::scatter_cells4(dst + 4 * (iter % 4), src, vec(offs));
    for (int i = 0; i < 256; ++i) {
      int8_t want = 0x55;
      const int rel = i - 4 * (iter % 4);
      for (int c = 0; c < 4; ++c) {
        if (rel >= offs[c] && rel < offs[c] + 4) want = src[4 * c + rel - offs[c]];
      }
      EXPECT_EQ(dst[i], want);
    }
    ++cases;
  }
  EXPECT_EQ(cases, 50);
}
