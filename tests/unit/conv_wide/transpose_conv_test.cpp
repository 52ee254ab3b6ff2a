// transpose_conv_s8 / transpose_conv_s16: every variant (and the entry point) against a naive
// scatter reference written here (an int32 / int64 accumulation image every input pixel scatters
// into, as TFLite's reference does), on seeded random sweeps including strides larger than the
// filter; exact values of a small 16x8 case; guard bytes; parameter checks.
#include <cstring>

#include "cmnn/transpose_conv.h"
#include "quant/fixed_point.h"
#include "test.h"
#include "test_data.h"

using namespace cmnn;

namespace {

test::Xorshift32 g_rng(0x7A11u);
int32_t pick(int32_t lo, int32_t hi) { return g_rng.pick(lo, hi); }

using test::guards_intact;
inline uint8_t* guarded(size_t bytes) { return test::guarded_alloc(bytes); }

}  // namespace

TEST(TransposeConvS8, EveryVariantMatchesScatterReference) {
  size_t count = 0;
  const auto* table = transpose_conv_s8_variants(&count);
  int cases = 0, runs = 0;
  for (int draw = 0; draw < 400 && cases < 150; ++draw) {
    TransposeConvParams p;
    p.batches = pick(1, 2);
    p.input_h = pick(1, 5);
    p.input_w = pick(1, 5);
    p.input_c = pick(1, 9);
    p.output_c = pick(1, 5);
    p.filter_h = pick(1, 4);
    p.filter_w = pick(1, 4);
    p.stride_h = pick(1, 3);
    p.stride_w = pick(1, 3);
    p.pad_top = pick(0, p.filter_h - 1);
    p.pad_left = pick(0, p.filter_w - 1);
    // Full extent minus the padding on both sides, sometimes cut further.
    p.output_h = (p.input_h - 1) * p.stride_h + p.filter_h - p.pad_top - pick(0, p.pad_top);
    p.output_w = (p.input_w - 1) * p.stride_w + p.filter_w - p.pad_left - pick(0, p.pad_left);
    if (p.output_h <= 0 || p.output_w <= 0) continue;
    p.input_offset = pick(-127, 128);
    p.output_offset = pick(-128, 127);
    p.activation_min = pick(0, 1) ? -128 : pick(-128, 0);
    p.activation_max = pick(0, 1) ? 127 : pick(p.activation_min, 127);
    const size_t mark = test::arena_mark();
    const auto in_n = static_cast<size_t>(p.batches * p.input_h * p.input_w * p.input_c);
    const auto out_n = static_cast<size_t>(p.batches * p.output_h * p.output_w * p.output_c);
    const auto w_n = static_cast<size_t>(p.output_c * p.filter_h * p.filter_w * p.input_c);
    const auto oc_n = static_cast<size_t>(p.output_c);
    auto* in = test::arena_alloc<int8_t>(in_n);
    auto* w = test::arena_alloc<int8_t>(w_n);
    auto* bias = test::arena_alloc<int32_t>(oc_n);
    auto* mult = test::arena_alloc<int32_t>(oc_n);
    auto* shift = test::arena_alloc<int32_t>(oc_n);
    auto* acc = test::arena_alloc<int32_t>(out_n);
    auto* expected = test::arena_alloc<int8_t>(out_n);
    ASSERT_TRUE(in && w && bias && mult && shift && acc && expected);
    for (size_t i = 0; i < in_n; ++i) in[i] = static_cast<int8_t>(pick(-128, 127));
    for (size_t i = 0; i < w_n; ++i) w[i] = static_cast<int8_t>(pick(-127, 127));
    for (size_t i = 0; i < oc_n; ++i) bias[i] = pick(-20000, 20000), mult[i] = pick(1 << 30, INT32_MAX), shift[i] = pick(-12, 0);
    const bool with_bias = pick(0, 3) != 0;
    for (size_t i = 0; i < out_n; ++i) acc[i] = with_bias ? bias[i % oc_n] : 0;
    for (int32_t b = 0; b < p.batches; ++b)
      for (int32_t iy = 0; iy < p.input_h; ++iy)
        for (int32_t ix = 0; ix < p.input_w; ++ix)
          for (int32_t ky = 0; ky < p.filter_h; ++ky)
            for (int32_t kx = 0; kx < p.filter_w; ++kx) {
              const int32_t oy = iy * p.stride_h + ky - p.pad_top, ox = ix * p.stride_w + kx - p.pad_left;
              if (oy < 0 || oy >= p.output_h || ox < 0 || ox >= p.output_w) continue;
              for (int32_t oc = 0; oc < p.output_c; ++oc)
                for (int32_t ic = 0; ic < p.input_c; ++ic)
                  acc[((b * p.output_h + oy) * p.output_w + ox) * p.output_c + oc] +=
                      (in[((b * p.input_h + iy) * p.input_w + ix) * p.input_c + ic] + p.input_offset) *
                      w[((oc * p.filter_h + ky) * p.filter_w + kx) * p.input_c + ic];
            }
    for (size_t i = 0; i < out_n; ++i) {
      const size_t oc = i % oc_n;
      expected[i] = quant::requantize_to_s8(acc[i], mult[oc], shift[oc], p.output_offset, p.activation_min, p.activation_max);
    }
    TransposeConvS8Args a{in, w, with_bias ? bias : nullptr, mult, shift, nullptr};
    for (size_t v = 0; v <= count; ++v) {
      if (v < count && (!isa_runnable(table[v].isa) || !table[v].supports(p))) continue;
      const size_t scratch_n = v < count ? table[v].scratch_bytes(p) : transpose_conv_s8_scratch_bytes(p);
      uint8_t* out = guarded(out_n);
      uint8_t* scratch = guarded(scratch_n);
      ASSERT_TRUE(out && scratch);
      a.output = reinterpret_cast<int8_t*>(out);
      const Status s = v < count ? transpose_conv_s8_run_variant(table[v], p, a, scratch, scratch_n)
                                 : transpose_conv_s8(p, a, scratch, scratch_n);
      ASSERT_EQ(s, Status::kOk);
      ASSERT_TRUE(guards_intact(out, out_n) && guards_intact(scratch, scratch_n));
      ASSERT_BYTES_EQ(out, expected, out_n);
      ++runs;
    }
    ++cases;
    test::arena_rewind(mark);
  }
  platform::print("    %d random cases, %d variant/entry runs equal to the scatter reference\n", cases, runs);
  EXPECT_GE(cases, 150);
}

