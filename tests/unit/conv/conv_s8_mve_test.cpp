// conv2d_s8.im2col.mve against the reference on the shapes its loops enter differently: depths
// around the 16-lane VMLADAVA steps (tails 1..15, zero, one or several full steps), output channels
// around the 4-channel blocks (tails 1..3), odd and even pixel counts (the lone last pixel), strides,
// padding on every side, dilation, groups, and the input offset / multipliers / shifts at their
// extremes (the folded offset * filter-sum bias wraps like the reference's int32 sums). On the host
// this runs the emulation of src/arch/mve, on Cortex-M55 the Helium instructions.
#include <cstring>

#include "cmnn/conv.h"
#include "test.h"
#include "test_data.h"

using namespace cmnn;

namespace {

test::Xorshift32 g_rng(0x9E3779B9u);

void fill(int8_t* p, size_t n, int lo, int hi) {
  for (size_t i = 0; i < n; ++i) p[i] = static_cast<int8_t>(g_rng.pick(lo, hi));
}

// Runs variant v and the reference on p with random data; false on a mismatch (printed).
bool compare(const Conv2dS8Variant& v, const Conv2dParams& p, bool extreme) {
  const Conv2dS8Variant* ref = conv2d_s8_find_variant("conv2d_s8.ref");
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
  if (!(input && filter && bias && mult && shift && expected)) return false;
  if (extreme) {  // all-extreme values: the largest sums of either sign
    const int8_t x = g_rng.pick(0, 1) ? -128 : 127, w = g_rng.pick(0, 1) ? -128 : 127;
    std::memset(input, x, in_n);
    std::memset(filter, w, w_n);
    for (size_t i = 0; i < w_n; i += 7) filter[i] = static_cast<int8_t>(-w - 1);
  } else {
    fill(input, in_n, -128, 127);
    fill(filter, w_n, -128, 127);
  }
  for (int32_t c = 0; c < p.output_c; ++c) {
    const int kind = g_rng.pick(0, 5);
    bias[c] = kind == 0 ? INT32_MAX - g_rng.pick(0, 1000) : kind == 1 ? INT32_MIN + g_rng.pick(0, 1000)
                                                                      : g_rng.pick(-100000, 100000);
    const int mk = g_rng.pick(0, 4);
    mult[c] = mk == 0 ? INT32_MAX : mk == 1 ? (1 << 30) : mk == 2 ? 0 : g_rng.pick(1 << 30, INT32_MAX);
    const int sk = g_rng.pick(0, 5);
    shift[c] = sk == 0 ? -31 : sk == 1 ? 30 : sk == 2 ? 0 : g_rng.pick(-20, -1);
  }
  Conv2dS8Args args{input, filter, g_rng.pick(0, 5) == 0 ? nullptr : bias, mult, shift, expected, nullptr};
  bool ok = true;
  if (p.has_kernel_sums) {  // the ksum variants: the offline sums from conv2d_s8_prepare
    auto* sums = test::arena_alloc<int32_t>(static_cast<size_t>(p.output_c));
    ok = sums != nullptr && conv2d_s8_prepare(p, filter, args.bias, sums) == Status::kOk;
    args.kernel_sums = sums;
  }
  ok = ok && conv2d_s8_run_variant(*ref, p, args, nullptr, 0) == Status::kOk;
  const size_t scratch_n = v.scratch_bytes(p);
  uint8_t* out = test::guarded_alloc(out_n);
  uint8_t* scratch = test::guarded_alloc(scratch_n);
  ok = ok && out != nullptr && scratch != nullptr;
  if (ok) {
    args.output = reinterpret_cast<int8_t*>(out);
    ok = conv2d_s8_run_variant(v, p, args, scratch, scratch_n) == Status::kOk && test::guards_intact(out, out_n) &&
         test::guards_intact(scratch, scratch_n) && std::memcmp(out, expected, out_n) == 0;
  }
  if (!ok) {
    platform::print("    %s differs: in %dx%dx%d out %dx%dx%d f %dx%d s %d,%d d %d,%d pad %d,%d g %d off %d\n", v.id,
                    static_cast<int>(p.input_h), static_cast<int>(p.input_w), static_cast<int>(p.input_c),
                    static_cast<int>(p.output_h), static_cast<int>(p.output_w), static_cast<int>(p.output_c),
                    static_cast<int>(p.filter_h), static_cast<int>(p.filter_w), static_cast<int>(p.stride_h),
                    static_cast<int>(p.stride_w), static_cast<int>(p.dilation_h), static_cast<int>(p.dilation_w),
                    static_cast<int>(p.pad_top), static_cast<int>(p.pad_left), static_cast<int>(p.groups),
                    static_cast<int>(p.input_offset));
  }
  test::arena_rewind(mark);
  return ok;
}

// Output size of a "same"-like padded conv (pad_top/left given, bottom/right as needed).
void set_output(Conv2dParams* p) {
  const int32_t ext_h = (p->filter_h - 1) * p->dilation_h, ext_w = (p->filter_w - 1) * p->dilation_w;
  p->output_h = (p->input_h + 2 * p->pad_top - ext_h - 1) / p->stride_h + 1;
  p->output_w = (p->input_w + 2 * p->pad_left - ext_w - 1) / p->stride_w + 1;
}

}  // namespace

