// fully_connected_s8: every variant (the kernel-sum one with prepared sums, the packed one with
// packed weights) against the reference
// on a seeded sweep of depths around the 4-step SMLAD groups, output counts around the 4-row
// blocks, batches, zero points (filter offset included), per-tensor and per-channel quantization
// at extremes; guard bytes; parameter checks; prepare() and pack() against their definitions.
#include <cstring>

#include "cmnn/fully_connected.h"
#include "test.h"
#include "test_data.h"

using namespace cmnn;

namespace {

test::Xorshift32 g_rng(0x1234567u);

// Every runnable variant but .ref on `p` with `args` (inputs, weights, bias, rescale, the prepared
// kernel sums and packed weights), each once: without prepared data when it supports that, else
// with kernel sums, else with the packed weights; each output in a guarded buffer against
// `expected`. Adds to *runs (and *mve_runs for Helium variants).
void compare_variants(const FullyConnectedParams& p, FullyConnectedS8Args args, const int8_t* expected, int rep,
                      int* runs, int* mve_runs) {
  size_t count = 0;
  const FullyConnectedS8Variant* table = fully_connected_s8_variants(&count);
  const FullyConnectedS8Variant* ref = fully_connected_s8_find_variant("fully_connected_s8.ref");
  const size_t out_n = static_cast<size_t>(p.batches) * p.output_depth;
  for (int prepared = 0; prepared < 3; ++prepared) {
    FullyConnectedParams q = p;
    q.has_kernel_sums = prepared == 1;
    q.has_packed_weights = prepared == 2;
    for (size_t i = 0; i < count; ++i) {
      const FullyConnectedS8Variant& v = table[i];
      if (&v == ref || !isa_runnable(v.isa) || !v.supports(q)) continue;
      if (prepared > 0 && v.supports(p)) continue;  // run once, without prepared data
      const size_t scratch_n = v.scratch_bytes(q);
      uint8_t* out = test::guarded_alloc(out_n);
      uint8_t* scratch = test::guarded_alloc(scratch_n);
      ASSERT_TRUE(out != nullptr && scratch != nullptr);
      args.output = reinterpret_cast<int8_t*>(out);
      ASSERT_EQ(fully_connected_s8_run_variant(v, q, args, scratch, scratch_n), Status::kOk);
      ASSERT_TRUE(test::guards_intact(out, out_n) && test::guards_intact(scratch, scratch_n));
      if (std::memcmp(out, expected, out_n) != 0) {
        platform::print("    %s differs: depth %d out %d rep %d\n", v.id, static_cast<int>(p.input_depth),
                        static_cast<int>(p.output_depth), rep);
        ASSERT_BYTES_EQ(out, expected, out_n);
      }
      ++*runs;
      if (v.isa == Isa::kMve) ++*mve_runs;
    }
  }
}

}  // namespace

