// Differential tests: seeded random sweeps (channel counts around the 4-channel groups, widths,
// ch_mult 1..8, kernel sizes, strides, dilation, padding, batches, extreme zero points, shifts
// and clamps). The ref variant is checked against an independent naive formula; every other
// runnable variant must equal ref byte for byte, without writing outside its output or scratch.
#include "depthwise_test_util.h"
#include "cmnn/rows_in_place.h"
#include "quant/fixed_point.h"
#include "quant/requant_fast.h"

using namespace cmnn;

namespace {

struct Tensors {
  int8_t* input;
  int8_t* filter;
  uint8_t* filter_s4;  // the same weights packed as int4 (only when they fit int4)
  int32_t* bias;
  int32_t* mult;
  int32_t* shift;
};

// When set, every channel gets TFLite's usual quantization (multiplier in [2^30, 2^31), shift in
// [-22, -1]) and the clamp is the full int8 range: the DSP variants' fast output stage
// (fast_quant_d_ok in src/quant/requant_fast.h) then runs on every channel.
bool g_fast_quant = false;
// When set (with g_fast_quant), shifts of 0 as well ([-22, 0], many 0s) and biases at the int32
// limits (shift 0 there can wrap when the zero point is added): the .dsp variants take the doubled
// output stage (fast_quant_d_ok) where the accumulators are bounded, the general one otherwise.
bool g_zero_shifts = false;

DepthwiseConvParams random_params(dwtest::Rng& r, bool three_by_three) {
  static const int32_t kChannels[] = {1, 2, 3, 4, 5, 7, 8, 9, 12, 15, 16, 17};
  static const int32_t kMults[] = {1, 1, 1, 2, 3, 4, 5, 8};
  static const int32_t kInputOffsets[] = {-127, 128, 0, 5, -1, 127};
  static const int32_t kOutputOffsets[] = {-128, 127, 0, -3, 50};
  DepthwiseConvParams p;
  p.batches = r.range(1, 10) == 1 ? 2 : 1;
  p.input_c = r.pick(kChannels);
  p.ch_mult = r.pick(kMults);
  p.filter_h = three_by_three ? 3 : r.range(1, 5);
  p.filter_w = three_by_three ? 3 : r.range(1, 5);
  p.stride_h = r.range(1, 3);
  p.stride_w = r.range(1, 3);
  p.dilation_h = r.range(1, 4) == 1 ? 2 : 1;
  p.dilation_w = r.range(1, 4) == 1 ? 2 : 1;
  p.input_h = r.range(1, 9);
  p.input_w = r.range(1, 11);
  p.pad_top = r.range(0, p.filter_h / 2 + 1);
  p.pad_left = r.range(0, p.filter_w / 2 + 1);
  // Output size as TFLite would get it for the padded extent (at least 1).
  const int32_t eff_h = (p.filter_h - 1) * p.dilation_h + 1, eff_w = (p.filter_w - 1) * p.dilation_w + 1;
  const int32_t span_h = p.input_h + 2 * p.pad_top - eff_h, span_w = p.input_w + 2 * p.pad_left - eff_w;
  p.output_h = span_h < 0 ? 1 : span_h / p.stride_h + 1;
  p.output_w = span_w < 0 ? 1 : span_w / p.stride_w + 1;
  p.input_offset = r.pick(kInputOffsets);
  p.output_offset = r.pick(kOutputOffsets);
  p.activation_min = -128;
  p.activation_max = 127;
  if (!g_fast_quant && r.range(1, 4) == 1) {
    p.activation_min = r.range(-128, 20);
    p.activation_max = r.range(p.activation_min, 127);
  }
  return p;
}

bool make_tensors(dwtest::Rng& r, const DepthwiseConvParams& p, bool int4_weights, Tensors* t) {
  const size_t in_n = static_cast<size_t>(p.batches) * p.input_h * p.input_w * p.input_c;
  const auto out_c = static_cast<size_t>(p.output_c());
  const size_t w_n = static_cast<size_t>(p.filter_h) * p.filter_w * out_c;
  t->input = cmnn::test::arena_alloc<int8_t>(in_n);
  t->filter = cmnn::test::arena_alloc<int8_t>(w_n);
  t->filter_s4 = cmnn::test::arena_alloc<uint8_t>((w_n + 1) / 2);
  t->bias = r.range(0, 5) == 0 ? nullptr : cmnn::test::arena_alloc<int32_t>(out_c);
  t->mult = cmnn::test::arena_alloc<int32_t>(out_c);
  t->shift = cmnn::test::arena_alloc<int32_t>(out_c);
  if (t->input == nullptr || t->filter == nullptr || t->filter_s4 == nullptr || t->mult == nullptr || t->shift == nullptr)
    return false;
  // Mostly random bytes, sometimes all-extreme tensors (accumulator corner cases).
  const int mode = r.range(0, 7);
  for (size_t i = 0; i < in_n; ++i)
    t->input[i] = static_cast<int8_t>(mode == 0 ? -128 : mode == 1 ? 127 : static_cast<int32_t>(r.next() & 0xFF) - 128);
  for (size_t i = 0; i < w_n; ++i) {
    int32_t w = mode == 0 ? -128 : mode == 1 ? 127 : static_cast<int32_t>(r.next() & 0xFF) - 128;
    if (int4_weights) w = mode == 0 ? -8 : mode == 1 ? 7 : w >> 4;  // [-8, 7]
    t->filter[i] = static_cast<int8_t>(w);
    auto nibble = static_cast<uint8_t>(w & 0x0F);
    if ((i & 1) == 0) t->filter_s4[i / 2] = nibble;
    else t->filter_s4[i / 2] = static_cast<uint8_t>(t->filter_s4[i / 2] | (nibble << 4));
  }
  for (size_t c = 0; c < out_c; ++c) {
    if (t->bias != nullptr) t->bias[c] = r.range(0, 6) == 0 ? static_cast<int32_t>(r.next()) : r.range(-70000, 70000);
    const int kind = r.range(0, 9);
    // Q31 multipliers in [2^30, 2^31) with shifts that keep outputs in range, plus extremes.
    t->mult[c] = kind == 0 ? INT32_MAX : kind == 1 ? (1 << 30) : kind == 2 ? 0
                                                                 : static_cast<int32_t>((1u << 30) | (r.next() >> 2));
    t->shift[c] = kind == 3 ? -31 : kind == 4 ? 30 : kind == 5 ? 1 : r.range(-14, -4);
    if (g_fast_quant) {
      t->mult[c] = kind == 0 ? INT32_MAX : kind == 1 ? (1 << 30) : static_cast<int32_t>((1u << 30) | (r.next() >> 2));
      // -22: the .dsp output stage's limit (-23 and below take its general kernel).
      t->shift[c] = kind == 3 ? -2 : kind == 4 ? -22 : kind == 5 ? -1 : r.range(-14, -4);
    }
    if (g_zero_shifts) {
      t->shift[c] = kind <= 3 ? 0 : kind == 4 ? -22 : r.range(-12, 0);
      if (t->bias != nullptr && kind == 6) t->bias[c] = r.range(0, 1) == 0 ? INT32_MAX - r.range(0, 300) : INT32_MIN + r.range(0, 300);
    }
  }
  return true;
}

int g_cases = 0, g_variant_runs = 0;

// The table lists the row kernel only where it pays off; tests run it wherever it can run.
const DepthwiseConvS8Variant kRowsEverywhere[] = {
    {"depthwise_s8.rows3x3.dsp (any width)", Isa::kDsp, depthwise::rows_3x3_can_run, depthwise::scratch_rows,
     depthwise::run_s8_rows_3x3_dsp},
};

template <typename Args, size_t N>
void compare_all(const DepthwiseConvParams& p, const Args& base, const Variant<DepthwiseConvParams, Args> (&table)[N],
                 const int8_t* expected, size_t out_n, uint32_t seed) {
  for (const auto& v : table) {
    if (!isa_runnable(v.isa) || !v.supports(p)) continue;
    const size_t scratch_n = v.scratch_bytes(p);
    uint8_t* out = test::guarded_alloc(out_n);
    uint8_t* scratch = test::guarded_alloc(scratch_n);
    ASSERT_TRUE(out != nullptr && scratch != nullptr);
    Args a = base;
    a.output = reinterpret_cast<int8_t*>(out);
    const Status s = v.run(p, a, scratch, scratch_n);
    if (s != Status::kOk || std::memcmp(out, expected, out_n) != 0) {
      cmnn::platform::print("    %s differs from ref (status %s), seed %u: c%d m%d k%dx%d s%d,%d d%d,%d in %dx%d pad %d,%d\n", v.id,
                            status_name(s), static_cast<unsigned>(seed), int{p.input_c}, int{p.ch_mult}, int{p.filter_h},
                            int{p.filter_w}, int{p.stride_h}, int{p.stride_w}, int{p.dilation_h}, int{p.dilation_w},
                            int{p.input_h}, int{p.input_w}, int{p.pad_top}, int{p.pad_left});
    }
    ASSERT_EQ(s, Status::kOk);
    ASSERT_BYTES_EQ(out, expected, out_n);
    ASSERT_TRUE(test::guards_intact(out, out_n));
    ASSERT_TRUE(test::guards_intact(scratch, scratch_n));
    ++g_variant_runs;
  }
}

// ref's output of (p, t), then every variant of the s8 table that runs the case compared with it
// (one more case).
void compare_s8_with_ref(const DepthwiseConvParams& p, const Tensors& t, uint32_t seed) {
  const size_t out_n = static_cast<size_t>(p.batches) * p.output_h * p.output_w * p.output_c();
  auto* ref_out = cmnn::test::arena_alloc<int8_t>(out_n);
  ASSERT_TRUE(ref_out != nullptr);
  DepthwiseConvS8Args a{t.input, t.filter, t.bias, t.mult, t.shift, ref_out};
  ASSERT_EQ(depthwise::run_s8_ref(p, a, nullptr, 0), Status::kOk);
  compare_all(p, a, kDepthwiseConvS8Variants, ref_out, out_n, seed);
  ++g_cases;
}

void sweep(uint32_t seed0, int count, bool three_by_three, bool int4) {
  for (int i = 0; i < count; ++i) {
    const size_t mark = cmnn::test::arena_mark();
    const uint32_t seed = seed0 + static_cast<uint32_t>(i) * 7919u;
    dwtest::Rng r{seed};
    const DepthwiseConvParams p = random_params(r, three_by_three);
    Tensors t{};
    ASSERT_TRUE(make_tensors(r, p, int4, &t));
    const size_t out_n = static_cast<size_t>(p.batches) * p.output_h * p.output_w * p.output_c();
    auto* ref_out = cmnn::test::arena_alloc<int8_t>(out_n);
    ASSERT_TRUE(ref_out != nullptr);
    DepthwiseConvS8Args a{t.input, t.filter, t.bias, t.mult, t.shift, ref_out};
    ASSERT_EQ(depthwise::run_s8_ref(p, a, nullptr, 0), Status::kOk);
    // ref against the independent naive formula.
    size_t k = 0;
    for (int32_t b = 0; b < p.batches; ++b)
      for (int32_t oy = 0; oy < p.output_h; ++oy)
        for (int32_t ox = 0; ox < p.output_w; ++ox)
          for (int32_t oc = 0; oc < p.output_c(); ++oc, ++k) {
            const int32_t acc = dwtest::naive_s8_acc(p, t.input, t.filter, t.bias, b, oy, ox, oc);
            const int8_t want = quant::requantize_to_s8(acc, t.mult[oc], t.shift[oc], p.output_offset, p.activation_min,
                                                        p.activation_max);
            ASSERT_EQ(ref_out[k], want);
          }
    compare_all(p, a, kDepthwiseConvS8Variants, ref_out, out_n, seed);
    compare_all(p, a, kRowsEverywhere, ref_out, out_n, seed);
    if (int4) {
      DepthwiseConvS4Args a4{t.input, t.filter_s4, t.bias, t.mult, t.shift, nullptr};
      compare_all(p, a4, kDepthwiseConvS4Variants, ref_out, out_n, seed);
    }
    ++g_cases;
    cmnn::test::arena_rewind(mark);
  }
}

}  // namespace

