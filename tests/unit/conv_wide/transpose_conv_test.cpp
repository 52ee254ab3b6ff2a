// transpose_conv_s8: every variant (and the entry point) against a naive scatter reference written
// here (an int32 accumulation image every input pixel scatters into, as TFLite's reference does),
// on seeded random sweeps including strides larger than the filter; guard bytes; parameter checks.
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
