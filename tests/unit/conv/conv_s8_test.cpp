// conv2d_s8: every variant against the reference on a seeded random sweep of shapes around the
// DSP tile sizes (2 output channels x 2 pixels, depth groups of 4), zero points, multipliers and
// shifts at their extremes and clamps; guard bytes around output and scratch; parameter checks.
#include <cstring>

#include "cmnn/checked_once.h"
#include "cmnn/conv.h"
#include "test.h"
#include "test_data.h"

using namespace cmnn;

namespace {

test::Xorshift32 g_rng(0x2545F491u);

void fill(int8_t* p, size_t n, int lo, int hi) {
  for (size_t i = 0; i < n; ++i) p[i] = static_cast<int8_t>(g_rng.pick(lo, hi));
}

// A random valid shape around the tile sizes, or false when the draw is not a valid conv.
bool random_params(Conv2dParams* p) {
  static const int32_t kChannels[] = {1, 2, 3, 4, 5, 7, 8, 9, 12, 16};
  p->groups = g_rng.pick(0, 3) == 0 ? g_rng.pick(2, 3) : 1;
  p->input_c = kChannels[g_rng.pick(0, 9)] * p->groups;
  p->output_c = g_rng.pick(1, 5) * p->groups;
  p->batches = g_rng.pick(1, 2);
  p->filter_h = g_rng.pick(1, 3);
  p->filter_w = g_rng.pick(1, 3);
  p->stride_h = g_rng.pick(1, 3);
  p->stride_w = g_rng.pick(1, 3);
  p->dilation_h = g_rng.pick(0, 3) == 0 ? 2 : 1;
  p->dilation_w = g_rng.pick(0, 3) == 0 ? 2 : 1;
  p->input_h = g_rng.pick(1, 7);
  p->input_w = g_rng.pick(1, 7);
  const int32_t ext_h = (p->filter_h - 1) * p->dilation_h, ext_w = (p->filter_w - 1) * p->dilation_w;
  p->pad_top = g_rng.pick(0, ext_h);
  p->pad_left = g_rng.pick(0, ext_w);
  const int32_t pad_bottom = g_rng.pick(0, ext_h), pad_right = g_rng.pick(0, ext_w);
  const int32_t span_h = p->input_h + p->pad_top + pad_bottom - ext_h, span_w = p->input_w + p->pad_left + pad_right - ext_w;
  if (span_h <= 0 || span_w <= 0) return false;
  p->output_h = (span_h - 1) / p->stride_h + 1;
  p->output_w = (span_w - 1) / p->stride_w + 1;
  p->input_offset = g_rng.pick(0, 2) == 0 ? (g_rng.pick(0, 1) ? 128 : -127) : g_rng.pick(-127, 128);
  p->output_offset = g_rng.pick(0, 2) == 0 ? (g_rng.pick(0, 1) ? 127 : -128) : g_rng.pick(-128, 127);
  p->activation_min = g_rng.pick(0, 1) ? -128 : g_rng.pick(-128, 20);
  p->activation_max = g_rng.pick(0, 1) ? 127 : g_rng.pick(p->activation_min, 127);
  return conv2d_check_shape(*p) == Status::kOk;
}

void random_quant(int32_t* mult, int32_t* shift, int32_t n) {
  for (int32_t i = 0; i < n; ++i) {
    const int kind = g_rng.pick(0, 9);
    mult[i] = kind == 0 ? 0 : kind == 1 ? INT32_MAX : kind == 2 ? (1 << 30) : g_rng.pick(1 << 30, INT32_MAX);
    shift[i] = kind == 3 ? -31 : kind == 4 ? 30 : kind == 5 ? 1 : kind == 6 ? 0 : g_rng.pick(-14, -4);
  }
}

}  // namespace

