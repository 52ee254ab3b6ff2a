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
  int compared = 0, mve_runs = 0;
  uint8_t scratch[2048];
  for (int iter = 0; iter < 120; ++iter) {
    const size_t mark = test::arena_mark();
    AddParams p;
    p.size = iter % 3 == 0 ? g_rng.pick(250, 600) : g_rng.pick(1, 40);  // every 4-lane tail
    const int32_t offsets[] = {-127, 128, 0, g_rng.pick(-127, 128)};
    p.input1_offset = offsets[g_rng.next() % 4];
    p.input2_offset = offsets[g_rng.next() % 4];
    p.output_offset = g_rng.pick(-128, 127);
    // Below 2^30 too: the table variant's output stage takes its general path there.
    const int32_t mults[] = {1 << 30, INT32_MAX, 1073741825, g_rng.pick(1 << 30, INT32_MAX), g_rng.pick(0, (1 << 30) - 1)};
    p.input1_multiplier = mults[g_rng.next() % 5];
    p.input2_multiplier = mults[g_rng.next() % 5];
    p.output_multiplier = mults[g_rng.next() % 5];
    // Every fifth call also left shifts (add_s8.mve's general path), every fourth another left_shift.
    const bool left = iter % 5 == 4;
    p.input1_shift = g_rng.pick(-6, left ? 8 : 0);
    p.input2_shift = g_rng.pick(-6, left ? 8 : 0);
    p.output_shift = left ? g_rng.pick(-24, 4) : g_rng.pick(-24, -14);
    if (iter % 4 == 3) p.left_shift = g_rng.pick(0, 22);
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
      if (table[v].isa == Isa::kMve) ++mve_runs;
    }
    test::arena_rewind(mark);
    if (test::current_failed()) return;
  }
  platform::print("  %d variant runs compared with add_s8.ref (%d mve)\n", compared, mve_runs);
  if (isa_runnable(Isa::kMve)) EXPECT_EQ(mve_runs, 120);
  // The portable table variant runs everywhere; the DSP one only where DSP code can run (not M3).
  EXPECT_GT(compared, isa_runnable(Isa::kDsp) ? 100 : 30);
}

