// conv2d_s8 row-window variants (conv2d_s8.im2col.window.{stacked,paired}.dsp; the x-major tap
// order of Conv2dParams::x_major_filter, conv2d_s8_x_major_filter; conv_s8_window_dsp.cpp):
//   - the reordering: out[o][fx][fy][c] = filter[o][fy][fx][c] exactly; its refusals (null, shape,
//     size, out overlapping filter, nothing written);
//   - a sweep: filters 1x1..5x5 (3x3 most), strides 1..3, dilation_h 1..2, pads, odd and even
//     widths (1 included), channels 4..64 % 4 == 0, 1..9 and 16 / 32 output rows, batches 1..2,
//     offsets at the ends of their ranges with the extreme input bytes, per-channel requantization
//     (the folded table and the general one), clamps: each window variant gives ref's bytes (ref on
//     the OHWI filter) at the minimum scratch, at every chunk length from one pair to a whole row
//     (scratch + k slots) and at a scratch with an odd number of spare bytes, guards intact; ref on
//     the reordered filter gives them too; every other variant refuses an x-major call;
//   - contract checks (x-major with packed_filter_only, a too small scratch).
#include <cstring>

#include "cmnn/conv.h"
#include "stacked_case.h"
#include "test.h"
#include "test_data.h"

using namespace cmnn;