TEST(DepthwiseDiff, RandomGeneral) {
  g_cases = g_variant_runs = 0;
  sweep(1000u, 400, false, false);
  cmnn::platform::print("    %d cases, %d variant runs equal to ref\n", g_cases, g_variant_runs);
}

TEST(DepthwiseDiff, Random3x3) {
  g_cases = g_variant_runs = 0;
  sweep(5000u, 300, true, false);
  cmnn::platform::print("    %d cases, %d variant runs equal to ref\n", g_cases, g_variant_runs);
}

TEST(DepthwiseDiff, RandomInt4Weights) {
  g_cases = g_variant_runs = 0;
  sweep(9000u, 200, false, true);
  cmnn::platform::print("    %d cases, %d variant runs equal to ref\n", g_cases, g_variant_runs);
}

TEST(DepthwiseDiff, RandomFastQuant) {
  g_cases = g_variant_runs = 0;
  g_fast_quant = true;
  sweep(12000u, 200, false, false);
  sweep(15000u, 200, true, true);
  g_fast_quant = false;
  cmnn::platform::print("    %d cases, %d variant runs equal to ref\n", g_cases, g_variant_runs);
}

TEST(DepthwiseDiff, RandomZeroShifts) {
  g_cases = g_variant_runs = 0;
  g_fast_quant = g_zero_shifts = true;
  sweep(18000u, 200, false, false);
  sweep(21000u, 300, true, true);
  g_fast_quant = g_zero_shifts = false;
  cmnn::platform::print("    %d cases, %d variant runs equal to ref\n", g_cases, g_variant_runs);
}

