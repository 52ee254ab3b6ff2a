// Every runnable entry of the legacy q7 convolution table equals basic on random shapes it
// supports (both im2col modes), and select_variant picks the expected entry for the paper's layers.
#include <cstring>
#include <initializer_list>

#include "cmnn/legacy/conv_variants.h"
#include "legacy_test_util.h"

using namespace cmnn;
using namespace cmnn::legacy;
using legacy_test::Random;

TEST(legacy_conv_variants, every_runnable_entry_equals_basic) {
  Random rng(0xC0FFEEu);
  int runs[kConvQ7VariantCount] = {};
  for (int n = 0; n < 36; ++n) {
    test::arena_reset();
    ConvQ7Params p{};
    ConvShape& s = p.shape;
    const int kind = n % 3;  // 0: RGB-like, 1: channels multiple of 4, 2: pointwise
    s.in_ch = kind == 0 ? 3 : 4 * rng.range(1, 3);
    s.out_ch = 2 * rng.range(1, 3);
    s.ker_x = kind == 2 ? 1 : rng.range(1, 3);
    s.ker_y = kind == 2 ? 1 : rng.range(1, 3);
    s.in_x = rng.range(s.ker_x, 7);
    s.in_y = rng.range(s.ker_y, 7);
    s.pad_x = kind == 2 ? 0 : rng.range(0, 1);
    s.pad_y = kind == 2 ? 0 : rng.range(0, 1);
    s.stride_x = s.stride_y = 1;
    s.out_x = s.in_x + 2 * s.pad_x - s.ker_x + 1;
    s.out_y = s.in_y + 2 * s.pad_y - s.ker_y + 1;
    p.shifts = Shifts{rng.range(0, 4), rng.range(0, 10)};
    const int in_n = s.in_x * s.in_y * s.in_ch, out_n = s.out_x * s.out_y * s.out_ch;
    const int wt_n = s.out_ch * s.ker_x * s.ker_y * s.in_ch;
    auto* in = legacy_test::alloc<q7_t>(in_n);
    auto* wt = legacy_test::alloc<q7_t>(wt_n);
    auto* bias = legacy_test::alloc<q7_t>(s.out_ch);
    rng.fill(in, in_n, -128, 127);
    rng.fill(wt, wt_n, -128, 127);
    rng.fill(bias, s.out_ch, -128, 127);
    auto* expected = legacy_test::alloc<q7_t>(out_n);
    auto* actual = legacy_test::alloc<q7_t>(out_n);
    ASSERT_EQ(convolve_hwc_q7_basic(s, in, wt, bias, p.shifts, expected), Status::kOk);
    for (Im2col mode : {Im2col::kPartial, Im2col::kFull}) {
      p.im2col = mode;
      for (size_t v = 0; v < kConvQ7VariantCount; ++v) {
        const ConvQ7Variant& variant = kConvQ7Variants[v];
        if (!isa_runnable(variant.isa) || !variant.supports(p)) continue;
        const size_t bytes = variant.scratch_bytes(p);
        void* scratch = bytes > 0 ? test::arena_alloc_bytes(bytes) : nullptr;
        std::memset(actual, 0x5A, static_cast<size_t>(out_n));
        ASSERT_EQ(variant.run(p, ConvQ7Args{in, wt, bias, actual}, scratch, bytes), Status::kOk);
        ASSERT_BYTES_EQ(actual, expected, static_cast<size_t>(out_n));
        ++runs[v];
      }
    }
  }
  for (size_t v = 0; v < kConvQ7VariantCount; ++v) {
    platform::print("    %-32s %d runs equal basic\n", kConvQ7Variants[v].id, runs[v]);
    if (isa_runnable(kConvQ7Variants[v].isa)) EXPECT_GT(runs[v], 0);
  }
}

TEST(legacy_conv_variants, selection_for_the_paper_layers) {
  ConvQ7Params conv1{{32, 32, 3, 32, 5, 5, 2, 2, 1, 1, 32, 32}, {0, 9}, Im2col::kPartial};
  ConvQ7Params conv2{{16, 16, 32, 32, 5, 5, 2, 2, 1, 1, 16, 16}, {0, 9}, Im2col::kPartial};
  const bool dsp = isa_native(Isa::kDsp);
  const ConvQ7Variant* a = select_variant(kConvQ7Variants, conv1);
  const ConvQ7Variant* b = select_variant(kConvQ7Variants, conv2);
  ASSERT_TRUE(a != nullptr && b != nullptr);
  EXPECT_EQ(std::strcmp(a->id, dsp ? "legacy.conv_q7.rgb.dsp" : "legacy.conv_q7.rgb.portable"), 0);
  EXPECT_EQ(std::strcmp(b->id, dsp ? "legacy.conv_q7.fast.dsp" : "legacy.conv_q7.fast.portable"), 0);
  // The paper's partial im2col buffer for conv2: 2 columns of 5 * 5 * 32 q15.
  EXPECT_EQ(b->scratch_bytes(conv2), size_t{3200});
  conv2.im2col = Im2col::kFull;
  EXPECT_EQ(b->scratch_bytes(conv2), size_t{16 * 16 * 800 * 2});
}