// add_s8.table's folded output stage (the Armv7E-M assembly loop, four elements per pass, the C
// loop for the tail): every byte pair once (65,536 elements, then tails of 1..3), right shifts at
// both ends of 1..31, multipliers 2^30 and INT32_MAX, output offsets at both ends, full and narrow
// clamps, in place on input1; against add_s8.ref.
TEST(Add, TableFoldedStageEveryBytePair) {
  constexpr int32_t kAll = 65536;
  const size_t mark = test::arena_mark();
  int8_t* x = test::arena_alloc<int8_t>(kAll + 3);
  int8_t* y = test::arena_alloc<int8_t>(kAll + 3);
  int8_t* want = test::arena_alloc<int8_t>(kAll + 3);
  int8_t* got = test::arena_alloc<int8_t>(kAll + 3);
  int8_t* copy = test::arena_alloc<int8_t>(kAll + 3);
  ASSERT_TRUE(x != nullptr && y != nullptr && want != nullptr && got != nullptr && copy != nullptr);
  for (int32_t i = 0; i < kAll + 3; ++i) {
    x[i] = static_cast<int8_t>(i & 0xFF);
    y[i] = static_cast<int8_t>((i >> 8) & 0xFF);
  }
  const auto* table = add_s8_find_variant("add_s8.table");
  ASSERT_TRUE(table != nullptr);
  static uint8_t scratch[2048];
  struct Case {
    int32_t m1, s1, m2, s2, mo, so, oo, lo, hi, size;
  };
  const Case cases[] = {
      {1623821475, -2, 1 << 30, 0, 1098017566, -17, -128, -128, 127, kAll},  // ResNet-8's first ADD
      {INT32_MAX, -1, INT32_MAX, -1, INT32_MAX, -1, 127, -128, 127, kAll},    // e = 1: QADD saturates
      {1 << 30, 0, 1 << 30, 0, 1 << 30, -31, -128, -128, 127, kAll + 1},      // e = 31
      {1 << 30, -3, INT32_MAX, -6, 1 << 30, -12, 5, -20, 90, kAll + 2},       // narrow clamp
      {1 << 30, 0, 1 << 30, 0, INT32_MAX, -13, -128, -128, -128, kAll + 3},   // clamp of one value
      {1 << 30, 0, 1 << 30, 0, 1 << 30, -20, 0, 127, 127, 259},
  };
  int runs = 0;
  for (const Case& c : cases) {
    AddParams p;
    p.size = c.size;
    p.input1_offset = -127 + (runs * 73) % 256;
    p.input2_offset = 128 - (runs * 37) % 256;
    p.input1_multiplier = c.m1, p.input1_shift = c.s1;
    p.input2_multiplier = c.m2, p.input2_shift = c.s2;
    p.output_multiplier = c.mo, p.output_shift = c.so, p.output_offset = c.oo;
    p.activation_min = c.lo, p.activation_max = c.hi;
    ASSERT_EQ(add_s8_run_variant(*add_s8_find_variant("add_s8.ref"), p, BinaryArgs<int8_t>{x, y, want}, nullptr, 0),
              Status::kOk);
    std::memset(got, kUnwritten, static_cast<size_t>(c.size));
    ASSERT_EQ(add_s8_run_variant(*table, p, BinaryArgs<int8_t>{x, y, got}, scratch, sizeof scratch), Status::kOk);
    EXPECT_BYTES_EQ(got, want, static_cast<size_t>(c.size));
    std::memcpy(copy, x, static_cast<size_t>(c.size));  // in place: output over input1
    ASSERT_EQ(add_s8_run_variant(*table, p, BinaryArgs<int8_t>{copy, y, copy}, scratch, sizeof scratch), Status::kOk);
    EXPECT_BYTES_EQ(copy, want, static_cast<size_t>(c.size));
    ++runs;
    if (test::current_failed()) break;
  }
  test::arena_rewind(mark);
  platform::print("  %d folded-stage cases (65,536-65,539 elements each but one) equal add_s8.ref\n", runs);
  EXPECT_EQ(runs, 6);
}

