// add_s16 / mul_s16 variants against their references (the last table entry) on seeded random
// sizes (every 4-lane tail), extreme values, multipliers, shifts of both signs (both paths of the
// mve variants), clamps, guard bytes and aliasing; one profiler region per native variant on a
// 4096-element tensor (docs/measurement.md: compare the regions under QEMU with cmnn-prof).
#include <cstring>

#include "cmnn/elementwise.h"
#include "test.h"
#include "test_data.h"

using namespace cmnn;

namespace {
test::Xorshift32 g_s16_rng(0x16A0u);
constexpr uint8_t kS16Unwritten = 0xA5;

int16_t* random_s16(size_t n, int iter) {
  int16_t* p = test::arena_alloc<int16_t>(n);
  for (size_t i = 0; p != nullptr && i < n; ++i) {
    const int32_t edge = g_s16_rng.next() & 1 ? -32768 : 32767;
    p[i] = static_cast<int16_t>(iter % 6 == 0 ? edge : static_cast<int32_t>(g_s16_rng.next()));
  }
  return p;
}

void random_clamp(int32_t* lo, int32_t* hi) {
  *lo = g_s16_rng.next() % 4 == 0 ? g_s16_rng.pick(-32768, 0) : -32768;
  *hi = g_s16_rng.next() % 4 == 0 ? g_s16_rng.pick(*lo, 32767) : 32767;
}

// Every variant but the last (the reference) against it on one call; returns the variant runs.
template <typename P, typename V, typename Run>
int compare_with_ref(const P& p, const V* table, size_t count, const int16_t* x, const int16_t* y, Run run,
                     int* mve_runs) {
  const auto n = static_cast<size_t>(p.size);
  int16_t* want = test::arena_alloc<int16_t>(n);
  int16_t* got = test::guarded_array<int16_t>(n);
  int16_t* alias = test::arena_alloc<int16_t>(n);
  if (want == nullptr || got == nullptr || alias == nullptr) return -1;
  if (run(table[count - 1], p, BinaryArgs<int16_t>{x, y, want}) != Status::kOk) return -1;
  int runs = 0;
  for (size_t v = 0; v + 1 < count; ++v) {
    if (!isa_runnable(table[v].isa) || !table[v].supports(p)) continue;
    std::memset(got, kS16Unwritten, n * 2);
    if (run(table[v], p, BinaryArgs<int16_t>{x, y, got}) != Status::kOk) return -1;
    EXPECT_BYTES_EQ(got, want, n * 2);
    EXPECT_TRUE(test::guards_intact(got, n));
    std::memcpy(alias, y, n * 2);
    if (run(table[v], p, BinaryArgs<int16_t>{x, alias, alias}) != Status::kOk) return -1;
    EXPECT_BYTES_EQ(alias, want, n * 2);
    ++runs;
    if (table[v].isa == Isa::kMve) ++*mve_runs;
  }
  return runs;
}
}  // namespace

TEST(AddS16, VariantsMatchReference) {
  size_t count = 0;
  const auto* table = add_s16_variants(&count);
  int compared = 0, mve_runs = 0;
  for (int iter = 0; iter < 150; ++iter) {
    const size_t mark = test::arena_mark();
    AddParams p;
    p.size = iter % 3 == 0 ? g_s16_rng.pick(200, 600) : g_s16_rng.pick(1, 40);
    const int32_t mults[] = {1 << 30, INT32_MAX, 0, g_s16_rng.pick(1 << 30, INT32_MAX), g_s16_rng.pick(0, INT32_MAX)};
    p.input1_multiplier = mults[g_s16_rng.next() % 5];
    p.input2_multiplier = mults[g_s16_rng.next() % 5];
    p.output_multiplier = mults[g_s16_rng.next() % 5];
    // Every fifth call left-shifting multipliers (add_s16.mve's general path).
    const bool left = iter % 5 == 4;
    p.input1_shift = g_s16_rng.pick(-8, left ? 8 : 0);
    p.input2_shift = g_s16_rng.pick(-8, left ? 8 : 0);
    p.output_shift = left ? g_s16_rng.pick(-20, 4) : g_s16_rng.pick(-20, -1);
    p.left_shift = iter % 2 == 0 ? 15 : g_s16_rng.pick(0, 15);
    random_clamp(&p.activation_min, &p.activation_max);
    const int16_t* x = random_s16(static_cast<size_t>(p.size), iter);
    const int16_t* y = random_s16(static_cast<size_t>(p.size), iter + 1);
    ASSERT_TRUE(x != nullptr && y != nullptr);
    const int runs = compare_with_ref(p, table, count, x, y, [](const auto& v, const AddParams& q, const auto& a) {
      return add_s16_run_variant(v, q, a, nullptr, 0);
    }, &mve_runs);
    ASSERT_GE(runs, 0);
    compared += runs;
    test::arena_rewind(mark);
    if (test::current_failed()) return;
  }
  platform::print("  %d variant runs compared with add_s16.ref (%d mve)\n", compared, mve_runs);
  if (isa_runnable(Isa::kMve)) EXPECT_EQ(mve_runs, 150);
}

