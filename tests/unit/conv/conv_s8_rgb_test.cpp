// conv2d_s8.rgb3x3.dsp (Conv2dParams::rgb_packed, conv2d_s8_rgb_pack; src/kernels/conv/
// conv_s8_rgb_dsp.cpp):
//   - a sweep of random 3-channel 3x3 convolutions (heights and widths 1..21 odd and even, strides
//     1..3 on each axis, every legal padding, 1 or 2 batches, 1..20 output channels, per-channel
//     multipliers and shifts inside the fast form and outside it (shift 0, left shifts, multipliers
//     below 2^30, dead channels), offsets at the ends of their ranges, full and ReLU-like clamps,
//     with and without bias): the variant gives conv2d_s8.ref's bytes, guards around the output and
//     the scratch intact;
//   - the accumulation and requantization at their bounds: every input at +-255 after the offset
//     against weights of -128 / 127 with the products' sign aligned, biases at the fast form's
//     limit for a shift of 0 and one past it (then the exact, slow form), on the pair and lone
//     pixels and on partial quads;
//   - the layer shapes of ResNet-8 (stride 1, pad 1) and VWW (stride 2, SAME) at reduced size;
//   - contracts: counts, sizes, the other packed variants refuse rgb_packed, rgb_packed without
//     has_packed_filter, a misaligned packed copy.
#include <cstring>
#include <initializer_list>

#include "cmnn/conv.h"
#include "test.h"
#include "test_data.h"

using namespace cmnn;

