// conv2d_s16, conv2d_s4, fully_connected_s16, fully_connected_s4: every variant (and the entry
// point) against a naive reference written here from the definitions (own nibble decoding, CMSIS-
// NN's two-step int64 requantize), on seeded random sweeps; guard bytes; parameter checks.
#include <cstring>

#include "cmnn/conv_s16.h"
#include "cmnn/conv_s4.h"
#include "cmnn/fully_connected_s16.h"
#include "cmnn/fully_connected_s4.h"
#include "quant/fixed_point.h"
#include "test.h"
#include "test_data.h"

using namespace cmnn;

namespace {

test::Xorshift32 g_rng(0x1234567u);
uint32_t next() { return g_rng.next(); }
int32_t pick(int32_t lo, int32_t hi) { return g_rng.pick(lo, hi); }

using test::guards_intact;
inline uint8_t* guarded(size_t bytes) { return test::guarded_alloc(bytes); }

int32_t nibble(const uint8_t* packed, size_t i) {
  const int v = (i % 2 == 0) ? (packed[i / 2] & 0xF) : (packed[i / 2] >> 4);
  return v < 8 ? v : v - 16;
}

int32_t requant64(int64_t x, int32_t m, int32_t shift) {  // CMSIS-NN arm_nn_requantize_s64
  const int32_t reduced = m < 0x7FFF0000 ? (m + (1 << 15)) >> 16 : 0x7FFF;
  const int64_t r = (x * reduced) >> (14 - shift);
  const int64_t v = (r + 1) >> 1;
  return v > INT32_MAX ? INT32_MAX : v < INT32_MIN ? INT32_MIN : static_cast<int32_t>(v);
}

bool random_conv(Conv2dParams* p) {
  p->groups = pick(0, 4) == 0 ? 2 : 1;
  p->input_c = pick(1, 9) * p->groups;
  p->output_c = pick(1, 5) * p->groups;
  p->batches = pick(1, 2);
  p->filter_h = pick(1, 3);
  p->filter_w = pick(1, 3);
  p->stride_h = pick(1, 2);
  p->stride_w = pick(1, 2);
  p->dilation_h = pick(1, 2);
  p->dilation_w = pick(1, 2);
  p->input_h = pick(1, 6);
  p->input_w = pick(1, 6);
  const int32_t eh = (p->filter_h - 1) * p->dilation_h, ew = (p->filter_w - 1) * p->dilation_w;
  p->pad_top = pick(0, eh);
  p->pad_left = pick(0, ew);
  const int32_t sh = p->input_h + p->pad_top + pick(0, eh) - eh, sw = p->input_w + p->pad_left + pick(0, ew) - ew;
  if (sh <= 0 || sw <= 0) return false;
  p->output_h = (sh - 1) / p->stride_h + 1;
  p->output_w = (sw - 1) / p->stride_w + 1;
  return conv2d_check_shape(*p) == Status::kOk;
}

// Naive sum for output (b, oy, ox, oc) with weights given by index.
template <typename In, typename W>
int64_t naive_sum(const Conv2dParams& p, const In* in, W weight, int32_t b, int32_t oy, int32_t ox, int32_t oc) {
  const int32_t gi = p.input_c / p.groups, go = p.output_c / p.groups;
  int64_t s = 0;
  for (int32_t fy = 0; fy < p.filter_h; ++fy)
    for (int32_t fx = 0; fx < p.filter_w; ++fx)
      for (int32_t c = 0; c < gi; ++c) {
        const int32_t y = oy * p.stride_h - p.pad_top + fy * p.dilation_h;
        const int32_t x = ox * p.stride_w - p.pad_left + fx * p.dilation_w;
        if (y < 0 || y >= p.input_h || x < 0 || x >= p.input_w) continue;
        const int32_t v = in[((b * p.input_h + y) * p.input_w + x) * p.input_c + (oc / go) * gi + c] + p.input_offset;
        s += int64_t{v} * weight(((oc * p.filter_h + fy) * p.filter_w + fx) * gi + c);
      }
  return s;
}

}  // namespace