TEST(FullyConnectedS8, EveryVariantMatchesReference) {
  static const int32_t kDepths[] = {1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 64, 255, 24, 31, 40};
  size_t count = 0;
  const FullyConnectedS8Variant* table = fully_connected_s8_variants(&count);
  const FullyConnectedS8Variant* ref = fully_connected_s8_find_variant("fully_connected_s8.ref");
  ASSERT_TRUE(ref != nullptr);
  int cases = 0, runs = 0;
  for (; cases < 300; ++cases) {
    FullyConnectedParams p;
    p.batches = g_rng.pick(1, 3);
    p.input_depth = kDepths[g_rng.pick(0, 15)];
    p.output_depth = g_rng.pick(1, 9);
    p.input_offset = g_rng.pick(0, 3) == 0 ? (g_rng.pick(0, 1) ? 128 : -127) : g_rng.pick(-127, 128);
    p.filter_offset = g_rng.pick(0, 2) == 0 ? g_rng.pick(-127, 128) : 0;
    p.output_offset = g_rng.pick(0, 3) == 0 ? (g_rng.pick(0, 1) ? 127 : -128) : g_rng.pick(-128, 127);
    p.activation_min = g_rng.pick(0, 1) ? -128 : g_rng.pick(-128, 20);
    p.activation_max = g_rng.pick(0, 1) ? 127 : g_rng.pick(p.activation_min, 127);
    p.per_channel = g_rng.pick(0, 1) == 1;
    const size_t mark = test::arena_mark();
    const size_t in_n = static_cast<size_t>(p.batches) * p.input_depth;
    const size_t w_n = static_cast<size_t>(p.input_depth) * p.output_depth;
    const size_t out_n = static_cast<size_t>(p.batches) * p.output_depth;
    const auto n = static_cast<size_t>(p.output_depth);
    auto* input = test::arena_alloc<int8_t>(in_n);
    auto* weights = test::arena_alloc<int8_t>(w_n);
    auto* bias = test::arena_alloc<int32_t>(n);
    auto* mult = test::arena_alloc<int32_t>(n);
    auto* shift = test::arena_alloc<int32_t>(n);
    auto* sums = test::arena_alloc<int32_t>(n);
    auto* expected = test::arena_alloc<int8_t>(out_n);
    const size_t packed_n = fully_connected_s8_packed_count(p);
    auto* packed = test::arena_alloc<int16_t>(packed_n);
    ASSERT_TRUE(input && weights && bias && mult && shift && sums && expected && packed);
    for (size_t i = 0; i < in_n; ++i) input[i] = static_cast<int8_t>(g_rng.pick(-128, 127));
    for (size_t i = 0; i < w_n; ++i) weights[i] = static_cast<int8_t>(g_rng.pick(-128, 127));
    for (size_t i = 0; i < n; ++i) {
      bias[i] = g_rng.pick(0, 4) == 0 ? static_cast<int32_t>(g_rng.next()) : g_rng.pick(-50000, 50000);
      const int kind = g_rng.pick(0, 9);
      mult[i] = kind == 0 ? 0 : kind == 1 ? INT32_MAX : g_rng.pick(1 << 30, INT32_MAX);
      shift[i] = kind == 3 ? -31 : kind == 4 ? 30 : kind == 5 ? 2 : g_rng.pick(-14, -4);
    }
    FullyConnectedS8Args args{input, weights, g_rng.pick(0, 4) == 0 ? nullptr : bias, mult, shift, sums, expected, packed};
    ASSERT_EQ(fully_connected_s8_prepare(p, weights, args.bias, sums), Status::kOk);
    ASSERT_EQ(fully_connected_s8_pack(p, weights, packed, packed_n), Status::kOk);
    ASSERT_EQ(fully_connected_s8_run_variant(*ref, p, args, nullptr, 0), Status::kOk);
    for (int prepared = 0; prepared < 3; ++prepared) {  // nothing, kernel sums, packed weights
      FullyConnectedParams q = p;
      q.has_kernel_sums = prepared == 1;
      q.has_packed_weights = prepared == 2;
      for (size_t i = 0; i < count; ++i) {
        const FullyConnectedS8Variant& v = table[i];
        if ((&v == ref && prepared == 0) || !isa_runnable(v.isa) || !v.supports(q)) continue;
        const size_t scratch_n = v.scratch_bytes(q);
        uint8_t* out = test::guarded_alloc(out_n);
        uint8_t* scratch = test::guarded_alloc(scratch_n);
        ASSERT_TRUE(out != nullptr && scratch != nullptr);
        args.output = reinterpret_cast<int8_t*>(out);
        ASSERT_EQ(fully_connected_s8_run_variant(v, q, args, scratch, scratch_n), Status::kOk);
        ASSERT_TRUE(test::guards_intact(out, out_n) && test::guards_intact(scratch, scratch_n));
        if (std::memcmp(out, expected, out_n) != 0) {
          platform::print("    %s differs: case %d batches %d depth %d out %d fo %d\n", v.id, cases,
                          static_cast<int>(p.batches), static_cast<int>(p.input_depth),
                          static_cast<int>(p.output_depth), static_cast<int>(p.filter_offset));
          ASSERT_BYTES_EQ(out, expected, out_n);
        }
        ++runs;
      }
      const size_t need = fully_connected_s8_scratch_bytes(q);
      uint8_t* out = test::guarded_alloc(out_n);
      void* scratch = need > 0 ? test::arena_alloc_bytes(need) : nullptr;
      args.output = reinterpret_cast<int8_t*>(out);
      ASSERT_EQ(fully_connected_s8(q, args, scratch, need), Status::kOk);
      ASSERT_BYTES_EQ(out, expected, out_n);
    }
    args.output = expected;
    test::arena_rewind(mark);
  }
  platform::print("    %d random cases, %d variant runs compared with ref\n", cases, runs);
  EXPECT_GE(runs, cases);
}