namespace {

test::Xorshift32 g_rng(0x4B6B3A3Du);

struct Case {
  int32_t in_h, in_w, out_c, stride_h, stride_w, pad_top, pad_left, batches;
};

// Output extent for the padding given; false when the shape is invalid.
bool make_params(const Case& c, Conv2dParams* p) {
  p->batches = c.batches;
  p->input_h = c.in_h, p->input_w = c.in_w, p->input_c = 3;
  p->output_c = c.out_c;
  p->filter_h = p->filter_w = 3;
  p->stride_h = c.stride_h, p->stride_w = c.stride_w;
  p->pad_top = c.pad_top, p->pad_left = c.pad_left;
  const int32_t span_h = c.in_h + c.pad_top - 2, span_w = c.in_w + c.pad_left - 2;
  if (span_h <= 0 || span_w <= 0) return false;
  // Any output extent whose windows stay valid: the largest, sometimes one less (more padding on
  // the far side than the near one would give, or less).
  p->output_h = (span_h - 1) / c.stride_h + 1;
  p->output_w = (span_w - 1) / c.stride_w + 1;
  return conv2d_check_shape(*p) == Status::kOk;
}

enum class Quant { kFast, kGeneral, kBoundary };

struct Counts {
  int cases = 0, fast = 0;
};

// Runs ref and the rgb variant on p with random (or extreme) data; compares.
void check_case(Conv2dParams p, Quant quant, bool extreme, Counts* n) {
  const Conv2dS8Variant* ref = conv2d_s8_find_variant("conv2d_s8.ref");
  const Conv2dS8Variant* rgb = conv2d_s8_find_variant("conv2d_s8.rgb3x3.dsp");
  ASSERT_TRUE(ref != nullptr && rgb != nullptr);
  const size_t mark = test::arena_mark();
  const size_t in_n = static_cast<size_t>(p.batches) * p.input_h * p.input_w * 3;
  const size_t out_n = static_cast<size_t>(p.batches) * p.output_h * p.output_w * p.output_c;
  const size_t w_n = static_cast<size_t>(p.output_c) * 27;
  const auto oc = static_cast<size_t>(p.output_c);
  auto* input = test::arena_alloc<int8_t>(in_n);
  auto* filter = test::arena_alloc<int8_t>(w_n);
  auto* bias = test::arena_alloc<int32_t>(oc);
  auto* mult = test::arena_alloc<int32_t>(oc);
  auto* shift = test::arena_alloc<int32_t>(oc);
  auto* expected = test::arena_alloc<int8_t>(out_n);
  ASSERT_TRUE(input && filter && bias && mult && shift && expected);
  const bool with_bias = g_rng.pick(0, 3) != 0;
  if (extreme) {
    // Every value at |x + offset| = 255 with one sign per channel's products: x = 127 under
    // offset 128, x = -128 under -127; weights -128 or 127 per channel.
    const bool up = p.input_offset == 128;
    for (size_t i = 0; i < in_n; ++i) input[i] = static_cast<int8_t>(up ? 127 : -128);
    for (size_t o = 0; o < oc; ++o) {
      for (size_t k = 0; k < 27; ++k) filter[o * 27 + k] = static_cast<int8_t>(o % 2 == 0 ? -128 : 127);
    }
  } else {
    for (size_t i = 0; i < in_n; ++i) input[i] = static_cast<int8_t>(g_rng.pick(-128, 127));
    for (size_t i = 0; i < w_n; ++i) filter[i] = static_cast<int8_t>(g_rng.pick(-128, 127));
  }
  constexpr int32_t kLimit = INT32_MAX - 128 - 27 * 255 * 128;  // the fast form's |bias| for shift 0
  for (size_t c = 0; c < oc; ++c) {
    bias[c] = g_rng.pick(-70000, 70000);
    mult[c] = g_rng.pick(1 << 30, INT32_MAX);
    shift[c] = g_rng.pick(-22, 0);
    if (quant == Quant::kGeneral) {
      switch (g_rng.pick(0, 5)) {
        case 0: mult[c] = g_rng.pick(0, (1 << 30) - 1); break;
        case 1: shift[c] = g_rng.pick(1, 3), mult[c] = g_rng.pick(1 << 30, INT32_MAX); break;
        case 2: shift[c] = g_rng.pick(-31, -23); break;
        case 3: mult[c] = 0; break;
        default: bias[c] = g_rng.pick(0, 1) != 0 ? INT32_MAX - g_rng.pick(0, 1000) : INT32_MIN + g_rng.pick(0, 1000);
      }
    } else if (quant == Quant::kBoundary) {
      shift[c] = 0;
      mult[c] = INT32_MAX - g_rng.pick(0, 3);
      const int32_t over = g_rng.pick(0, 1);  // at the limit (fast) or one past it (exact form)
      bias[c] = c % 2 == 0 ? -kLimit - over : kLimit + over;
    }
  }
  if (!with_bias && quant != Quant::kBoundary) std::memset(bias, 0, oc * sizeof(int32_t));
  const int32_t* b = with_bias || quant == Quant::kBoundary ? bias : nullptr;
  Conv2dS8Args args{input, filter, b, mult, shift, expected};
  ASSERT_EQ(conv2d_s8_run_variant(*ref, p, args, nullptr, 0), Status::kOk);

  Conv2dParams q = p;
  q.has_packed_filter = q.rgb_packed = true;
  q.packed_filter_only = g_rng.pick(0, 1) != 0;
  const size_t packed_n = conv2d_s8_rgb_packed_count(q);
  ASSERT_TRUE(packed_n > 0);
  int16_t* packed = test::guarded_array<int16_t>(packed_n);
  ASSERT_TRUE(packed != nullptr);
  ASSERT_EQ(conv2d_s8_rgb_pack(q, filter, b, mult, shift, packed, packed_n), Status::kOk);
  ASSERT_TRUE(test::guards_intact(packed, packed_n));
  n->fast += (packed[0] & 1) != 0 ? 1 : 0;
  if (!isa_runnable(rgb->isa)) {  // a core without the DSP extension (M3): packing checked only
    ++n->cases;
    test::arena_rewind(mark);
    return;
  }
  uint8_t* out = test::guarded_alloc(out_n);
  const size_t scratch_n = rgb->scratch_bytes(q);
  uint8_t* scratch = test::guarded_alloc(scratch_n);
  ASSERT_TRUE(out != nullptr && scratch != nullptr);
  Conv2dS8Args a = args;
  a.filter = q.packed_filter_only ? nullptr : filter;
  a.packed_filter = packed;
  a.output = reinterpret_cast<int8_t*>(out);
  ASSERT_TRUE(rgb->supports(q));
  ASSERT_EQ(conv2d_s8_run_variant(*rgb, q, a, scratch, scratch_n), Status::kOk);
  ASSERT_TRUE(test::guards_intact(out, out_n) && test::guards_intact(scratch, scratch_n));
  if (std::memcmp(out, expected, out_n) != 0) {
    platform::print("    differs: in %dx%d out %dx%dx%d stride %d,%d pad %d,%d batches %d offsets %d,%d clamp %d..%d\n",
                    static_cast<int>(p.input_h), static_cast<int>(p.input_w), static_cast<int>(p.output_h),
                    static_cast<int>(p.output_w), static_cast<int>(p.output_c), static_cast<int>(p.stride_h),
                    static_cast<int>(p.stride_w), static_cast<int>(p.pad_top), static_cast<int>(p.pad_left),
                    static_cast<int>(p.batches), static_cast<int>(p.input_offset), static_cast<int>(p.output_offset),
                    static_cast<int>(p.activation_min), static_cast<int>(p.activation_max));
    ASSERT_BYTES_EQ(out, expected, out_n);
  }
  // The entry point gives the same bytes (on a core with the DSP variants it picks this one).
  std::memset(out, 0x55, out_n);
  const size_t entry_n = conv2d_s8_scratch_bytes(q);
  void* entry_scratch = entry_n > 0 ? test::arena_alloc_bytes(entry_n) : nullptr;
  // (Without the int8 filter only a DSP variant runs it: the host entry point refuses then.)
  const bool entry_runs = !q.packed_filter_only || isa_native(Isa::kDsp);
  ASSERT_EQ(conv2d_s8(q, a, entry_scratch, entry_n), entry_runs ? Status::kOk : Status::kUnsupported);
  if (entry_runs) ASSERT_BYTES_EQ(out, expected, out_n);
  ++n->cases;
  test::arena_rewind(mark);
}

void randomize_quant_params(Conv2dParams* p) {
  const int32_t in_ends[] = {-127, 128};
  const int32_t out_ends[] = {-128, 127};
  p->input_offset = g_rng.pick(0, 2) == 0 ? in_ends[g_rng.pick(0, 1)] : g_rng.pick(-127, 128);
  p->output_offset = g_rng.pick(0, 2) == 0 ? out_ends[g_rng.pick(0, 1)] : g_rng.pick(-128, 127);
  p->activation_min = -128, p->activation_max = 127;
  if (g_rng.pick(0, 3) == 0) p->activation_min = g_rng.pick(-128, 0), p->activation_max = g_rng.pick(1, 127);
}

}  // namespace