TEST(Conv2dS16, EveryVariantMatchesNaive) {
  size_t count = 0;
  const Conv2dS16Variant* table = conv2d_s16_variants(&count);
  int cases = 0, runs = 0;
  for (int draw = 0; draw < 400 && cases < 150; ++draw) {
    Conv2dParams p;
    if (!random_conv(&p)) continue;
    p.activation_min = pick(0, 1) ? INT16_MIN : pick(-32768, 0);
    p.activation_max = pick(0, 1) ? INT16_MAX : pick(p.activation_min, 32767);
    const size_t mark = test::arena_mark();
    const auto in_n = static_cast<size_t>(p.batches * p.input_h * p.input_w * p.input_c);
    const auto out_n = static_cast<size_t>(p.batches * p.output_h * p.output_w * p.output_c);
    const auto w_n = static_cast<size_t>(p.output_c * p.filter_h * p.filter_w * (p.input_c / p.groups));
    const auto oc_n = static_cast<size_t>(p.output_c);
    auto* in = test::arena_alloc<int16_t>(in_n);
    auto* w = test::arena_alloc<int8_t>(w_n);
    auto* b64 = test::arena_alloc<int64_t>(oc_n);
    auto* b32 = test::arena_alloc<int32_t>(oc_n);
    auto* mult = test::arena_alloc<int32_t>(oc_n);
    auto* shift = test::arena_alloc<int32_t>(oc_n);
    auto* expected = test::arena_alloc<int16_t>(out_n);
    ASSERT_TRUE(in && w && b64 && b32 && mult && shift && expected);
    for (size_t i = 0; i < in_n; ++i) in[i] = static_cast<int16_t>(pick(-32768, 32767));
    for (size_t i = 0; i < w_n; ++i) w[i] = static_cast<int8_t>(pick(-127, 127));
    for (size_t i = 0; i < oc_n; ++i) {
      b64[i] = int64_t{pick(-4000000, 4000000)} * (pick(0, 3) == 0 ? 1000 : 1);
      b32[i] = pick(-4000000, 4000000);
      mult[i] = pick(1 << 30, INT32_MAX);
      shift[i] = pick(-22, 2);
    }
    const int bias_kind = pick(0, 2);  // 0: int64, 1: int32, 2: none
    for (int32_t b = 0, i = 0; b < p.batches; ++b)
      for (int32_t y = 0; y < p.output_h; ++y)
        for (int32_t x = 0; x < p.output_w; ++x)
          for (int32_t c = 0; c < p.output_c; ++c, ++i) {
            const int64_t s = naive_sum(p, in, [&](int32_t k) { return int32_t{w[k]}; }, b, y, x, c);
            int32_t v;
            if (bias_kind == 1) {
              const auto acc = static_cast<int32_t>(static_cast<uint32_t>(static_cast<uint64_t>(s) + static_cast<uint32_t>(b32[c])));
              v = quant::multiply_by_quantized_multiplier(acc, mult[c], shift[c]);
            } else {
              v = requant64(s + (bias_kind == 0 ? b64[c] : 0), mult[c], shift[c]);
            }
            expected[i] = static_cast<int16_t>(quant::clamp(v, p.activation_min, p.activation_max));
          }
    Conv2dS16Args a{in, w, bias_kind == 0 ? b64 : nullptr, bias_kind == 1 ? b32 : nullptr, mult, shift, nullptr};
    for (size_t v = 0; v <= count; ++v) {  // v == count: the entry point
      if (v < count && (!isa_runnable(table[v].isa) || !table[v].supports(p))) continue;
      const size_t scratch_n = v < count ? table[v].scratch_bytes(p) : conv2d_s16_scratch_bytes(p);
      uint8_t* out = guarded(out_n * 2);
      uint8_t* scratch = guarded(scratch_n);
      ASSERT_TRUE(out && scratch);
      a.output = reinterpret_cast<int16_t*>(out);
      const Status s = v < count ? conv2d_s16_run_variant(table[v], p, a, scratch, scratch_n) : conv2d_s16(p, a, scratch, scratch_n);
      ASSERT_EQ(s, Status::kOk);
      ASSERT_TRUE(guards_intact(out, out_n * 2) && guards_intact(scratch, scratch_n));
      ASSERT_BYTES_EQ(out, expected, out_n * 2);
      ++runs;
    }
    ++cases;
    test::arena_rewind(mark);
  }
  platform::print("    %d random cases, %d variant/entry runs equal to the naive reference\n", cases, runs);
  EXPECT_GE(cases, 100);
}

