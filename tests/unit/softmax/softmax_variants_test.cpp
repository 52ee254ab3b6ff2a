// softmax_s8 and softmax_s8_s16 variants against their .ref on seeded random rows: lengths 1..4095 (every 4-lane
// and 16-byte tail; long uniform rows whose exp sum leaves bits_over_unit above 31), random
// scalings inside the parameter limits (diff_min cutting some elements or none), extreme inputs,
// guard bytes; variants with scratch (exp_once) also in place and with one scratch byte too few;
// one profiler region per native variant on KWS's 1x12 and a 1x1000 row.
#include <cstring>

#include "cmnn/softmax.h"
#include "test.h"
#include "test_data.h"

using namespace cmnn;

namespace {
test::Xorshift32 g_sm_rng(0x50F7u);

SoftmaxParams random_softmax_params(int iter) {
  SoftmaxParams p;
  p.rows = g_sm_rng.pick(1, 3);
  p.row_size = iter % 10 == 9 ? g_sm_rng.pick(600, 4095) : iter % 3 == 0 ? g_sm_rng.pick(17, 300) : g_sm_rng.pick(1, 16);
  p.input_multiplier = iter % 7 == 0 ? INT32_MAX : g_sm_rng.pick(1 << 30, INT32_MAX);
  p.input_left_shift = iter % 4 == 0 ? g_sm_rng.pick(0, 30) : g_sm_rng.pick(18, 26);
  const int32_t reach = INT32_MAX >> p.input_left_shift;  // (-diff_min) << shift must fit int32
  const int32_t limit = reach < 400 ? reach : 400;
  p.diff_min = iter % 5 == 0 ? -limit : -g_sm_rng.pick(0, limit);
  return p;
}
}  // namespace

TEST(SoftmaxS8, VariantsMatchReference) {
  size_t count = 0;
  const auto* table = softmax_s8_variants(&count);
  int compared = 0, mve_runs = 0, scratch_runs = 0;
  for (int iter = 0; iter < 160; ++iter) {
    const size_t mark = test::arena_mark();
    const SoftmaxParams p = random_softmax_params(iter);
    const auto n = static_cast<size_t>(p.rows) * static_cast<size_t>(p.row_size);
    int8_t* in = test::arena_alloc<int8_t>(n);
    ASSERT_TRUE(in != nullptr);
    const int kind = iter % 6;  // 0: uniform row, 1: -128/127 only, else random (narrow or full range)
    const int32_t base = g_sm_rng.pick(-128, 127);
    for (size_t i = 0; i < n; ++i) {
      const int32_t r = static_cast<int32_t>(g_sm_rng.next() & 0xFF) - 128;
      in[i] = static_cast<int8_t>(kind == 0   ? base
                                  : kind == 1 ? (r < 0 ? -128 : 127)
                                  : kind == 2 ? (base + (r & 7) > 127 ? 127 : base + (r & 7))
                                              : r);
    }
    int8_t* want = test::arena_alloc<int8_t>(n);
    int8_t* got = test::guarded_array<int8_t>(n);
    ASSERT_TRUE(want != nullptr && got != nullptr);
    ASSERT_EQ(softmax_s8_run_variant(table[count - 1], p, SoftmaxS8Args{in, want}, nullptr, 0), Status::kOk);
    for (size_t v = 0; v + 1 < count; ++v) {
      if (!isa_runnable(table[v].isa) || !table[v].supports(p)) continue;
      std::memset(got, 0x3C, n);
      const size_t scratch_bytes = table[v].scratch_bytes(p);
      void* scratch = scratch_bytes > 0 ? test::guarded_array<uint8_t>(scratch_bytes) : nullptr;
      ASSERT_EQ(softmax_s8_run_variant(table[v], p, SoftmaxS8Args{in, got}, scratch, scratch_bytes), Status::kOk);
      EXPECT_BYTES_EQ(got, want, n);
      EXPECT_TRUE(test::guards_intact(got, n));
      if (scratch != nullptr) {
        EXPECT_TRUE(test::guards_intact(static_cast<uint8_t*>(scratch), scratch_bytes));
        // In place (output == input), as the compiler may plan it.
        std::memcpy(got, in, n);
        ASSERT_EQ(softmax_s8_run_variant(table[v], p, SoftmaxS8Args{got, got}, scratch, scratch_bytes), Status::kOk);
        EXPECT_BYTES_EQ(got, want, n);
        // One byte less than the variant asks for is refused.
        EXPECT_EQ(softmax_s8_run_variant(table[v], p, SoftmaxS8Args{in, got}, scratch, scratch_bytes - 1),
                  Status::kScratchTooSmall);
        ++scratch_runs;
      }
      ++compared;
      if (table[v].isa == Isa::kMve) ++mve_runs;
    }
    test::arena_rewind(mark);
    if (test::current_failed()) return;
  }
  platform::print("  %d variant runs compared with softmax_s8.ref (%d mve, %d exp_once, each also in place)\n",
                  compared, mve_runs, scratch_runs);
  if (isa_runnable(Isa::kMve)) EXPECT_EQ(mve_runs, 160);
  EXPECT_EQ(scratch_runs, 160);
}

