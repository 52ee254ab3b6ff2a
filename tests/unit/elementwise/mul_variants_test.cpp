// mul_s8 variants against mul_s8.ref on seeded random sizes (every 4-lane tail), extreme and
// random zero points, multipliers and shifts (right shifts, zero and left shifts: both paths of
// mul_s8.mve), clamps and guard bytes; one profiler region per native variant on a 4096-element
// tensor (docs/measurement.md: compare the regions under QEMU with cmnn-prof).
#include <cstring>

#include "cmnn/elementwise.h"
#include "test.h"
#include "test_data.h"

using namespace cmnn;

namespace {
test::Xorshift32 g_mul_rng(4242u);
constexpr uint8_t kMulUnwritten = 0x5A;

MulParams random_mul_params(int iter) {
  MulParams p;
  p.size = iter % 3 == 0 ? g_mul_rng.pick(200, 700) : g_mul_rng.pick(1, 40);
  const int32_t offsets[] = {-127, 128, 0, g_mul_rng.pick(-127, 128)};
  p.input1_offset = offsets[g_mul_rng.next() % 4];
  p.input2_offset = offsets[g_mul_rng.next() % 4];
  p.output_offset = g_mul_rng.pick(-128, 127);
  const int32_t mults[] = {1 << 30, INT32_MAX, 0, g_mul_rng.pick(1 << 30, INT32_MAX), g_mul_rng.pick(0, INT32_MAX)};
  p.output_multiplier = mults[g_mul_rng.next() % 5];
  // Every fourth call a zero or left shift (mul_s8.mve's general path; large ones wrap as in the ref).
  p.output_shift = iter % 4 == 3 ? g_mul_rng.pick(0, 30) : g_mul_rng.pick(-31, -1);
  p.activation_min = g_mul_rng.next() % 4 == 0 ? g_mul_rng.pick(-128, 0) : -128;
  p.activation_max = g_mul_rng.next() % 4 == 0 ? g_mul_rng.pick(p.activation_min, 127) : 127;
  return p;
}
}  // namespace

TEST(Mul, VariantsMatchReference) {
  size_t count = 0;
  const auto* table = mul_s8_variants(&count);
  int compared = 0, mve_runs = 0;
  for (int iter = 0; iter < 160; ++iter) {
    const size_t mark = test::arena_mark();
    const MulParams p = random_mul_params(iter);
    const auto n = static_cast<size_t>(p.size);
    int8_t* x = test::arena_alloc<int8_t>(n);
    int8_t* y = test::arena_alloc<int8_t>(n);
    for (size_t i = 0; i < n; ++i) {
      x[i] = static_cast<int8_t>(iter % 5 == 0 ? 127 : static_cast<int32_t>(g_mul_rng.next() & 0xFF) - 128);
      y[i] = static_cast<int8_t>(iter % 7 == 0 ? -128 : static_cast<int32_t>(g_mul_rng.next() & 0xFF) - 128);
    }
    int8_t* want = test::arena_alloc<int8_t>(n);
    int8_t* got = test::guarded_array<int8_t>(n);
    ASSERT_EQ(mul_s8_run_variant(table[count - 1], p, BinaryArgs<int8_t>{x, y, want}, nullptr, 0), Status::kOk);
    for (size_t v = 0; v + 1 < count; ++v) {
      if (!isa_runnable(table[v].isa) || !table[v].supports(p)) continue;
      std::memset(got, kMulUnwritten, n);
      ASSERT_EQ(mul_s8_run_variant(table[v], p, BinaryArgs<int8_t>{x, y, got}, nullptr, 0), Status::kOk);
      EXPECT_BYTES_EQ(got, want, n);
      EXPECT_TRUE(test::guards_intact(got, n));
      ++compared;
      if (table[v].isa == Isa::kMve) ++mve_runs;
    }
    test::arena_rewind(mark);
    if (test::current_failed()) return;
  }
  platform::print("  %d variant runs compared with mul_s8.ref (%d mve)\n", compared, mve_runs);
  if (isa_runnable(Isa::kMve)) EXPECT_EQ(mve_runs, 160);
}

TEST(Mul, OutputMayAliasInput) {
  int8_t x[37], y[37], want[37];
  for (int i = 0; i < 37; ++i) {
    x[i] = static_cast<int8_t>(i * 7 - 128);
    y[i] = static_cast<int8_t>(100 - i * 5);
  }
  MulParams p;
  p.size = 37;
  p.input1_offset = 3;
  p.input2_offset = -9;
  p.output_offset = 5;
  p.output_multiplier = 1518500250;
  p.output_shift = -7;
  size_t count = 0;
  const auto* table = mul_s8_variants(&count);
  ASSERT_EQ(mul_s8_run_variant(table[count - 1], p, BinaryArgs<int8_t>{x, y, want}, nullptr, 0), Status::kOk);
  for (size_t v = 0; v + 1 < count; ++v) {
    if (!isa_runnable(table[v].isa)) continue;
    int8_t io[37];
    std::memcpy(io, x, sizeof io);
    ASSERT_EQ(mul_s8_run_variant(table[v], p, BinaryArgs<int8_t>{io, y, io}, nullptr, 0), Status::kOk);
    EXPECT_BYTES_EQ(io, want, 37);
  }
}

// Not a check of speed: regions for cmnn-prof (e.g. docs/variants.md's mul_s8 figures).
TEST(Mul, ProfileRegions) {
  constexpr int32_t kSize = 4096;
  int8_t* x = test::arena_alloc<int8_t>(kSize);
  int8_t* y = test::arena_alloc<int8_t>(kSize);
  int8_t* out = test::arena_alloc<int8_t>(kSize);
  int8_t* first = test::arena_alloc<int8_t>(kSize);
  ASSERT_TRUE(x != nullptr && y != nullptr && out != nullptr && first != nullptr);
  for (int32_t i = 0; i < kSize; ++i) {
    x[i] = static_cast<int8_t>(g_mul_rng.next());
    y[i] = static_cast<int8_t>(g_mul_rng.next());
  }
  MulParams p;
  p.size = kSize;
  p.input1_offset = 12;
  p.input2_offset = -3;
  p.output_offset = -7;
  p.output_multiplier = 1657902019;
  p.output_shift = -9;
  size_t count = 0;
  const auto* table = mul_s8_variants(&count);
  int ran = 0;
  for (size_t v = 0; v < count; ++v) {
    if (!isa_native(table[v].isa)) continue;
    platform::profile_begin(table[v].id);
    const Status s = mul_s8_run_variant(table[v], p, BinaryArgs<int8_t>{x, y, out}, nullptr, 0);
    platform::profile_end();
    ASSERT_EQ(s, Status::kOk);
    if (ran++ == 0) std::memcpy(first, out, kSize);
    else EXPECT_BYTES_EQ(out, first, kSize);
  }
  EXPECT_GT(ran, 0);
}