TEST(Conv2dS8, EveryVariantMatchesReference) {
  size_t count = 0;
  const Conv2dS8Variant* table = conv2d_s8_variants(&count);
  const Conv2dS8Variant* ref = conv2d_s8_find_variant("conv2d_s8.ref");
  ASSERT_TRUE(ref != nullptr);
  int cases = 0, runs = 0, packed_runs = 0;
  for (int draw = 0; draw < 600 && cases < 250; ++draw) {
    Conv2dParams p;
    if (!random_params(&p)) continue;
    const size_t mark = test::arena_mark();
    const size_t in_n = static_cast<size_t>(p.batches) * p.input_h * p.input_w * p.input_c;
    const size_t out_n = static_cast<size_t>(p.batches) * p.output_h * p.output_w * p.output_c;
    const size_t w_n = static_cast<size_t>(p.output_c) * p.filter_h * p.filter_w * (p.input_c / p.groups);
    auto* input = test::arena_alloc<int8_t>(in_n);
    auto* filter = test::arena_alloc<int8_t>(w_n);
    auto* bias = test::arena_alloc<int32_t>(static_cast<size_t>(p.output_c));
    auto* mult = test::arena_alloc<int32_t>(static_cast<size_t>(p.output_c));
    auto* shift = test::arena_alloc<int32_t>(static_cast<size_t>(p.output_c));
    auto* expected = test::arena_alloc<int8_t>(out_n);
    ASSERT_TRUE(input && filter && bias && mult && shift && expected);
    fill(input, in_n, -128, 127);
    fill(filter, w_n, g_rng.pick(0, 1) ? -127 : -128, 127);
    for (int32_t c = 0; c < p.output_c; ++c) bias[c] = g_rng.pick(0, 4) == 0 ? static_cast<int32_t>(g_rng.next()) : g_rng.pick(-40000, 40000);
    random_quant(mult, shift, p.output_c);
    const size_t packed_n = conv2d_s8_packed_count(p);
    auto* packed = test::arena_alloc<int16_t>(packed_n);
    ASSERT_TRUE(packed != nullptr);
    if (packed_n > 0) ASSERT_EQ(conv2d_s8_pack(p, filter, packed, packed_n), Status::kOk);
    Conv2dS8Args args{input, filter, g_rng.pick(0, 4) == 0 ? nullptr : bias, mult, shift, expected, packed};
    ASSERT_EQ(conv2d_s8_run_variant(*ref, p, args, nullptr, 0), Status::kOk);
    // Pass 1: with the packed filter (the packed variants; the others were run in pass 0).
    for (int with_packed = 0; with_packed < 2; ++with_packed) {
      Conv2dParams q = p;
      q.has_packed_filter = with_packed == 1;
      for (size_t i = 0; i < count; ++i) {
        const Conv2dS8Variant& v = table[i];
        if (&v == ref || !isa_runnable(v.isa) || !v.supports(q) || (with_packed == 1 && v.supports(p))) continue;
        const size_t scratch_n = v.scratch_bytes(q);
        uint8_t* out = test::guarded_alloc(out_n);
        uint8_t* scratch = test::guarded_alloc(scratch_n);
        ASSERT_TRUE(out != nullptr && scratch != nullptr);
        args.output = reinterpret_cast<int8_t*>(out);
        ASSERT_EQ(conv2d_s8_run_variant(v, q, args, scratch, scratch_n), Status::kOk);
        if (!test::guards_intact(out, out_n) || !test::guards_intact(scratch, scratch_n)) {
          platform::print("    %s wrote outside output/scratch (case %d)\n", v.id, cases);
          ASSERT_TRUE(false);
        }
        if (std::memcmp(out, expected, out_n) != 0) {
          platform::print("    %s differs from ref: case %d in %dx%dx%d out %dx%dx%d f %dx%d s %d,%d d %d,%d pad %d,%d g %d\n",
                          v.id, cases, static_cast<int>(p.input_h), static_cast<int>(p.input_w), static_cast<int>(p.input_c), static_cast<int>(p.output_h), static_cast<int>(p.output_w), static_cast<int>(p.output_c), static_cast<int>(p.filter_h), static_cast<int>(p.filter_w), static_cast<int>(p.stride_h), static_cast<int>(p.stride_w), static_cast<int>(p.dilation_h), static_cast<int>(p.dilation_w), static_cast<int>(p.pad_top), static_cast<int>(p.pad_left), static_cast<int>(p.groups));
          ASSERT_BYTES_EQ(out, expected, out_n);
        }
        ++runs;
        if (with_packed == 1) ++packed_runs;
      }
    }
    // The entry point picks a variant and gives the same bytes.
    for (int with_packed = 0; with_packed < (packed_n > 0 ? 2 : 1); ++with_packed) {
      Conv2dParams q = p;
      q.has_packed_filter = with_packed == 1;
      const size_t need = conv2d_s8_scratch_bytes(q);
      uint8_t* out = test::guarded_alloc(out_n);
      void* scratch = need > 0 ? test::arena_alloc_bytes(need) : nullptr;
      args.output = reinterpret_cast<int8_t*>(out);
      ASSERT_EQ(conv2d_s8(q, args, scratch, need), Status::kOk);
      ASSERT_BYTES_EQ(out, expected, out_n);
    }
    ++cases;
    test::arena_rewind(mark);
  }
  platform::print("    %d random cases, %d non-reference variant runs (%d with a packed filter) compared with ref\n",
                  cases, runs, packed_runs);
  EXPECT_GE(cases, 200);
#if !defined(CMNN_TARGET_CORTEX_M) || defined(__ARM_FEATURE_DSP)
  EXPECT_GT(runs, cases);
  EXPECT_GT(packed_runs, 20);
#endif
}