// Not a check of speed: regions for cmnn-prof (docs/variants.md's softmax_s8 figures).
TEST(SoftmaxS8, ProfileRegions) {
  const int32_t sizes[] = {12, 1000};
  const char* names[2][3] = {{"softmax_s8.mve 1x12", "softmax_s8.exp_once 1x12", "softmax_s8.ref 1x12"},
                             {"softmax_s8.mve 1x1000", "softmax_s8.exp_once 1x1000", "softmax_s8.ref 1x1000"}};
  for (int s = 0; s < 2; ++s) {
    const size_t mark = test::arena_mark();
    SoftmaxParams p;
    p.row_size = sizes[s];
    p.input_multiplier = 1476214619, p.input_left_shift = 24, p.diff_min = -124;  // kws_dscnn's
    const auto n = static_cast<size_t>(p.row_size);
    int8_t* in = test::arena_alloc<int8_t>(n);
    int8_t* out = test::arena_alloc<int8_t>(n);
    int8_t* first = test::arena_alloc<int8_t>(n);
    ASSERT_TRUE(in != nullptr && out != nullptr && first != nullptr);
    for (size_t i = 0; i < n; ++i) in[i] = static_cast<int8_t>(g_sm_rng.next());
    size_t count = 0;
    const auto* table = softmax_s8_variants(&count);
    ASSERT_EQ(count, size_t{3});  // names[s][v]: mve, exp_once, ref
    int ran = 0;
    for (size_t v = 0; v < count; ++v) {
      if (!isa_native(table[v].isa)) continue;
      const size_t scratch_bytes = table[v].scratch_bytes(p);
      void* scratch = scratch_bytes > 0 ? test::arena_alloc<uint8_t>(scratch_bytes) : nullptr;
      platform::profile_begin(names[s][v]);
      const Status st = softmax_s8_run_variant(table[v], p, SoftmaxS8Args{in, out}, scratch, scratch_bytes);
      platform::profile_end();
      ASSERT_EQ(st, Status::kOk);
      if (ran++ == 0) std::memcpy(first, out, n);
      else EXPECT_BYTES_EQ(out, first, n);
    }
    EXPECT_GT(ran, 0);
    test::arena_rewind(mark);
  }
}

