// mul_broadcast_s8 / _s16 and add_broadcast_s8 / _s16: every runnable variant against the table's
// last (the ref) on random 6-D broadcasts (each input dim equal to the output's or 1; the innermost run 1..40 long, so both
// broadcast and loaded innermost inputs, every 4-lane tail and rows the mve variant leaves to the
// ref), output shifts of both signs, random offsets and activation limits, guard bytes.
#include <cstring>

#include "cmnn/elementwise.h"
#include "test.h"
#include "test_data.h"

using namespace cmnn;

namespace {
test::Xorshift32 g_mb_rng(0x3B0Cu);

// MUL's quantization: random multiplier, shifts of both signs, offsets (int8), limits.
template <typename T>
void random_quant(MulBroadcastParams* q, int iter) {
  MulBroadcastParams& p = *q;
  constexpr int32_t kLo = sizeof(T) == 1 ? -128 : -32768, kHi = sizeof(T) == 1 ? 127 : 32767;
  if (sizeof(T) == 1) {
    p.input1_offset = g_mb_rng.pick(-127, 128), p.input2_offset = g_mb_rng.pick(-127, 128);
    p.output_offset = g_mb_rng.pick(-128, 127);
  }
  p.output_multiplier = g_mb_rng.pick(1 << 30, INT32_MAX);
  p.output_shift = iter % 4 == 0 ? g_mb_rng.pick(0, 2) : g_mb_rng.pick(sizeof(T) == 1 ? -12 : -20, -1);
  p.activation_min = g_mb_rng.next() & 1 ? kLo : g_mb_rng.pick(kLo, 0);
  p.activation_max = g_mb_rng.next() & 1 ? kHi : g_mb_rng.pick(0, kHi);
}
// ADD's, from random scales and zero points through add_broadcast_params (TFLM's derivation).
template <typename T>
void random_quant(ArithmeticBroadcastParams* q, int) {
  constexpr bool kS16 = sizeof(T) == 2;
  const float s1 = 0.01f * static_cast<float>(g_mb_rng.pick(1, 100)), s2 = 0.01f * static_cast<float>(g_mb_rng.pick(1, 100));
  const float so = 0.01f * static_cast<float>(g_mb_rng.pick(1, 300));
  const int32_t z1 = kS16 ? 0 : g_mb_rng.pick(-128, 127), z2 = kS16 ? 0 : g_mb_rng.pick(-128, 127);
  const int32_t zo = kS16 ? 0 : g_mb_rng.pick(-128, 127);
  const int32_t lo = kS16 ? -32768 : -128, hi = kS16 ? 32767 : 127;
  const ArithmeticBroadcastParams p = add_broadcast_params(s1, z1, s2, z2, so, zo, lo, hi, kS16);
  // Keep the dims set by the caller.
  ArithmeticBroadcastParams r = p;
  std::memcpy(r.input1_dims, q->input1_dims, sizeof r.input1_dims);
  std::memcpy(r.input2_dims, q->input2_dims, sizeof r.input2_dims);
  std::memcpy(r.output_dims, q->output_dims, sizeof r.output_dims);
  *q = r;
}

template <typename P, typename T>
int broadcast_sweep(const Variant<P, BinaryArgs<T>>* table, size_t count,
                    Status (*run)(const Variant<P, BinaryArgs<T>>&, const P&, const BinaryArgs<T>&, void*, size_t),
                    int* mve_runs) {
  int compared = 0;
  for (int iter = 0; iter < 150; ++iter) {
    const size_t mark = test::arena_mark();
    P p;
    size_t n1 = 1, n2 = 1, no = 1;
    for (int d = 0; d < kMaxBroadcastRank; ++d) {
      const int32_t od = d == kMaxBroadcastRank - 1 ? g_mb_rng.pick(1, 40) : g_mb_rng.pick(1, 3);
      p.output_dims[d] = od;
      const int32_t which = g_mb_rng.pick(0, 2);  // 0: both full, 1: input1 broadcast, 2: input2 broadcast
      p.input1_dims[d] = which == 1 ? 1 : od;
      p.input2_dims[d] = which == 2 ? 1 : od;
      n1 *= static_cast<size_t>(p.input1_dims[d]), n2 *= static_cast<size_t>(p.input2_dims[d]);
      no *= static_cast<size_t>(od);
    }
    random_quant<T>(&p, iter);
    T* x = test::arena_alloc<T>(n1);
    T* y = test::arena_alloc<T>(n2);
    T* want = test::arena_alloc<T>(no);
    T* got = test::guarded_array<T>(no);
    if (!(x && y && want && got)) return -1;
    for (size_t i = 0; i < n1; ++i) x[i] = static_cast<T>(g_mb_rng.next());
    for (size_t i = 0; i < n2; ++i) y[i] = static_cast<T>(g_mb_rng.next());
    if (run(table[count - 1], p, BinaryArgs<T>{x, y, want}, nullptr, 0) != Status::kOk) return -1;
    for (size_t v = 0; v + 1 < count; ++v) {
      if (!isa_runnable(table[v].isa) || !table[v].supports(p)) continue;
      std::memset(got, 0x5A, no * sizeof(T));
      if (run(table[v], p, BinaryArgs<T>{x, y, got}, nullptr, 0) != Status::kOk) return -1;
      if (std::memcmp(got, want, no * sizeof(T)) != 0 || !test::guards_intact(got, no)) return -1;
      ++compared;
      if (table[v].isa == Isa::kMve) ++*mve_runs;
    }
    test::arena_rewind(mark);
  }
  return compared;
}
}  // namespace