// A shift of 0 with the accumulator at the int32 limit: the definition adds the zero point with
// wrap-around (INT32_MAX-ish + 127 -> -128 after the clamp), which the .dsp variants' saturating
// fast output stage cannot give, so their bound check (zero_shift_bounded) must send such a layer to
// the general kernel. Zero weights make the accumulator the bias exactly.
TEST(DepthwiseDiff, ZeroShiftAtTheInt32Limit) {
  g_cases = g_variant_runs = 0;
  for (int32_t k = 0; k < 8; ++k) {
    const size_t mark = cmnn::test::arena_mark();
    DepthwiseConvParams p;
    p.input_c = 8;
    p.input_h = p.input_w = 4;
    p.filter_h = p.filter_w = 3;
    p.pad_top = p.pad_left = 1;
    p.output_h = p.output_w = 4;
    p.input_offset = k % 2 == 0 ? 128 : -127;
    p.output_offset = k < 4 ? 127 : -128;
    auto* input = cmnn::test::arena_alloc<int8_t>(128);
    auto* filter = cmnn::test::arena_alloc<int8_t>(72);
    auto* bias = cmnn::test::arena_alloc<int32_t>(8);
    auto* mult = cmnn::test::arena_alloc<int32_t>(8);
    auto* shift = cmnn::test::arena_alloc<int32_t>(8);
    auto* ref_out = cmnn::test::arena_alloc<int8_t>(128);
    ASSERT_TRUE(input != nullptr && filter != nullptr && bias != nullptr && mult != nullptr && shift != nullptr &&
                ref_out != nullptr);
    for (int32_t i = 0; i < 128; ++i) input[i] = static_cast<int8_t>(i * 37);
    for (int32_t i = 0; i < 72; ++i) filter[i] = 0;
    for (int32_t c = 0; c < 8; ++c) {
      bias[c] = k < 4 ? INT32_MAX - c * 9 - k : INT32_MIN + c * 9 + k;
      mult[c] = c % 2 == 0 ? INT32_MAX : (1 << 30) + c;
      shift[c] = c < 4 ? 0 : -1 - c;
    }
    DepthwiseConvS8Args a{input, filter, bias, mult, shift, ref_out};
    ASSERT_EQ(depthwise::run_s8_ref(p, a, nullptr, 0), Status::kOk);
    compare_all(p, a, kDepthwiseConvS8Variants, ref_out, 128, static_cast<uint32_t>(k));
    ++g_cases;
    cmnn::test::arena_rewind(mark);
  }
  cmnn::platform::print("    %d cases, %d variant runs equal to ref\n", g_cases, g_variant_runs);
}