// The packed variants on 1x1 and 3x3 layers of the depths their assembly loops enter differently
// (groups % 8 = 0..7 and groups % 12 == 0, one or several passes) and depths padded to whole groups
// (channels 1, 3, 5, 7: staged columns), odd and even pixel counts (interior pixel pairs and
// border pixels), with and without bias; output channels as one pair, row quads, and quads
// followed by a pair (6, 10), also per group of a 2-group 3x3 conv. The int8-weight im2col and 1x1
// variants run the same layers (their row-pair loop takes 8 groups per pass when groups % 8 == 0).
TEST(Conv2dS8, PackedVariantsMatchReference) {
  static const int32_t kDepths[] = {4, 8, 12, 16, 20, 24, 28, 32, 64, 68, 96, 1, 3, 5, 7};
  static const int32_t kOutputs[] = {2, 4, 6, 10, 16};
  const Conv2dS8Variant* ref = conv2d_s8_find_variant("conv2d_s8.ref");
  const Conv2dS8Variant* packed_1x1 = conv2d_s8_find_variant("conv2d_s8.1x1.packed.dsp");
  const Conv2dS8Variant* packed_any = conv2d_s8_find_variant("conv2d_s8.im2col.packed.dsp");
  const Conv2dS8Variant* int8_1x1 = conv2d_s8_find_variant("conv2d_s8.1x1.dsp");
  const Conv2dS8Variant* int8_any = conv2d_s8_find_variant("conv2d_s8.im2col.dsp");
  ASSERT_TRUE(ref != nullptr && packed_1x1 != nullptr && packed_any != nullptr);
  ASSERT_TRUE(int8_1x1 != nullptr && int8_any != nullptr);
  if (!isa_runnable(packed_any->isa)) SKIP("no DSP variants on this core");
  int runs = 0;
  for (int32_t cin : kDepths) {
    for (int32_t cout : kOutputs) {
      // usual 1: TFLite's usual quantization (multipliers >= 2^30, right shifts 1..14, the
      // assembly requantization loops without the nudge mask; now and then a right shift of 24..31
      // or a multiplier of 0 or below 2^30, the sign-magnitude loop) with the full or (cout & 2) a random, usually narrower,
      // activation range (ReLU / ReLU6: the SSUB8/SEL clamp).
      for (int shape_usual = 0; shape_usual < 8; ++shape_usual) {
        const int shape = shape_usual & 3;
        const bool usual = shape_usual >= 4;
        Conv2dParams p;
        p.groups = shape == 3 ? 2 : 1;
        p.input_c = cin * p.groups;
        p.output_c = cout * p.groups;
        p.input_h = shape >= 2 ? 4 : 3;
        p.input_w = shape == 0 ? 3 : 5;  // 9 (odd) or 15 / 20 pixels
        p.filter_h = p.filter_w = shape >= 2 ? 3 : 1;
        p.pad_top = p.pad_left = shape >= 2 ? 1 : 0;
        p.output_h = p.input_h;
        p.output_w = p.input_w;
        p.input_offset = g_rng.pick(-127, 128);
        p.output_offset = g_rng.pick(-128, 127);
        if (usual && (cout & 2) != 0) {
          p.activation_min = g_rng.pick(-128, 0);
          p.activation_max = g_rng.pick(p.activation_min, 127);
        }
        const size_t mark = test::arena_mark();
        const size_t in_n = static_cast<size_t>(p.input_h) * p.input_w * p.input_c;
        const size_t out_n = static_cast<size_t>(p.output_h) * p.output_w * p.output_c;
        const size_t w_n = static_cast<size_t>(p.output_c) * p.filter_h * p.filter_w * cin;
        auto* input = test::arena_alloc<int8_t>(in_n);
        auto* filter = test::arena_alloc<int8_t>(w_n);
        auto* bias = test::arena_alloc<int32_t>(static_cast<size_t>(p.output_c));
        auto* mult = test::arena_alloc<int32_t>(static_cast<size_t>(p.output_c));
        auto* shift = test::arena_alloc<int32_t>(static_cast<size_t>(p.output_c));
        auto* expected = test::arena_alloc<int8_t>(out_n);
        const size_t packed_n = conv2d_s8_packed_count(p);
        auto* packed = test::arena_alloc<int16_t>(packed_n);
        ASSERT_TRUE(input && filter && bias && mult && shift && expected && packed);
        ASSERT_EQ(packed_n, static_cast<size_t>(p.output_c) * ((p.filter_h * p.filter_w * cin + 3) & ~3) + 8);
        fill(input, in_n, -128, 127);
        fill(filter, w_n, -128, 127);
        for (int32_t c = 0; c < p.output_c; ++c) bias[c] = g_rng.pick(-40000, 40000);
        random_quant(mult, shift, p.output_c);
        for (int32_t c = 0; usual && c < p.output_c; ++c) {
          const int kind = g_rng.pick(0, 9);  // now and then a dead (0) or small multiplier
          mult[c] = kind == 0 ? 0 : kind == 1 ? g_rng.pick(1, (1 << 30) - 1) : g_rng.pick(1 << 30, INT32_MAX);
          shift[c] = g_rng.pick(0, 5) == 0 ? g_rng.pick(-31, -24) : g_rng.pick(-14, -1);  // some right > 23
        }
        ASSERT_EQ(conv2d_s8_pack(p, filter, packed, packed_n), Status::kOk);
        for (int with_bias = 0; with_bias < 2; ++with_bias) {
          Conv2dS8Args args{input, filter, with_bias ? bias : nullptr, mult, shift, expected, packed};
          ASSERT_EQ(conv2d_s8_run_variant(*ref, p, args, nullptr, 0), Status::kOk);
          Conv2dParams q = p;
          q.has_packed_filter = true;
          const Conv2dS8Variant* const variants[4] = {packed_1x1, packed_any, int8_1x1, int8_any};
          for (const Conv2dS8Variant* v : variants) {
            if (!v->supports(q)) continue;
            const size_t scratch_n = v->scratch_bytes(q);
            uint8_t* out = test::guarded_alloc(out_n);
            uint8_t* scratch = test::guarded_alloc(scratch_n);
            ASSERT_TRUE(out != nullptr && scratch != nullptr);
            args.output = reinterpret_cast<int8_t*>(out);
            ASSERT_EQ(conv2d_s8_run_variant(*v, q, args, scratch, scratch_n), Status::kOk);
            ASSERT_TRUE(test::guards_intact(out, out_n) && test::guards_intact(scratch, scratch_n));
            if (std::memcmp(out, expected, out_n) != 0) {
              platform::print("    %s differs: cin %d cout %d shape %d usual %d bias %d\n", v->id,
                              static_cast<int>(cin), static_cast<int>(cout), shape, static_cast<int>(usual), with_bias);
              ASSERT_BYTES_EQ(out, expected, out_n);
            }
            ++runs;
          }
          args.output = expected;
        }
        test::arena_rewind(mark);
      }
    }
  }
  platform::print("    %d packed-variant runs compared with ref\n", runs);
  EXPECT_GE(runs, 900);
}