TEST(Conv2dS4, EveryVariantMatchesNaive) {
  size_t count = 0;
  const Conv2dS4Variant* table = conv2d_s4_variants(&count);
  int cases = 0, runs = 0, mve_runs = 0;
  for (int draw = 0; draw < 400 && cases < 150; ++draw) {
    Conv2dParams p;
    if (!random_conv(&p)) continue;
    // A third of the cases deep (even channels per group, runs beyond the Helium variant's 32-element
    // step); random_conv's channels are a multiple of the groups, so are these.
    if (draw % 3 == 0) p.input_c *= 2 * pick(2, 6);
    p.input_offset = pick(-127, 128);
    p.output_offset = pick(-128, 127);
    p.activation_min = pick(0, 1) ? -128 : pick(-128, 0);
    p.activation_max = pick(0, 1) ? 127 : pick(p.activation_min, 127);
    const size_t mark = test::arena_mark();
    const auto in_n = static_cast<size_t>(p.batches * p.input_h * p.input_w * p.input_c);
    const auto out_n = static_cast<size_t>(p.batches * p.output_h * p.output_w * p.output_c);
    const auto w_n = static_cast<size_t>(p.output_c * p.filter_h * p.filter_w * (p.input_c / p.groups));
    const auto oc_n = static_cast<size_t>(p.output_c);
    auto* in = test::arena_alloc<int8_t>(in_n);
    auto* w = test::arena_alloc<uint8_t>((w_n + 1) / 2);
    auto* bias = test::arena_alloc<int32_t>(oc_n);
    auto* mult = test::arena_alloc<int32_t>(oc_n);
    auto* shift = test::arena_alloc<int32_t>(oc_n);
    auto* expected = test::arena_alloc<int8_t>(out_n);
    ASSERT_TRUE(in && w && bias && mult && shift && expected);
    for (size_t i = 0; i < in_n; ++i) in[i] = static_cast<int8_t>(pick(-128, 127));
    for (size_t i = 0; i < (w_n + 1) / 2; ++i) w[i] = static_cast<uint8_t>(next());
    for (size_t i = 0; i < oc_n; ++i) {
      bias[i] = pick(-5000, 5000);
      mult[i] = pick(1 << 30, INT32_MAX);
      shift[i] = pick(-12, 0);
    }
    const bool with_bias = pick(0, 3) != 0;
    for (int32_t b = 0, i = 0; b < p.batches; ++b)
      for (int32_t y = 0; y < p.output_h; ++y)
        for (int32_t x = 0; x < p.output_w; ++x)
          for (int32_t c = 0; c < p.output_c; ++c, ++i) {
            const int64_t s = naive_sum(p, in, [&](int32_t k) { return nibble(w, static_cast<size_t>(k)); }, b, y, x, c);
            const int32_t acc = static_cast<int32_t>(s) + (with_bias ? bias[c] : 0);
            expected[i] = quant::requantize_to_s8(acc, mult[c], shift[c], p.output_offset, p.activation_min, p.activation_max);
          }
    Conv2dS4Args a{in, w, with_bias ? bias : nullptr, mult, shift, nullptr};
    for (size_t v = 0; v <= count; ++v) {
      if (v < count && (!isa_runnable(table[v].isa) || !table[v].supports(p))) continue;
      if (v < count && table[v].isa == Isa::kMve) ++mve_runs;
      const size_t scratch_n = v < count ? table[v].scratch_bytes(p) : conv2d_s4_scratch_bytes(p);
      uint8_t* out = guarded(out_n);
      uint8_t* scratch = guarded(scratch_n);
      ASSERT_TRUE(out && scratch);
      a.output = reinterpret_cast<int8_t*>(out);
      const Status s = v < count ? conv2d_s4_run_variant(table[v], p, a, scratch, scratch_n) : conv2d_s4(p, a, scratch, scratch_n);
      ASSERT_EQ(s, Status::kOk);
      ASSERT_TRUE(guards_intact(out, out_n) && guards_intact(scratch, scratch_n));
      ASSERT_BYTES_EQ(out, expected, out_n);
      ++runs;
    }
    ++cases;
    test::arena_rewind(mark);
  }
  platform::print("    %d random cases, %d variant/entry runs equal to the naive reference (%d conv2d_s4.mve)\n", cases,
                  runs, mve_runs);
  EXPECT_GE(cases, 100);
  if (isa_runnable(Isa::kMve)) EXPECT_GE(mve_runs, 60);
}

