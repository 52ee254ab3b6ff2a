// Add / clamp / batch-matmul variants against their references on seeded random sizes around
// the 4-lane word and the table threshold, extreme zero points and multipliers, guard bytes;
// concatenation against an independent element-by-element reference; parameter checks.
#include <cstring>

#include "cmnn/activation.h"
#include "cmnn/batch_matmul.h"
#include "cmnn/concatenation.h"
#include "cmnn/elementwise.h"
#include "test.h"
#include "test_data.h"

using namespace cmnn;

namespace {
test::Xorshift32 g_rng(777u);
// Fill of the output before each variant runs, so a variant that writes nothing cannot pass on
// the previous variant's bytes.
constexpr uint8_t kUnwritten = 0x66;
}  // namespace

TEST(Add, VariantsMatchReference) {
  size_t count = 0;
  const auto* table = add_s8_variants(&count);
  int compared = 0;
  uint8_t scratch[2048];
  for (int iter = 0; iter < 120; ++iter) {
    const size_t mark = test::arena_mark();
    AddParams p;
    p.size = iter % 3 == 0 ? g_rng.pick(250, 600) : g_rng.pick(1, 40);
    const int32_t offsets[] = {-127, 128, 0, g_rng.pick(-127, 128)};
    p.input1_offset = offsets[g_rng.next() % 4];
    p.input2_offset = offsets[g_rng.next() % 4];
    p.output_offset = g_rng.pick(-128, 127);
    const int32_t mults[] = {1 << 30, INT32_MAX, 1073741825, g_rng.pick(1 << 30, INT32_MAX)};
    p.input1_multiplier = mults[g_rng.next() % 4];
    p.input2_multiplier = mults[g_rng.next() % 4];
    p.output_multiplier = mults[g_rng.next() % 4];
    p.input1_shift = g_rng.pick(-6, 0);
    p.input2_shift = g_rng.pick(-6, 0);
    p.output_shift = g_rng.pick(-24, -14);
    p.activation_min = g_rng.next() % 4 == 0 ? g_rng.pick(-128, 0) : -128;
    p.activation_max = g_rng.next() % 4 == 0 ? g_rng.pick(p.activation_min, 127) : 127;
    const auto n = static_cast<size_t>(p.size);
    int8_t* x = test::arena_alloc<int8_t>(n);
    int8_t* y = test::arena_alloc<int8_t>(n);
    for (size_t i = 0; i < n; ++i) {
      x[i] = static_cast<int8_t>(g_rng.next());
      y[i] = static_cast<int8_t>(iter % 7 == 0 ? -128 : static_cast<int32_t>(g_rng.next() & 0xFF) - 128);
    }
    int8_t* want = test::arena_alloc<int8_t>(n);
    int8_t* got = test::guarded_array<int8_t>(n);
    ASSERT_EQ(add_s8_run_variant(table[count - 1], p, BinaryArgs<int8_t>{x, y, want}, nullptr, 0), Status::kOk);
    for (size_t v = 0; v + 1 < count; ++v) {
      if (!isa_runnable(table[v].isa) || !table[v].supports(p)) continue;
      std::memset(got, kUnwritten, n);
      ASSERT_EQ(add_s8_run_variant(table[v], p, BinaryArgs<int8_t>{x, y, got}, scratch, sizeof scratch), Status::kOk);
      EXPECT_BYTES_EQ(got, want, n);
      EXPECT_TRUE(test::guards_intact(got, n));
      ++compared;
    }
    test::arena_rewind(mark);
    if (test::current_failed()) return;
  }
  platform::print("  %d variant runs compared with add_s8.ref\n", compared);
  // The portable table variant runs everywhere; the DSP one only where DSP code can run (not M3).
  EXPECT_GT(compared, isa_runnable(Isa::kDsp) ? 100 : 30);
}