// Every depth 1..40 (the 16-lane VMLADAVA steps and their predicated tails, the 4-step SMLAD
// groups), output counts 1..9 (4-row blocks and their 1..3 remainders), batches, offsets at their
// extremes, extreme inputs and weights, per-tensor and per-channel quantization at the limits:
// every runnable variant (the mve ones through the emulation on the host) against the reference.
TEST(FullyConnectedS8, TailSweepMatchesReference) {
  const FullyConnectedS8Variant* ref = fully_connected_s8_find_variant("fully_connected_s8.ref");
  ASSERT_TRUE(ref != nullptr);
  int runs = 0, mve_runs = 0;
  for (int32_t depth = 1; depth <= 40; ++depth) {
    for (int rep = 0; rep < 4; ++rep) {
      FullyConnectedParams p;
      p.batches = rep == 3 ? 3 : rep == 2 ? 2 : 1;
      p.input_depth = depth;
      p.output_depth = 1 + (depth + 3 * rep) % 9;
      p.input_offset = rep == 0 ? 128 : rep == 1 ? -127 : g_rng.pick(-127, 128);
      p.filter_offset = rep == 1 ? 128 : rep == 2 ? -127 : rep == 3 ? g_rng.pick(-127, 128) : 0;
      p.output_offset = rep == 0 ? -128 : rep == 1 ? 127 : g_rng.pick(-128, 127);
      p.activation_min = rep == 3 ? g_rng.pick(-128, 0) : -128;
      p.activation_max = rep == 3 ? g_rng.pick(p.activation_min, 127) : 127;
      p.per_channel = rep != 1;
      const size_t mark = test::arena_mark();
      const size_t in_n = static_cast<size_t>(p.batches) * depth;
      const size_t w_n = static_cast<size_t>(depth) * p.output_depth;
      const size_t out_n = static_cast<size_t>(p.batches) * p.output_depth;
      const auto n = static_cast<size_t>(p.output_depth);
      auto* input = test::arena_alloc<int8_t>(in_n);
      auto* weights = test::arena_alloc<int8_t>(w_n);
      auto* bias = test::arena_alloc<int32_t>(n);
      auto* mult = test::arena_alloc<int32_t>(n);
      auto* shift = test::arena_alloc<int32_t>(n);
      auto* sums = test::arena_alloc<int32_t>(n);
      auto* expected = test::arena_alloc<int8_t>(out_n);
      const size_t packed_n = fully_connected_s8_packed_count(p);
      auto* packed = test::arena_alloc<int16_t>(packed_n);
      ASSERT_TRUE(input && weights && bias && mult && shift && sums && expected && packed);
      // rep 0: the largest products (127 + 128) * -128; otherwise random with extremes mixed in.
      for (size_t i = 0; i < in_n; ++i) {
        input[i] = static_cast<int8_t>(rep == 0 ? 127 : g_rng.pick(0, 3) == 0 ? (g_rng.pick(0, 1) ? 127 : -128) : g_rng.pick(-128, 127));
      }
      for (size_t i = 0; i < w_n; ++i) {
        weights[i] = static_cast<int8_t>(rep == 0 ? -128 : g_rng.pick(0, 3) == 0 ? (g_rng.pick(0, 1) ? 127 : -128) : g_rng.pick(-128, 127));
      }
      for (size_t i = 0; i < n; ++i) {
        bias[i] = rep == 1 ? static_cast<int32_t>(g_rng.next()) : g_rng.pick(-70000, 70000);
        const int kind = static_cast<int>((i + static_cast<size_t>(depth) + static_cast<size_t>(rep)) % 6);
        mult[i] = kind == 0 ? INT32_MAX : kind == 1 ? (1 << 30) : kind == 2 ? 0 : g_rng.pick(1 << 30, INT32_MAX);
        shift[i] = kind == 0 ? -31 : kind == 1 ? 30 : kind == 3 ? g_rng.pick(-3, 3) : g_rng.pick(-14, -4);
      }
      FullyConnectedS8Args args{input, weights, rep == 2 ? nullptr : bias, mult, shift, sums, expected, packed};
      ASSERT_EQ(fully_connected_s8_prepare(p, weights, args.bias, sums), Status::kOk);
      ASSERT_EQ(fully_connected_s8_pack(p, weights, packed, packed_n), Status::kOk);
      ASSERT_EQ(fully_connected_s8_run_variant(*ref, p, args, nullptr, 0), Status::kOk);
      compare_variants(p, args, expected, rep, &runs, &mve_runs);
      test::arena_rewind(mark);
    }
  }
  platform::print("    %d variant runs (%d mve) compared with ref\n", runs, mve_runs);
  if (isa_runnable(Isa::kMve)) EXPECT_GE(mve_runs, 2 * 160);
}

