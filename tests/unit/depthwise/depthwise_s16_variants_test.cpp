// depthwise_conv2d_s16: every runnable variant (depthwise_s16.mve through the host emulation of
// src/arch/mve, natively on M55) equal to depthwise_s16.ref byte for byte on a seeded sweep pushed
// to the edges: full-range int16 inputs and int8 weights (-32768 x -128 included), channel tails
// (1..13 channels), dilation, padding on every side, batches, output zero points, every shift in
// [-31, 14], int64 biases or none, and windows of up to 511 taps (the mve variant's exact int32
// limit) with all-extreme values; supports() must refuse ch_mult > 1 and 512 taps. Guard bytes
// around the output.
#include <cstring>

#include "cmnn/depthwise.h"
#include "depthwise_test_util.h"
#include "test.h"
#include "test_data.h"

using namespace cmnn;

namespace {

int ref_index(const DepthwiseConvS16Variant* table, size_t count) {
  for (size_t v = 0; v < count; ++v) {
    if (std::strcmp(table[v].id, "depthwise_s16.ref") == 0) return static_cast<int>(v);
  }
  return -1;
}

// "a b" into out (no snprintf: newlib's pulls in the heap, which target images must not link).
void join_name(char* out, size_t size, const char* a, const char* b) {
  size_t n = 0;
  for (const char* q = a; *q != '\0' && n + 1 < size; ++q) out[n++] = *q;
  if (n + 1 < size) out[n++] = ' ';
  for (const char* q = b; *q != '\0' && n + 1 < size; ++q) out[n++] = *q;
  out[n] = '\0';
}

int32_t out_extent(int32_t in, int32_t pad_before, int32_t pad_after, int32_t filter, int32_t dilation, int32_t stride) {
  const int32_t span = in + pad_before + pad_after - (filter - 1) * dilation;
  return span <= 0 ? 0 : (span - 1) / stride + 1;
}

// Runs every runnable variant that supports p against the ref; returns how many non-ref runs.
int compare_all(const DepthwiseConvParams& p, const DepthwiseConvS16Args& base, size_t out_n) {
  size_t count = 0;
  const DepthwiseConvS16Variant* table = depthwise_conv2d_s16_variants(&count);
  const int ref = ref_index(table, count);
  EXPECT_GE(ref, 0);
  if (ref < 0) return 0;
  int16_t* expected = test::arena_alloc<int16_t>(out_n);
  int16_t* got = test::guarded_array<int16_t>(out_n);
  EXPECT_TRUE(expected != nullptr && got != nullptr);
  if (expected == nullptr || got == nullptr) return 0;
  DepthwiseConvS16Args a = base;
  a.output = expected;
  EXPECT_EQ(depthwise_conv2d_s16_run_variant(table[ref], p, a, nullptr, 0), Status::kOk);
  int runs = 0;
  for (size_t v = 0; v < count; ++v) {
    if (static_cast<int>(v) == ref || !isa_runnable(table[v].isa) || !table[v].supports(p)) continue;
    std::memset(got, 0x5A, out_n * sizeof(int16_t));
    a.output = got;
    EXPECT_EQ(depthwise_conv2d_s16_run_variant(table[v], p, a, nullptr, 0), Status::kOk);
    EXPECT_BYTES_EQ(got, expected, out_n * sizeof(int16_t));
    EXPECT_TRUE(test::guards_intact(got, out_n));
    ++runs;
  }
  return runs;
}

}  // namespace