TEST(FullyConnectedWide, S16AndS4MatchNaive) {
  int cases = 0, runs = 0;
  for (; cases < 150; ++cases) {
    FullyConnectedParams p;
    p.batches = pick(1, 3);
    p.input_depth = pick(0, 5) == 0 ? pick(250, 600) : pick(1, 40);
    p.output_depth = pick(1, 9);
    p.per_channel = pick(0, 1) != 0;
    const size_t mark = test::arena_mark();
    const auto in_n = static_cast<size_t>(p.batches * p.input_depth), out_n = static_cast<size_t>(p.batches * p.output_depth);
    const auto w_n = static_cast<size_t>(p.input_depth * p.output_depth), o_n = static_cast<size_t>(p.output_depth);
    auto* in16 = test::arena_alloc<int16_t>(in_n);
    auto* in8 = test::arena_alloc<int8_t>(in_n);
    auto* w8 = test::arena_alloc<int8_t>(w_n);
    auto* w4 = test::arena_alloc<uint8_t>((w_n + 1) / 2);
    auto* b64 = test::arena_alloc<int64_t>(o_n);
    auto* b32 = test::arena_alloc<int32_t>(o_n);
    auto* mult = test::arena_alloc<int32_t>(o_n);
    auto* shift = test::arena_alloc<int32_t>(o_n);
    auto* e16 = test::arena_alloc<int16_t>(out_n);
    auto* e8 = test::arena_alloc<int8_t>(out_n);
    ASSERT_TRUE(in16 && in8 && w8 && w4 && b64 && b32 && mult && shift && e16 && e8);
    for (size_t i = 0; i < in_n; ++i) in16[i] = static_cast<int16_t>(pick(-32768, 32767)), in8[i] = static_cast<int8_t>(pick(-128, 127));
    for (size_t i = 0; i < w_n; ++i) w8[i] = static_cast<int8_t>(pick(-127, 127));
    for (size_t i = 0; i < (w_n + 1) / 2; ++i) w4[i] = static_cast<uint8_t>(next());
    for (size_t i = 0; i < o_n; ++i) b64[i] = pick(-4000000, 4000000), b32[i] = pick(-3000, 3000), mult[i] = pick(1 << 30, INT32_MAX), shift[i] = pick(-20, 0);
    // s16, with an int64 bias (int64 accumulator) or an int32 bias (int32 accumulator, which the
    // deep cases overflow: the sum wraps as TFLite's int32 arithmetic, then the 32-bit requantize).
    FullyConnectedParams p16 = p;
    p16.activation_min = pick(0, 1) ? INT16_MIN : pick(-32768, 0);
    p16.activation_max = INT16_MAX;
    const bool s16_bias32 = cases % 2 == 1;
    for (int32_t b = 0; b < p.batches; ++b)
      for (int32_t o = 0; o < p.output_depth; ++o) {
        const int32_t q = p.per_channel ? o : 0;
        int32_t scaled;
        if (s16_bias32) {
          uint32_t s = static_cast<uint32_t>(b32[o]);
          for (int32_t k = 0; k < p.input_depth; ++k)
            s += static_cast<uint32_t>(int32_t{in16[b * p.input_depth + k]} * w8[o * p.input_depth + k]);
          scaled = quant::multiply_by_quantized_multiplier(static_cast<int32_t>(s), mult[q], shift[q]);
        } else {
          int64_t s = b64[o];
          for (int32_t k = 0; k < p.input_depth; ++k) s += int64_t{in16[b * p.input_depth + k]} * w8[o * p.input_depth + k];
          scaled = requant64(s, mult[q], shift[q]);
        }
        e16[b * p.output_depth + o] = static_cast<int16_t>(quant::clamp(scaled, p16.activation_min, p16.activation_max));
      }
    // s4
    FullyConnectedParams p4 = p;
    p4.input_offset = pick(-127, 128);
    p4.output_offset = pick(-128, 128);
    for (int32_t b = 0; b < p.batches; ++b)
      for (int32_t o = 0; o < p.output_depth; ++o) {
        int32_t s = b32[o];
        for (int32_t k = 0; k < p.input_depth; ++k)
          s += (in8[b * p.input_depth + k] + p4.input_offset) * nibble(w4, static_cast<size_t>(o * p.input_depth + k));
        const int32_t q = p.per_channel ? o : 0;
        e8[b * p.output_depth + o] = quant::requantize_to_s8(s, mult[q], shift[q], p4.output_offset, -128, 127);
      }
    size_t n16 = 0, n4 = 0;
    const FullyConnectedS16Variant* t16 = fully_connected_s16_variants(&n16);
    const FullyConnectedS4Variant* t4 = fully_connected_s4_variants(&n4);
    for (size_t v = 0; v < n16; ++v) {
      if (!isa_runnable(t16[v].isa) || !t16[v].supports(p16)) continue;
      uint8_t* out = guarded(out_n * 2);
      ASSERT_TRUE(out != nullptr);
      FullyConnectedS16Args a{in16, w8, s16_bias32 ? nullptr : b64, s16_bias32 ? b32 : nullptr, mult, shift,
                              reinterpret_cast<int16_t*>(out)};
      ASSERT_EQ(fully_connected_s16_run_variant(t16[v], p16, a, nullptr, 0), Status::kOk);
      ASSERT_TRUE(guards_intact(out, out_n * 2));
      ASSERT_BYTES_EQ(out, e16, out_n * 2);
      ++runs;
    }
    for (size_t v = 0; v < n4; ++v) {
      if (!isa_runnable(t4[v].isa) || !t4[v].supports(p4)) continue;
      const size_t scratch_n = t4[v].scratch_bytes(p4);
      uint8_t* out = guarded(out_n);
      uint8_t* scratch = guarded(scratch_n);
      ASSERT_TRUE(out && scratch);
      FullyConnectedS4Args a{in8, w4, b32, mult, shift, reinterpret_cast<int8_t*>(out)};
      ASSERT_EQ(fully_connected_s4_run_variant(t4[v], p4, a, scratch, scratch_n), Status::kOk);
      ASSERT_TRUE(guards_intact(out, out_n) && guards_intact(scratch, scratch_n));
      ASSERT_BYTES_EQ(out, e8, out_n);
      ++runs;
    }
    test::arena_rewind(mark);
  }
  platform::print("    %d random cases, %d s16/s4 variant runs equal to the naive reference\n", cases, runs);
}