// TFLite's usual FC (per-tensor, filter offset 0, clamp [-128, 127], multiplier in [2^30, 2^31),
// shift in [-23, 0]): the form the DSP int8-weight variants run through their lean output stage
// and 4-row leaf blocks. Depths 1..40 and AD/KWS/ResNet-8 sizes (every count of 4-step groups
// modulo the 4-group unroll, with and without a depth % 4 tail), 1..9 and 16 rows, biases and
// inputs at the extremes (QADD saturation in the rounding), every variant against ref.
TEST(FullyConnectedS8, LeanOutputSweepMatchesReference) {
  static const int32_t kDepths[] = {64, 127, 128, 129, 255, 256, 640};
  const FullyConnectedS8Variant* ref = fully_connected_s8_find_variant("fully_connected_s8.ref");
  ASSERT_TRUE(ref != nullptr);
  int runs = 0, cases = 0;
  for (int32_t step = 0; step < 40 + 7; ++step) {
    for (int rep = 0; rep < 3; ++rep, ++cases) {
      FullyConnectedParams p;
      p.batches = rep == 2 ? 2 : 1;
      p.input_depth = step < 40 ? step + 1 : kDepths[step - 40];
      p.output_depth = step >= 40 ? (rep == 0 ? 16 : 4 + rep) : 1 + (step + 4 * rep) % 9;
      p.input_offset = rep == 0 ? 128 : rep == 1 ? -127 : g_rng.pick(-127, 128);
      p.output_offset = rep == 0 ? -128 : rep == 1 ? 127 : g_rng.pick(-128, 127);
      const size_t mark = test::arena_mark();
      const int32_t depth = p.input_depth;
      const size_t in_n = static_cast<size_t>(p.batches) * depth;
      const size_t w_n = static_cast<size_t>(depth) * p.output_depth;
      const size_t out_n = static_cast<size_t>(p.batches) * p.output_depth;
      const auto n = static_cast<size_t>(p.output_depth);
      auto* input = test::arena_alloc<int8_t>(in_n);
      auto* weights = test::arena_alloc<int8_t>(w_n);
      auto* bias = test::arena_alloc<int32_t>(n);
      auto* sums = test::arena_alloc<int32_t>(n);
      auto* expected = test::arena_alloc<int8_t>(out_n);
      const size_t packed_n = fully_connected_s8_packed_count(p);
      auto* packed = test::arena_alloc<int16_t>(packed_n);
      ASSERT_TRUE(input && weights && bias && sums && expected && packed);
      for (size_t i = 0; i < in_n; ++i) {
        input[i] = static_cast<int8_t>(rep == 0 ? 127 : g_rng.pick(0, 3) == 0 ? (g_rng.pick(0, 1) ? 127 : -128) : g_rng.pick(-128, 127));
      }
      for (size_t i = 0; i < w_n; ++i) {
        weights[i] = static_cast<int8_t>(rep == 0 ? (i % 3 == 0 ? 127 : -128) : g_rng.pick(-128, 127));
      }
      for (size_t i = 0; i < n; ++i) bias[i] = rep == 1 ? static_cast<int32_t>(g_rng.next()) : g_rng.pick(-70000, 70000);
      int32_t mult[1] = {step % 5 == 0 ? INT32_MAX : step % 5 == 1 ? (1 << 30) : g_rng.pick(1 << 30, INT32_MAX)};
      int32_t shift[1] = {step % 4 == 0 ? 0 : step % 4 == 1 ? -23 : g_rng.pick(-14, -1)};
      FullyConnectedS8Args args{input, weights, bias, mult, shift, sums, expected, packed};
      ASSERT_EQ(fully_connected_s8_prepare(p, weights, bias, sums), Status::kOk);
      ASSERT_EQ(fully_connected_s8_pack(p, weights, packed, packed_n), Status::kOk);
      ASSERT_EQ(fully_connected_s8_run_variant(*ref, p, args, nullptr, 0), Status::kOk);
      int lean_mve_runs = 0;
      compare_variants(p, args, expected, rep, &runs, &lean_mve_runs);
      test::arena_rewind(mark);
    }
  }
  platform::print("    %d cases, %d variant runs compared with ref\n", cases, runs);
  // The lean blocks are DSP code: a core without the DSP extension (M3) has none to compare.
  if (isa_runnable(Isa::kDsp)) EXPECT_GE(runs, cases);
}

