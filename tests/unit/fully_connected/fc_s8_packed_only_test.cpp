// fully_connected_s8 with FullyConnectedParams::packed_weights_only (include/cmnn/fully_connected.h):
// the packed copy replaces the int8 weights. On a seeded sweep of depths, output counts (2 and
// >= 4: the packed variant's shapes), batches, offsets and per-tensor/per-channel quantization:
// the packed variant gives ref's bytes (ref run with the real weights) with null weights and with
// decoy weights (a read of them changes the bytes even where address 0 is readable); every other
// variant and, where the packed variant does not run natively, the entry point refuse; the partial
// sums (rows_into_fc.h) refuse null weights; packed_weights_only needs has_packed_weights.
#include <cstring>
#include <initializer_list>

#include "cmnn/checked_once.h"
#include "cmnn/fully_connected.h"
#include "cmnn/fully_connected_partial.h"
#include "test.h"
#include "test_data.h"

using namespace cmnn;

namespace {

test::Xorshift32 g_rng(0x0BADC0DEu);

void fill(int8_t* p, size_t n) {
  for (size_t i = 0; i < n; ++i) p[i] = static_cast<int8_t>(g_rng.pick(-128, 127));
}

}  // namespace

TEST(FullyConnectedS8PackedOnly, PackedVariantNeedsNoWeightsOthersRefuse) {
  static const int32_t kDepths[] = {1, 3, 4, 7, 8, 9, 16, 17, 31, 64, 100};
  static const int32_t kOutputs[] = {2, 4, 5, 6, 7, 8, 10, 12};
  size_t count = 0;
  const FullyConnectedS8Variant* table = fully_connected_s8_variants(&count);
  const FullyConnectedS8Variant* ref = fully_connected_s8_find_variant("fully_connected_s8.ref");
  const FullyConnectedS8Variant* packed_v = fully_connected_s8_find_variant("fully_connected_s8.packed.dsp");
  ASSERT_TRUE(ref != nullptr && packed_v != nullptr);
  int cases = 0, packed_runs = 0, refusals = 0;
  for (; cases < 150; ++cases) {
    FullyConnectedParams p;
    p.batches = g_rng.pick(1, 3);
    p.input_depth = kDepths[g_rng.pick(0, 10)];
    p.output_depth = kOutputs[g_rng.pick(0, 7)];
    p.input_offset = g_rng.pick(-127, 128);
    p.filter_offset = g_rng.pick(0, 3) == 0 ? g_rng.pick(-127, 128) : 0;
    p.output_offset = g_rng.pick(-128, 127);
    p.per_channel = g_rng.pick(0, 1) == 1;
    if (g_rng.pick(0, 2) == 0) p.activation_min = g_rng.pick(-128, 0), p.activation_max = g_rng.pick(p.activation_min, 127);
    const size_t mark = test::arena_mark();
    const size_t in_n = static_cast<size_t>(p.batches) * p.input_depth;
    const size_t out_n = static_cast<size_t>(p.batches) * p.output_depth;
    const size_t w_n = static_cast<size_t>(p.output_depth) * p.input_depth;
    const size_t packed_n = fully_connected_s8_packed_count(p);
    auto* input = test::arena_alloc<int8_t>(in_n);
    auto* weights = test::arena_alloc<int8_t>(w_n);
    auto* decoy = test::arena_alloc<int8_t>(w_n);
    auto* bias = test::arena_alloc<int32_t>(static_cast<size_t>(p.output_depth));
    auto* mult = test::arena_alloc<int32_t>(static_cast<size_t>(p.output_depth));
    auto* shift = test::arena_alloc<int32_t>(static_cast<size_t>(p.output_depth));
    auto* expected = test::arena_alloc<int8_t>(out_n);
    auto* packed = test::arena_alloc<int16_t>(packed_n);
    ASSERT_TRUE(input && weights && decoy && bias && mult && shift && expected && packed);
    fill(input, in_n);
    fill(weights, w_n);
    for (size_t i = 0; i < w_n; ++i) decoy[i] = static_cast<int8_t>(weights[i] ^ 0x33);
    for (int32_t o = 0; o < p.output_depth; ++o) {
      bias[o] = g_rng.pick(-30000, 30000);
      mult[o] = g_rng.pick(1 << 30, INT32_MAX);
      shift[o] = g_rng.pick(-12, -4);
    }
    ASSERT_EQ(fully_connected_s8_pack(p, weights, packed, packed_n), Status::kOk);
    FullyConnectedS8Args args{input, weights, bias, mult, shift, nullptr, expected, packed};
    ASSERT_EQ(fully_connected_s8_run_variant(*ref, p, args, nullptr, 0), Status::kOk);

    FullyConnectedParams q = p;
    q.has_packed_weights = true;
    q.packed_weights_only = true;
    uint8_t* out = test::guarded_alloc(out_n);
    ASSERT_TRUE(out != nullptr);
    for (size_t i = 0; i < count; ++i) {
      const FullyConnectedS8Variant& v = table[i];
      if (&v == packed_v) continue;
      ASSERT_TRUE(!v.supports(q));
      FullyConnectedS8Args a = args;
      a.weights = nullptr;
      a.output = reinterpret_cast<int8_t*>(out);
      const size_t scratch_n = v.scratch_bytes(p);
      void* scratch = scratch_n > 0 ? test::arena_alloc_bytes(scratch_n) : nullptr;
      ASSERT_EQ(fully_connected_s8_run_variant(v, q, a, scratch, scratch_n), Status::kUnsupported);
      ++refusals;
    }
    const bool runs = isa_runnable(packed_v->isa) && packed_v->supports(q);
    ASSERT_TRUE(packed_v->supports(q));
    const size_t scratch_n = packed_v->scratch_bytes(q);
    uint8_t* scratch = test::guarded_alloc(scratch_n);
    ASSERT_TRUE(scratch != nullptr);
    for (const int8_t* w : {static_cast<const int8_t*>(decoy), static_cast<const int8_t*>(nullptr)}) {
      FullyConnectedS8Args a = args;
      a.weights = w;
      a.output = reinterpret_cast<int8_t*>(out);
      std::memset(out, 0, out_n);
      if (!runs) {
        ASSERT_EQ(fully_connected_s8(q, a, scratch, scratch_n), Status::kUnsupported);
        continue;
      }
      ASSERT_EQ(check_call(*packed_v, fully_connected_s8_run_variant, q, a, scratch, scratch_n), Status::kOk);
      ASSERT_EQ(fully_connected_s8_run_variant(*packed_v, q, a, scratch, scratch_n), Status::kOk);
      ASSERT_TRUE(test::guards_intact(out, out_n) && test::guards_intact(scratch, scratch_n));
      if (std::memcmp(out, expected, out_n) != 0) {
        platform::print("    packed (weights %s) differs from ref: depth %d outputs %d batches %d\n", w == nullptr ? "null" : "decoy",
                        static_cast<int>(p.input_depth), static_cast<int>(p.output_depth), static_cast<int>(p.batches));
        ASSERT_BYTES_EQ(out, expected, out_n);
      }
      std::memset(out, 0, out_n);
      if (isa_native(packed_v->isa)) {
        ASSERT_EQ(fully_connected_s8(q, a, scratch, scratch_n), Status::kOk);
        ASSERT_BYTES_EQ(out, expected, out_n);
      } else {
        ASSERT_EQ(fully_connected_s8(q, a, scratch, scratch_n), Status::kUnsupported);
      }
      ++packed_runs;
    }
    test::arena_rewind(mark);
  }
  platform::print("    %d cases: %d packed runs without the weights, %d refusals\n", cases, packed_runs, refusals);
  EXPECT_GT(refusals, cases);
#if !defined(CMNN_TARGET_CORTEX_M) || defined(__ARM_FEATURE_DSP)
  EXPECT_EQ(packed_runs, 2 * cases);
#endif
}