// RGB first layers (3x3 filter on 3 channels, the packed variant's interior columns assembled
// straight from the input by pack_rgb3x3): strides 1 and 2, vertical dilation 1 and 2, padding
// 0 and 1, offsets at their extremes, on a 9x11 image (interior and border pixels), against ref.
TEST(Conv2dS8, RgbThreeByThreePackedMatchesReference) {
  const Conv2dS8Variant* ref = conv2d_s8_find_variant("conv2d_s8.ref");
  const Conv2dS8Variant* packed_any = conv2d_s8_find_variant("conv2d_s8.im2col.packed.dsp");
  ASSERT_TRUE(ref != nullptr && packed_any != nullptr);
  if (!isa_runnable(packed_any->isa)) SKIP("no DSP variants on this core");
  int runs = 0;
  for (int form = 0; form < 16; ++form) {
    Conv2dParams p;
    p.input_h = 9;
    p.input_w = 11;
    p.input_c = 3;
    p.output_c = (form & 1) ? 8 : 6;
    p.filter_h = p.filter_w = 3;
    p.stride_h = p.stride_w = (form & 2) ? 2 : 1;
    p.dilation_h = (form & 4) ? 2 : 1;
    p.pad_top = p.pad_left = (form & 8) ? 1 : 0;
    const int32_t span_h = 2 * p.dilation_h + 1;
    p.output_h = (p.input_h + 2 * p.pad_top - span_h) / p.stride_h + 1;
    p.output_w = (p.input_w + 2 * p.pad_left - 3) / p.stride_w + 1;
    p.input_offset = form == 0 ? 128 : form == 1 ? -127 : g_rng.pick(-127, 128);
    p.output_offset = g_rng.pick(-128, 127);
    const size_t mark = test::arena_mark();
    const size_t in_n = static_cast<size_t>(p.input_h) * p.input_w * 3;
    const size_t out_n = static_cast<size_t>(p.output_h) * p.output_w * p.output_c;
    const size_t w_n = static_cast<size_t>(p.output_c) * 27;
    auto* input = test::arena_alloc<int8_t>(in_n);
    auto* filter = test::arena_alloc<int8_t>(w_n);
    auto* bias = test::arena_alloc<int32_t>(static_cast<size_t>(p.output_c));
    auto* mult = test::arena_alloc<int32_t>(static_cast<size_t>(p.output_c));
    auto* shift = test::arena_alloc<int32_t>(static_cast<size_t>(p.output_c));
    auto* expected = test::arena_alloc<int8_t>(out_n);
    const size_t packed_n = conv2d_s8_packed_count(p);
    auto* packed = test::arena_alloc<int16_t>(packed_n);
    ASSERT_TRUE(input && filter && bias && mult && shift && expected && packed);
    fill(input, in_n, -128, 127);
    fill(filter, w_n, -128, 127);
    for (int32_t c = 0; c < p.output_c; ++c) bias[c] = g_rng.pick(-40000, 40000);
    random_quant(mult, shift, p.output_c);
    ASSERT_EQ(conv2d_s8_pack(p, filter, packed, packed_n), Status::kOk);
    Conv2dS8Args args{input, filter, bias, mult, shift, expected, packed};
    ASSERT_EQ(conv2d_s8_run_variant(*ref, p, args, nullptr, 0), Status::kOk);
    Conv2dParams q = p;
    q.has_packed_filter = true;
    ASSERT_TRUE(packed_any->supports(q));
    const size_t scratch_n = packed_any->scratch_bytes(q);
    uint8_t* out = test::guarded_alloc(out_n);
    uint8_t* scratch = test::guarded_alloc(scratch_n);
    ASSERT_TRUE(out != nullptr && scratch != nullptr);
    args.output = reinterpret_cast<int8_t*>(out);
    ASSERT_EQ(conv2d_s8_run_variant(*packed_any, q, args, scratch, scratch_n), Status::kOk);
    ASSERT_TRUE(test::guards_intact(out, out_n) && test::guards_intact(scratch, scratch_n));
    ASSERT_BYTES_EQ(out, expected, out_n);
    ++runs;
    test::arena_rewind(mark);
  }
  EXPECT_EQ(runs, 16);
}