// A shift of 0 with the bias just inside and just past the doubled form's bound |bias| + 255 *
// sum |w| <= 2^31 - 129 (beyond the .dsp variants' quick test on the bias alone, so the weights
// are summed): extreme inputs and weights that reach the bound, every variant against ref.
TEST(DepthwiseDiff, ZeroShiftBiasAtTheBound) {
  g_cases = g_variant_runs = 0;
  for (int32_t k = 0; k < 16; ++k) {
    const size_t mark = cmnn::test::arena_mark();
    DepthwiseConvParams p;
    p.input_c = 8;
    p.input_h = p.input_w = 3 + k % 3;
    p.filter_h = p.filter_w = 3;
    p.pad_top = p.pad_left = 1;
    p.output_h = p.output_w = p.input_w;
    p.input_offset = k % 2 == 0 ? 128 : -127;
    p.output_offset = k % 4 < 2 ? 127 : -128;
    const size_t n_in = static_cast<size_t>(p.input_h) * p.input_w * 8;
    auto* input = cmnn::test::arena_alloc<int8_t>(n_in);
    auto* filter = cmnn::test::arena_alloc<int8_t>(72);
    auto* bias = cmnn::test::arena_alloc<int32_t>(8);
    auto* mult = cmnn::test::arena_alloc<int32_t>(8);
    auto* shift = cmnn::test::arena_alloc<int32_t>(8);
    auto* ref_out = cmnn::test::arena_alloc<int8_t>(n_in);
    ASSERT_TRUE(input != nullptr && filter != nullptr && bias != nullptr && mult != nullptr && shift != nullptr &&
                ref_out != nullptr);
    // x + input_offset is +-255 everywhere; weights of +-(100 + tap) per channel.
    for (size_t i = 0; i < n_in; ++i) input[i] = static_cast<int8_t>(p.input_offset == 128 ? 127 : -128);
    int32_t abs_sum[8] = {};
    for (int32_t t = 0; t < 9; ++t) {
      for (int32_t c = 0; c < 8; ++c) {
        const int32_t w = ((c + t + k) % 3 == 0 ? -1 : 1) * (100 + t + c);
        filter[t * 8 + c] = static_cast<int8_t>(w);
        abs_sum[c] += w < 0 ? -w : w;
      }
    }
    for (int32_t c = 0; c < 8; ++c) {
      const int32_t bound = INT32_MAX - 128 - 255 * abs_sum[c];
      const int32_t margin = (k / 2) % 2 == 0 ? c % 3 : -(c % 3) - 1;  // inside (>= 0) or past the bound
      bias[c] = (c % 2 == 0 ? 1 : -1) * (bound - margin);
      mult[c] = c % 4 == 0 ? INT32_MAX : (1 << 30) + 977 * c;
      shift[c] = c < 5 ? 0 : -c;
    }
    DepthwiseConvS8Args a{input, filter, bias, mult, shift, ref_out};
    ASSERT_EQ(depthwise::run_s8_ref(p, a, nullptr, 0), Status::kOk);
    compare_all(p, a, kDepthwiseConvS8Variants, ref_out, n_in, static_cast<uint32_t>(k));
    ++g_cases;
    cmnn::test::arena_rewind(mark);
  }
  cmnn::platform::print("    %d cases, %d variant runs equal to ref\n", g_cases, g_variant_runs);
}

