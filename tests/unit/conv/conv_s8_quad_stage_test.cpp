// The output stages of the packed and paired conv2d_s8 variants' row-quad loops
// (mat_mult_packed_2col, mat_mult_paired_2col): on the Cortex-M7 a folded stage with the full int8
// clamp is requantized inside the quad loops (quad_output_m7.h), every other stage (and the rows
// % 4 left) through acc and requantize_acc_2col, whose masked form has its own Cortex-M7 loop.
// Every packed and paired variant must give conv2d_s8.ref's bytes (output and scratch guarded) for:
//   - depths 4..160 (every pass form of accumulate_quads_m7: 1, 2, 4, 8 groups per pass, 12, the
//     TBH entry; every entry group of the paired passes of four), output channels 1..34 (quads
//     only, a tail pair, odd counts for the paired variants), odd and even pixel counts
//     (the lone last pixel), two batches;
//   - stages: full clamp folded with offsets -128, 127 and random, dead channels (multiplier 0),
//     right shifts 1 and 31; ReLU-like and narrow clamps (folded, clamped form); a right shift of 0
//     on one channel (masked form); a left shift or a multiplier below 2^30 (other forms);
//   - sums at the extremes (input -128 or 127 against -128 / 127 weights, biases near the int32
//     limits) and random.
#include <cstring>
#include <initializer_list>

#include "cmnn/conv.h"
#include "test.h"
#include "test_data.h"

using namespace cmnn;

namespace {

test::Xorshift32 g_rng(0x7ACC0DEu);

// Stage kind k: 0 full, offset -128; 1 full, offset 127; 2 full, random offset, dead channels;
// 3 ReLU-like; 4 narrow; 5 full, one right shift of 0 (masked); 6 full, a left shift or a
// multiplier below 2^30.
void make_stage(int kind, Conv2dParams* p, int32_t* mult, int32_t* shift) {
  const int32_t n = p->output_c;
  p->output_offset = kind == 0 ? -128 : kind == 1 ? 127 : g_rng.pick(-128, 127);
  p->activation_min = -128;
  p->activation_max = 127;
  for (int32_t c = 0; c < n; ++c) {
    const int m = g_rng.pick(0, 3);
    mult[c] = m == 0 ? (1 << 30) : m == 1 ? INT32_MAX : g_rng.pick(1 << 30, INT32_MAX);
    const int e = g_rng.pick(0, 3);
    shift[c] = e == 0 ? -1 : e == 1 ? -31 : g_rng.pick(-14, -1);
    if (kind == 2 && g_rng.pick(0, 3) == 0) mult[c] = 0, shift[c] = g_rng.pick(-31, 30);
  }
  if (kind == 3) p->activation_min = p->output_offset;
  if (kind == 4) p->activation_min = -5, p->activation_max = 5;
  const int32_t one = g_rng.pick(0, n - 1);
  if (kind == 5) shift[one] = 0;
  if (kind == 6) {
    if (g_rng.pick(0, 1) == 0) shift[one] = g_rng.pick(1, 3);
    else mult[one] = g_rng.pick(1, (1 << 30) - 1);
  }
}

}  // namespace