// 1x1 layers over every input depth 1..40 (the 16-lane VMLADAVA steps and their predicated tails)
// and output channel counts 1..9 (4-channel blocks and their remainders), strides 1 and 2, one or
// two batches, offsets and quantization at their extremes: every runnable variant that takes the
// layer (the mve one through the emulation on the host) against the reference.
TEST(Conv2dS8, OneByOneTailSweepMatchesReference) {
  size_t count = 0;
  const Conv2dS8Variant* table = conv2d_s8_variants(&count);
  const Conv2dS8Variant* ref = conv2d_s8_find_variant("conv2d_s8.ref");
  ASSERT_TRUE(ref != nullptr);
  int runs = 0, mve_runs = 0;
  for (int32_t cin = 1; cin <= 40; ++cin) {
    for (int rep = 0; rep < 3; ++rep) {
      Conv2dParams p;
      p.batches = rep == 2 ? 2 : 1;
      p.input_c = cin;
      p.output_c = 1 + (cin + 4 * rep) % 9;
      p.filter_h = p.filter_w = 1;
      p.stride_h = p.stride_w = rep == 1 ? 2 : 1;
      p.input_h = 3;
      p.input_w = rep == 0 ? 3 : 5;
      p.output_h = (p.input_h - 1) / p.stride_h + 1;
      p.output_w = (p.input_w - 1) / p.stride_w + 1;
      p.input_offset = rep == 0 ? 128 : rep == 1 ? -127 : g_rng.pick(-127, 128);
      p.output_offset = rep == 0 ? -128 : rep == 1 ? 127 : g_rng.pick(-128, 127);
      p.activation_min = rep == 2 ? g_rng.pick(-128, 0) : -128;
      p.activation_max = rep == 2 ? g_rng.pick(p.activation_min, 127) : 127;
      ASSERT_EQ(conv2d_check_shape(p), Status::kOk);
      const size_t mark = test::arena_mark();
      const size_t in_n = static_cast<size_t>(p.batches) * p.input_h * p.input_w * cin;
      const size_t out_n = static_cast<size_t>(p.batches) * p.output_h * p.output_w * p.output_c;
      const size_t w_n = static_cast<size_t>(p.output_c) * cin;
      const auto n = static_cast<size_t>(p.output_c);
      auto* input = test::arena_alloc<int8_t>(in_n);
      auto* filter = test::arena_alloc<int8_t>(w_n);
      auto* bias = test::arena_alloc<int32_t>(n);
      auto* mult = test::arena_alloc<int32_t>(n);
      auto* shift = test::arena_alloc<int32_t>(n);
      auto* expected = test::arena_alloc<int8_t>(out_n);
      const size_t packed_n = conv2d_s8_packed_count(p);
      auto* packed = test::arena_alloc<int16_t>(packed_n);
      ASSERT_TRUE(input && filter && bias && mult && shift && expected && packed);
      if (rep == 0) {  // the largest products: (127 + 128) * -128
        for (size_t i = 0; i < in_n; ++i) input[i] = 127;
        for (size_t i = 0; i < w_n; ++i) filter[i] = -128;
      } else {
        fill(input, in_n, -128, 127);
        fill(filter, w_n, -128, 127);
      }
      for (size_t c = 0; c < n; ++c) bias[c] = rep == 1 ? static_cast<int32_t>(g_rng.next()) : g_rng.pick(-70000, 70000);
      random_quant(mult, shift, p.output_c);
      if (packed_n > 0) ASSERT_EQ(conv2d_s8_pack(p, filter, packed, packed_n), Status::kOk);
      Conv2dS8Args args{input, filter, rep == 2 ? nullptr : bias, mult, shift, expected, packed};
      ASSERT_EQ(conv2d_s8_run_variant(*ref, p, args, nullptr, 0), Status::kOk);
      for (int with_packed = 0; with_packed < 2; ++with_packed) {
        Conv2dParams q = p;
        q.has_packed_filter = with_packed == 1;
        for (size_t i = 0; i < count; ++i) {
          const Conv2dS8Variant& v = table[i];
          if (&v == ref || !isa_runnable(v.isa) || !v.supports(q) || (with_packed == 1 && v.supports(p))) continue;
          const size_t scratch_n = v.scratch_bytes(q);
          uint8_t* out = test::guarded_alloc(out_n);
          uint8_t* scratch = test::guarded_alloc(scratch_n);
          ASSERT_TRUE(out != nullptr && scratch != nullptr);
          args.output = reinterpret_cast<int8_t*>(out);
          ASSERT_EQ(conv2d_s8_run_variant(v, q, args, scratch, scratch_n), Status::kOk);
          ASSERT_TRUE(test::guards_intact(out, out_n) && test::guards_intact(scratch, scratch_n));
          if (std::memcmp(out, expected, out_n) != 0) {
            platform::print("    %s differs: cin %d cout %d rep %d\n", v.id, static_cast<int>(cin),
                            static_cast<int>(p.output_c), rep);
            ASSERT_BYTES_EQ(out, expected, out_n);
          }
          ++runs;
          if (v.isa == Isa::kMve) ++mve_runs;
        }
      }
      args.output = expected;
      test::arena_rewind(mark);
    }
  }
  platform::print("    %d variant runs (%d mve) compared with ref\n", runs, mve_runs);
  if (isa_runnable(Isa::kMve)) EXPECT_GE(mve_runs, 120);
}