TEST(Add, ParameterChecksAndScratchFallback) {
  int8_t a[300] = {}, out[300];
  AddParams p;
  p.size = 300;
  p.input1_multiplier = p.input2_multiplier = p.output_multiplier = 1 << 30;
  p.output_shift = -20;
  // The fastest native variant: add_s8.mve (no scratch) on Helium, else the table.
  EXPECT_EQ(add_s8_scratch_bytes(p), isa_native(Isa::kMve) ? size_t{0} : size_t{2048});
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

TEST(BatchMatmul, VariantsMatchReference) {
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
    // Every third case deep: the Helium variant's 16-element steps and its predicated tail.
    p.depth = iter % 3 == 0 ? g_rng.pick(16, 300) : g_rng.pick(1, 19);
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
    // A fifth of the cases at the extremes (-128 against -128 with offset 128: the largest terms).
    const bool extreme = iter % 5 == 0;
    for (size_t i = 0; i < ln; ++i) l[i] = static_cast<int8_t>(extreme ? -128 : static_cast<int32_t>(g_rng.next()));
    for (size_t i = 0; i < rn; ++i) r[i] = static_cast<int8_t>(extreme ? -128 : static_cast<int32_t>(g_rng.next()));
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
  if (isa_runnable(Isa::kMve)) EXPECT_GE(compared, 120);  // dsp and mve on every case
}

// batch_matmul_s16: every variant against the table's last (the ref) on depth-contiguous operands,
// a third deep (the Helium variant's 8-element steps and predicated tail), a fifth at the extremes
// (-32768 * -32768 summed: sums beyond int32, exact only in int64).
TEST(BatchMatmul, S16VariantsMatchReference) {
  size_t count = 0;
  const auto* table = batch_matmul_s16_variants(&count);
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
    p.depth = iter % 3 == 0 ? g_rng.pick(8, 300) : g_rng.pick(1, 11);
    p.activation_min = g_rng.next() & 1 ? -32768 : g_rng.pick(-32768, 0);
    p.activation_max = g_rng.next() & 1 ? 32767 : g_rng.pick(0, 32767);
    p.output_multiplier = g_rng.pick(1 << 30, INT32_MAX);
    p.output_shift = g_rng.pick(-30, -14);
    const size_t ln = static_cast<size_t>(p.lhs_batch * p.lhs_height * p.rows * p.depth);
    const size_t rn = static_cast<size_t>(p.rhs_batch * p.rhs_height * p.cols * p.depth);
    const size_t on = static_cast<size_t>(p.lhs_batch * p.lhs_height * p.rows * p.cols);
    int16_t* l = test::arena_alloc<int16_t>(ln);
    int16_t* r = test::arena_alloc<int16_t>(rn);
    int16_t* want = test::arena_alloc<int16_t>(on);
    int16_t* got = test::guarded_array<int16_t>(on);
    ASSERT_TRUE(l && r && want && got);
    const bool extreme = iter % 5 == 0;
    for (size_t i = 0; i < ln; ++i) l[i] = static_cast<int16_t>(extreme ? -32768 : static_cast<int32_t>(g_rng.next()));
    for (size_t i = 0; i < rn; ++i) r[i] = static_cast<int16_t>(extreme ? -32768 : static_cast<int32_t>(g_rng.next()));
    ASSERT_EQ(batch_matmul_s16_run_variant(table[count - 1], p, BatchMatmulArgs<int16_t>{l, r, want}, nullptr, 0),
              Status::kOk);
    for (size_t v = 0; v + 1 < count; ++v) {
      if (!isa_runnable(table[v].isa) || !table[v].supports(p)) continue;
      std::memset(got, kUnwritten, on * sizeof(int16_t));
      ASSERT_EQ(batch_matmul_s16_run_variant(table[v], p, BatchMatmulArgs<int16_t>{l, r, got}, nullptr, 0), Status::kOk);
      EXPECT_BYTES_EQ(reinterpret_cast<const int8_t*>(got), reinterpret_cast<const int8_t*>(want), on * sizeof(int16_t));
      EXPECT_TRUE(test::guards_intact(got, on));
      ++compared;
    }
    test::arena_rewind(mark);
  }
  platform::print("  %d batch matmul s16 runs compared\n", compared);
  if (isa_runnable(Isa::kMve)) EXPECT_GE(compared, 60);  // mve on every case
}