// softmax_s8_s16 (int8 in, int16 out) variants against softmax_s8_s16.ref on the same kinds of
// rows (uniform, -128/127 only, narrow, random; every 4-lane tail), guard bytes.
TEST(SoftmaxS8S16, VariantsMatchReference) {
  size_t count = 0;
  const auto* table = softmax_s8_s16_variants(&count);
  int compared = 0, mve_runs = 0, scratch_runs = 0;
  for (int iter = 0; iter < 160; ++iter) {
    const size_t mark = test::arena_mark();
    const SoftmaxParams p = random_softmax_params(iter);
    const auto n = static_cast<size_t>(p.rows) * static_cast<size_t>(p.row_size);
    int8_t* in = test::arena_alloc<int8_t>(n);
    ASSERT_TRUE(in != nullptr);
    const int kind = iter % 6;
    const int32_t base = g_sm_rng.pick(-128, 127);
    for (size_t i = 0; i < n; ++i) {
      const int32_t r = static_cast<int32_t>(g_sm_rng.next() & 0xFF) - 128;
      in[i] = static_cast<int8_t>(kind == 0   ? base
                                  : kind == 1 ? (r < 0 ? -128 : 127)
                                  : kind == 2 ? (base + (r & 7) > 127 ? 127 : base + (r & 7))
                                              : r);
    }
    int16_t* want = test::arena_alloc<int16_t>(n);
    int16_t* got = test::guarded_array<int16_t>(n);
    ASSERT_TRUE(want != nullptr && got != nullptr);
    ASSERT_EQ(softmax_s8_s16_run_variant(table[count - 1], p, SoftmaxS8S16Args{in, want}, nullptr, 0), Status::kOk);
    for (size_t v = 0; v + 1 < count; ++v) {
      if (!isa_runnable(table[v].isa) || !table[v].supports(p)) continue;
      std::memset(got, 0x3C, n * sizeof(int16_t));
      const size_t scratch_bytes = table[v].scratch_bytes(p);
      void* scratch = scratch_bytes > 0 ? test::guarded_array<uint8_t>(scratch_bytes) : nullptr;
      ASSERT_EQ(softmax_s8_s16_run_variant(table[v], p, SoftmaxS8S16Args{in, got}, scratch, scratch_bytes), Status::kOk);
      if (scratch != nullptr) {
        EXPECT_TRUE(test::guards_intact(static_cast<uint8_t*>(scratch), scratch_bytes));
        ++scratch_runs;
      }
      EXPECT_BYTES_EQ(reinterpret_cast<const int8_t*>(got), reinterpret_cast<const int8_t*>(want), n * sizeof(int16_t));
      EXPECT_TRUE(test::guards_intact(got, n));
      ++compared;
      if (table[v].isa == Isa::kMve) ++mve_runs;
    }
    test::arena_rewind(mark);
    if (test::current_failed()) return;
  }
  platform::print("  %d variant runs compared with softmax_s8_s16.ref (%d mve, %d exp_once)\n", compared, mve_runs,
                  scratch_runs);
  EXPECT_EQ(scratch_runs, 160);
  if (isa_runnable(Isa::kMve)) EXPECT_EQ(mve_runs, 160);
}

// Not a check of speed: regions for cmnn-prof (docs/variants.md's softmax_s8_s16 figures).
TEST(SoftmaxS8S16, ProfileRegions) {
  const int32_t sizes[] = {12, 1000};
  const char* names[2][3] = {{"softmax_s8_s16.mve 1x12", "softmax_s8_s16.exp_once 1x12", "softmax_s8_s16.ref 1x12"},
                             {"softmax_s8_s16.mve 1x1000", "softmax_s8_s16.exp_once 1x1000", "softmax_s8_s16.ref 1x1000"}};
  for (int s = 0; s < 2; ++s) {
    const size_t mark = test::arena_mark();
    SoftmaxParams p;
    p.row_size = sizes[s];
    p.input_multiplier = 1476214619, p.input_left_shift = 24, p.diff_min = -124;
    const auto n = static_cast<size_t>(p.row_size);
    int8_t* in = test::arena_alloc<int8_t>(n);
    int16_t* out = test::arena_alloc<int16_t>(n);
    int16_t* first = test::arena_alloc<int16_t>(n);
    ASSERT_TRUE(in != nullptr && out != nullptr && first != nullptr);
    for (size_t i = 0; i < n; ++i) in[i] = static_cast<int8_t>(g_sm_rng.next());
    size_t count = 0;
    const auto* table = softmax_s8_s16_variants(&count);
    ASSERT_EQ(count, size_t{3});  // names[s][v]: mve, exp_once, ref
    int ran = 0;
    for (size_t v = 0; v < count; ++v) {
      if (!isa_native(table[v].isa)) continue;
      const size_t scratch_bytes = table[v].scratch_bytes(p);
      void* scratch = scratch_bytes > 0 ? test::arena_alloc<uint8_t>(scratch_bytes) : nullptr;
      platform::profile_begin(names[s][v]);
      const Status st = softmax_s8_s16_run_variant(table[v], p, SoftmaxS8S16Args{in, out}, scratch, scratch_bytes);
      platform::profile_end();
      ASSERT_EQ(st, Status::kOk);
      if (ran++ == 0) std::memcpy(first, out, n * sizeof(int16_t));
      else EXPECT_BYTES_EQ(reinterpret_cast<const int8_t*>(out), reinterpret_cast<const int8_t*>(first), n * sizeof(int16_t));
    }
    EXPECT_GT(ran, 0);
    test::arena_rewind(mark);
  }
}