TEST(Conv2dS8, PackChecks) {
  Conv2dParams p;
  p.input_h = p.input_w = p.output_h = p.output_w = 2;
  p.input_c = 4;
  p.output_c = 2;
  p.filter_h = p.filter_w = 1;
  int8_t filter[8] = {1, -2, 3, -4, 5, -6, 7, -128};
  int16_t packed[17];
  for (int16_t& v : packed) v = 0x1234;
  // 8 weights, then 8 zeros of slack (the Cortex-M7 schedule loads one group ahead).
  ASSERT_EQ(conv2d_s8_packed_count(p), size_t{16});
  ASSERT_EQ(conv2d_s8_pack(p, filter, packed, 16), Status::kOk);
  const int16_t want[8] = {1, 3, -2, -4, 5, 7, -6, -128};
  for (int i = 0; i < 8; ++i) EXPECT_EQ(packed[i], want[i]);
  for (int i = 8; i < 16; ++i) EXPECT_EQ(packed[i], 0);
  EXPECT_EQ(packed[16], 0x1234);
  EXPECT_EQ(conv2d_s8_pack(p, filter, packed, 15), Status::kScratchTooSmall);
  EXPECT_EQ(conv2d_s8_pack(p, nullptr, packed, 16), Status::kNullPointer);
  p.output_c = 3;  // odd output channels: not packable
  EXPECT_EQ(conv2d_s8_packed_count(p), size_t{0});
  EXPECT_EQ(conv2d_s8_pack(p, filter, packed, 8), Status::kBadShape);
  p.output_c = 2;
  p.input_c = 3;  // depth 3: padded to 4 with zero weights
  ASSERT_EQ(conv2d_s8_packed_count(p), size_t{16});
  ASSERT_EQ(conv2d_s8_pack(p, filter, packed, 16), Status::kOk);
  const int16_t want3[8] = {1, 3, -2, 0, -4, -6, 5, 0};
  for (int i = 0; i < 8; ++i) EXPECT_EQ(packed[i], want3[i]);
  // A packed-filter call without the packed filter is refused; the packed variants need the flag.
  int8_t input[16] = {}, output[8] = {};
  int32_t mult[2] = {1 << 30, 1 << 30}, shift[2] = {0, 0};
  p.input_c = 4;
  p.has_packed_filter = true;
  const Conv2dS8Args a{input, filter, nullptr, mult, shift, output};
  alignas(4) static uint8_t scratch[256];
  EXPECT_EQ(conv2d_s8(p, a, scratch, sizeof scratch), Status::kNullPointer);
  p.has_packed_filter = false;
  const Conv2dS8Variant* v = conv2d_s8_find_variant("conv2d_s8.1x1.packed.dsp");
  ASSERT_TRUE(v != nullptr);
  EXPECT_EQ(conv2d_s8_run_variant(*v, p, a, scratch, sizeof scratch), Status::kUnsupported);
}

TEST(Conv2dS8, SelectsFastestNativeVariant) {
  Conv2dParams p;
  p.input_h = p.input_w = 4;
  p.input_c = 8;
  p.output_h = p.output_w = 4;
  p.output_c = 8;
  p.filter_h = p.filter_w = 1;
  const Conv2dS8Variant* v = conv2d_s8_select(p);
  ASSERT_TRUE(v != nullptr);
  EXPECT_EQ(std::strcmp(v->id, isa_native(Isa::kMve)   ? "conv2d_s8.1x1.mve"
                               : isa_native(Isa::kDsp) ? "conv2d_s8.1x1.smallk.dsp"
                                                       : "conv2d_s8.ref"),
            0);
  p.input_c = 16;  // the depth-16 small-depth entry (before the general 1x1 one)
  v = conv2d_s8_select(p);
  ASSERT_TRUE(v != nullptr);
  EXPECT_EQ(std::strcmp(v->id, isa_native(Isa::kMve)   ? "conv2d_s8.1x1.mve"
                               : isa_native(Isa::kDsp) ? "conv2d_s8.1x1.smallk16.dsp"
                                                       : "conv2d_s8.ref"),
            0);
  p.input_c = 20;  // deeper than the small-depth variants take
  v = conv2d_s8_select(p);
  ASSERT_TRUE(v != nullptr);
  EXPECT_EQ(std::strcmp(v->id, isa_native(Isa::kMve)   ? "conv2d_s8.1x1.mve"
                               : isa_native(Isa::kDsp) ? "conv2d_s8.1x1.dsp"
                                                       : "conv2d_s8.ref"),
            0);
  p.input_c = 8;
  p.filter_h = p.filter_w = 3;
  p.pad_top = p.pad_left = 1;
  v = conv2d_s8_select(p);
  ASSERT_TRUE(v != nullptr);
  EXPECT_EQ(std::strcmp(v->id, isa_native(Isa::kMve)   ? "conv2d_s8.im2col.mve"
                               : isa_native(Isa::kDsp) ? "conv2d_s8.im2col.dsp"
                                                       : "conv2d_s8.ref"),
            0);
}