TEST(TransposeConvS8, ParameterChecks) {
  TransposeConvParams p;
  p.input_h = p.input_w = 2;
  p.input_c = 1;
  p.output_h = p.output_w = 4;
  p.output_c = 1;
  p.filter_h = p.filter_w = 2;
  p.stride_h = p.stride_w = 2;
  int8_t in[4] = {}, w[4] = {}, out[16] = {};
  int32_t mult[1] = {1 << 30}, shift[1] = {0};
  TransposeConvS8Args a{in, w, nullptr, mult, shift, out};
  EXPECT_EQ(transpose_conv_s8(p, a, nullptr, 0), Status::kOk);
  TransposeConvParams q = p;
  q.stride_w = 0;
  EXPECT_EQ(transpose_conv_s8(q, a, nullptr, 0), Status::kBadParameter);
  q = p;
  q.pad_top = 2;
  EXPECT_EQ(transpose_conv_s8(q, a, nullptr, 0), Status::kBadParameter);
  q = p;
  q.output_c = 0;
  EXPECT_EQ(transpose_conv_s8(q, a, nullptr, 0), Status::kBadShape);
  q = p;
  q.input_offset = 129;
  EXPECT_EQ(transpose_conv_s8(q, a, nullptr, 0), Status::kBadParameter);
  TransposeConvS8Args b = a;
  b.filter = nullptr;
  EXPECT_EQ(transpose_conv_s8(p, b, nullptr, 0), Status::kNullPointer);
}