TEST(Conv2dS8Rgb, SweepMatchesRef) {
  Counts n;
  for (int i = 0; i < 260; ++i) {
    Case c{g_rng.pick(1, 21), g_rng.pick(1, 21), g_rng.pick(1, 20), g_rng.pick(1, 3), g_rng.pick(1, 3),
           g_rng.pick(0, 2), g_rng.pick(0, 2), g_rng.pick(1, 2)};
    Conv2dParams p;
    if (!make_params(c, &p)) continue;
    randomize_quant_params(&p);
    check_case(p, i % 4 == 3 ? Quant::kGeneral : Quant::kFast, false, &n);
  }
  platform::print("    %d cases, %d with the fast requantization words\n", n.cases, n.fast);
  EXPECT_GE(n.cases, 150);
  EXPECT_GE(n.fast, n.cases / 2);
  EXPECT_LT(n.fast, n.cases);
}

TEST(Conv2dS8Rgb, ExactAtTheBounds) {
  Counts n;
  for (int32_t out_c = 1; out_c <= 9; ++out_c) {
    for (int32_t in_off : {-127, 128}) {
      for (int32_t stride = 1; stride <= 2; ++stride) {
        Conv2dParams p;
        // Odd widths: lone pixels; 9 columns at stride 1: a chunk of 8 pairs then a lone one.
        ASSERT_TRUE(make_params({5, stride == 1 ? 9 : 11, out_c, stride, stride, 1, 1, 1}, &p));
        p.input_offset = in_off;
        p.output_offset = out_c % 2 == 0 ? -128 : 127;
        check_case(p, Quant::kBoundary, true, &n);
        check_case(p, Quant::kFast, true, &n);
        check_case(p, Quant::kBoundary, false, &n);
      }
    }
  }
  platform::print("    %d cases, %d with the fast requantization words\n", n.cases, n.fast);
  EXPECT_EQ(n.cases, 108);
  EXPECT_GT(n.fast, 36);
  EXPECT_LT(n.fast, 108);
}