TEST(Conv2dS8, ParameterChecks) {
  Conv2dParams good;
  good.input_h = good.input_w = 5;
  good.input_c = 4;
  good.output_h = good.output_w = 5;
  good.output_c = 2;
  good.filter_h = good.filter_w = 3;
  good.pad_top = good.pad_left = 1;
  int8_t input[100] = {}, filter[72] = {}, output[50] = {};
  int32_t mult[2] = {1 << 30, 1 << 30}, shift[2] = {-3, -3};
  const Conv2dS8Args args{input, filter, nullptr, mult, shift, output};
  alignas(4) static uint8_t scratch[1024];
  size_t count = 0;
  const Conv2dS8Variant* table = conv2d_s8_variants(&count);
  int checks = 0;
  auto expect = [&](const Conv2dParams& p, const Conv2dS8Args& a, Status want) {
    EXPECT_EQ(conv2d_s8(p, a, scratch, sizeof scratch), want);
    for (size_t i = 0; i < count; ++i) {
      const bool runs = isa_runnable(table[i].isa) && table[i].supports(p);
      // check_call (a compiled model's init()) gives run_variant's verdict without running.
      std::memset(output, 0x5A, sizeof output);
      EXPECT_EQ(check_call(table[i], conv2d_s8_run_variant, p, a, scratch, sizeof scratch),
                runs || want != Status::kOk ? want : Status::kUnsupported);
      for (int8_t v : output) EXPECT_EQ(v, 0x5A);
      if (want == Status::kOk && !runs) continue;  // kUnsupported, tested below
      EXPECT_EQ(conv2d_s8_run_variant(table[i], p, a, scratch, sizeof scratch), want);
    }
    ++checks;
  };
  expect(good, args, Status::kOk);
  Conv2dS8Args a = args;
  a.input = nullptr;
  expect(good, a, Status::kNullPointer);
  a = args;
  a.filter = nullptr;
  expect(good, a, Status::kNullPointer);
  a = args;
  a.multiplier = nullptr;
  expect(good, a, Status::kNullPointer);
  a = args;
  a.shift = nullptr;
  expect(good, a, Status::kNullPointer);
  a = args;
  a.output = nullptr;
  expect(good, a, Status::kNullPointer);
  const struct {
    int32_t Conv2dParams::*field;
    int32_t value;
    Status want;
  } bad[] = {
      {&Conv2dParams::batches, 0, Status::kBadShape},       {&Conv2dParams::input_h, -1, Status::kBadShape},
      {&Conv2dParams::input_c, 0, Status::kBadShape},       {&Conv2dParams::output_c, 0, Status::kBadShape},
      {&Conv2dParams::output_w, 9, Status::kBadShape},      {&Conv2dParams::filter_w, 0, Status::kBadShape},
      {&Conv2dParams::groups, 3, Status::kBadShape},        {&Conv2dParams::groups, 0, Status::kBadShape},
      {&Conv2dParams::batches, 0x40000000, Status::kBadShape},
      {&Conv2dParams::stride_h, 0, Status::kBadParameter},  {&Conv2dParams::dilation_w, -2, Status::kBadParameter},
      {&Conv2dParams::pad_top, -1, Status::kBadParameter},  {&Conv2dParams::pad_left, 3, Status::kBadParameter},
      {&Conv2dParams::input_offset, 129, Status::kBadParameter},
      {&Conv2dParams::input_offset, -128, Status::kBadParameter},
      {&Conv2dParams::output_offset, 128, Status::kBadParameter},
      {&Conv2dParams::activation_min, 100, Status::kBadParameter},  // above activation_max after the next line
      {&Conv2dParams::activation_max, 128, Status::kBadParameter},
  };
  for (const auto& b : bad) {
    Conv2dParams p = good;
    p.*(b.field) = b.value;
    if (b.field == &Conv2dParams::activation_min) p.activation_max = 50;
    expect(p, args, b.want);
  }
  int32_t bad_shift[2] = {-3, 31}, bad_mult[2] = {-1, 1 << 30};
  a = args;
  a.shift = bad_shift;
  expect(good, a, Status::kBadParameter);
  a = args;
  a.multiplier = bad_mult;
  expect(good, a, Status::kBadParameter);
  // Scratch: too small or absent for the DSP variants; the reference needs none.
  for (size_t i = 0; i < count; ++i) {
    const size_t need = table[i].scratch_bytes(good);
    if (need == 0 || !isa_runnable(table[i].isa) || !table[i].supports(good)) continue;
    EXPECT_EQ(conv2d_s8_run_variant(table[i], good, args, scratch, need - 1), Status::kScratchTooSmall);
    EXPECT_EQ(conv2d_s8_run_variant(table[i], good, args, nullptr, need), Status::kNullPointer);
    EXPECT_EQ(check_call(table[i], conv2d_s8_run_variant, good, args, scratch, need - 1), Status::kScratchTooSmall);
    ++checks;
  }
  // A variant asked to run outside its conditions.
  const Conv2dS8Variant* one = conv2d_s8_find_variant("conv2d_s8.1x1.dsp");
  ASSERT_TRUE(one != nullptr);
  EXPECT_EQ(conv2d_s8_run_variant(*one, good, args, scratch, sizeof scratch), Status::kUnsupported);
  EXPECT_EQ(check_call(*one, conv2d_s8_run_variant, good, args, scratch, sizeof scratch), Status::kUnsupported);
  platform::print("    %d parameter checks\n", checks);
}

