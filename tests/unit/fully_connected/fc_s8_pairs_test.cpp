// fully_connected_s8.pairs.dsp (int8 weights reordered per row pair, fc_s8_pairs_dsp.cpp) against
// the reference: a seeded sweep of depths (from 4) around the 4-step groups, the 8-group M4 and
// 2-group M7 loops and the 480-step chunks in
// which its high-row sums are emptied, output counts of 4-row blocks, batches,
// offsets and quantization at extremes, the all -128 worst case for the chunk bound, the
// int8 weights given or not (packed_weights_only); guard bytes around the output and the input
// lanes' scratch (required on every core from 8 rows unless pairs_raw_input, drawn one run in
// four); the layout byte by byte; the
// parameter checks of fully_connected_s8_pair_weights.
#include <cstring>
#include <initializer_list>

#include "cmnn/fully_connected.h"
#include "test.h"
#include "test_data.h"

using namespace cmnn;

namespace {

test::Xorshift32 g_rng(0x5151A1u);

// Per-tensor quantization forced by a case (the Cortex-M4 whole-layer loop's FastQuant path needs
// multiplier >= 2^30 and shift in [-23, -1]); multiplier 0 leaves the random tables.
struct ForcedQuant {
  int32_t multiplier = 0, shift = 0;
};

// One case: random data (or every input and weight at `fill` when fill != 0), the reference
// output, then the pairs variant with the reordered weights, with and without the int8 weights.
// Returns the number of comparisons made (0 where the variant is not runnable on this core).
int run_case(const FullyConnectedParams& p, int8_t fill, ForcedQuant forced = {}) {
  const FullyConnectedS8Variant* pairs = fully_connected_s8_find_variant("fully_connected_s8.pairs.dsp");
  const FullyConnectedS8Variant* ref = fully_connected_s8_find_variant("fully_connected_s8.ref");
  if (pairs == nullptr || ref == nullptr) return -1;
  const size_t mark = test::arena_mark();
  const size_t in_n = static_cast<size_t>(p.batches) * p.input_depth;
  const size_t w_n = static_cast<size_t>(p.input_depth) * p.output_depth;
  const size_t out_n = static_cast<size_t>(p.batches) * p.output_depth;
  const auto n = static_cast<size_t>(p.output_depth);
  auto* input = test::arena_alloc<int8_t>(in_n);
  auto* weights = test::arena_alloc<int8_t>(w_n);
  auto* reordered = test::arena_alloc<int8_t>(w_n);
  auto* bias = test::arena_alloc<int32_t>(n);
  auto* mult = test::arena_alloc<int32_t>(n);
  auto* shift = test::arena_alloc<int32_t>(n);
  auto* sums = test::arena_alloc<int32_t>(n);
  auto* expected = test::arena_alloc<int8_t>(out_n);
  if (!(input && weights && reordered && bias && mult && shift && sums && expected)) return -1;
  for (size_t i = 0; i < in_n; ++i) input[i] = fill != 0 ? fill : static_cast<int8_t>(g_rng.pick(-128, 127));
  for (size_t i = 0; i < w_n; ++i) {
    const int kind = g_rng.pick(0, 7);  // extremes often: they bound the chunked sums
    weights[i] = fill != 0 ? fill : static_cast<int8_t>(kind == 0 ? -128 : kind == 1 ? 127 : g_rng.pick(-128, 127));
  }
  for (size_t i = 0; i < n; ++i) {
    bias[i] = g_rng.pick(0, 4) == 0 ? static_cast<int32_t>(g_rng.next()) : g_rng.pick(-50000, 50000);
    const int kind = g_rng.pick(0, 9);
    mult[i] = kind == 0 ? 0 : kind == 1 ? INT32_MAX : g_rng.pick(1 << 30, INT32_MAX);
    shift[i] = kind == 3 ? -31 : kind == 4 ? 30 : kind == 5 ? 2 : g_rng.pick(-18, -4);
    if (forced.multiplier != 0) mult[i] = forced.multiplier, shift[i] = forced.shift;
  }
  FullyConnectedS8Args args{input, weights, g_rng.pick(0, 4) == 0 ? nullptr : bias, mult, shift, sums, expected};
  int compared = 0;
  if (fully_connected_s8_prepare(p, weights, args.bias, sums) != Status::kOk ||
      fully_connected_s8_pair_weights(p, weights, reordered, w_n) != Status::kOk ||
      fully_connected_s8_run_variant(*ref, p, args, nullptr, 0) != Status::kOk) {
    compared = -1;
  } else if (isa_runnable(pairs->isa)) {
    args.pair_weights = reordered;
    for (int only = 0; only < 2 && compared >= 0; ++only) {
      FullyConnectedParams q = p;
      q.has_kernel_sums = q.has_pair_weights = true;
      q.packed_weights_only = only == 1;
      q.pairs_raw_input = g_rng.pick(0, 3) == 0;  // the compiler's form for the cores without the M4 loops
      FullyConnectedS8Args a = args;
      if (only == 1) a.weights = nullptr;
      uint8_t* out = test::guarded_alloc(out_n);
      // The input lanes: 2 * input_depth from 8 rows (4 rows or pairs_raw_input: the raw input, no scratch).
      const size_t scratch_n = pairs->scratch_bytes(q);
      uint8_t* scratch = test::guarded_alloc(scratch_n);
      const size_t lanes_n = p.output_depth >= 8 && !q.pairs_raw_input ? 2 * static_cast<size_t>(p.input_depth) : 0;
      if (out == nullptr || scratch == nullptr || !pairs->supports(q) || scratch_n != lanes_n) return -1;
      a.output = reinterpret_cast<int8_t*>(out);
      if (fully_connected_s8_run_variant(*pairs, q, a, scratch, scratch_n) != Status::kOk ||
          !test::guards_intact(out, out_n) || !test::guards_intact(scratch, scratch_n)) {
        compared = -1;
      } else if (std::memcmp(out, expected, out_n) != 0) {
        platform::print("    pairs differs: batches %d depth %d out %d fill %d\n", static_cast<int>(p.batches),
                        static_cast<int>(p.input_depth), static_cast<int>(p.output_depth), static_cast<int>(fill));
        compared = -1;
      } else {
        ++compared;
      }
    }
  }
  test::arena_rewind(mark);
  return compared;
}

}  // namespace