TEST(Add, ParameterChecksAndScratchFallback) {
  int8_t a[300] = {}, out[300];
  AddParams p;
  p.size = 300;
  p.input1_multiplier = p.input2_multiplier = p.output_multiplier = 1 << 30;
  p.output_shift = -20;
  EXPECT_EQ(add_s8_scratch_bytes(p), size_t{2048});
  EXPECT_EQ(add_s8(p, BinaryArgs<int8_t>{a, a, out}, nullptr, 0), Status::kOk);  // falls back to a scratch-free variant
  uint8_t small[16];
  EXPECT_EQ(add_s8_run_variant(*add_s8_find_variant("add_s8.table"), p, BinaryArgs<int8_t>{a, a, out}, small, sizeof small),
            Status::kScratchTooSmall);
  EXPECT_EQ(add_s8(p, BinaryArgs<int8_t>{a, nullptr, out}, nullptr, 0), Status::kNullPointer);
  AddParams q = p;
  q.size = 0;
  EXPECT_EQ(add_s8(q, BinaryArgs<int8_t>{a, a, out}, nullptr, 0), Status::kBadShape);
  q = p;
  q.output_shift = 40;
  EXPECT_EQ(add_s8(q, BinaryArgs<int8_t>{a, a, out}, nullptr, 0), Status::kBadParameter);
  q = p;
  q.input1_offset = 200;
  EXPECT_EQ(add_s8(q, BinaryArgs<int8_t>{a, a, out}, nullptr, 0), Status::kBadParameter);
  int16_t b[4] = {}, o16[4];
  q = p;
  q.size = 4;
  q.left_shift = 15;
  q.input1_offset = 1;  // int16 tensors have zero point 0
  EXPECT_EQ(add_s16(q, BinaryArgs<int16_t>{b, b, o16}, nullptr, 0), Status::kBadParameter);
  BroadcastParams bp;
  bp.input1[3] = 3;
  bp.input2[3] = 2;
  bp.output[3] = 3;
  EXPECT_EQ(maximum_s8(bp, BinaryArgs<int8_t>{a, a, out}, nullptr, 0), Status::kBadShape);
}

TEST(Clamp, DspMatchesReference) {
  size_t count = 0;
  const auto* table = clamp_s8_variants(&count);
  int compared = 0;
  int8_t in[70], want[70];
  for (int iter = 0; iter < 200; ++iter) {
    ClampParams p;
    p.size = g_rng.pick(1, 70);
    const size_t mark = test::arena_mark();
    int8_t* got = test::guarded_array<int8_t>(static_cast<size_t>(p.size));
    ASSERT_TRUE(got != nullptr);
    p.min = g_rng.pick(-128, 127);
    p.max = g_rng.pick(p.min, 127);
    for (int i = 0; i < p.size; ++i) in[i] = static_cast<int8_t>(g_rng.next());
    ASSERT_EQ(clamp_s8_run_variant(table[count - 1], p, ClampArgs{in, want}, nullptr, 0), Status::kOk);
    for (size_t v = 0; v + 1 < count; ++v) {
      if (!isa_runnable(table[v].isa)) continue;
      std::memset(got, kUnwritten, static_cast<size_t>(p.size));
      ASSERT_EQ(clamp_s8_run_variant(table[v], p, ClampArgs{in, got}, nullptr, 0), Status::kOk);
      EXPECT_BYTES_EQ(got, want, static_cast<size_t>(p.size));
      EXPECT_TRUE(test::guards_intact(got, static_cast<size_t>(p.size)));
      ++compared;
    }
    test::arena_rewind(mark);
  }
  int8_t r[3] = {-5, 3, 100};
  ASSERT_EQ(relu6_s8(r, r, 3, -2, 20), Status::kOk);
  EXPECT_EQ(r[0], -2);
  EXPECT_EQ(r[1], 3);
  EXPECT_EQ(r[2], 20);
  EXPECT_EQ(relu_s8(r, r, 3, 200), Status::kBadParameter);
  platform::print("  %d clamp runs compared\n", compared);
}