// Channel counts around the 4-channel groups with ch_mult 1 on a fixed 3x3 layer shape.
TEST(DepthwiseDiff, ChannelTiles) {
  g_cases = g_variant_runs = 0;
  for (int32_t c = 1; c <= 13; ++c) {
    for (int32_t w = 1; w <= 6; ++w) {
      const size_t mark = cmnn::test::arena_mark();
      dwtest::Rng r{static_cast<uint32_t>(c * 131 + w)};
      DepthwiseConvParams p;
      p.input_c = c;
      p.input_h = 4;
      p.input_w = w;
      p.filter_h = p.filter_w = 3;
      p.pad_top = p.pad_left = 1;
      p.output_h = 4;
      p.output_w = w;
      p.input_offset = 128;
      p.output_offset = -5;
      Tensors t{};
      ASSERT_TRUE(make_tensors(r, p, false, &t));
      const size_t out_n = static_cast<size_t>(p.output_h) * p.output_w * c;
      auto* ref_out = cmnn::test::arena_alloc<int8_t>(out_n);
      DepthwiseConvS8Args a{t.input, t.filter, t.bias, t.mult, t.shift, ref_out};
      ASSERT_EQ(depthwise::run_s8_ref(p, a, nullptr, 0), Status::kOk);
      compare_all(p, a, kDepthwiseConvS8Variants, ref_out, out_n, 0);
      compare_all(p, a, kRowsEverywhere, ref_out, out_n, 0);
      ++g_cases;
      cmnn::test::arena_rewind(mark);
    }
  }
  cmnn::platform::print("    %d cases, %d variant runs equal to ref\n", g_cases, g_variant_runs);
}

// Three-wide images (the .dsp variants' pixel_row3_3x3: 3x3, width 3, stride_w 1, pad_left 1, the
// 3x3x256 layers): heights 1..6, pad_top 0..2 and output heights that leave zero, one or two filter
// rows outside the image (row sets 0, 1, 2 and the other rows), stride_h 1 and 2, channels around the
// groups of 4, all three output stages (random, fast and doubled tables), input offsets at both ends.
TEST(DepthwiseDiff, ThreeWideRows) {
  g_cases = g_variant_runs = 0;
  static const int32_t kChannels[] = {4, 8, 12, 7, 256};
  int k = 0;
  for (const int32_t c : kChannels) {
    for (int32_t h = 1; h <= 6; ++h) {
      for (int32_t pad_top = 0; pad_top <= 2; ++pad_top) {
        for (int32_t stride_h = 1; stride_h <= 2; ++stride_h, ++k) {
          const size_t mark = cmnn::test::arena_mark();
          dwtest::Rng r{static_cast<uint32_t>(7919 * k + 13)};
          DepthwiseConvParams p;
          p.input_c = c;
          p.input_h = h;
          p.input_w = p.output_w = 3;
          p.filter_h = p.filter_w = 3;
          p.pad_top = pad_top;
          p.pad_left = 1;
          p.stride_h = stride_h;
          p.output_h = (h + 2 * pad_top - 3) / stride_h + 1;  // pad_bottom = pad_top
          if (p.output_h < 1) p.output_h = 1;
          p.input_offset = k % 3 == 0 ? 128 : k % 3 == 1 ? -127 : r.range(-127, 128);
          p.output_offset = r.range(-128, 127);
          g_fast_quant = k % 3 != 0;
          g_zero_shifts = k % 3 == 2;
          Tensors t{};
          ASSERT_TRUE(make_tensors(r, p, false, &t));
          g_fast_quant = g_zero_shifts = false;
          compare_s8_with_ref(p, t, static_cast<uint32_t>(k));
          cmnn::test::arena_rewind(mark);
        }
      }
    }
  }
  cmnn::platform::print("    %d cases, %d variant runs equal to ref\n", g_cases, g_variant_runs);
}

// The Helium variants' edges: channel counts around the 4-lane groups and 16-channel vectors,
// widths around the 4-pixel blocks, 3x3 at stride 1 and 2, every padding, dilation, extreme
// input/output offsets and clamps (the sweeps above cover them too; this pins the shapes).
TEST(DepthwiseDiff, MveEdges) {
  g_cases = g_variant_runs = 0;
  static const int32_t kChannels[] = {1, 3, 4, 5, 8, 12, 15, 16, 17, 20, 33};
  static const int32_t kInputOffsets[] = {-127, 128, 0, 7};
  int k = 0;
  for (const int32_t c : kChannels) {
    for (int32_t w = 1; w <= 9; ++w) {
      for (int32_t variant = 0; variant < 4; ++variant, ++k) {
        const size_t mark = cmnn::test::arena_mark();
        dwtest::Rng r{static_cast<uint32_t>(c * 977 + w * 31 + variant + 1)};
        DepthwiseConvParams p;
        p.input_c = c;
        p.input_h = 1 + (k % 5);
        p.input_w = w;
        p.filter_h = p.filter_w = 3;
        p.stride_h = p.stride_w = variant % 2 == 0 ? 1 : 2;
        p.dilation_h = p.dilation_w = variant == 3 ? 2 : 1;
        p.pad_top = variant == 1 ? 0 : 1;
        p.pad_left = variant == 2 ? 2 : 1;
        if (variant == 2) p.filter_w = 5;  // generic variant, wide padding
        const int32_t eff_h = (p.filter_h - 1) * p.dilation_h + 1, eff_w = (p.filter_w - 1) * p.dilation_w + 1;
        const int32_t span_h = p.input_h + 2 * p.pad_top - eff_h, span_w = p.input_w + 2 * p.pad_left - eff_w;
        p.output_h = span_h < 0 ? 1 : span_h / p.stride_h + 1;
        p.output_w = span_w < 0 ? 1 : span_w / p.stride_w + 1;
        p.input_offset = kInputOffsets[k % 4];
        p.output_offset = k % 3 == 0 ? -128 : k % 3 == 1 ? 127 : 3;
        if (k % 5 == 4) {
          p.activation_min = -20;
          p.activation_max = 40;
        }
        Tensors t{};
        ASSERT_TRUE(make_tensors(r, p, false, &t));
        if (k % 2 == 1) {  // right shifts only: the Helium output stage's short form
          for (int32_t i = 0; i < c; ++i) t.shift[i] = -1 - (i * 7 + k) % 31;
        }
        compare_s8_with_ref(p, t, static_cast<uint32_t>(k));
        cmnn::test::arena_rewind(mark);
      }
    }
  }
  cmnn::platform::print("    %d cases, %d variant runs equal to ref\n", g_cases, g_variant_runs);
}