namespace {

test::Xorshift32 g_rng(0x3D1AC0DEu);

void fill(int8_t* p, size_t n) {
  for (size_t i = 0; i < n; ++i) p[i] = static_cast<int8_t>(g_rng.pick(-128, 127));
}

struct Shape {
  int32_t rows, cin, fh, fw, stride_h, stride_w, pad, in_h, in_w, batches, dilation_h;
};

bool make_params(const Shape& s, Conv2dParams* p) {
  p->input_c = s.cin, p->output_c = s.rows, p->batches = s.batches;
  p->filter_h = s.fh, p->filter_w = s.fw;
  p->stride_h = s.stride_h, p->stride_w = s.stride_w, p->dilation_h = s.dilation_h;
  p->input_h = s.in_h, p->input_w = s.in_w;
  const int32_t extent_h = (s.fh - 1) * s.dilation_h;
  p->pad_top = s.pad <= extent_h ? s.pad : extent_h;
  p->pad_left = s.pad < s.fw ? s.pad : s.fw - 1;
  const int32_t span_h = p->input_h + p->pad_top - extent_h, span_w = p->input_w + p->pad_left - (p->filter_w - 1);
  if (span_h <= 0 || span_w <= 0) return false;
  // Either no padding past the bottom / right, or the most the shape checks allow (the last
  // window starts at the input's last row / column).
  const bool most = g_rng.pick(0, 1) != 0;
  p->output_h = most ? (p->input_h - 1 + p->pad_top) / p->stride_h + 1 : (span_h - 1) / p->stride_h + 1;
  p->output_w = most ? (p->input_w - 1 + p->pad_left) / p->stride_w + 1 : (span_w - 1) / p->stride_w + 1;
  const int32_t ends[4] = {-127, 128, g_rng.pick(-127, 128), g_rng.pick(-127, 128)};
  p->input_offset = ends[g_rng.pick(0, 3)];
  p->output_offset = g_rng.pick(-128, 127);
  if (g_rng.pick(0, 2) == 0) p->activation_min = g_rng.pick(-128, -20), p->activation_max = g_rng.pick(0, 127);
  return conv2d_check_shape(*p) == Status::kOk;
}

struct Counts {
  int cases = 0, runs = 0, refusals = 0;
};

// One shape: ref on the OHWI filter, then every variant on the x-major stacked and paired filters.
void check_case(const Conv2dParams& p, bool general_quant, Counts* n) {
  size_t count = 0;
  const Conv2dS8Variant* table = conv2d_s8_variants(&count);
  const Conv2dS8Variant* ref = conv2d_s8_find_variant("conv2d_s8.ref");
  ASSERT_TRUE(ref != nullptr);
  const size_t mark = test::arena_mark();
  const int32_t depth = p.filter_h * p.filter_w * p.input_c;
  const size_t in_n = static_cast<size_t>(p.batches) * p.input_h * p.input_w * p.input_c;
  const size_t out_n = static_cast<size_t>(p.batches) * p.output_h * p.output_w * p.output_c;
  const size_t w_n = conv2d_s8_paired_count(p);
  auto* input = test::arena_alloc<int8_t>(in_n);
  auto* filter = test::arena_alloc<int8_t>(w_n);
  auto* xmajor = test::arena_alloc<int8_t>(w_n);
  auto* reordered = test::arena_alloc<int8_t>(w_n);
  auto* bias = test::arena_alloc<int32_t>(static_cast<size_t>(p.output_c));
  auto* mult = test::arena_alloc<int32_t>(static_cast<size_t>(p.output_c));
  auto* shift = test::arena_alloc<int32_t>(static_cast<size_t>(p.output_c));
  auto* expected = test::arena_alloc<int8_t>(out_n);
  ASSERT_TRUE(input && filter && xmajor && reordered && bias && mult && shift && expected);
  fill(input, in_n);
  // The extreme input bytes (with the offset at an end of its range: |x + offset| = 255).
  for (size_t i = 0; i < in_n; i += 3) input[i] = p.input_offset > 0 ? 127 : -128;
  fill(filter, w_n);
  test::make_stackable(filter, p.output_c, 1, depth);
  for (int32_t c = 0; c < p.output_c; ++c) {
    bias[c] = g_rng.pick(-40000, 40000);
    mult[c] = general_quant ? g_rng.pick(0, INT32_MAX) : g_rng.pick(1 << 30, INT32_MAX);
    shift[c] = general_quant ? g_rng.pick(-31, 3) : g_rng.pick(-12, -5);
  }
  Conv2dS8Args args{input, filter, bias, mult, shift, expected};
  ASSERT_EQ(conv2d_s8_run_variant(*ref, p, args, nullptr, 0), Status::kOk);
  ASSERT_EQ(conv2d_s8_x_major_filter(p, filter, xmajor, w_n), Status::kOk);
  for (int order = 0; order < 2; ++order) {  // 0: stacked, 1: paired
    Conv2dParams q = p;
    q.x_major_filter = true;
    (order == 0 ? q.stacked_filter : q.paired_filter) = true;
    ASSERT_EQ(order == 0 ? conv2d_s8_stack_filter(q, xmajor, reordered, w_n) : conv2d_s8_pair_filter(q, xmajor, reordered, w_n),
              Status::kOk);
    for (size_t i = 0; i < count; ++i) {
      const Conv2dS8Variant& v = table[i];
      const bool is_window = std::strstr(v.id, ".window.") != nullptr;
      Conv2dS8Args a = args;
      a.filter = reordered;
      if (!is_window && &v != ref) {
        ASSERT_TRUE(!v.supports(q));
        ++n->refusals;
        continue;
      }
      if (!isa_runnable(v.isa) || !v.supports(q)) continue;
      const size_t base = v.scratch_bytes(q);
      const size_t slot = 4u * static_cast<size_t>(p.filter_h) * p.input_c;
      // Chunks of 1, 2, 3, ... pairs up to a whole row, then an odd spare byte count.
      const int32_t max_extra = &v == ref ? 0 : p.output_w + 1;
      for (int32_t extra = 0; extra <= max_extra; ++extra) {
        const size_t scratch_n = base + static_cast<size_t>(extra) * slot + (extra == max_extra && extra > 0 ? 7 : 0);
        uint8_t* out = test::guarded_alloc(out_n);
        uint8_t* scratch = test::guarded_alloc(scratch_n);
        ASSERT_TRUE(out != nullptr && (scratch != nullptr || scratch_n == 0));
        std::memset(out, 0x55, out_n);
        a.output = reinterpret_cast<int8_t*>(out);
        ASSERT_EQ(conv2d_s8_run_variant(v, q, a, scratch, scratch_n), Status::kOk);
        ASSERT_TRUE(test::guards_intact(out, out_n) && (scratch_n == 0 || test::guards_intact(scratch, scratch_n)));
        if (std::memcmp(out, expected, out_n) != 0) {
          platform::print("    %s differs from ref: rows %d in %dx%dx%d f %dx%d s %dx%d d %d pad %d/%d b %d extra %d\n", v.id,
                          static_cast<int>(p.output_c), static_cast<int>(p.input_h), static_cast<int>(p.input_w),
                          static_cast<int>(p.input_c), static_cast<int>(p.filter_h), static_cast<int>(p.filter_w),
                          static_cast<int>(p.stride_h), static_cast<int>(p.stride_w), static_cast<int>(p.dilation_h),
                          static_cast<int>(p.pad_top), static_cast<int>(p.pad_left), static_cast<int>(p.batches),
                          static_cast<int>(extra));
          ASSERT_BYTES_EQ(out, expected, out_n);
        }
        ++n->runs;
      }
    }
  }
  ++n->cases;
  test::arena_rewind(mark);
}

}  // namespace