// Exact values, every variant: one input against two weight rows with an int64 and an int32 bias.
// Row 0: sum 32767 * 127 + 32768 * 128 = 8355713; bias 2^31 - 101. In int64 the accumulator is
// 2155839260 and * 0.5 * 2^-16 rounds to 16448; in int32 it wraps to -2139128036, which gives
// -16320 (TFLite's int16x8 with int32 bias). Row 1: -32769 + 5 = -32764, * 0.5 -> -16382 in both.
TEST(FullyConnectedS16, ExactValuesWithEitherBias) {
  FullyConnectedParams p;
  p.input_depth = 2;
  p.output_depth = 2;
  p.per_channel = true;
  p.activation_min = INT16_MIN;
  p.activation_max = INT16_MAX;
  const int16_t in[2] = {32767, -32768};
  const int8_t w[4] = {127, -128, 1, 2};
  const int64_t b64[2] = {INT32_MAX - 100, 5};
  const int32_t b32[2] = {INT32_MAX - 100, 5};
  const int32_t mult[2] = {1 << 30, 1 << 30}, shift[2] = {-16, 0};
  const int16_t expected64[2] = {16448, -16382}, expected32[2] = {-16320, -16382};
  const int16_t expected_none[2] = {64, -16384};  // 8355713 / 2^17 = 63.7; -32769 / 2 = -16384.5 -> -16384
  size_t count = 0;
  const FullyConnectedS16Variant* table = fully_connected_s16_variants(&count);
  int runs = 0;
  for (size_t v = 0; v < count; ++v) {
    if (!isa_runnable(table[v].isa) || !table[v].supports(p)) continue;
    int16_t out[2] = {};
    FullyConnectedS16Args a{in, w, b64, nullptr, mult, shift, out};
    ASSERT_EQ(fully_connected_s16_run_variant(table[v], p, a, nullptr, 0), Status::kOk);
    ASSERT_BYTES_EQ(out, expected64, sizeof(out));
    a.bias = nullptr;
    a.bias32 = b32;
    ASSERT_EQ(fully_connected_s16_run_variant(table[v], p, a, nullptr, 0), Status::kOk);
    ASSERT_BYTES_EQ(out, expected32, sizeof(out));
    a.bias32 = nullptr;
    ASSERT_EQ(fully_connected_s16_run_variant(table[v], p, a, nullptr, 0), Status::kOk);
    ASSERT_BYTES_EQ(out, expected_none, sizeof(out));
    ++runs;
  }
  EXPECT_GE(runs, 1);
}