TEST(FullyConnectedS8Pairs, SweepMatchesReference) {
  static const int32_t kDepths[] = {4, 8, 12, 20, 28, 32, 36, 40, 44, 48, 52, 56, 60, 128, 476, 480, 484, 516, 640, 964, 1024, 1300};
  int cases = 0, compared = 0;
  for (; cases < 240; ++cases) {
    FullyConnectedParams p;
    p.batches = g_rng.pick(0, 3) == 0 ? g_rng.pick(2, 3) : 1;
    p.input_depth = kDepths[g_rng.pick(0, 21)];
    p.output_depth = 4 * g_rng.pick(1, 5);
    p.input_offset = g_rng.pick(0, 3) == 0 ? (g_rng.pick(0, 1) ? 128 : -127) : g_rng.pick(-127, 128);
    p.output_offset = g_rng.pick(0, 3) == 0 ? (g_rng.pick(0, 1) ? 127 : -128) : g_rng.pick(-128, 127);
    const bool full = g_rng.pick(0, 1) == 1;  // the lean output path needs the full clamp
    p.activation_min = full ? -128 : g_rng.pick(-128, 20);
    p.activation_max = full ? 127 : g_rng.pick(p.activation_min, 127);
    p.per_channel = g_rng.pick(0, 2) == 0;
    const int c = run_case(p, 0);
    ASSERT_GE(c, 0);
    compared += c;
  }
  platform::print("    %d random cases, %d pairs runs compared with ref\n", cases, compared);
  EXPECT_GE(compared, isa_runnable(Isa::kDsp) ? 2 * cases : 0);
}

// One case of the Cortex-M4 loops' sweeps (p's batches and depths set): random offsets (the
// int8 ends one time in four), a FastQuant-able per-tensor table (multiplier >= 2^30, at 2^30 or
// INT32_MAX one time in four; right shifts 1, 23 and between, or 0). Returns run_case's count.
namespace {
int run_m4_loop_case(FullyConnectedParams p) {
  static const int32_t kShifts[] = {-1, -23, 0, -2, -7, -12};
  p.input_offset = g_rng.pick(-127, 128);
  p.output_offset = g_rng.pick(0, 3) == 0 ? (g_rng.pick(0, 1) ? 127 : -128) : g_rng.pick(-128, 127);
  ForcedQuant q;
  q.multiplier = g_rng.pick(0, 3) == 0 ? (g_rng.pick(0, 1) ? INT32_MAX : 1 << 30) : g_rng.pick(1 << 30, INT32_MAX);
  q.shift = kShifts[g_rng.pick(0, 5)];
  return run_case(p, 0, q);
}
}  // namespace