TEST(MulBroadcast, VariantsMatchReference) {
  size_t n8 = 0, n16 = 0;
  const auto* t8 = mul_broadcast_s8_variants(&n8);
  const auto* t16 = mul_broadcast_s16_variants(&n16);
  int mve8 = 0, mve16 = 0;
  const int c8 = broadcast_sweep(t8, n8, mul_broadcast_s8_run_variant, &mve8);
  const int c16 = broadcast_sweep(t16, n16, mul_broadcast_s16_run_variant, &mve16);
  EXPECT_GE(c8, 0);
  EXPECT_GE(c16, 0);
  platform::print("  %d int8 (%d mve) and %d int16 (%d mve) broadcast mul runs equal to the ref\n", c8, mve8, c16,
                  mve16);
  if (isa_runnable(Isa::kMve)) {
    EXPECT_GE(mve8, 100);  // innermost runs >= 4 in ~90 % of the cases
    EXPECT_GE(mve16, 100);
  }
}

TEST(AddBroadcast, VariantsMatchReference) {
  size_t n8 = 0, n16 = 0;
  const auto* t8 = add_broadcast_s8_variants(&n8);
  const auto* t16 = add_broadcast_s16_variants(&n16);
  int mve8 = 0, mve16 = 0;
  const int c8 = broadcast_sweep(t8, n8, add_broadcast_s8_run_variant, &mve8);
  const int c16 = broadcast_sweep(t16, n16, add_broadcast_s16_run_variant, &mve16);
  EXPECT_GE(c8, 0);
  EXPECT_GE(c16, 0);
  platform::print("  %d int8 (%d mve) and %d int16 (%d mve) broadcast add runs equal to the ref\n", c8, mve8, c16,
                  mve16);
  if (isa_runnable(Isa::kMve)) {
    EXPECT_GE(mve8, 100);
    EXPECT_GE(mve16, 100);
  }
}

// Not a check of speed: regions for cmnn-prof (docs/variants.md's mul_broadcast_s8 and
// add_broadcast_s8 figures): an 8x8x64 tensor with a per-channel 64-vector, and with a per-pixel
// 8x8x1 one.
template <typename P>
void profile_broadcast(P p, const Variant<P, BinaryArgs<int8_t>>* table, size_t count,
                       Status (*run)(const Variant<P, BinaryArgs<int8_t>>&, const P&, const BinaryArgs<int8_t>&, void*,
                                     size_t)) {
  struct Shape {
    const char* name;
    int32_t d2[kMaxBroadcastRank];
  };
  static const Shape shapes[] = {{"8x8x64 * 64", {1, 1, 1, 1, 1, 64}}, {"8x8x64 * 8x8x1", {1, 1, 1, 8, 8, 1}}};
  for (const Shape& s : shapes) {
    const size_t mark = test::arena_mark();
    const int32_t full[kMaxBroadcastRank] = {1, 1, 1, 8, 8, 64};
    std::memcpy(p.input1_dims, full, sizeof full);
    std::memcpy(p.output_dims, full, sizeof full);
    std::memcpy(p.input2_dims, s.d2, sizeof full);
    int8_t* x = test::arena_alloc<int8_t>(4096);
    int8_t* y = test::arena_alloc<int8_t>(64);
    int8_t* out = test::arena_alloc<int8_t>(4096);
    int8_t* first = test::arena_alloc<int8_t>(4096);
    ASSERT_TRUE(x && y && out && first);
    for (int i = 0; i < 4096; ++i) x[i] = static_cast<int8_t>(g_mb_rng.next());
    for (int i = 0; i < 64; ++i) y[i] = static_cast<int8_t>(g_mb_rng.next());
    int ran = 0;
    for (size_t v = 0; v < count; ++v) {
      if (!isa_native(table[v].isa) || !table[v].supports(p)) continue;
      char name[96];
      size_t n = 0;  // "<id> <shape>" without snprintf (newlib's pulls in the heap)
      for (const char* q = table[v].id; *q != '\0' && n + 2 < sizeof name; ++q) name[n++] = *q;
      name[n++] = ' ';
      for (const char* q = s.name; *q != '\0' && n + 1 < sizeof name; ++q) name[n++] = *q;
      name[n] = '\0';
      platform::profile_begin(name);
      const Status st = run(table[v], p, BinaryArgs<int8_t>{x, y, out}, nullptr, 0);
      platform::profile_end();
      ASSERT_EQ(st, Status::kOk);
      if (ran++ == 0) std::memcpy(first, out, 4096);
      else EXPECT_BYTES_EQ(out, first, 4096);
    }
    EXPECT_GT(ran, 0);
    test::arena_rewind(mark);
  }
}

TEST(Broadcast, ProfileRegions) {
  MulBroadcastParams m;
  m.input1_offset = 3, m.input2_offset = -5, m.output_offset = 1;
  m.output_multiplier = 1 << 30, m.output_shift = -7;
  size_t count = 0;
  const auto* tm = mul_broadcast_s8_variants(&count);
  profile_broadcast(m, tm, count, mul_broadcast_s8_run_variant);
  const ArithmeticBroadcastParams a = add_broadcast_params(0.05f, 3, 0.07f, -5, 0.1f, 1, -128, 127, false);
  const auto* ta = add_broadcast_s8_variants(&count);
  profile_broadcast(a, ta, count, add_broadcast_s8_run_variant);
}