TEST(FullyConnectedS8PackedOnly, ContractChecks) {
  FullyConnectedParams p;
  p.input_depth = 8, p.output_depth = 4;
  int8_t input[8] = {}, weights[32] = {}, output[4] = {};
  int32_t mult[1] = {1 << 30}, shift[1] = {0}, acc[4] = {};
  int16_t packed[32] = {};
  FullyConnectedS8Args a{input, nullptr, nullptr, mult, shift, nullptr, output, packed};
  uint8_t scratch[64];
  FullyConnectedParams q = p;
  q.has_packed_weights = true;
  EXPECT_EQ(fully_connected_s8(q, a, scratch, sizeof scratch), Status::kNullPointer);  // null weights need packed_weights_only
  q.has_packed_weights = false;
  q.packed_weights_only = true;
  EXPECT_EQ(fully_connected_s8(q, a, scratch, sizeof scratch), Status::kBadParameter);  // which needs the packed copy
  q.has_packed_weights = true;
  // The partial sums of rows_into_fc.h read the int8 weights: they refuse null ones.
  EXPECT_EQ(fully_connected_s8_partial_begin(q, a, acc), Status::kNullPointer);
  a.weights = weights;
  const FullyConnectedS8Variant* ref = fully_connected_s8_find_variant("fully_connected_s8.ref");
  ASSERT_TRUE(ref != nullptr);
  EXPECT_EQ(fully_connected_s8_run_variant(*ref, q, a, scratch, sizeof scratch), Status::kUnsupported);
}