// conv2d_check_shape's fast form (every field in [1, 2^15], one group) and its general form give
// the same verdicts: overflowing sizes made of small fields, the depth limit, pads, windows, and
// each case again with one field pushed just past the fast range (2^15 + 1 or a second group,
// which the general checks take), against verdicts worked out here with int64 arithmetic.
TEST(Conv2dS8, ShapeCheckFastAndGeneralFormsAgree) {
  auto verdict = [](const Conv2dParams& p) {  // the contract, written independently
    const int64_t gc = p.input_c / p.groups;
    const int64_t in = int64_t{p.batches} * p.input_h * p.input_w * p.input_c;
    const int64_t out = int64_t{p.batches} * p.output_h * p.output_w * p.output_c;
    const int64_t depth = int64_t{p.filter_h} * p.filter_w * gc;
    if (in > INT32_MAX || out > INT32_MAX || depth > 65536 || depth * p.output_c > INT32_MAX) return Status::kBadShape;
    if (p.pad_top > int64_t{p.filter_h - 1} * p.dilation_h || p.pad_left > int64_t{p.filter_w - 1} * p.dilation_w)
      return Status::kBadParameter;
    if (int64_t{p.output_h - 1} * p.stride_h - p.pad_top > p.input_h - 1 ||
        int64_t{p.output_w - 1} * p.stride_w - p.pad_left > p.input_w - 1)
      return Status::kBadShape;
    return Status::kOk;
  };
  Conv2dParams base{};
  base.batches = 1, base.input_h = 8, base.input_w = 8, base.input_c = 4, base.output_h = 8, base.output_w = 8;
  base.output_c = 4, base.filter_h = 3, base.filter_w = 3, base.groups = 1, base.stride_h = 1, base.stride_w = 1;
  base.dilation_h = 1, base.dilation_w = 1, base.pad_top = 1, base.pad_left = 1;
  struct Edit {
    int32_t Conv2dParams::*field;
    int32_t value;
  };
  const Edit edits[][2] = {
      {{&Conv2dParams::batches, 32768}, {&Conv2dParams::input_h, 32768}},       // input 2^36 bytes
      {{&Conv2dParams::output_c, 32768}, {&Conv2dParams::output_w, 32768}},     // output too large
      {{&Conv2dParams::input_c, 8000}, {&Conv2dParams::output_c, 1}},           // depth 72,000
      {{&Conv2dParams::input_c, 7000}, {&Conv2dParams::output_c, 32768}},       // filter 2^31 bytes
      {{&Conv2dParams::pad_top, 3}, {&Conv2dParams::dilation_h, 1}},            // pad above the extent
      {{&Conv2dParams::pad_left, 4}, {&Conv2dParams::dilation_w, 2}},           // inside the dilated extent
      {{&Conv2dParams::output_h, 9}, {&Conv2dParams::stride_h, 1}},             // last window below the input
      {{&Conv2dParams::output_w, 3}, {&Conv2dParams::stride_w, 4}},             // stride 4: last window at 8
      {{&Conv2dParams::output_w, 2}, {&Conv2dParams::stride_w, 32768}},         // huge stride, fits
      {{&Conv2dParams::input_h, 32768}, {&Conv2dParams::output_h, 32768}},      // large but valid
  };
  int checked = 0;
  for (const auto& e : edits) {
    for (int wide = 0; wide < 3; ++wide) {
      Conv2dParams p = base;
      for (const Edit& f : e) p.*(f.field) = f.value;
      if (wide == 1) p.filter_w = 32769, p.input_w = 40000, p.output_w = 1, p.pad_left = 0;  // general form
      if (wide == 2) p.groups = 2, p.input_c *= 2, p.output_c = p.output_c * 2;             // general form
      if (wide == 2 && (int64_t{p.output_c} > INT32_MAX / 2)) continue;
      EXPECT_EQ(conv2d_check_shape(p), verdict(p));
      ++checked;
    }
  }
  EXPECT_EQ(checked, 30);
}

// The entry point's scratch contract (every op's, cmnn/op_api.h): with conv2d_s8_scratch_bytes()
// bytes it runs conv2d_s8_select()'s variant; with less it runs the fastest variant that fits
// (here the scratch-free ref), and both give the same bytes.
TEST(Conv2dS8, EntryPointFallsBackToAVariantThatFitsTheScratch) {
  Conv2dParams p;
  p.input_h = p.input_w = 6;
  p.input_c = 8;
  p.output_h = p.output_w = 6;
  p.output_c = 4;
  p.filter_h = p.filter_w = 3;
  p.pad_top = p.pad_left = 1;
  p.input_offset = 5;
  p.output_offset = -3;
  int8_t input[288], filter[288], fast[144], fallback[144];
  test::Xorshift32 rng(0x51ED2701u);
  for (int8_t& v : input) v = static_cast<int8_t>(rng.next());
  for (int8_t& v : filter) v = static_cast<int8_t>(rng.next());
  int32_t bias[4] = {100, -200, 3000, -4}, mult[4] = {1 << 30, 1288490189, 1 << 30, 2000000000}, shift[4] = {-7, -8, -6, -9};
  const Conv2dS8Args a{input, filter, bias, mult, shift, fast};
  const size_t need = conv2d_s8_scratch_bytes(p);
  const Conv2dS8Variant* best = conv2d_s8_select(p);
  ASSERT_TRUE(best != nullptr);
  alignas(4) static uint8_t scratch[8192];
  ASSERT_LE(need, sizeof scratch);
  ASSERT_EQ(conv2d_s8(p, a, scratch, need), Status::kOk);
  Conv2dS8Args b = a;
  b.output = fallback;
  ASSERT_EQ(conv2d_s8(p, b, nullptr, 0), Status::kOk);  // ref needs none
  for (int i = 0; i < 144; ++i) ASSERT_EQ(fallback[i], fast[i]);
  if (need > 0) {  // the selected variant itself refuses the short scratch
    EXPECT_EQ(conv2d_s8_run_variant(*best, p, b, nullptr, 0), Status::kNullPointer);
    EXPECT_EQ(conv2d_s8_run_variant(*best, p, b, scratch, need - 1), Status::kScratchTooSmall);
  }
  platform::print("    fastest %s, %u scratch bytes\n", best->id, static_cast<unsigned>(need));
}