namespace {

// TFLite's MultiplyByQuantizedMultiplier(int64_t, ...) written out here (16-bit reduced multiplier,
// one rounding); the sweeps keep the result inside int32.
int32_t requant64(int64_t x, int32_t m, int32_t shift) {
  const int64_t reduced = m < 0x7FFF0000 ? (m + (1 << 15)) >> 16 : 0x7FFF;
  const int total = 15 - shift;
  return static_cast<int32_t>((x * reduced + (int64_t{1} << (total - 1))) >> total);
}

int16_t random_s16() {
  const int32_t r = pick(0, 7);
  return static_cast<int16_t>(r == 0 ? -32768 : r == 1 ? 32767 : pick(-32768, 32767));
}

}  // namespace

TEST(TransposeConvS16, EveryVariantMatchesScatterReference) {
  size_t count = 0;
  const auto* table = transpose_conv_s16_variants(&count);
  int cases = 0, runs = 0, deep = 0;
  for (int draw = 0; draw < 400 && cases < 150; ++draw) {
    TransposeConvParams p;
    // One case in five is deep: full-range sums then leave int32 (|sum| up to 700 * 2^22).
    const bool is_deep = pick(0, 4) == 0;
    p.batches = pick(1, 2);
    p.input_h = pick(1, is_deep ? 3 : 5);
    p.input_w = pick(1, is_deep ? 3 : 5);
    p.input_c = is_deep ? pick(300, 700) : pick(1, 9);
    p.output_c = pick(1, 5);
    p.filter_h = pick(1, 4);
    p.filter_w = pick(1, 4);
    p.stride_h = pick(1, 3);
    p.stride_w = pick(1, 3);
    p.pad_top = pick(0, p.filter_h - 1);
    p.pad_left = pick(0, p.filter_w - 1);
    p.output_h = (p.input_h - 1) * p.stride_h + p.filter_h - p.pad_top - pick(0, p.pad_top);
    p.output_w = (p.input_w - 1) * p.stride_w + p.filter_w - p.pad_left - pick(0, p.pad_left);
    if (p.output_h <= 0 || p.output_w <= 0) continue;
    p.activation_min = pick(0, 1) ? INT16_MIN : pick(-32768, 0);
    p.activation_max = pick(0, 1) ? INT16_MAX : pick(p.activation_min, 32767);
    const size_t mark = test::arena_mark();
    const auto in_n = static_cast<size_t>(p.batches * p.input_h * p.input_w * p.input_c);
    const auto out_n = static_cast<size_t>(p.batches * p.output_h * p.output_w * p.output_c);
    const auto w_n = static_cast<size_t>(p.output_c * p.filter_h * p.filter_w * p.input_c);
    const auto oc_n = static_cast<size_t>(p.output_c);
    auto* in = test::arena_alloc<int16_t>(in_n);
    auto* w = test::arena_alloc<int8_t>(w_n);
    auto* bias = test::arena_alloc<int64_t>(oc_n);
    auto* mult = test::arena_alloc<int32_t>(oc_n);
    auto* shift = test::arena_alloc<int32_t>(oc_n);
    auto* acc = test::arena_alloc<int64_t>(out_n);
    auto* expected = test::arena_alloc<int16_t>(out_n);
    ASSERT_TRUE(in && w && bias && mult && shift && acc && expected);
    for (size_t i = 0; i < in_n; ++i) in[i] = random_s16();
    for (size_t i = 0; i < w_n; ++i) w[i] = static_cast<int8_t>(pick(-128, 127));
    for (size_t i = 0; i < oc_n; ++i) {
      bias[i] = int64_t{static_cast<int32_t>(g_rng.next())} * pick(1, 64);
      mult[i] = pick(0, 5) == 0 ? INT32_MAX : pick(1 << 30, INT32_MAX);
      shift[i] = pick(-31, -8);
    }
    const bool with_bias = pick(0, 3) != 0;
    for (size_t i = 0; i < out_n; ++i) acc[i] = with_bias ? bias[i % oc_n] : 0;
    for (int32_t b = 0; b < p.batches; ++b)
      for (int32_t iy = 0; iy < p.input_h; ++iy)
        for (int32_t ix = 0; ix < p.input_w; ++ix)
          for (int32_t ky = 0; ky < p.filter_h; ++ky)
            for (int32_t kx = 0; kx < p.filter_w; ++kx) {
              const int32_t oy = iy * p.stride_h + ky - p.pad_top, ox = ix * p.stride_w + kx - p.pad_left;
              if (oy < 0 || oy >= p.output_h || ox < 0 || ox >= p.output_w) continue;
              for (int32_t oc = 0; oc < p.output_c; ++oc)
                for (int32_t ic = 0; ic < p.input_c; ++ic)
                  acc[((b * p.output_h + oy) * p.output_w + ox) * p.output_c + oc] +=
                      int64_t{in[((b * p.input_h + iy) * p.input_w + ix) * p.input_c + ic]} *
                      w[((oc * p.filter_h + ky) * p.filter_w + kx) * p.input_c + ic];
            }
    bool left_int32 = false;
    for (size_t i = 0; i < out_n; ++i) {
      const size_t oc = i % oc_n;
      if (acc[i] > INT32_MAX || acc[i] < INT32_MIN) left_int32 = true;
      expected[i] = static_cast<int16_t>(
          quant::clamp(requant64(acc[i], mult[oc], shift[oc]), p.activation_min, p.activation_max));
    }
    TransposeConvS16Args a{in, w, with_bias ? bias : nullptr, mult, shift, nullptr};
    for (size_t v = 0; v <= count; ++v) {
      if (v < count && (!isa_runnable(table[v].isa) || !table[v].supports(p))) continue;
      const size_t scratch_n = v < count ? table[v].scratch_bytes(p) : transpose_conv_s16_scratch_bytes(p);
      uint8_t* out = guarded(out_n * 2);
      uint8_t* scratch = guarded(scratch_n);
      ASSERT_TRUE(out && scratch);
      a.output = reinterpret_cast<int16_t*>(out);
      const Status s = v < count ? transpose_conv_s16_run_variant(table[v], p, a, scratch, scratch_n)
                                 : transpose_conv_s16(p, a, scratch, scratch_n);
      ASSERT_EQ(s, Status::kOk);
      ASSERT_TRUE(guards_intact(out, out_n * 2) && guards_intact(scratch, scratch_n));
      ASSERT_BYTES_EQ(out, expected, out_n * 2);
      ++runs;
    }
    if (left_int32) ++deep;
    ++cases;
    test::arena_rewind(mark);
  }
  platform::print("    %d random cases (%d with sums beyond int32), %d variant/entry runs equal to the scatter reference\n",
                  cases, deep, runs);
  EXPECT_GE(cases, 150);
  EXPECT_GE(deep, 5);
}

