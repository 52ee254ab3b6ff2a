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

TEST(MveS4Ops, PredicatedDeinterleaveAndStep) {
  int checks = 0;
  for (int iter = 0; iter < 100; ++iter) {
    // 32 bytes of which only the first 2 * pairs may be read (the rest are the guard 0x5A,
    // whose lanes must come back zero).
    int8_t x[32], got[16];
    const int32_t pairs = iter % 17;
    for (int i = 0; i < 32; ++i) x[i] = i < 2 * pairs ? static_cast<int8_t>(g_s4_rng.next()) : int8_t{0x5A};
    const mve::s8x16x2 d = mve::load_deinterleave_s8_z(x, pairs);
    lanes8(d.even, got);
    for (int i = 0; i < 16; ++i) EXPECT_EQ(int32_t{got[i]}, i < pairs ? int32_t{x[2 * i]} : 0);
    lanes8(d.odd, got);
    for (int i = 0; i < 16; ++i) EXPECT_EQ(int32_t{got[i]}, i < pairs ? int32_t{x[2 * i + 1]} : 0);
    // s4_step: the int4 dot product and weight sum of 32 elements, from the packing definition.
    uint8_t packed[16];
    for (int i = 0; i < 16; ++i) packed[i] = static_cast<uint8_t>(iter % 10 == 0 ? 0x88 : g_s4_rng.next());
    int8_t full[32];
    for (int i = 0; i < 32; ++i) full[i] = static_cast<int8_t>(iter % 10 == 0 ? -128 : static_cast<int32_t>(g_s4_rng.next()));
    const mve::S4Sums start{static_cast<int32_t>(g_s4_rng.next() >> 4), iter};
    const mve::S4Sums s = mve::s4_step(start, mve::load_deinterleave_s8(full), mve::load_s8(reinterpret_cast<const int8_t*>(packed)));
    int32_t dot = start.dot, wsum = start.wsum;
    for (int k = 0; k < 32; ++k) {
      const int32_t w = nibble(packed[k / 2], (k & 1) != 0);
      dot += full[k] * w, wsum += w;
    }
    EXPECT_EQ(s.dot, dot);
    EXPECT_EQ(s.wsum, wsum);
    checks += 34;
  }
  platform::print("    %d values checked\n", checks);
}