TEST(DepthwiseS16, EveryVariantEqualsRefAtTheEdges) {
  int cases = 0, runs = 0, extreme = 0;
  for (uint32_t seed = 1; seed <= 400 && cases < 200; ++seed) {
    const size_t mark = test::arena_mark();
    dwtest::Rng r{seed * 2246822519u};
    DepthwiseConvParams p;
    const bool wide = seed % 25 == 0;  // a window of hundreds of taps
    p.batches = r.range(1, 2);
    p.input_c = r.range(1, 13);
    p.ch_mult = r.range(0, 5) == 0 ? 2 : 1;
    p.filter_h = wide ? r.range(16, 22) : r.range(1, 4);
    p.filter_w = wide ? 511 / p.filter_h : r.range(1, 4);
    p.stride_h = r.range(1, 2);
    p.stride_w = r.range(1, 2);
    p.dilation_h = wide ? 1 : r.range(1, 2);
    p.dilation_w = wide ? 1 : r.range(1, 2);
    p.input_h = wide ? p.filter_h + r.range(0, 2) : r.range(1, 8);
    p.input_w = wide ? p.filter_w + r.range(0, 2) : r.range(1, 8);
    const int32_t eh = (p.filter_h - 1) * p.dilation_h, ew = (p.filter_w - 1) * p.dilation_w;
    p.pad_top = r.range(0, wide ? 1 : eh);
    p.pad_left = r.range(0, wide ? 1 : ew);
    p.output_h = out_extent(p.input_h, p.pad_top, r.range(0, wide ? 1 : eh), p.filter_h, p.dilation_h, p.stride_h);
    p.output_w = out_extent(p.input_w, p.pad_left, r.range(0, wide ? 1 : ew), p.filter_w, p.dilation_w, p.stride_w);
    if (p.output_h <= 0 || p.output_w <= 0) continue;
    p.output_offset = r.range(0, 3) == 0 ? r.range(-32768, 32767) : 0;
    p.activation_min = r.range(0, 1) ? -32768 : r.range(-32768, 0);
    p.activation_max = r.range(0, 1) ? 32767 : r.range(p.activation_min, 32767);
    const int32_t out_c = p.output_c();
    const size_t in_n = static_cast<size_t>(p.batches) * p.input_h * p.input_w * p.input_c;
    const size_t w_n = static_cast<size_t>(p.filter_h) * p.filter_w * out_c;
    const size_t out_n = static_cast<size_t>(p.batches) * p.output_h * p.output_w * out_c;
    auto* in = test::arena_alloc<int16_t>(in_n);
    auto* w = test::arena_alloc<int8_t>(w_n);
    auto* bias = test::arena_alloc<int64_t>(static_cast<size_t>(out_c));
    auto* mult = test::arena_alloc<int32_t>(static_cast<size_t>(out_c));
    auto* shift = test::arena_alloc<int32_t>(static_cast<size_t>(out_c));
    ASSERT_TRUE(in && w && bias && mult && shift);
    // Wide windows and every fifth case: all products -32768 x -128 (the largest lane sum).
    const bool all_extreme = wide || seed % 5 == 0;
    extreme += all_extreme ? 1 : 0;
    for (size_t i = 0; i < in_n; ++i) {
      const int32_t k = r.range(0, 9);
      in[i] = static_cast<int16_t>(all_extreme || k == 0 ? -32768 : k == 1 ? 32767 : r.range(-32768, 32767));
    }
    for (size_t i = 0; i < w_n; ++i) {
      const int32_t k = r.range(0, 9);
      w[i] = static_cast<int8_t>(all_extreme || k == 0 ? -128 : k == 1 ? 127 : r.range(-128, 127));
    }
    for (int32_t c = 0; c < out_c; ++c) {
      bias[c] = static_cast<int64_t>(static_cast<int32_t>(r.next())) * r.range(1, 1000);
      mult[c] = r.range(0, 5) == 0 ? static_cast<int32_t>(r.next() >> 1) : static_cast<int32_t>((1u << 30) | (r.next() >> 2));
      shift[c] = r.range(0, 3) == 0 ? r.range(-31, 14) : r.range(-25, 2);
    }
    const DepthwiseConvS16Args a{in, w, r.range(0, 4) == 0 ? nullptr : bias, mult, shift, nullptr};
    const size_t count_mark = test::arena_mark();
    runs += compare_all(p, a, out_n);
    test::arena_rewind(count_mark);
    ++cases;
    test::arena_rewind(mark);
  }
  platform::print("    %d cases (%d all-extreme), %d variant runs equal to depthwise_s16.ref\n", cases, extreme, runs);
  if (isa_runnable(Isa::kMve)) EXPECT_GT(runs, 120);  // ch_mult 1 cases, the mve variant
}