// The Cortex-M4 whole-layer lean loop (fc_s8_pairs_m4_lean.h; other cores run their lean paths):
// per-tensor, full clamp, multiplier >= 2^30 and shift at the FastQuant edges (-1, -23) and
// between, plus shift 0 (the loops' unrounded output form); every group count modulo 32 from 1
// group up (the TBH entry), one to three 384-step chunks (3 iterations of 32 groups), 1 to 40 blocks.
TEST(FullyConnectedS8Pairs, LeanLoopSweepMatchesReference) {
  int compared = 0;
  for (int32_t groups = 1; groups <= 40; ++groups) {
    for (int32_t depth : {4 * groups, 4 * (groups + 96), 4 * (groups + 208)}) {
      FullyConnectedParams p;
      p.batches = g_rng.pick(0, 4) == 0 ? 2 : 1;
      p.input_depth = depth;
      p.output_depth = depth > 600 ? 4 * g_rng.pick(1, 3) : 4 * g_rng.pick(1, 40);
      const int c = run_m4_loop_case(p);
      ASSERT_GE(c, 0);
      compared += c;
    }
  }
  platform::print("    %d lean-loop runs compared with ref\n", compared);
  EXPECT_GE(compared, isa_runnable(Isa::kDsp) ? 2 * 40 * 3 : 0);
}

// The Cortex-M4 six-row passes (fc_s8_pairs_m4_six.h: blocks in threes, pass A block b plus block
// b+1's low pair, pass B block b+2 plus its high pair) and the four-row loop for the one or two
// blocks left: every output depth from 12 to 60 rows (triples 1-5, 0-2 blocks left), 8 (no triple),
// 124 (ten triples and a block), AD's 128 and 640, each group count modulo 32 from 1 (the TBH entry) and one to several iterations, FastQuant
// tables and shift 0.
TEST(FullyConnectedS8Pairs, SixRowPassesMatchReference) {
  int compared = 0;
  for (int32_t groups = 1; groups <= 40; ++groups) {
    for (int32_t depth : {4 * groups, 4 * (groups + 64), 4 * (groups + 224)}) {
      FullyConnectedParams p;
      p.batches = g_rng.pick(0, 4) == 0 ? 2 : 1;
      p.input_depth = depth;
      const int32_t pick = g_rng.pick(0, 16);
      p.output_depth = pick < 13 ? 12 + 4 * pick : pick == 13 ? 8 : pick == 14 ? 124 : depth > 600 ? 128 : 640;
      const int c = run_m4_loop_case(p);
      ASSERT_GE(c, 0);
      compared += c;
    }
  }
  platform::print("    %d six-row runs compared with ref\n", compared);
  EXPECT_GE(compared, isa_runnable(Isa::kDsp) ? 2 * 40 * 3 : 0);
}

// Every input and weight -128 (the largest |h.x| per step, 16384) at depths up to 4096: the high
// rows' sums (256 h.x) would reach 2^31 at 512 steps without the 480-step chunks.
TEST(FullyConnectedS8Pairs, WorstCaseSumsMatchReference) {
  int compared = 0;
  for (int32_t depth : {256, 384, 388, 480, 484, 512, 516, 768, 772, 960, 964, 4096}) {
    FullyConnectedParams p;
    p.input_depth = depth;
    p.output_depth = 8;
    p.input_offset = 0;
    p.per_channel = true;
    int c = run_case(p, -128);
    ASSERT_GE(c, 0);
    compared += c;
    p.per_channel = false;  // the lean loops (M4: 384-step chunks), a FastQuant-ready table
    c = run_case(p, -128, ForcedQuant{1 << 30, -23});
    ASSERT_GE(c, 0);
    compared += c;
    p.output_depth = 20;  // the M4 six-row passes (B = h.x unchunked, |B| <= 2^29) and a block left
    c = run_case(p, -128, ForcedQuant{1 << 30, -23});
    ASSERT_GE(c, 0);
    compared += c;
  }
  platform::print("    %d worst-case runs compared with ref\n", compared);
}