// One 3x3 case of the row kernels' sweeps: random tensors against ref, then the same shape at the
// accumulator extremes (inputs and weights all -128 or all 127, chosen by k), every variant of
// `table` that runs it compared with ref. False when the arena is short.
template <size_t N>
bool compare_random_and_extremes(dwtest::Rng& r, const DepthwiseConvParams& p,
                                 const DepthwiseConvS8Variant (&table)[N], int k) {
  Tensors t{};
  if (!make_tensors(r, p, false, &t)) return false;
  const size_t out_n = static_cast<size_t>(p.output_h) * p.output_w * p.output_c();
  auto* ref_out = cmnn::test::arena_alloc<int8_t>(out_n);
  if (ref_out == nullptr) return false;
  DepthwiseConvS8Args a{t.input, t.filter, t.bias, t.mult, t.shift, ref_out};
  EXPECT_EQ(depthwise::run_s8_ref(p, a, nullptr, 0), Status::kOk);
  compare_all(p, a, table, ref_out, out_n, static_cast<uint32_t>(k));
  const size_t in_n = static_cast<size_t>(p.input_h) * p.input_w * p.input_c, w_n = 9 * static_cast<size_t>(p.output_c());
  const auto x = static_cast<int8_t>(k % 2 == 0 ? -128 : 127), w = static_cast<int8_t>(k % 4 < 2 ? -128 : 127);
  for (size_t i = 0; i < in_n; ++i) t.input[i] = x;
  for (size_t i = 0; i < w_n; ++i) t.filter[i] = w;
  EXPECT_EQ(depthwise::run_s8_ref(p, a, nullptr, 0), Status::kOk);
  compare_all(p, a, table, ref_out, out_n, static_cast<uint32_t>(k));
  return true;
}

// The 5- and 6-wide whole-row paths of the .dsp 3x3 variants (KWS 25x5xC, person_detect's and
// VWW's 6x6xC: input and output width 5 or 6, pad_left 1, stride_w 1, dilation_w 1, ch_mult 1,
// channels % 4 == 0): every row kind (all three filter rows inside, row 0 above, row 2 below, two
// rows outside), heights 1..25, stride_h and dilation_h 1 and 2, the general, fast and doubled
// output stages, extreme offsets, and tensors at the accumulator extremes (every input and
// weight -128 or 127) as well as random ones.
TEST(DepthwiseDiff, WholeRows) {
  g_cases = g_variant_runs = 0;
  static const int32_t kChannels[] = {4, 12, 36, 64};  // 36: a ring block of 32 and one of 4
  static const int32_t kHeights[] = {1, 2, 3, 5, 25};
  static const int32_t kWidths[] = {5, 6};
  static const int32_t kInputOffsets[] = {-127, 128, 0, 37};
  int k = 0;
  for (int32_t quant_kind = 0; quant_kind < 3; ++quant_kind) {
    g_fast_quant = quant_kind != 0;
    g_zero_shifts = quant_kind == 2;
    for (const int32_t width : kWidths) {
      for (const int32_t c : kChannels) {
        for (const int32_t h : kHeights) {
          for (int32_t shape = 0; shape < 8; ++shape, ++k) {
            const size_t mark = cmnn::test::arena_mark();
            dwtest::Rng r{static_cast<uint32_t>(7000 + k * 131)};
            DepthwiseConvParams p;
            p.input_c = c;
            p.input_h = h;
            p.input_w = width;
            p.filter_h = p.filter_w = 3;
            p.stride_h = shape % 2 == 0 ? 1 : 2;
            p.dilation_h = (shape / 2) % 2 == 0 ? 1 : 2;
            p.pad_top = shape / 4 == 0 ? 1 : 0;
            p.pad_left = 1;
            const int32_t span_h = p.input_h + 2 * p.pad_top - (2 * p.dilation_h + 1);
            p.output_h = span_h < 0 ? 1 : span_h / p.stride_h + 1;
            p.output_w = width;
            p.input_offset = kInputOffsets[k % 4];
            p.output_offset = k % 3 == 0 ? -128 : k % 3 == 1 ? 127 : 3;
            ASSERT_TRUE(compare_random_and_extremes(r, p, kDepthwiseConvS8Variants, k));
            ++g_cases;
            cmnn::test::arena_rewind(mark);
          }
        }
      }
    }
  }
  g_fast_quant = g_zero_shifts = false;
  cmnn::platform::print("    %d cases, %d variant runs equal to ref\n", g_cases, g_variant_runs);
}