TEST(ConvWide, ParameterChecks) {
  Conv2dParams p;
  p.input_h = p.input_w = 3;
  p.input_c = 2;
  p.output_h = p.output_w = 3;
  p.output_c = 2;
  p.filter_h = p.filter_w = 1;
  p.activation_min = INT16_MIN;
  p.activation_max = INT16_MAX;
  int16_t in[18] = {}, out[18] = {};
  int8_t w[4] = {};
  int64_t b64[2] = {};
  int32_t b32[2] = {}, mult[2] = {1 << 30, 1 << 30}, shift[2] = {0, 0};
  Conv2dS16Args a{in, w, nullptr, nullptr, mult, shift, out};
  EXPECT_EQ(conv2d_s16(p, a, nullptr, 0), Status::kOk);
  Conv2dS16Args both = a;
  both.bias = b64;
  both.bias32 = b32;
  EXPECT_EQ(conv2d_s16(p, both, nullptr, 0), Status::kBadParameter);
  Conv2dS16Args null_in = a;
  null_in.input = nullptr;
  EXPECT_EQ(conv2d_s16(p, null_in, nullptr, 0), Status::kNullPointer);
  Conv2dParams q = p;
  q.input_offset = 1;
  EXPECT_EQ(conv2d_s16(q, a, nullptr, 0), Status::kBadParameter);
  q = p;
  q.activation_max = 40000;
  EXPECT_EQ(conv2d_s16(q, a, nullptr, 0), Status::kBadParameter);
  q = p;
  q.output_c = 0;
  EXPECT_EQ(conv2d_s16(q, a, nullptr, 0), Status::kBadShape);
  shift[1] = 31;
  EXPECT_EQ(conv2d_s16(p, a, nullptr, 0), Status::kBadParameter);
  shift[1] = 0;
  // int4: the unpacked variant needs scratch; too little is reported, not overrun.
  int8_t in8[18] = {}, out8[18] = {};
  uint8_t w4[2] = {};
  Conv2dParams p4 = p;
  p4.activation_min = -128;
  p4.activation_max = 127;
  Conv2dS4Args a4{in8, w4, nullptr, mult, shift, out8};
  const Conv2dS4Variant* unpacked = conv2d_s4_find_variant("conv2d_s4.unpacked.dsp");
  ASSERT_TRUE(unpacked != nullptr);
  uint8_t scratch[4];
  if (isa_runnable(unpacked->isa)) {
    EXPECT_EQ(conv2d_s4_run_variant(*unpacked, p4, a4, scratch, 2), Status::kScratchTooSmall);
    EXPECT_EQ(conv2d_s4_run_variant(*unpacked, p4, a4, nullptr, 0), Status::kNullPointer);
  }
  p4.output_offset = 128;
  EXPECT_EQ(conv2d_s4(p4, a4, nullptr, 0), Status::kBadParameter);
  EXPECT_TRUE(conv2d_s4_find_variant("conv2d_s4.ref") != nullptr);
  EXPECT_TRUE(conv2d_s4_find_variant("nope") == nullptr);
  // Fully connected.
  FullyConnectedParams f;
  f.input_depth = 2;
  f.output_depth = 2;
  f.activation_min = INT16_MIN;
  f.activation_max = INT16_MAX;
  FullyConnectedS16Args fa{in, w, b64, nullptr, mult, shift, out};
  EXPECT_EQ(fully_connected_s16(f, fa, nullptr, 0), Status::kOk);
  FullyConnectedS16Args fboth = fa;
  fboth.bias32 = b32;
  EXPECT_EQ(fully_connected_s16(f, fboth, nullptr, 0), Status::kBadParameter);
  fboth.bias = nullptr;
  EXPECT_EQ(fully_connected_s16(f, fboth, nullptr, 0), Status::kOk);
  f.filter_offset = 1;
  EXPECT_EQ(fully_connected_s16(f, fa, nullptr, 0), Status::kBadParameter);
  f.filter_offset = 0;
  f.has_kernel_sums = true;
  EXPECT_EQ(fully_connected_s16(f, fa, nullptr, 0), Status::kBadParameter);
  FullyConnectedParams f4;
  f4.input_depth = 3;
  f4.output_depth = 1;
  FullyConnectedS4Args fa4{in8, w4, nullptr, mult, shift, out8};
  EXPECT_EQ(fully_connected_s4(f4, fa4, nullptr, 0), Status::kOk);  // falls back to ref without scratch
  f4.output_offset = 129;
  EXPECT_EQ(fully_connected_s4(f4, fa4, nullptr, 0), Status::kBadParameter);
  f4.output_offset = 0;
  f4.batches = 0;
  EXPECT_EQ(fully_connected_s4(f4, fa4, nullptr, 0), Status::kBadShape);
}