TEST(BatchMatmul, DspMatchesReference) {
  size_t count = 0;
  const auto* table = batch_matmul_s8_variants(&count);
  int compared = 0;
  for (int iter = 0; iter < 60; ++iter) {
    const size_t mark = test::arena_mark();
    BatchMatmulParams p;
    p.lhs_batch = g_rng.pick(1, 2);
    p.rhs_batch = g_rng.next() & 1 ? p.lhs_batch : 1;
    p.lhs_height = g_rng.pick(1, 2);
    p.rhs_height = g_rng.next() & 1 ? 1 : p.lhs_height;
    p.rows = g_rng.pick(1, 5);
    p.cols = g_rng.pick(1, 6);
    p.depth = g_rng.pick(1, 19);
    p.lhs_offset = g_rng.next() & 1 ? 128 : g_rng.pick(-127, 128);
    p.rhs_offset = g_rng.next() & 1 ? -127 : g_rng.pick(-127, 128);
    p.output_offset = g_rng.pick(-128, 127);
    p.output_multiplier = g_rng.pick(1 << 30, INT32_MAX);
    p.output_shift = g_rng.pick(-16, -4);
    const size_t ln = static_cast<size_t>(p.lhs_batch * p.lhs_height * p.rows * p.depth);
    const size_t rn = static_cast<size_t>(p.rhs_batch * p.rhs_height * p.cols * p.depth);
    const size_t on = static_cast<size_t>(p.lhs_batch * p.lhs_height * p.rows * p.cols);
    int8_t* l = test::arena_alloc<int8_t>(ln);
    int8_t* r = test::arena_alloc<int8_t>(rn);
    for (size_t i = 0; i < ln; ++i) l[i] = static_cast<int8_t>(g_rng.next());
    for (size_t i = 0; i < rn; ++i) r[i] = static_cast<int8_t>(g_rng.next());
    int8_t* want = test::arena_alloc<int8_t>(on);
    int8_t* got = test::guarded_array<int8_t>(on);
    ASSERT_EQ(batch_matmul_s8_run_variant(table[count - 1], p, BatchMatmulArgs<int8_t>{l, r, want}, nullptr, 0), Status::kOk);
    for (size_t v = 0; v + 1 < count; ++v) {
      if (!isa_runnable(table[v].isa)) continue;
      std::memset(got, kUnwritten, on);
      ASSERT_EQ(batch_matmul_s8_run_variant(table[v], p, BatchMatmulArgs<int8_t>{l, r, got}, nullptr, 0), Status::kOk);
      EXPECT_BYTES_EQ(got, want, on);
      EXPECT_TRUE(test::guards_intact(got, on));
      ++compared;
    }
    test::arena_rewind(mark);
  }
  platform::print("  %d batch matmul runs compared\n", compared);
}

TEST(Concatenation, MatchesIndependentReference) {
  // Shapes [2][3][x][4] concatenated on axis 2 (x = 1, 3, 2): outer = 6, inner = x * 4.
  int8_t a[24], b[72], c[48];
  const size_t mark = test::arena_mark();
  int8_t* got = test::guarded_array<int8_t>(144);
  ASSERT_TRUE(got != nullptr);
  for (int i = 0; i < 24; ++i) a[i] = static_cast<int8_t>(i);
  for (int i = 0; i < 72; ++i) b[i] = static_cast<int8_t>(100 - i);
  for (int i = 0; i < 48; ++i) c[i] = static_cast<int8_t>(-i);
  const int32_t inner[3] = {4, 12, 8};
  const int8_t* inputs[3] = {a, b, c};
  std::memset(got, kUnwritten, 144);
  ConcatParams p;
  p.outer = 6;
  p.num_inputs = 3;
  p.inner_bytes = inner;
  ASSERT_EQ(concatenation_s8(p, ConcatArgs{inputs, got}, nullptr, 0), Status::kOk);
  int checked = 0;
  for (int o = 0; o < 6; ++o) {
    for (int x = 0; x < 6; ++x) {
      for (int ch = 0; ch < 4; ++ch) {
        const int8_t want = x < 1 ? a[(o * 1 + x) * 4 + ch] : x < 4 ? b[(o * 3 + x - 1) * 4 + ch] : c[(o * 2 + x - 4) * 4 + ch];
        EXPECT_EQ(got[(o * 6 + x) * 4 + ch], want);
        ++checked;
      }
    }
  }
  EXPECT_TRUE(test::guards_intact(got, 144));
  EXPECT_EQ(checked, 144);
  p.num_inputs = 0;
  EXPECT_EQ(concatenation_s8(p, ConcatArgs{inputs, got}, nullptr, 0), Status::kBadShape);
  test::arena_rewind(mark);
}