// The row kernel's stride-2 steps of four outputs (depthwise_s8.rows3x3.dsp; person_detect's
// 96x96x1 -> 48x48x8 layer): widths around the 4-output steps, ch_mult 1 and > 1, both paddings,
// the fast output stage, random tensors and tensors at the accumulator extremes.
TEST(DepthwiseDiff, RowsStrideTwo) {
  g_cases = g_variant_runs = 0;
  g_fast_quant = true;
  static const int32_t kMultsHere[] = {1, 3, 8};
  int k = 0;
  for (const int32_t m : kMultsHere) {
    for (int32_t w = 5; w <= 21; ++w) {
      for (int32_t shape = 0; shape < 2; ++shape, ++k) {
        const size_t mark = cmnn::test::arena_mark();
        dwtest::Rng r{static_cast<uint32_t>(9100 + k * 53)};
        DepthwiseConvParams p;
        p.input_c = 1 + k % 3;
        p.ch_mult = m;
        p.input_h = 3 + k % 5;
        p.input_w = w;
        p.filter_h = p.filter_w = 3;
        p.stride_h = 1 + k % 2;
        p.stride_w = 2;
        p.pad_top = p.pad_left = shape;
        p.output_h = (p.input_h + 2 * p.pad_top - 3) / p.stride_h + 1;
        p.output_w = (p.input_w + 2 * p.pad_left - 3) / 2 + 1;
        p.input_offset = k % 2 == 0 ? 128 : -127;
        p.output_offset = k % 3 == 0 ? -128 : 5;
        ASSERT_TRUE(compare_random_and_extremes(r, p, kRowsEverywhere, k));
        ++g_cases;
        cmnn::test::arena_rewind(mark);
      }
    }
  }
  g_fast_quant = false;
  cmnn::platform::print("    %d cases, %d variant runs equal to ref\n", g_cases, g_variant_runs);
}

// The .dsp 3x3 variants' stride-2 inside pixel pairs (mac_pair_s2_3x3_inside; VWW and
// person_detect's 48x48x16, 24x24x32, 12x12x64, 6x6x128 layers): widths around the pairs (odd
// and even inside runs), 1..3 groups of 4 channels, stride_h 1 and 2, both paddings, every output
// stage (fast: g_fast_quant; doubled: shifts of 0 with bounded accumulators; general: the random
// tables), random tensors and tensors at the accumulator extremes (every input and weight -128 or
// 127, input_offset 128 or -127).
TEST(DepthwiseDiff, PairsStrideTwo) {
  g_cases = g_variant_runs = 0;
  int k = 0;
  for (int32_t stage = 0; stage < 3; ++stage) {
    g_fast_quant = stage != 2;
    g_zero_shifts = stage == 1;
    for (int32_t w = 5; w <= 17; ++w) {
      for (int32_t shape = 0; shape < 4; ++shape, ++k) {
        const size_t mark = cmnn::test::arena_mark();
        dwtest::Rng r{static_cast<uint32_t>(7300 + k * 61)};
        DepthwiseConvParams p;
        p.input_c = 4 * (1 + k % 3);
        p.input_h = 3 + k % 4;
        p.input_w = w;
        p.filter_h = p.filter_w = 3;
        p.stride_h = 1 + shape / 2;
        p.stride_w = 2;
        p.pad_top = p.pad_left = shape % 2;
        p.output_h = (p.input_h + 2 * p.pad_top - 3) / p.stride_h + 1;
        p.output_w = (p.input_w + 2 * p.pad_left - 3) / 2 + 1;
        p.input_offset = k % 2 == 0 ? 128 : -127;
        p.output_offset = k % 3 == 0 ? -128 : k % 3 == 1 ? 127 : 5;
        Tensors t{};
        ASSERT_TRUE(make_tensors(r, p, false, &t));
        const size_t out_n = static_cast<size_t>(p.output_h) * p.output_w * p.output_c();
        auto* ref_out = cmnn::test::arena_alloc<int8_t>(out_n);
        ASSERT_TRUE(ref_out != nullptr);
        DepthwiseConvS8Args a{t.input, t.filter, t.bias, t.mult, t.shift, ref_out};
        ASSERT_EQ(depthwise::run_s8_ref(p, a, nullptr, 0), Status::kOk);
        compare_all(p, a, kDepthwiseConvS8Variants, ref_out, out_n, static_cast<uint32_t>(k));
        const size_t in_n = static_cast<size_t>(p.input_h) * p.input_w * p.input_c, w_n = 9 * static_cast<size_t>(p.output_c());
        const auto x = static_cast<int8_t>(k % 2 == 0 ? -128 : 127), wv = static_cast<int8_t>(k % 4 < 2 ? -128 : 127);
        for (size_t i = 0; i < in_n; ++i) t.input[i] = x;
        for (size_t i = 0; i < w_n; ++i) t.filter[i] = wv;
        ASSERT_EQ(depthwise::run_s8_ref(p, a, nullptr, 0), Status::kOk);
        compare_all(p, a, kDepthwiseConvS8Variants, ref_out, out_n, static_cast<uint32_t>(k));
        ++g_cases;
        cmnn::test::arena_rewind(mark);
      }
    }
  }
  g_fast_quant = g_zero_shifts = false;
  cmnn::platform::print("    %d cases, %d variant runs equal to ref\n", g_cases, g_variant_runs);
}