// lhs_depth_major / rhs_depth_major (TFLite adj_x = true / adj_y = false read in place): every
// run equals the plain layout's on operands transposed here, int8 and int16.
template <typename T>
int bmm_depth_major_sweep(test::Xorshift32& rng, const Variant<BatchMatmulParams, BatchMatmulArgs<T>>* table,
                          size_t count,
                          Status (*run)(const Variant<BatchMatmulParams, BatchMatmulArgs<T>>&, const BatchMatmulParams&,
                                        const BatchMatmulArgs<T>&, void*, size_t)) {
  int compared = 0;
  for (int iter = 0; iter < 40; ++iter) {
    const size_t mark = test::arena_mark();
    BatchMatmulParams p;
    p.lhs_batch = rng.pick(1, 2);
    p.rhs_batch = rng.next() & 1 ? p.lhs_batch : 1;
    p.lhs_height = rng.pick(1, 2);
    p.rhs_height = rng.next() & 1 ? 1 : p.lhs_height;
    p.rows = rng.pick(1, 5);
    p.cols = rng.pick(1, 6);
    p.depth = rng.pick(1, 9);
    if (sizeof(T) == 1) {
      p.lhs_offset = rng.pick(-127, 128);
      p.rhs_offset = rng.pick(-127, 128);
      p.output_offset = rng.pick(-128, 127);
    } else {
      p.activation_min = -32768;
      p.activation_max = 32767;
    }
    p.output_multiplier = rng.pick(1 << 30, INT32_MAX);
    p.output_shift = sizeof(T) == 1 ? rng.pick(-16, -4) : rng.pick(-30, -14);
    const auto lm = static_cast<size_t>(p.lhs_batch * p.lhs_height), rm = static_cast<size_t>(p.rhs_batch * p.rhs_height);
    const auto rows = static_cast<size_t>(p.rows), cols = static_cast<size_t>(p.cols), depth = static_cast<size_t>(p.depth);
    const size_t on = static_cast<size_t>(p.lhs_batch > p.rhs_batch ? p.lhs_batch : p.rhs_batch) *
                      (p.lhs_height > p.rhs_height ? p.lhs_height : p.rhs_height) * rows * cols;
    T* l = test::arena_alloc<T>(lm * rows * depth);
    T* r = test::arena_alloc<T>(rm * cols * depth);
    T* lt = test::arena_alloc<T>(lm * rows * depth);  // [depth][rows] per matrix
    T* rt = test::arena_alloc<T>(rm * cols * depth);  // [depth][cols] per matrix
    T* want = test::arena_alloc<T>(on);
    T* got = test::guarded_array<T>(on);
    if (!(l && r && lt && rt && want && got)) return -1;
    for (size_t i = 0; i < lm * rows * depth; ++i) l[i] = static_cast<T>(rng.next());
    for (size_t i = 0; i < rm * cols * depth; ++i) r[i] = static_cast<T>(rng.next());
    for (size_t m = 0; m < lm; ++m)
      for (size_t i = 0; i < rows; ++i)
        for (size_t k = 0; k < depth; ++k) lt[m * rows * depth + k * rows + i] = l[m * rows * depth + i * depth + k];
    for (size_t m = 0; m < rm; ++m)
      for (size_t j = 0; j < cols; ++j)
        for (size_t k = 0; k < depth; ++k) rt[m * cols * depth + k * cols + j] = r[m * cols * depth + j * depth + k];
    if (run(table[count - 1], p, BatchMatmulArgs<T>{l, r, want}, nullptr, 0) != Status::kOk) return -1;
    BatchMatmulParams q = p;
    q.lhs_depth_major = rng.next() & 1;
    q.rhs_depth_major = !q.lhs_depth_major || (rng.next() & 1);
    for (size_t v = 0; v < count; ++v) {
      if (!isa_runnable(table[v].isa) || !table[v].supports(q)) continue;
      std::memset(got, kUnwritten, on * sizeof(T));
      const BatchMatmulArgs<T> a{q.lhs_depth_major ? lt : l, q.rhs_depth_major ? rt : r, got};
      if (run(table[v], q, a, nullptr, 0) != Status::kOk) return -1;
      if (std::memcmp(got, want, on * sizeof(T)) != 0 || !test::guards_intact(got, on)) return -1;
      ++compared;
    }
    test::arena_rewind(mark);
  }
  return compared;
}