TEST(Conv2dS8Window, XMajorLayoutAndRefusal) {
  Conv2dParams p;
  p.input_h = 5, p.input_w = 6, p.input_c = 8, p.output_h = 3, p.output_w = 2, p.output_c = 3;
  p.filter_h = 3, p.filter_w = 5;
  const size_t n = conv2d_s8_paired_count(p);
  ASSERT_EQ(n, static_cast<size_t>(3 * 3 * 5 * 8));
  int8_t filter[360], out[360 + 8];
  fill(filter, n);
  std::memset(out, 0x5A, sizeof out);
  ASSERT_EQ(conv2d_s8_x_major_filter(p, filter, out, n), Status::kOk);
  for (int32_t o = 0; o < 3; ++o)
    for (int32_t fy = 0; fy < 3; ++fy)
      for (int32_t fx = 0; fx < 5; ++fx)
        for (int32_t c = 0; c < 8; ++c)
          ASSERT_EQ(out[((o * 5 + fx) * 3 + fy) * 8 + c], filter[((o * 3 + fy) * 5 + fx) * 8 + c]);
  for (size_t i = n; i < sizeof out; ++i) ASSERT_EQ(out[i], static_cast<int8_t>(0x5A));
  // Refusals, nothing written.
  std::memset(out, 0x5A, sizeof out);
  EXPECT_EQ(conv2d_s8_x_major_filter(p, nullptr, out, n), Status::kNullPointer);
  EXPECT_EQ(conv2d_s8_x_major_filter(p, filter, nullptr, n), Status::kNullPointer);
  EXPECT_EQ(conv2d_s8_x_major_filter(p, filter, out, n - 1), Status::kScratchTooSmall);
  EXPECT_EQ(conv2d_s8_x_major_filter(p, filter, filter, n), Status::kBadParameter);
  EXPECT_EQ(conv2d_s8_x_major_filter(p, filter, filter + 1, n), Status::kBadParameter);
  Conv2dParams bad = p;
  bad.filter_w = 0;
  EXPECT_EQ(conv2d_s8_x_major_filter(bad, filter, out, n), Status::kBadShape);
  bad = p;
  bad.output_w = 9;  // windows past the input
  EXPECT_EQ(conv2d_s8_x_major_filter(bad, filter, out, n), Status::kBadShape);
  for (size_t i = 0; i < sizeof out; ++i) ASSERT_EQ(out[i], static_cast<int8_t>(0x5A));
}