TEST(Conv2dS8Mve, DepthAndChannelTails) {
  const Conv2dS8Variant* v = conv2d_s8_find_variant("conv2d_s8.im2col.mve");
  ASSERT_TRUE(v != nullptr);
  if (!isa_runnable(v->isa)) SKIP("no Helium on this core");
  int runs = 0;
  // 1x1 (depth = channels), 3x3 and 1x3 filters: depths 1..33, 48, 64, 9 * c.
  static const int32_t kCin[] = {1, 2, 3, 4, 7, 8, 15, 16, 17, 31, 32, 33, 48, 64};
  static const int32_t kCout[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 16, 17};
  for (int32_t cin : kCin) {
    for (int32_t cout : kCout) {
      for (int shape = 0; shape < 3; ++shape) {
        Conv2dParams p;
        p.input_c = cin;
        p.output_c = cout;
        p.input_h = shape == 2 ? 4 : 3;
        p.input_w = shape == 0 ? 3 : 5;
        p.filter_h = shape == 1 ? 1 : (shape == 2 ? 3 : 1);
        p.filter_w = shape == 0 ? 1 : 3;
        p.pad_top = p.filter_h / 2;
        p.pad_left = p.filter_w / 2;
        p.stride_h = p.stride_w = 1;
        set_output(&p);
        p.input_offset = g_rng.pick(0, 3) == 0 ? (g_rng.pick(0, 1) ? 128 : -127) : g_rng.pick(-127, 128);
        p.output_offset = g_rng.pick(-128, 127);
        p.activation_min = g_rng.pick(0, 1) ? -128 : g_rng.pick(-128, 0);
        p.activation_max = g_rng.pick(0, 1) ? 127 : g_rng.pick(p.activation_min, 127);
        ASSERT_EQ(conv2d_check_shape(p), Status::kOk);
        ASSERT_TRUE(v->supports(p));
        ASSERT_TRUE(compare(*v, p, (cin + cout) % 5 == 0));
        ++runs;
      }
    }
  }
  platform::print("    %d mve runs compared with ref\n", runs);
  EXPECT_EQ(runs, 14 * 11 * 3);
}

TEST(Conv2dS8Mve, StridesPaddingDilationGroups) {
  const Conv2dS8Variant* v = conv2d_s8_find_variant("conv2d_s8.im2col.mve");
  ASSERT_TRUE(v != nullptr);
  if (!isa_runnable(v->isa)) SKIP("no Helium on this core");
  int runs = 0;
  for (int draw = 0; draw < 2000 && runs < 300; ++draw) {
    Conv2dParams p;
    p.groups = g_rng.pick(0, 3) == 0 ? g_rng.pick(2, 4) : 1;
    p.input_c = g_rng.pick(1, 40) * p.groups;
    p.output_c = g_rng.pick(1, 12) * p.groups;
    p.batches = g_rng.pick(1, 2);
    p.filter_h = g_rng.pick(1, 5);
    p.filter_w = g_rng.pick(1, 5);
    p.stride_h = g_rng.pick(1, 3);
    p.stride_w = g_rng.pick(1, 3);
    p.dilation_h = g_rng.pick(0, 4) == 0 ? 2 : 1;
    p.dilation_w = g_rng.pick(0, 4) == 0 ? 2 : 1;
    p.input_h = g_rng.pick(1, 9);
    p.input_w = g_rng.pick(1, 9);
    const int32_t ext_h = (p.filter_h - 1) * p.dilation_h, ext_w = (p.filter_w - 1) * p.dilation_w;
    p.pad_top = g_rng.pick(0, ext_h);
    p.pad_left = g_rng.pick(0, ext_w);
    const int32_t span_h = p.input_h + p.pad_top + g_rng.pick(0, ext_h) - ext_h;
    const int32_t span_w = p.input_w + p.pad_left + g_rng.pick(0, ext_w) - ext_w;
    if (span_h <= 0 || span_w <= 0) continue;
    p.output_h = (span_h - 1) / p.stride_h + 1;
    p.output_w = (span_w - 1) / p.stride_w + 1;
    p.input_offset = g_rng.pick(0, 2) == 0 ? (g_rng.pick(0, 1) ? 128 : -127) : g_rng.pick(-127, 128);
    p.output_offset = g_rng.pick(0, 2) == 0 ? (g_rng.pick(0, 1) ? 127 : -128) : g_rng.pick(-128, 127);
    p.activation_min = g_rng.pick(0, 1) ? -128 : g_rng.pick(-128, 20);
    p.activation_max = g_rng.pick(0, 1) ? 127 : g_rng.pick(p.activation_min, 127);
    if (conv2d_check_shape(p) != Status::kOk) continue;
    ASSERT_TRUE(compare(*v, p, draw % 9 == 0));
    ++runs;
  }
  platform::print("    %d mve runs compared with ref\n", runs);
  EXPECT_EQ(runs, 300);
}