TEST(BatchMatmul, DepthMajorOperands) {
  test::Xorshift32 rng(0x5EED0ADu);
  size_t n8 = 0, n16 = 0;
  const auto* t8 = batch_matmul_s8_variants(&n8);
  const auto* t16 = batch_matmul_s16_variants(&n16);
  const int c8 = bmm_depth_major_sweep<int8_t>(rng, t8, n8, batch_matmul_s8_run_variant);
  const int c16 = bmm_depth_major_sweep<int16_t>(rng, t16, n16, batch_matmul_s16_run_variant);
  EXPECT_EQ(c8, 40);  // the reference only: the dsp entry does not take depth-major operands
  EXPECT_EQ(c16, 40);
  platform::print("  %d int8 and %d int16 depth-major runs equal to the plain layout\n", c8, c16);
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

// Not a check of speed: one profile region per native batch_matmul_s8 variant and shape for
// cmnn-prof (docs/variants.md's batch_matmul_s8 figures); outputs equal across variants.
TEST(BatchMatmul, ProfileRegions) {
  struct Shape {
    const char* name;
    int32_t rows, cols, depth;
  };
  static const Shape shapes[] = {{"16x64 . 16x64", 16, 16, 64}, {"8x300 . 8x300", 8, 8, 300}};
  size_t count = 0;
  const auto* table = batch_matmul_s8_variants(&count);
  for (const Shape& s : shapes) {
    const size_t mark = test::arena_mark();
    BatchMatmulParams p;
    p.rows = s.rows, p.cols = s.cols, p.depth = s.depth;
    p.lhs_offset = 5, p.rhs_offset = -3, p.output_offset = 2;
    p.output_multiplier = 1 << 30, p.output_shift = -10;
    const size_t ln = static_cast<size_t>(s.rows) * s.depth, rn = static_cast<size_t>(s.cols) * s.depth;
    const size_t on = static_cast<size_t>(s.rows) * s.cols;
    int8_t* l = test::arena_alloc<int8_t>(ln);
    int8_t* r = test::arena_alloc<int8_t>(rn);
    int8_t* out = test::arena_alloc<int8_t>(on);
    int8_t* first = test::arena_alloc<int8_t>(on);
    ASSERT_TRUE(l && r && out && first);
    for (size_t i = 0; i < ln; ++i) l[i] = static_cast<int8_t>(g_rng.next());
    for (size_t i = 0; i < rn; ++i) r[i] = static_cast<int8_t>(g_rng.next());
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
      const Status st = batch_matmul_s8_run_variant(table[v], p, BatchMatmulArgs<int8_t>{l, r, out}, nullptr, 0);
      platform::profile_end();
      ASSERT_EQ(st, Status::kOk);
      if (ran++ == 0) std::memcpy(first, out, on);
      else EXPECT_BYTES_EQ(out, first, on);
    }
    EXPECT_GT(ran, 0);
    test::arena_rewind(mark);
  }
}

// The same for batch_matmul_s16 (docs/variants.md's figures).
TEST(BatchMatmul, S16ProfileRegions) {
  struct Shape {
    const char* name;
    int32_t rows, cols, depth;
  };
  static const Shape shapes[] = {{"16x64 . 16x64", 16, 16, 64}, {"8x300 . 8x300", 8, 8, 300}};
  size_t count = 0;
  const auto* table = batch_matmul_s16_variants(&count);
  for (const Shape& s : shapes) {
    const size_t mark = test::arena_mark();
    BatchMatmulParams p;
    p.rows = s.rows, p.cols = s.cols, p.depth = s.depth;
    p.output_multiplier = 1 << 30, p.output_shift = -20;
    p.activation_min = -32768, p.activation_max = 32767;
    const size_t ln = static_cast<size_t>(s.rows) * s.depth, rn = static_cast<size_t>(s.cols) * s.depth;
    const size_t on = static_cast<size_t>(s.rows) * s.cols;
    int16_t* l = test::arena_alloc<int16_t>(ln);
    int16_t* r = test::arena_alloc<int16_t>(rn);
    int16_t* out = test::arena_alloc<int16_t>(on);
    int16_t* first = test::arena_alloc<int16_t>(on);
    ASSERT_TRUE(l && r && out && first);
    for (size_t i = 0; i < ln; ++i) l[i] = static_cast<int16_t>(g_rng.next());
    for (size_t i = 0; i < rn; ++i) r[i] = static_cast<int16_t>(g_rng.next());
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
      const Status st = batch_matmul_s16_run_variant(table[v], p, BatchMatmulArgs<int16_t>{l, r, out}, nullptr, 0);
      platform::profile_end();
      ASSERT_EQ(st, Status::kOk);
      if (ran++ == 0) std::memcpy(first, out, on * sizeof(int16_t));
      else EXPECT_BYTES_EQ(reinterpret_cast<const int8_t*>(out), reinterpret_cast<const int8_t*>(first), on * sizeof(int16_t));
    }
    EXPECT_GT(ran, 0);
    test::arena_rewind(mark);
  }
}