TEST(MulS16, VariantsMatchReference) {
  size_t count = 0;
  const auto* table = mul_s16_variants(&count);
  int compared = 0, mve_runs = 0;
  for (int iter = 0; iter < 150; ++iter) {
    const size_t mark = test::arena_mark();
    MulParams p;
    p.size = iter % 3 == 0 ? g_s16_rng.pick(200, 600) : g_s16_rng.pick(1, 40);
    const int32_t mults[] = {1 << 30, INT32_MAX, 0, g_s16_rng.pick(1 << 30, INT32_MAX), g_s16_rng.pick(0, INT32_MAX)};
    p.output_multiplier = mults[g_s16_rng.next() % 5];
    // Every fourth call a zero or left shift (mul_s16.mve's general path; products wrap as in the ref).
    p.output_shift = iter % 4 == 3 ? g_s16_rng.pick(0, 30) : g_s16_rng.pick(-31, -1);
    p.activation_min = -32768;
    p.activation_max = 32767;
    random_clamp(&p.activation_min, &p.activation_max);
    const int16_t* x = random_s16(static_cast<size_t>(p.size), iter);
    const int16_t* y = random_s16(static_cast<size_t>(p.size), iter + 2);
    ASSERT_TRUE(x != nullptr && y != nullptr);
    const int runs = compare_with_ref(p, table, count, x, y, [](const auto& v, const MulParams& q, const auto& a) {
      return mul_s16_run_variant(v, q, a, nullptr, 0);
    }, &mve_runs);
    ASSERT_GE(runs, 0);
    compared += runs;
    test::arena_rewind(mark);
    if (test::current_failed()) return;
  }
  platform::print("  %d variant runs compared with mul_s16.ref (%d mve)\n", compared, mve_runs);
  if (isa_runnable(Isa::kMve)) EXPECT_EQ(mve_runs, 150);
}

// Not a check of speed: regions for cmnn-prof (docs/variants.md's add_s16 / mul_s16 figures).
TEST(ElementwiseS16, ProfileRegions) {
  constexpr int32_t kSize = 4096;
  const int16_t* x = random_s16(kSize, 1);
  const int16_t* y = random_s16(kSize, 1);
  int16_t* out = test::arena_alloc<int16_t>(kSize);
  int16_t* first = test::arena_alloc<int16_t>(kSize);
  ASSERT_TRUE(x != nullptr && y != nullptr && out != nullptr && first != nullptr);
  AddParams ap;  // TFLite-like int16 ADD: left_shift 15, input multipliers below 1/2
  ap.size = kSize;
  ap.left_shift = 15;
  ap.input1_multiplier = 1518500250, ap.input1_shift = -1;
  ap.input2_multiplier = 1073741824, ap.input2_shift = 0;
  ap.output_multiplier = 1657902019, ap.output_shift = -15;
  ap.activation_min = -32768, ap.activation_max = 32767;
  MulParams mp;
  mp.size = kSize;
  mp.output_multiplier = 1657902019, mp.output_shift = -16;
  mp.activation_min = -32768, mp.activation_max = 32767;
  size_t n = 0;
  const auto* add = add_s16_variants(&n);
  int ran = 0;
  for (size_t v = 0; v < n; ++v) {
    if (!isa_native(add[v].isa)) continue;
    platform::profile_begin(add[v].id);
    const Status s = add_s16_run_variant(add[v], ap, BinaryArgs<int16_t>{x, y, out}, nullptr, 0);
    platform::profile_end();
    ASSERT_EQ(s, Status::kOk);
    if (ran++ == 0) std::memcpy(first, out, kSize * 2);
    else EXPECT_BYTES_EQ(out, first, kSize * 2);
  }
  const auto* mul = mul_s16_variants(&n);
  ran = 0;
  for (size_t v = 0; v < n; ++v) {
    if (!isa_native(mul[v].isa)) continue;
    platform::profile_begin(mul[v].id);
    const Status s = mul_s16_run_variant(mul[v], mp, BinaryArgs<int16_t>{x, y, out}, nullptr, 0);
    platform::profile_end();
    ASSERT_EQ(s, Status::kOk);
    if (ran++ == 0) std::memcpy(first, out, kSize * 2);
    else EXPECT_BYTES_EQ(out, first, kSize * 2);
  }
  EXPECT_GT(ran, 0);
}