TEST(FullyConnectedS8, SelectsFastestNativeVariant) {
  FullyConnectedParams p;
  p.input_depth = 64;
  p.output_depth = 8;
  const FullyConnectedS8Variant* v = fully_connected_s8_select(p);
  ASSERT_TRUE(v != nullptr);
  EXPECT_EQ(std::strcmp(v->id, isa_native(Isa::kMve)   ? "fully_connected_s8.mve"
                               : isa_native(Isa::kDsp) ? "fully_connected_s8.dsp"
                                                       : "fully_connected_s8.ref"),
            0);
  p.has_kernel_sums = true;
  v = fully_connected_s8_select(p);
  ASSERT_TRUE(v != nullptr);
  EXPECT_EQ(std::strcmp(v->id, isa_native(Isa::kMve)   ? "fully_connected_s8.ksum.mve"
                               : isa_native(Isa::kDsp) ? "fully_connected_s8.ksum.dsp"
                                                       : "fully_connected_s8.ref"),
            0);
}

TEST(FullyConnectedS8, PrepareMatchesDefinition) {
  const int8_t weights[6] = {-128, 127, 3, 0, -1, 5};
  const int32_t bias[2] = {1000, -7};
  FullyConnectedParams p;
  p.input_depth = 3;
  p.output_depth = 2;
  p.input_offset = 128;
  p.filter_offset = -3;
  int32_t sums[2] = {};
  ASSERT_EQ(fully_connected_s8_prepare(p, weights, bias, sums), Status::kOk);
  EXPECT_EQ(sums[0], 1000 + 128 * ((-128 - 3) + (127 - 3) + (3 - 3)));
  EXPECT_EQ(sums[1], -7 + 128 * ((0 - 3) + (-1 - 3) + (5 - 3)));
  ASSERT_EQ(fully_connected_s8_prepare(p, weights, nullptr, sums), Status::kOk);
  EXPECT_EQ(sums[0], 128 * ((-128 - 3) + (127 - 3) + (3 - 3)));
  EXPECT_EQ(fully_connected_s8_prepare(p, nullptr, bias, sums), Status::kNullPointer);
  EXPECT_EQ(fully_connected_s8_prepare(p, weights, bias, nullptr), Status::kNullPointer);
}

TEST(FullyConnectedS8, PackMatchesLayout) {
  // 5 rows x depth 5 (padded to 8): a block of four rows, then a block of one.
  int8_t weights[25];
  for (int i = 0; i < 25; ++i) weights[i] = static_cast<int8_t>(i * 11 - 128);
  FullyConnectedParams p;
  p.input_depth = 5;
  p.output_depth = 5;
  p.filter_offset = 3;
  ASSERT_EQ(fully_connected_s8_packed_count(p), size_t{40});
  int16_t packed[41];
  packed[40] = 0x5A5A;
  ASSERT_EQ(fully_connected_s8_pack(p, weights, packed, 40), Status::kOk);
  EXPECT_EQ(packed[40], 0x5A5A);
  int checks = 0;
  auto w = [&](int o, int k) { return k < 5 ? weights[o * 5 + k] + 3 : 0; };
  static const int kLane[4] = {0, 2, 1, 3};
  for (int g = 0; g < 2; ++g) {
    for (int r = 0; r < 4; ++r) {
      for (int l = 0; l < 4; ++l, ++checks) EXPECT_EQ(packed[g * 16 + r * 4 + l], w(r, 4 * g + kLane[l]));
    }
    for (int l = 0; l < 4; ++l, ++checks) EXPECT_EQ(packed[32 + g * 4 + l], w(4, 4 * g + kLane[l]));
  }
  EXPECT_EQ(fully_connected_s8_pack(p, weights, packed, 39), Status::kScratchTooSmall);
  EXPECT_EQ(fully_connected_s8_pack(p, nullptr, packed, 40), Status::kNullPointer);
  EXPECT_EQ(fully_connected_s8_pack(p, weights, nullptr, 40), Status::kNullPointer);
  p.filter_offset = 129;
  EXPECT_EQ(fully_connected_s8_pack(p, weights, packed, 40), Status::kBadParameter);
  platform::print("    %d packed values checked\n", checks);
}

