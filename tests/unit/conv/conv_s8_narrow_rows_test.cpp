// conv2d_s8's DSP im2col drivers on filters whose tap rows are whole words although the channel
// count is not a multiple of 4 (filter_w * input_c % 4 == 0: KWS's 10x4 filter on one channel),
// which widen every tap row straight from the input and stage only the rows a padding tap cuts.
// Interior, border and padding-row pixels (pads on every side, strides 1 and 2, vertical
// dilation), odd pixel counts (the lone last pixel), the int8 and the packed filter: every DSP
// variant that takes the layer against the reference, guard bytes around output and scratch.
#include <cstring>

#include "cmnn/conv.h"
#include "test.h"
#include "test_data.h"

using namespace cmnn;

namespace {

test::Xorshift32 g_rng(0x9E3779B9u);

void fill(int8_t* p, size_t n) {
  for (size_t i = 0; i < n; ++i) p[i] = static_cast<int8_t>(g_rng.pick(-128, 127));
}

struct Shape {
  int32_t cin, filter_h, filter_w, stride, dilation_h, input_h, input_w, pad_top, pad_left, pad_bottom, pad_right;
};

// The shapes: KWS's first layer (49x10x1, 10x4, stride 2, pads 4/1) and small ones around it.
constexpr Shape kShapes[] = {
    {1, 10, 4, 2, 1, 49, 10, 4, 1, 5, 1}, {1, 3, 4, 1, 1, 6, 9, 1, 2, 1, 1}, {1, 2, 8, 2, 1, 5, 11, 0, 3, 1, 4},
    {2, 3, 2, 1, 1, 5, 7, 1, 1, 1, 0},    {2, 2, 4, 2, 2, 7, 9, 1, 2, 0, 3}, {3, 3, 4, 1, 1, 4, 7, 2, 1, 0, 2},
    {6, 2, 2, 2, 1, 6, 5, 1, 1, 1, 1},    {1, 4, 4, 1, 1, 4, 4, 3, 3, 3, 3},
};

constexpr int32_t kOutputs[] = {2, 6, 8};  // one pair, a quad and a pair, two quads

}  // namespace

TEST(Conv2dS8, NarrowWordRowsMatchReference) {
  size_t count = 0;
  const Conv2dS8Variant* table = conv2d_s8_variants(&count);
  const Conv2dS8Variant* ref = conv2d_s8_find_variant("conv2d_s8.ref");
  ASSERT_TRUE(ref != nullptr);
  int runs = 0;
  for (const Shape& s : kShapes) {
    for (int32_t cout : kOutputs) {
      Conv2dParams p;
      p.input_h = s.input_h;
      p.input_w = s.input_w;
      p.input_c = s.cin;
      p.output_c = cout;
      p.filter_h = s.filter_h;
      p.filter_w = s.filter_w;
      p.stride_h = p.stride_w = s.stride;
      p.dilation_h = s.dilation_h;
      p.pad_top = s.pad_top;
      p.pad_left = s.pad_left;
      p.output_h = (s.input_h + s.pad_top + s.pad_bottom - (s.filter_h - 1) * s.dilation_h - 1) / s.stride + 1;
      p.output_w = (s.input_w + s.pad_left + s.pad_right - s.filter_w) / s.stride + 1;
      p.input_offset = cout == 2 ? 128 : cout == 6 ? -127 : g_rng.pick(-127, 128);
      p.output_offset = g_rng.pick(-128, 127);
      ASSERT_EQ(conv2d_check_shape(p), Status::kOk);
      const size_t mark = test::arena_mark();
      const size_t in_n = static_cast<size_t>(p.input_h) * p.input_w * p.input_c;
      const size_t out_n = static_cast<size_t>(p.output_h) * p.output_w * p.output_c;
      const size_t w_n = static_cast<size_t>(cout) * p.filter_h * p.filter_w * p.input_c;
      auto* input = test::arena_alloc<int8_t>(in_n);
      auto* filter = test::arena_alloc<int8_t>(w_n);
      auto* bias = test::arena_alloc<int32_t>(static_cast<size_t>(cout));
      auto* mult = test::arena_alloc<int32_t>(static_cast<size_t>(cout));
      auto* shift = test::arena_alloc<int32_t>(static_cast<size_t>(cout));
      auto* expected = test::arena_alloc<int8_t>(out_n);
      const size_t packed_n = conv2d_s8_packed_count(p);
      auto* packed = test::arena_alloc<int16_t>(packed_n);
      ASSERT_TRUE(input && filter && bias && mult && shift && expected && packed && packed_n > 0);
      fill(input, in_n);
      fill(filter, w_n);
      for (int32_t c = 0; c < cout; ++c) {
        bias[c] = g_rng.pick(-40000, 40000);
        mult[c] = g_rng.pick(1 << 30, INT32_MAX);
        shift[c] = g_rng.pick(-12, -6);
      }
      ASSERT_EQ(conv2d_s8_pack(p, filter, packed, packed_n), Status::kOk);
      Conv2dS8Args args{input, filter, bias, mult, shift, expected, packed};
      ASSERT_EQ(conv2d_s8_run_variant(*ref, p, args, nullptr, 0), Status::kOk);
      Conv2dParams q = p;
      q.has_packed_filter = true;
      for (size_t i = 0; i < count; ++i) {
        const Conv2dS8Variant& v = table[i];
        if (&v == ref || v.isa != Isa::kDsp || !isa_runnable(v.isa) || !v.supports(q)) continue;
        const size_t scratch_n = v.scratch_bytes(q);
        uint8_t* out = test::guarded_alloc(out_n);
        uint8_t* scratch = test::guarded_alloc(scratch_n);
        ASSERT_TRUE(out != nullptr && scratch != nullptr);
        args.output = reinterpret_cast<int8_t*>(out);
        ASSERT_EQ(conv2d_s8_run_variant(v, q, args, scratch, scratch_n), Status::kOk);
        ASSERT_TRUE(test::guards_intact(out, out_n) && test::guards_intact(scratch, scratch_n));
        if (std::memcmp(out, expected, out_n) != 0) {
          platform::print("    %s differs: cin %d filter %dx%d stride %d cout %d\n", v.id, static_cast<int>(s.cin),
                          static_cast<int>(s.filter_h), static_cast<int>(s.filter_w), static_cast<int>(s.stride),
                          static_cast<int>(cout));
          ASSERT_BYTES_EQ(out, expected, out_n);
        }
        ++runs;
      }
      test::arena_rewind(mark);
    }
  }
  platform::print("    %d DSP variant runs on word-row filters compared with ref\n", runs);
#if !defined(CMNN_TARGET_CORTEX_M) || defined(__ARM_FEATURE_DSP)
  EXPECT_EQ(runs, 2 * 3 * static_cast<int>(sizeof(kShapes) / sizeof(kShapes[0])));  // im2col int8 and packed
#endif
}