// 2x2 input, 2x2 filter, stride 2: each input pixel scatters one 2x2 block times the filter.
// bias 1 and multiplier 0.5 put every value on a tie (x.5 rounds up); 16001 / 2 clamps to 7000.
TEST(TransposeConvS16, ExactSmallCase) {
  TransposeConvParams p;
  p.input_h = p.input_w = 2;
  p.input_c = 1;
  p.output_h = p.output_w = 4;
  p.output_c = 1;
  p.filter_h = p.filter_w = 2;
  p.stride_h = p.stride_w = 2;
  p.activation_min = INT16_MIN;
  p.activation_max = 7000;
  const int16_t in[4] = {1000, -2000, 3000, 4000};
  const int8_t w[4] = {1, 2, 3, 4};
  const int64_t bias[1] = {1};
  const int32_t mult[1] = {1 << 30}, shift[1] = {0};
  const int16_t expected[16] = {501,  1001, -999, -1999, 1501, 2001, -2999, -3999,
                                1501, 3001, 2001, 4001,  4501, 6001, 6001,  7000};
  size_t count = 0;
  const auto* table = transpose_conv_s16_variants(&count);
  for (size_t v = 0; v < count; ++v) {
    if (!isa_runnable(table[v].isa) || !table[v].supports(p)) continue;
    int16_t out[16] = {};
    TransposeConvS16Args a{in, w, bias, mult, shift, out};
    ASSERT_EQ(transpose_conv_s16_run_variant(table[v], p, a, nullptr, 0), Status::kOk);
    ASSERT_BYTES_EQ(out, expected, sizeof(expected));
  }
  // Overlapping taps (stride 1, filter 1x2, pad_left 0), two input channels, no bias, shift +1:
  // out = 2 * 0.5 * (sum over the taps landing there).
  TransposeConvParams q;
  q.input_h = 1, q.input_w = 2, q.input_c = 2;
  q.output_h = 1, q.output_w = 3, q.output_c = 1;
  q.filter_h = 1, q.filter_w = 2;
  q.activation_min = INT16_MIN, q.activation_max = INT16_MAX;
  const int16_t in2[4] = {100, -7, 200, 3};     // pixel 0 = (100, -7), pixel 1 = (200, 3)
  const int8_t w2[4] = {3, 1, -5, 2};           // tap 0 = (3, 1), tap 1 = (-5, 2)
  const int32_t shift1[1] = {1};
  int16_t out2[3] = {};
  // out0 = 300 - 7 = 293; out1 = (-500 - 14) + (600 + 3) = 89; out2 = -1000 + 6 = -994.
  const int16_t expected2[3] = {293, 89, -994};
  TransposeConvS16Args a2{in2, w2, nullptr, mult, shift1, out2};
  ASSERT_EQ(transpose_conv_s16(q, a2, nullptr, 0), Status::kOk);
  ASSERT_BYTES_EQ(out2, expected2, sizeof(expected2));
}