TEST(DepthwiseS16, MveSupportsLimits) {
  const DepthwiseConvS16Variant* v = depthwise_conv2d_s16_find_variant("depthwise_s16.mve");
  ASSERT_TRUE(v != nullptr);
  DepthwiseConvParams p;
  p.input_c = 4, p.filter_h = 1, p.filter_w = 511;
  EXPECT_TRUE(v->supports(p));
  p.filter_w = 512;
  EXPECT_FALSE(v->supports(p));
  p.filter_w = 3, p.ch_mult = 2;
  EXPECT_FALSE(v->supports(p));
}

// Not a check of speed: one profile region per native depthwise_conv2d_s16 variant and shape for
// cmnn-prof (docs/variants.md's depthwise_s16 figures); outputs equal across variants.
TEST(DepthwiseS16, ProfileRegions) {
  struct Shape {
    const char* name;
    int32_t hw, c, f, stride;
  };
  const Shape shapes[] = {{"16x16x32 3x3 s1", 16, 32, 3, 1}, {"32x32x8 3x3 s2", 32, 8, 3, 2}};
  size_t count = 0;
  const DepthwiseConvS16Variant* table = depthwise_conv2d_s16_variants(&count);
  dwtest::Rng r{77u};
  for (const Shape& s : shapes) {
    const size_t mark = test::arena_mark();
    DepthwiseConvParams p;
    p.input_h = p.input_w = s.hw, p.input_c = s.c;
    p.filter_h = p.filter_w = s.f;
    p.stride_h = p.stride_w = s.stride;
    p.pad_top = p.pad_left = s.f / 2;
    p.output_h = p.output_w = (s.hw - 1) / s.stride + 1;
    p.activation_min = -32768, p.activation_max = 32767;
    const size_t in_n = static_cast<size_t>(s.hw) * s.hw * s.c;
    const size_t out_n = static_cast<size_t>(p.output_h) * p.output_w * s.c;
    const size_t w_n = static_cast<size_t>(s.f) * s.f * s.c;
    auto* in = test::arena_alloc<int16_t>(in_n);
    auto* w = test::arena_alloc<int8_t>(w_n);
    auto* bias = test::arena_alloc<int64_t>(static_cast<size_t>(s.c));
    auto* mult = test::arena_alloc<int32_t>(static_cast<size_t>(s.c));
    auto* shift = test::arena_alloc<int32_t>(static_cast<size_t>(s.c));
    auto* out = test::arena_alloc<int16_t>(out_n);
    auto* first = test::arena_alloc<int16_t>(out_n);
    ASSERT_TRUE(in && w && bias && mult && shift && out && first);
    for (size_t i = 0; i < in_n; ++i) in[i] = static_cast<int16_t>(r.next());
    for (size_t i = 0; i < w_n; ++i) w[i] = static_cast<int8_t>(r.next());
    for (int32_t c = 0; c < s.c; ++c) bias[c] = r.range(-100000, 100000), mult[c] = 1 << 30, shift[c] = -6;
    const DepthwiseConvS16Args a{in, w, bias, mult, shift, out};
    int ran = 0;
    for (size_t v = 0; v < count; ++v) {
      if (!isa_native(table[v].isa) || !table[v].supports(p)) continue;
      char name[96];
      join_name(name, sizeof name, table[v].id, s.name);
      platform::profile_begin(name);
      const Status st = depthwise_conv2d_s16_run_variant(table[v], p, a, nullptr, 0);
      platform::profile_end();
      ASSERT_EQ(st, Status::kOk);
      if (ran++ == 0) std::memcpy(first, out, out_n * 2);
      else EXPECT_BYTES_EQ(out, first, out_n * 2);
    }
    EXPECT_GT(ran, 0);
    test::arena_rewind(mark);
  }
}
