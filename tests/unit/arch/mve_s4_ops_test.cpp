// src/arch/mve/s4_ops.h lane by lane: on the host the emulation, on Cortex-M55 (QEMU) the Helium
// instructions (VLD20/VLD21.8 deinterleaving load, VSHL.I8 + VSHR.S8 low-nibble and VSHR.S8
// high-nibble sign extension), against values worked out here from the packing definition.
#include "arch/mve/s4_ops.h"
#include "test.h"
#include "test_data.h"

using namespace cmnn;

namespace {
test::Xorshift32 g_s4_rng(0x54u);

void lanes8(mve::s8x16 v, int8_t* out) {
#if CMNN_MVE_NATIVE
  vst1q_s8(out, v);
#else
  for (int k = 0; k < 16; ++k) out[k] = v.v[k];
#endif
}

int32_t nibble(uint8_t byte, bool high) {
  const int32_t n = high ? byte >> 4 : byte & 0xF;
  return n >= 8 ? n - 16 : n;
}
}  // namespace

TEST(MveS4Ops, DeinterleaveAndNibbles) {
  int checks = 0;
  for (int iter = 0; iter < 100; ++iter) {
    int8_t x[32], got[16];
    uint8_t packed[16];
    for (int i = 0; i < 32; ++i) x[i] = static_cast<int8_t>(g_s4_rng.next());
    for (int i = 0; i < 16; ++i) {
      // Every nibble value in both halves over the iterations, and random bytes.
      packed[i] = static_cast<uint8_t>(iter < 16 ? (iter << 4) | i : g_s4_rng.next());
    }
    const mve::s8x16x2 d = mve::load_deinterleave_s8(x);
    lanes8(d.even, got);
    for (int i = 0; i < 16; ++i) EXPECT_EQ(int32_t{got[i]}, int32_t{x[2 * i]});
    lanes8(d.odd, got);
    for (int i = 0; i < 16; ++i) EXPECT_EQ(int32_t{got[i]}, int32_t{x[2 * i + 1]});
    const mve::s8x16 b = mve::load_s8(reinterpret_cast<const int8_t*>(packed));
    lanes8(mve::s4_low(b), got);
    for (int i = 0; i < 16; ++i) EXPECT_EQ(int32_t{got[i]}, nibble(packed[i], false));
    lanes8(mve::s4_high(b), got);
    for (int i = 0; i < 16; ++i) EXPECT_EQ(int32_t{got[i]}, nibble(packed[i], true));
    checks += 64;
  }
  platform::print("    %d lanes checked\n", checks);
}