TEST(FullyConnectedS8Pairs, LayoutAndChecks) {
  FullyConnectedParams p;
  p.input_depth = 8;
  p.output_depth = 8;  // two 4-row blocks
  int8_t weights[64], pairs[65];
  for (int i = 0; i < 64; ++i) weights[i] = static_cast<int8_t>(i * 4 - 128);
  pairs[64] = 0x5A;
  ASSERT_EQ(fully_connected_s8_pair_weights(p, weights, pairs, 64), Status::kOk);
  EXPECT_EQ(pairs[64], 0x5A);
  auto w = [&](int r, int k) { return weights[r * 8 + k]; };
  auto low = [&](int r, int k) { return static_cast<int8_t>(static_cast<uint8_t>(w(r, k)) ^ 0x80u); };
  static const int kStep[4] = {0, 2, 1, 3};
  int checks = 0;
  for (int b = 0; b < 2; ++b) {
    for (int g = 0; g < 2; ++g) {
      for (int q = 0; q < 2; ++q) {
        for (int i = 0; i < 4; ++i, checks += 2) {
          EXPECT_EQ(pairs[b * 32 + g * 16 + q * 8 + 2 * i], low(4 * b + 2 * q, 4 * g + kStep[i]));
          EXPECT_EQ(pairs[b * 32 + g * 16 + q * 8 + 2 * i + 1], w(4 * b + 2 * q + 1, 4 * g + kStep[i]));
        }
      }
    }
  }
  EXPECT_EQ(checks, 64);
  EXPECT_EQ(fully_connected_s8_pair_weights(p, weights, pairs, 63), Status::kScratchTooSmall);
  EXPECT_EQ(fully_connected_s8_pair_weights(p, nullptr, pairs, 64), Status::kNullPointer);
  FullyConnectedParams odd = p;
  odd.output_depth = 6;
  EXPECT_EQ(fully_connected_s8_pair_weights(odd, weights, pairs, 64), Status::kUnsupported);
  odd = p;
  odd.input_depth = 6;
  EXPECT_EQ(fully_connected_s8_pair_weights(odd, weights, pairs, 64), Status::kUnsupported);
  odd = p;
  odd.filter_offset = 3;
  EXPECT_EQ(fully_connected_s8_pair_weights(odd, weights, pairs, 64), Status::kUnsupported);
  // Every depth with the layout has the variant (AD's 8->128 included); depth 6 has neither.
  FullyConnectedParams small = p;
  small.has_pair_weights = small.has_kernel_sums = true;
  EXPECT_TRUE(fully_connected_s8_find_variant("fully_connected_s8.pairs.dsp")->supports(small));
  small.input_depth = 4;
  EXPECT_TRUE(fully_connected_s8_find_variant("fully_connected_s8.pairs.dsp")->supports(small));
  small.input_depth = 6;
  EXPECT_FALSE(fully_connected_s8_find_variant("fully_connected_s8.pairs.dsp")->supports(small));
  // The entry point: pair weights flagged but not given; the int8 weights left out without a copy.
  FullyConnectedParams q = p;
  q.has_pair_weights = q.has_kernel_sums = true;
  int8_t in[8] = {}, out[8];
  int32_t m = 1 << 30, s = -1, sums[8] = {};
  FullyConnectedS8Args a{in, weights, nullptr, &m, &s, sums, out};
  EXPECT_EQ(fully_connected_s8(q, a, nullptr, 0), Status::kNullPointer);
  // The input lanes' scratch (2 * input_depth from 8 rows) is required on every core.
  const FullyConnectedS8Variant* v = fully_connected_s8_find_variant("fully_connected_s8.pairs.dsp");
  a.pair_weights = pairs;
  int16_t lanes[8];
  EXPECT_EQ(v->scratch_bytes(q), sizeof lanes);
  FullyConnectedParams four = q;  // 4 rows: no scratch
  four.output_depth = 4;
  EXPECT_EQ(v->scratch_bytes(four), 0u);
  FullyConnectedParams raw = q;  // the raw input asked for: no scratch
  raw.pairs_raw_input = true;
  EXPECT_EQ(v->scratch_bytes(raw), 0u);
  if (isa_runnable(v->isa)) {  // (a core without the DSP extension refuses the variant first)
    EXPECT_EQ(fully_connected_s8_run_variant(*v, q, a, nullptr, 0), Status::kNullPointer);
    EXPECT_EQ(fully_connected_s8_run_variant(*v, q, a, lanes, sizeof lanes - 1), Status::kScratchTooSmall);
    EXPECT_EQ(fully_connected_s8_run_variant(*v, q, a, lanes, sizeof lanes), Status::kOk);
    EXPECT_EQ(fully_connected_s8_run_variant(*v, four, a, nullptr, 0), Status::kOk);
    EXPECT_EQ(fully_connected_s8_run_variant(*v, raw, a, nullptr, 0), Status::kOk);
  }
  a.pair_weights = nullptr;
  q.has_pair_weights = false;
  q.packed_weights_only = true;
  a.weights = nullptr;
  EXPECT_EQ(fully_connected_s8(q, a, nullptr, 0), Status::kBadParameter);
}
