// run_rows_block (include/cmnn/rows_block.h): a residual block (conv A -> conv or depthwise B, an
// identity shortcut or a conv S of the block input, ADD) run band by band, its output written over
// the block input, must give exactly the bytes of the layer-by-layer calls, for every runnable pair
// of A and B variants, random sizes, strides, shortcuts, ADD requantization and bands of 1, 2, 3 and
// all rows; the bytes past the buffer and the work buffer stay untouched.
#include <cstring>
#include <initializer_list>

#include "arena.h"
#include "cmnn/rows_block.h"
#include "random_layers.h"
#include "test.h"
#include "test_data.h"

using namespace cmnn;
using namespace cmnn::rows_test;

namespace {

// A conv with the given window; "same" rows for stride 1 (pad = filter / 2). false when empty.
bool make_conv(Rng& r, Conv2dParams& p, Conv2dS8Args& a, int32_t h, int32_t w, int32_t c, int32_t out_c, int32_t filter,
               int32_t stride, int32_t pad) {
  p = Conv2dParams{};
  p.input_h = h, p.input_w = w, p.input_c = c, p.output_c = out_c;
  p.filter_h = p.filter_w = filter, p.stride_h = p.stride_w = stride, p.pad_top = p.pad_left = pad;
  p.output_h = (h + 2 * pad - filter) / stride + 1;
  p.output_w = (w + 2 * pad - filter) / stride + 1;
  if (p.output_h < 1 || p.output_w < 1) return false;
  p.input_offset = r.range(-127, 128), p.output_offset = r.range(-128, 127);
  const size_t n = static_cast<size_t>(out_c) * filter * filter * c;
  auto* f = test::arena_alloc<int8_t>(n);
  fill(r, f, n);
  a = Conv2dS8Args{};
  a.filter = f, a.multiplier = quant(r, out_c, 0), a.shift = quant(r, out_c, 1), a.bias = quant(r, out_c, 2);
  return true;
}

AddParams make_add(Rng& r, int32_t size) {
  AddParams p;
  p.size = size;
  p.input1_offset = r.range(-127, 128), p.input2_offset = r.range(-127, 128), p.output_offset = r.range(-128, 127);
  p.input1_multiplier = 0x40000000 + static_cast<int32_t>(r.next() & 0x3FFFFFFF), p.input1_shift = r.range(-3, 0);
  p.input2_multiplier = 0x40000000 + static_cast<int32_t>(r.next() & 0x3FFFFFFF), p.input2_shift = r.range(-3, 0);
  p.output_multiplier = 0x40000000 + static_cast<int32_t>(r.next() & 0x3FFFFFFF), p.output_shift = r.range(-20, -16);
  if (r.range(0, 1) == 1) p.activation_min = 0;
  return p;
}

template <typename P, typename A>
const Variant<P, A>* first_runnable(const Variant<P, A>* table, size_t n, const P& p) {
  for (size_t i = 0; i < n; ++i) {
    if (isa_runnable(table[i].isa) && table[i].supports(p)) return &table[i];
  }
  return nullptr;
}

// Every band's sub-image supported within the whole layer's scratch.
template <typename P, typename A>
bool bands_ok(const Variant<P, A>& v, const P& p, int32_t band, size_t kernel) {
  for (int32_t o0 = 0; o0 < p.output_h; o0 += band) {
    int32_t first = 0;
    const P q = rows_band_params(p, o0, o0 + band < p.output_h ? o0 + band : p.output_h, &first);
    if (!v.supports(q) || v.scratch_bytes(q) > kernel) return false;
  }
  return true;
}

int sweep(uint32_t seed, int trials, bool with_shortcut) {
  Rng r(seed);
  int checked = 0;
  for (int t = 0; t < trials; ++t) {
    test::arena_reset();
    const int32_t h = r.range(1, 9), w = r.range(1, 6), c = r.range(1, 6);
    const int32_t stride = with_shortcut ? r.range(1, 2) : 1, mid_c = r.range(1, 6);
    const int32_t out_c = with_shortcut ? r.range(1, 8) : c;
    const int32_t fa = r.range(0, 2) == 0 ? 1 : 3;
    Conv2dParams pa, pb, ps;
    Conv2dS8Args aa, ab, as;
    if (!make_conv(r, pa, aa, h, w, c, mid_c, fa, stride, fa == 3 ? r.range(0, 1) : 0)) continue;
    const int32_t fb = r.range(0, 2) == 0 ? 1 : 3;
    if (!make_conv(r, pb, ab, pa.output_h, pa.output_w, mid_c, out_c, fb, 1, fb / 2)) continue;
    if (with_shortcut && (!make_conv(r, ps, as, h, w, c, out_c, 1, stride, 0) || ps.output_h != pb.output_h ||
                          ps.output_w != pb.output_w))
      continue;
    if (!with_shortcut && (pb.output_h != h || pb.output_w != w)) continue;
    const size_t x_n = static_cast<size_t>(h) * w * c, a_n = static_cast<size_t>(pa.output_h) * pa.output_w * mid_c;
    const size_t out_n = static_cast<size_t>(pb.output_h) * pb.output_w * out_c;
    const AddParams padd = make_add(r, static_cast<int32_t>(out_n));
    const bool skip_first = r.range(0, 1) == 1;
    auto* x = test::arena_alloc<int8_t>(x_n);
    auto* mid = test::arena_alloc<int8_t>(a_n);
    auto* bo = test::arena_alloc<int8_t>(out_n);
    auto* so = test::arena_alloc<int8_t>(out_n);
    auto* ref = test::arena_alloc<int8_t>(out_n);
    const size_t buf_n = x_n > out_n ? x_n : out_n;
    auto* buf = test::arena_alloc<int8_t>(buf_n + 16);
    fill(r, x, x_n);
    size_t nc = 0, nadd = 0;
    const Conv2dS8Variant* conv_table = conv2d_s8_variants(&nc);
    const AddS8Variant* add_table = add_s8_variants(&nadd);
    const Conv2dS8Variant* vs = with_shortcut ? first_runnable(conv_table, nc, ps) : nullptr;
    const AddS8Variant* vadd = first_runnable(add_table, nadd, padd);
    if ((with_shortcut && vs == nullptr) || vadd == nullptr) continue;
    for (size_t i = 0; i < nc; ++i) {
      if (!isa_runnable(conv_table[i].isa) || !conv_table[i].supports(pa)) continue;
      for (size_t j = 0; j < nc; ++j) {
        if (!isa_runnable(conv_table[j].isa) || !conv_table[j].supports(pb)) continue;
        size_t kernel = conv_table[i].scratch_bytes(pa);
        if (conv_table[j].scratch_bytes(pb) > kernel) kernel = conv_table[j].scratch_bytes(pb);
        if (vs != nullptr && vs->scratch_bytes(ps) > kernel) kernel = vs->scratch_bytes(ps);
        if (vadd->scratch_bytes(padd) > kernel) kernel = vadd->scratch_bytes(padd);
        auto* scratch = test::arena_alloc<uint8_t>(kernel + 1);
        // Layer by layer.
        Conv2dS8Args a1 = aa, a2 = ab, a3 = as;
        a1.input = x, a1.output = mid;
        a2.input = mid, a2.output = bo;
        if (conv2d_s8_run_variant(conv_table[i], pa, a1, scratch, kernel) != Status::kOk ||
            conv2d_s8_run_variant(conv_table[j], pb, a2, scratch, kernel) != Status::kOk)
          continue;
        const int8_t* skip = x;
        if (vs != nullptr) {
          a3.input = x, a3.output = so;
          EXPECT_EQ(static_cast<int>(conv2d_s8_run_variant(*vs, ps, a3, scratch, kernel)), 0);
          skip = so;
        }
        BinaryArgs<int8_t> a4;
        a4.input1 = skip_first ? skip : bo, a4.input2 = skip_first ? bo : skip, a4.output = ref;
        if (add_s8_run_variant(*vadd, padd, a4, scratch, kernel) != Status::kOk) continue;
        for (int32_t band : {int32_t{1}, int32_t{2}, int32_t{3}, pb.output_h}) {
          // The compiler's checks: sub-images supported, the output may overwrite x.
          if (!bands_ok(conv_table[j], pb, band, kernel) || (vs != nullptr && !bands_ok(*vs, ps, band, kernel))) continue;
          bool a_ok = true;
          rows_fused_walk(pa, pb, band, [&](const RowsFusedStep<Conv2dParams, Conv2dParams>& s) {
            if (s.compute && (!conv_table[i].supports(s.q1) || conv_table[i].scratch_bytes(s.q1) > kernel)) a_ok = false;
            return Status::kOk;
          });
          const Conv2dParams* sp = vs != nullptr ? &ps : nullptr;
          if (!a_ok || rows_block_check_in_place(pa, pb, sp, band) != Status::kOk) continue;
          const size_t work_bytes = rows_block_work_bytes(pa, pb, sp, padd, band, kernel);
          EXPECT_GT(work_bytes, size_t{0});
          auto* work = test::arena_alloc<uint8_t>(work_bytes + 16);
          std::memset(work, kGuard, work_bytes + 16);
          std::memset(buf, kGuard, buf_n + 16);
          std::memcpy(buf, x, x_n);
          Conv2dS8Args b1 = aa;
          b1.input = buf;
          BinaryArgs<int8_t> b4;
          b4.output = buf;  // over the block input
          EXPECT_EQ(static_cast<int>(run_rows_block(conv_table[i], pa, b1, conv2d_s8_run_variant, conv_table[j], pb, ab,
                                                    conv2d_s8_run_variant, vs, sp, vs != nullptr ? &as : nullptr,
                                                    conv2d_s8_run_variant, *vadd, padd, b4, add_s8_run_variant,
                                                    skip_first, band, work, work_bytes)),
                    0);
          EXPECT_EQ(std::memcmp(buf, ref, out_n), 0);
          for (size_t g = 0; g < 16; ++g) {
            EXPECT_EQ(static_cast<uint8_t>(buf[buf_n + g]), kGuard);
            EXPECT_EQ(work[work_bytes + g], kGuard);
          }
          ++checked;
        }
      }
    }
  }
  return checked;
}

// Not vacuous: the portable variants alone (Cortex-M3) reach these floors.
constexpr int kMinRuns = 40;

}  // namespace