TEST(Conv2dS8Window, SweepAgainstRef) {
  Counts n;
  // ResNet-8's shapes (bands of 4 rows), then random ones.
  const Shape model_like[] = {{16, 16, 3, 3, 1, 1, 1, 6, 32, 1, 1}, {32, 16, 3, 3, 2, 2, 1, 6, 32, 1, 1},
                              {32, 32, 3, 3, 1, 1, 1, 4, 16, 1, 1}, {64, 32, 3, 3, 2, 2, 1, 5, 16, 1, 1},
                              {64, 64, 3, 3, 1, 1, 1, 3, 8, 1, 1},  {16, 16, 3, 3, 1, 1, 1, 5, 7, 2, 1},
                              // the asm paths' other layouts (C % 16 == 0): stride 3 on 3x3 and 1x1 stride 2
                              // (pairs' columns apart), 5x5 stride 2 (shared slots), 3x5 stride 2 dilation 2
                              {8, 16, 3, 3, 1, 3, 1, 5, 20, 1, 1},  {4, 16, 1, 1, 1, 2, 0, 3, 9, 1, 1},
                              {8, 32, 5, 5, 2, 2, 2, 7, 15, 1, 1},  {6, 16, 3, 5, 1, 2, 1, 6, 17, 2, 2}};
  for (const Shape& s : model_like) {
    Conv2dParams p;
    if (make_params(s, &p)) check_case(p, n.cases % 2 == 1, &n);
  }
  const int32_t rows_choice[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 16, 32};
  for (int i = 0; i < 140; ++i) {
    Shape s;
    s.rows = rows_choice[g_rng.pick(0, 10)];
    s.cin = 4 * g_rng.pick(1, i % 7 == 0 ? 16 : 5);
    const bool three = g_rng.pick(0, 2) != 0;
    s.fh = three ? 3 : g_rng.pick(1, 5);
    s.fw = three ? 3 : g_rng.pick(1, 5);
    s.stride_h = g_rng.pick(1, 2);
    s.stride_w = g_rng.pick(1, 3);
    s.pad = g_rng.pick(0, 2);
    s.in_h = g_rng.pick(1, 5);
    s.in_w = g_rng.pick(1, 11);
    s.batches = g_rng.pick(0, 4) == 0 ? 2 : 1;
    s.dilation_h = g_rng.pick(0, 4) == 0 ? 2 : 1;
    Conv2dParams p;
    if (make_params(s, &p)) check_case(p, i % 3 == 0, &n);
  }
  platform::print("    %d cases: %d window and ref runs, %d refusals\n", n.cases, n.runs, n.refusals);
  EXPECT_GE(n.cases, 100);
  EXPECT_GT(n.refusals, n.cases);
#if !defined(CMNN_TARGET_CORTEX_M) || defined(__ARM_FEATURE_DSP)
  EXPECT_GT(n.runs, 6 * n.cases);  // both window variants at several chunk lengths per case
#endif
}

TEST(Conv2dS8Window, ContractChecks) {
  Conv2dParams p;
  p.input_h = p.input_w = 3, p.input_c = 4, p.output_h = p.output_w = 3, p.output_c = 2;
  p.filter_h = p.filter_w = 3, p.pad_top = p.pad_left = 1;
  int8_t input[36] = {}, filter[72] = {}, output[18] = {};
  int32_t mult[2] = {1 << 30, 1 << 30}, shift[2] = {-1, -1};
  int16_t packed[160] = {};
  uint8_t scratch[1024];
  Conv2dParams q = p;
  q.x_major_filter = q.stacked_filter = true;
  Conv2dS8Args a{input, filter, nullptr, mult, shift, output, packed};
  EXPECT_EQ(conv2d_s8(q, a, scratch, sizeof scratch), Status::kOk);
  const Conv2dS8Variant* v = conv2d_s8_find_variant("conv2d_s8.im2col.window.stacked.dsp");
  ASSERT_TRUE(v != nullptr);
  if (isa_runnable(v->isa)) {
    EXPECT_EQ(conv2d_s8_run_variant(*v, q, a, scratch, v->scratch_bytes(q) - 1), Status::kScratchTooSmall);
  }
  // x-major with packed_filter_only: the int8 filter is not given.
  q.has_packed_filter = q.packed_filter_only = true;
  EXPECT_EQ(conv2d_s8(q, a, scratch, sizeof scratch), Status::kBadParameter);
  // The window variants need input_c % 4 == 0 and one group.
  Conv2dParams r = p;
  r.x_major_filter = r.stacked_filter = true;
  r.input_c = 6;
  EXPECT_TRUE(!v->supports(r));
  r.input_c = 8, r.groups = 2, r.output_c = 2;
  EXPECT_TRUE(!v->supports(r));
}