TEST(Conv2dS8QuadStage, EveryStageKindMatchesRef) {
  const Conv2dS8Variant* ref = conv2d_s8_find_variant("conv2d_s8.ref");
  ASSERT_TRUE(ref != nullptr);
  size_t count = 0;
  const Conv2dS8Variant* table = conv2d_s8_variants(&count);
  int runs[2] = {0, 0};  // packed, paired
  for (int32_t depth : {4, 8, 12, 16, 20, 32, 40, 48, 64, 96, 128, 160}) {
    for (int32_t out_c : {1, 2, 4, 5, 6, 7, 8, 12, 14, 32, 34}) {
      for (int32_t pixels : {1, 2, 3, 7}) {
        for (int kind = 0; kind < 7; ++kind) {
          const size_t mark = test::arena_mark();
          Conv2dParams p{};
          p.batches = kind == 2 ? 2 : 1;
          p.input_h = p.output_h = 1;
          p.input_w = p.output_w = pixels;
          p.input_c = depth;
          p.output_c = out_c;
          p.filter_h = p.filter_w = 1;
          p.stride_h = p.stride_w = 1;
          p.dilation_h = p.dilation_w = 1;
          p.groups = 1;
          p.input_offset = g_rng.pick(-127, 128);
          const size_t in_n = static_cast<size_t>(p.batches) * pixels * depth;
          const size_t w_n = static_cast<size_t>(out_c) * depth, out_n = static_cast<size_t>(p.batches) * pixels * out_c;
          auto* input = test::arena_alloc<int8_t>(in_n);
          auto* filter = test::arena_alloc<int8_t>(w_n);
          auto* bias = test::arena_alloc<int32_t>(static_cast<size_t>(out_c));
          auto* mult = test::arena_alloc<int32_t>(static_cast<size_t>(out_c));
          auto* shift = test::arena_alloc<int32_t>(static_cast<size_t>(out_c));
          auto* want = test::arena_alloc<int8_t>(out_n);
          ASSERT_TRUE(input && filter && bias && mult && shift && want);
          make_stage(kind, &p, mult, shift);
          const bool extreme = (kind + depth / 4) % 3 == 0;
          if (extreme) p.input_offset = g_rng.pick(0, 1) != 0 ? 128 : -127;
          for (size_t i = 0; i < in_n; ++i) {
            input[i] = static_cast<int8_t>(extreme ? (p.input_offset > 0 ? 127 : -128) : g_rng.pick(-128, 127));
          }
          for (size_t i = 0; i < w_n; ++i) {
            filter[i] = static_cast<int8_t>(extreme ? (g_rng.pick(0, 1) != 0 ? 127 : -128) : g_rng.pick(-128, 127));
          }
          for (int32_t c = 0; c < out_c; ++c) {
            const int b = g_rng.pick(0, 3);
            bias[c] = b == 0 ? INT32_MAX - g_rng.pick(0, 1 << 20) : b == 1 ? INT32_MIN + g_rng.pick(0, 1 << 20)
                                                                          : g_rng.pick(-(1 << 20), 1 << 20);
          }
          ASSERT_EQ(conv2d_check_shape(p), Status::kOk);
          const size_t packed_n = conv2d_s8_packed_count(p);  // 0 for an odd channel count
          int16_t* packed = packed_n > 0 ? test::arena_alloc<int16_t>(packed_n) : nullptr;
          ASSERT_TRUE(packed_n == 0 || packed != nullptr);
          if (packed_n > 0) ASSERT_EQ(conv2d_s8_pack(p, filter, packed, packed_n), Status::kOk);
          Conv2dS8Args args{input, filter, bias, mult, shift, want, packed};
          ASSERT_EQ(conv2d_s8_run_variant(*ref, p, args, nullptr, 0), Status::kOk);
          // The packed order (packed copy beside the OHWI filter), then the paired one.
          const size_t paired_n = conv2d_s8_paired_count(p);
          auto* paired = test::arena_alloc<int8_t>(paired_n);
          ASSERT_TRUE(paired != nullptr);
          ASSERT_EQ(conv2d_s8_pair_filter(p, filter, paired, paired_n), Status::kOk);
          for (int order = 0; order < 2; ++order) {
            Conv2dParams q = p;
            Conv2dS8Args a = args;
            if (order == 0 && packed_n == 0) continue;
            if (order == 0) q.has_packed_filter = true;
            else q.paired_filter = true, a.filter = paired, a.packed_filter = nullptr;
            for (size_t i = 0; i < count; ++i) {
              const Conv2dS8Variant& v = table[i];
              if (std::strstr(v.id, order == 0 ? ".packed." : ".paired.") == nullptr || !isa_runnable(v.isa) ||
                  !v.supports(q)) {
                continue;
              }
              const size_t scratch_n = v.scratch_bytes(q);
              uint8_t* out = test::guarded_alloc(out_n);
              uint8_t* scratch = test::guarded_alloc(scratch_n);
              ASSERT_TRUE(out != nullptr && scratch != nullptr);
              a.output = reinterpret_cast<int8_t*>(out);
              ASSERT_EQ(conv2d_s8_run_variant(v, q, a, scratch, scratch_n), Status::kOk);
              ASSERT_TRUE(test::guards_intact(out, out_n) && test::guards_intact(scratch, scratch_n));
              if (std::memcmp(out, want, out_n) != 0) {
                platform::print("    %s depth %d out_c %d pixels %d kind %d differs\n", v.id, static_cast<int>(depth),
                                static_cast<int>(out_c), static_cast<int>(pixels), kind);
                ASSERT_BYTES_EQ(out, want, out_n);
              }
              ++runs[order];
            }
          }
          test::arena_rewind(mark);
        }
      }
    }
  }
  platform::print("    %d packed runs, %d paired runs\n", runs[0], runs[1]);
  // Every order with a variant this target runs (none on the Cortex-M3: no DSP) ran.
  for (int order = 0; order < 2; ++order) {
    bool runnable = false;
    for (size_t i = 0; i < count; ++i) {
      runnable = runnable || (std::strstr(table[i].id, order == 0 ? ".packed." : ".paired.") != nullptr &&
                              isa_runnable(table[i].isa));
    }
    ASSERT_TRUE(runs[order] > 0 || !runnable);
  }
}