TEST(TransposeConvS16, ParameterChecks) {
  TransposeConvParams p;
  p.input_h = p.input_w = 2;
  p.input_c = 1;
  p.output_h = p.output_w = 4;
  p.output_c = 1;
  p.filter_h = p.filter_w = 2;
  p.stride_h = p.stride_w = 2;
  p.activation_min = INT16_MIN;
  p.activation_max = INT16_MAX;
  int16_t in[4] = {}, out[16] = {};
  int8_t w[4] = {};
  int32_t mult[1] = {1 << 30}, shift[1] = {0};
  TransposeConvS16Args a{in, w, nullptr, mult, shift, out};
  EXPECT_EQ(transpose_conv_s16(p, a, nullptr, 0), Status::kOk);
  TransposeConvParams q = p;
  q.input_offset = 1;
  EXPECT_EQ(transpose_conv_s16(q, a, nullptr, 0), Status::kBadParameter);
  q = p;
  q.output_offset = -1;
  EXPECT_EQ(transpose_conv_s16(q, a, nullptr, 0), Status::kBadParameter);
  q = p;
  q.activation_max = 40000;
  EXPECT_EQ(transpose_conv_s16(q, a, nullptr, 0), Status::kBadParameter);
  q = p;
  q.pad_left = 2;
  EXPECT_EQ(transpose_conv_s16(q, a, nullptr, 0), Status::kBadParameter);
  q = p;
  q.input_w = 0;
  EXPECT_EQ(transpose_conv_s16(q, a, nullptr, 0), Status::kBadShape);
  shift[0] = 31;
  EXPECT_EQ(transpose_conv_s16(p, a, nullptr, 0), Status::kBadParameter);
  shift[0] = 0;
  TransposeConvS16Args b = a;
  b.output = nullptr;
  EXPECT_EQ(transpose_conv_s16(p, b, nullptr, 0), Status::kNullPointer);
  EXPECT_TRUE(transpose_conv_s16_find_variant("transpose_conv_s16.ref") != nullptr);
  // Hostile models (found by the pipeline fuzzer): a stride that would overflow the tap counter is
  // refused; an int64 bias at the type's limit wraps instead of overflowing (no UB under UBSan).
  q = p;
  q.stride_w = INT32_MAX;
  EXPECT_EQ(transpose_conv_s16(q, a, nullptr, 0), Status::kBadParameter);
  const int64_t huge_bias[1] = {INT64_MAX};
  in[0] = 32767;
  w[0] = 127;
  TransposeConvS16Args c = a;
  c.bias = huge_bias;
  EXPECT_EQ(transpose_conv_s16(p, c, nullptr, 0), Status::kOk);
}