TEST(RowsBlock, IdentityShortcut) {
  const int n = sweep(31, 60, false);
  cmnn::platform::print("conv -> conv -> ADD(x): %d block runs over the input equal the layer-by-layer calls\n", n);
  EXPECT_GT(n, kMinRuns);
}

TEST(RowsBlock, ConvShortcut) {
  const int n = sweep(32, 80, true);
  cmnn::platform::print("conv -> conv, 1x1 shortcut, ADD: %d block runs over the input equal the layer-by-layer calls\n", n);
  EXPECT_GT(n, kMinRuns);
}

TEST(RowsBlock, Refusals) {
  Conv2dParams a, b;
  a.input_h = a.input_w = 4, a.input_c = 2, a.output_c = 3, a.filter_h = a.filter_w = 1, a.output_h = a.output_w = 4;
  b = a;
  b.input_c = 3, b.output_c = 2;
  AddParams add;
  add.size = 32;
  EXPECT_EQ(rows_block_work_bytes(a, b, static_cast<const Conv2dParams*>(nullptr), add, 1, 0), size_t{32});  // ring 12 -> 16, slot 8 -> 16
  add.size = 31;
  EXPECT_EQ(rows_block_work_bytes(a, b, static_cast<const Conv2dParams*>(nullptr), add, 1, 0), size_t{0});
  add.size = 32;
  b.output_c = 3;  // the identity shortcut's shape differs from the output
  EXPECT_EQ(rows_block_work_bytes(a, b, static_cast<const Conv2dParams*>(nullptr), add, 1, 0), size_t{0});
}