TEST(Conv2dS8Rgb, ModelLayerShapes) {
  Counts n;
  Conv2dParams p;
  // ResNet-8's first layer (32x32, stride 1, pad 1, 16 channels), 20x20 here; VWW's (96x96,
  // stride 2, SAME: pad 0 on top and left, 8 channels), 24x24 here; both with TFLite's offsets.
  ASSERT_TRUE(make_params({20, 20, 16, 1, 1, 1, 1, 1}, &p));
  p.input_offset = 128, p.output_offset = -128;
  check_case(p, Quant::kFast, false, &n);
  ASSERT_TRUE(make_params({24, 24, 8, 2, 2, 0, 0, 1}, &p));
  p.output_h = p.output_w = 12;
  p.input_offset = 128, p.output_offset = -128;
  check_case(p, Quant::kFast, false, &n);
  EXPECT_EQ(n.cases, 2);
  EXPECT_EQ(n.fast, 2);
}

TEST(Conv2dS8Rgb, ContractChecks) {
  Conv2dParams p;
  ASSERT_TRUE(make_params({4, 4, 4, 1, 1, 1, 1, 1}, &p));
  int8_t input[48] = {}, filter[108] = {}, output[64] = {};
  int32_t mult[4] = {1 << 30, 1 << 30, 1 << 30, 1 << 30}, shift[4] = {-1, -1, -1, -1};
  alignas(4) int16_t packed[2 * (1 + 2 * 72) + 2] = {};
  alignas(4) uint8_t scratch[512];
  const size_t count = conv2d_s8_rgb_packed_count(p);
  EXPECT_EQ(count, size_t{2 * (1 + 2 * 72)});  // stride 1: even and odd layouts
  Conv2dParams s2 = p;
  s2.stride_w = 2, s2.output_w = 2;
  EXPECT_EQ(conv2d_s8_rgb_packed_count(s2), size_t{2 * (1 + 72)});
  Conv2dParams other = p;
  other.input_c = 4;
  EXPECT_EQ(conv2d_s8_rgb_packed_count(other), size_t{0});
  other = p;
  other.dilation_w = 2;
  EXPECT_EQ(conv2d_s8_rgb_packed_count(other), size_t{0});
  EXPECT_EQ(conv2d_s8_rgb_pack(p, filter, nullptr, mult, shift, packed, count - 1), Status::kScratchTooSmall);
  EXPECT_EQ(conv2d_s8_rgb_pack(p, nullptr, nullptr, mult, shift, packed, count), Status::kNullPointer);
  EXPECT_EQ(conv2d_s8_rgb_pack(other, filter, nullptr, mult, shift, packed, count), Status::kBadShape);
  int32_t bad_shift[4] = {-1, 31, -1, -1};
  EXPECT_EQ(conv2d_s8_rgb_pack(p, filter, nullptr, mult, bad_shift, packed, count), Status::kBadParameter);
  ASSERT_EQ(conv2d_s8_rgb_pack(p, filter, nullptr, mult, shift, packed, count), Status::kOk);
  Conv2dParams q = p;
  q.rgb_packed = true;  // without has_packed_filter
  Conv2dS8Args a{input, filter, nullptr, mult, shift, output, packed};
  EXPECT_EQ(conv2d_s8(q, a, scratch, sizeof scratch), Status::kBadParameter);
  q.has_packed_filter = true;
  EXPECT_EQ(conv2d_s8(q, a, scratch, sizeof scratch), Status::kOk);
  // The other packed variants read conv2d_s8_pack's layout: they refuse rgb_packed.
  for (const char* id : {"conv2d_s8.im2col.packed.dsp", "conv2d_s8.1x1.packed.dsp"}) {
    const Conv2dS8Variant* v = conv2d_s8_find_variant(id);
    ASSERT_TRUE(v != nullptr);
    EXPECT_TRUE(!v->supports(q));
  }
  // A packed copy at an odd address is refused (the kernel reads words).
  Conv2dS8Args misaligned = a;
  misaligned.packed_filter = packed + 1;
  const Conv2dS8Variant* rgb = conv2d_s8_find_variant("conv2d_s8.rgb3x3.dsp");
  ASSERT_TRUE(rgb != nullptr);
  EXPECT_EQ(conv2d_s8_run_variant(*rgb, q, misaligned, scratch, sizeof scratch),
            isa_runnable(rgb->isa) ? Status::kBadParameter : Status::kUnsupported);
}
