// src/arch/mve/softmax_ops.h lane by lane: on the host the emulation, on Cortex-M55 (QEMU) the
// Helium instructions (VQRDMULH, VSUB, VAND, VCMP GE/EQ/LT into predicates, VPSEL, VADDVA.S32,
// VMAXV.S8). Predicates are checked through select_s32, the way the kernels use them.
#include "arch/mve/softmax_ops.h"
#include "test.h"
#include "test_data.h"

using namespace cmnn;

namespace {
test::Xorshift32 g_smo_rng(0x50A5u);

void lanes32(mve::s32x4 v, int32_t* out) {
#if CMNN_MVE_NATIVE
  vst1q_s32(out, v);
#else
  for (int k = 0; k < 4; ++k) out[k] = v.v[k];
#endif
}
mve::s32x4 make(const int32_t* x) {
  mve::s32x4 v = mve::dup_s32(x[0]);
  for (int i = 1; i < 4; ++i) v = mve::set_lane(v, x[i], i);
  return v;
}
int32_t edge_or_random(int iter) {
  const int32_t edges[] = {INT32_MIN, INT32_MAX, 0, -1, 1};
  return iter % 3 == 0 ? edges[g_smo_rng.next() % 5] : static_cast<int32_t>(g_smo_rng.next());
}
}  // namespace

TEST(MveSoftmaxOps, ArithmeticComparesAndSelect) {
  int checks = 0;
  for (int iter = 0; iter < 300; ++iter) {
    int32_t a[4], b[4], got[4];
    for (int i = 0; i < 4; ++i) a[i] = edge_or_random(iter), b[i] = edge_or_random(iter + i);
    const mve::s32x4 va = make(a), vb = make(b);
    const int32_t n = iter % 2 == 0 ? b[0] : a[iter % 4];
    const int32_t bit = static_cast<int32_t>(g_smo_rng.next() % 32);
    lanes32(mve::qrdmulh_s32(va, vb), got);
    for (int i = 0; i < 4; ++i) EXPECT_EQ(got[i], quant::doubling_high_mul(a[i], b[i]));
    lanes32(mve::sub_s32(va, vb), got);
    for (int i = 0; i < 4; ++i) EXPECT_EQ(got[i], static_cast<int32_t>(static_cast<uint32_t>(a[i]) - static_cast<uint32_t>(b[i])));
    lanes32(mve::and_s32(va, vb), got);
    for (int i = 0; i < 4; ++i) EXPECT_EQ(got[i], a[i] & b[i]);
    lanes32(mve::select_s32(va, vb, mve::ge_n_s32(va, n)), got);
    for (int i = 0; i < 4; ++i) EXPECT_EQ(got[i], a[i] >= n ? a[i] : b[i]);
    lanes32(mve::select_s32(va, vb, mve::eq_n_s32(va, n)), got);
    for (int i = 0; i < 4; ++i) EXPECT_EQ(got[i], a[i] == n ? a[i] : b[i]);
    lanes32(mve::select_s32(va, vb, mve::bit_set_s32(va, bit)), got);
    for (int i = 0; i < 4; ++i) EXPECT_EQ(got[i], (static_cast<uint32_t>(a[i]) >> bit) & 1u ? a[i] : b[i]);
    uint32_t sum = static_cast<uint32_t>(n);
    for (int i = 0; i < 4; ++i) sum += static_cast<uint32_t>(a[i]);
    EXPECT_EQ(mve::add_across_s32(n, va), static_cast<int32_t>(sum));
    ++checks;
  }
  EXPECT_EQ(checks, 300);
}

TEST(MveSoftmaxOps, MaxAcrossS8) {
  for (int iter = 0; iter < 200; ++iter) {
    int8_t x[16];
    for (int i = 0; i < 16; ++i) x[i] = static_cast<int8_t>(iter % 4 == 0 ? -128 : static_cast<int32_t>(g_smo_rng.next()));
    const int32_t init = static_cast<int8_t>(g_smo_rng.next());
    int32_t want = init;
    for (int i = 0; i < 16; ++i) want = x[i] > want ? x[i] : want;
    EXPECT_EQ(mve::max_across_s8(init, mve::load_s8(x)), want);
  }
}