TEST(FullyConnectedS8, ParameterChecks) {
  FullyConnectedParams good;
  good.input_depth = 8;
  good.output_depth = 4;
  int8_t input[8] = {}, weights[32] = {}, output[4] = {};
  int32_t mult[4] = {1 << 30, 1 << 30, 1 << 30, 1 << 30}, shift[4] = {0, 0, 0, 0}, sums[4] = {};
  const FullyConnectedS8Args args{input, weights, nullptr, mult, shift, nullptr, output};
  alignas(4) static uint8_t scratch[64];
  int checks = 0;
  auto expect = [&](const FullyConnectedParams& p, const FullyConnectedS8Args& a, Status want) {
    EXPECT_EQ(fully_connected_s8(p, a, scratch, sizeof scratch), want);
    ++checks;
  };
  expect(good, args, Status::kOk);
  FullyConnectedS8Args a = args;
  a.input = nullptr;
  expect(good, a, Status::kNullPointer);
  a = args;
  a.weights = nullptr;
  expect(good, a, Status::kNullPointer);
  a = args;
  a.multiplier = nullptr;
  expect(good, a, Status::kNullPointer);
  a = args;
  a.output = nullptr;
  expect(good, a, Status::kNullPointer);
  FullyConnectedParams p = good;
  p.has_kernel_sums = true;
  expect(p, args, Status::kNullPointer);
  a = args;
  a.kernel_sums = sums;
  expect(p, a, Status::kOk);
  p = good;
  p.has_packed_weights = true;
  expect(p, args, Status::kNullPointer);
  const struct {
    int32_t FullyConnectedParams::*field;
    int32_t value;
    Status want;
  } bad[] = {
      {&FullyConnectedParams::batches, 0, Status::kBadShape},
      {&FullyConnectedParams::input_depth, -4, Status::kBadShape},
      {&FullyConnectedParams::input_depth, 40000, Status::kBadShape},
      {&FullyConnectedParams::output_depth, 0, Status::kBadShape},
      {&FullyConnectedParams::batches, 0x20000000, Status::kBadShape},
      {&FullyConnectedParams::input_offset, -128, Status::kBadParameter},
      {&FullyConnectedParams::filter_offset, 129, Status::kBadParameter},
      {&FullyConnectedParams::output_offset, -129, Status::kBadParameter},
      {&FullyConnectedParams::activation_min, 100, Status::kBadParameter},
      {&FullyConnectedParams::activation_max, -129, Status::kBadParameter},
  };
  for (const auto& b : bad) {
    p = good;
    p.*(b.field) = b.value;
    if (b.field == &FullyConnectedParams::activation_min) p.activation_max = 50;
    expect(p, args, b.want);
  }
  int32_t bad_shift[1] = {-32};
  a = args;
  a.shift = bad_shift;
  expect(good, a, Status::kBadParameter);
  p = good;
  p.per_channel = true;
  int32_t bad_mult[4] = {1 << 30, 1 << 30, 1 << 30, -5};
  a = args;
  a.multiplier = bad_mult;
  expect(p, a, Status::kBadParameter);
  const FullyConnectedS8Variant* dsp = fully_connected_s8_find_variant("fully_connected_s8.dsp");
  ASSERT_TRUE(dsp != nullptr);
  if (isa_runnable(dsp->isa)) {
    EXPECT_EQ(fully_connected_s8_run_variant(*dsp, good, args, scratch, dsp->scratch_bytes(good) - 1),
              Status::kScratchTooSmall);
    EXPECT_EQ(fully_connected_s8_run_variant(*dsp, good, args, nullptr, 64), Status::kNullPointer);
    checks += 2;
  }
  const FullyConnectedS8Variant* ksum = fully_connected_s8_find_variant("fully_connected_s8.ksum.dsp");
  ASSERT_TRUE(ksum != nullptr);
  EXPECT_EQ(fully_connected_s8_run_variant(*ksum, good, args, scratch, sizeof scratch), Status::kUnsupported);
  const FullyConnectedS8Variant* packed = fully_connected_s8_find_variant("fully_connected_s8.packed.dsp");
  ASSERT_TRUE(packed != nullptr);
  EXPECT_EQ(fully_connected_s8_run_variant(*packed, good, args, scratch, sizeof scratch), Status::kUnsupported);
  p = good;
  p.has_packed_weights = true;
  p.output_depth = 3;  // fewer than four rows: left to the other variants
  a = args;
  int16_t packed_weights[24] = {};
  a.packed_weights = packed_weights;
  EXPECT_EQ(fully_connected_s8_run_variant(*packed, p, a, scratch, sizeof scratch), Status::kUnsupported);
  EXPECT_EQ(fully_connected_s8(p, a, scratch, sizeof scratch), Status::kOk);
  checks += 2;
  platform::print("    %d parameter checks\n", checks + 1);
}