// depthwise_conv2d_s8_dsp_narrowest, the entry the compiler names instead of depthwise_s8.3x3.dsp
// where that entry's path is known (tools/cmnn/select/narrow.h): it supports the layer and every
// row band of it with 3x3.dsp's scratch, it is a ring entry exactly when the layer runs in place
// as one call (ring_in_place_shape: ring.dsp for tables of the fast output stage, ring_stages.dsp
// for the others), the pixels entry never claims a call in place, and other entries get none.
// (That each entry gives ref's bytes on every call it supports is what the sweeps above check:
// they run every entry of the table.)
TEST(DepthwiseDiff, NarrowestFormCoversEveryCall) {
  const DepthwiseConvS8Variant& wide = *depthwise_conv2d_s8_find_variant("depthwise_s8.3x3.dsp");
  const DepthwiseConvS8Variant& ref = *depthwise_conv2d_s8_find_variant("depthwise_s8.ref");
  int cases = 0, ring = 0, ring_stages = 0, pixels = 0, none = 0, bands = 0;
  for (int32_t quant_kind = 0; quant_kind < 3; ++quant_kind) {
    g_fast_quant = quant_kind != 0;
    g_zero_shifts = quant_kind == 2;
    for (int i = 0; i < 120; ++i) {
      const size_t mark = cmnn::test::arena_mark();
      dwtest::Rng r{static_cast<uint32_t>(9100 + i * 17 + quant_kind * 100003)};
      DepthwiseConvParams p = random_params(r, true);
      if (i % 3 == 0) {  // KWS's shape class: 5 wide, one column of padding, stride 1
        p.batches = 1, p.ch_mult = 1, p.input_c = 4 * r.range(1, 9);
        p.input_w = p.output_w = 5, p.pad_left = 1, p.stride_h = p.stride_w = 1, p.dilation_h = p.dilation_w = 1;
        p.pad_top = r.range(0, 1), p.input_h = r.range(3, 12), p.output_h = p.input_h + 2 * p.pad_top - 2;
      }
      Tensors t{};
      ASSERT_TRUE(make_tensors(r, p, false, &t));
      int8_t not_read = 0;  // the output: narrowest reads the constants only
      const DepthwiseConvS8Args a{t.input, t.filter, t.bias, t.mult, t.shift, &not_read};
      for (int in_place_i = 0; in_place_i < 2; ++in_place_i) {
        const bool in_place = in_place_i == 1;
        ++cases;
        const DepthwiseConvS8Variant* v = depthwise_conv2d_s8_dsp_narrowest(wide, p, a, in_place);
        const bool one_call_in_place = in_place && depthwise_conv2d_s8_ring_in_place(wide, p) && p.batches == 1;
        if (v == nullptr) {
          ASSERT_FALSE(one_call_in_place);
          ++none;
          continue;
        }
        ASSERT_TRUE(v->supports(p));
        ASSERT_EQ(v->scratch_bytes(p), wide.scratch_bytes(p));
        if (one_call_in_place) {
          const bool fast = quant::fast_quant_ok(t.mult, t.shift, p.output_c(), p.activation_min, p.activation_max);
          ASSERT_TRUE(std::strcmp(v->id, fast ? "depthwise_s8.3x3.ring.dsp" : "depthwise_s8.3x3.ring_stages.dsp") == 0);
          ASSERT_TRUE(depthwise_conv2d_s8_ring_in_place(*v, p));
          ++(fast ? ring : ring_stages);
          continue;
        }
        ASSERT_TRUE(std::strcmp(v->id, "depthwise_s8.3x3.pixels.dsp") == 0);
        ASSERT_FALSE(depthwise_conv2d_s8_ring_in_place(*v, p));
        for (int32_t band = 1; band <= p.output_h; ++band) {
          for (int32_t o0 = 0; o0 < p.output_h; o0 += band, ++bands) {
            int32_t first = 0;
            const int32_t o1 = o0 + band < p.output_h ? o0 + band : p.output_h;
            ASSERT_TRUE(v->supports(rows_band_params(p, o0, o1, &first)));
          }
        }
        ++pixels;
      }
      ASSERT_EQ(depthwise_conv2d_s8_dsp_narrowest(ref, p, a, false), nullptr);
      cmnn::test::arena_rewind(mark);
    }
  }
  g_fast_quant = g_zero_shifts = false;
  EXPECT_GT(ring, 0);
  EXPECT_GT(ring_stages, 0);
  EXPECT_GT(pixels, 0);
  EXPECT_GT(none, 0);
  cmnn::platform::print("    %d layer calls: ring %d, ring_stages %d, pixels %d (%d row bands supported), none %d\n",
                        cases, ring, ring_stages, pixels, bands, none);
}