TEST(Conv2dS8Mve, KernelSumVariants) {
  // conv2d_s8.im2col.ksum.mve and conv2d_s8.1x1.ksum.mve: the same code with the start values read
  // from conv2d_s8_prepare's sums (the 1x1 single-pixel path without row sums), against ref.
  const Conv2dS8Variant* im2col = conv2d_s8_find_variant("conv2d_s8.im2col.ksum.mve");
  const Conv2dS8Variant* one = conv2d_s8_find_variant("conv2d_s8.1x1.ksum.mve");
  ASSERT_TRUE(im2col != nullptr && one != nullptr);
  Conv2dParams plain;
  plain.input_h = plain.input_w = plain.output_h = plain.output_w = 1;
  plain.input_c = plain.output_c = plain.filter_h = plain.filter_w = 1;
  EXPECT_FALSE(im2col->supports(plain));  // only with the sums
  EXPECT_FALSE(one->supports(plain));
  int8_t w = 1;
  EXPECT_EQ(conv2d_s8_prepare(plain, &w, nullptr, nullptr), Status::kNullPointer);
  if (!isa_runnable(im2col->isa)) SKIP("no Helium on this core");
  int runs = 0;
  for (int draw = 0; draw < 400; ++draw) {
    Conv2dParams p;
    p.has_kernel_sums = true;
    const int kind = draw % 3;  // general, 1x1 over a plane, one pixel with few channels
    p.input_c = kind == 0 ? g_rng.pick(1, 40) : 16 * g_rng.pick(1, 20) + (draw % 5 == 0 ? g_rng.pick(1, 15) : 0);
    p.output_c = kind == 2 ? g_rng.pick(1, 15) : g_rng.pick(1, 20);
    p.filter_h = kind == 0 ? g_rng.pick(1, 4) : 1;
    p.filter_w = kind == 0 ? g_rng.pick(1, 4) : 1;
    p.input_h = kind == 2 ? 1 : g_rng.pick(1, 6);
    p.input_w = kind == 2 ? 1 : g_rng.pick(1, 6);
    p.pad_top = kind == 0 ? g_rng.pick(0, p.filter_h - 1) : 0;
    p.pad_left = kind == 0 ? g_rng.pick(0, p.filter_w - 1) : 0;
    p.batches = kind == 2 ? 1 : g_rng.pick(1, 2);
    set_output(&p);
    p.input_offset = g_rng.pick(0, 2) == 0 ? (g_rng.pick(0, 1) ? 128 : -127) : g_rng.pick(-127, 128);
    p.output_offset = g_rng.pick(-128, 127);
    p.activation_min = g_rng.pick(0, 1) ? -128 : g_rng.pick(-128, 20);
    p.activation_max = g_rng.pick(0, 1) ? 127 : g_rng.pick(p.activation_min, 127);
    if (conv2d_check_shape(p) != Status::kOk) continue;
    const Conv2dS8Variant* v = one->supports(p) ? one : im2col;
    ASSERT_TRUE(compare(*v, p, draw % 11 == 0));
    ++runs;
  }
  platform::print("    %d ksum mve runs compared with ref\n", runs);
  EXPECT_TRUE(runs >= 300);  // a few draws fail the shape check
}
