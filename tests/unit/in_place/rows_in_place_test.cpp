// run_rows_in_place (include/cmnn/rows_in_place.h): a conv or depthwise layer whose output
// overwrites its input band by band must give exactly the bytes of the separate-buffer call of the
// same variant, for every runnable variant (packed DSP convs included), several band sizes, padding,
// strides and dilation; the bytes past the output and past the work buffer stay untouched.
#include <cstring>
#include <initializer_list>

#include "cmnn/rows_in_place.h"
#include "test.h"
#include "test_data.h"
#include "arena.h"

using namespace cmnn;

namespace {

struct Rng : test::Xorshift32 {
  explicit Rng(uint32_t seed) : Xorshift32(seed) {}
  int32_t range(int32_t lo, int32_t hi) { return pick(lo, hi); }
};

constexpr uint8_t kGuard = 0xA5;

template <typename P>
void random_geometry(Rng& r, P& p) {
  p.batches = 1;
  p.input_h = r.range(1, 12);
  p.input_w = r.range(1, 9);
  p.input_c = r.range(1, 12);
  p.filter_h = r.range(1, 4);
  p.filter_w = r.range(1, 4);
  p.stride_h = r.range(1, 2);
  p.stride_w = r.range(1, 2);
  p.dilation_h = r.range(1, 5) == 1 ? 2 : 1;
  p.dilation_w = 1;
  p.pad_top = r.range(0, (p.filter_h - 1) * p.dilation_h / 2 + 1);
  p.pad_left = r.range(0, (p.filter_w - 1) / 2);
  if (p.pad_top > (p.filter_h - 1) * p.dilation_h) p.pad_top = (p.filter_h - 1) * p.dilation_h;
  const int32_t eff_h = (p.filter_h - 1) * p.dilation_h + 1, eff_w = (p.filter_w - 1) * p.dilation_w + 1;
  const int32_t span_h = p.input_h + 2 * p.pad_top - eff_h, span_w = p.input_w + 2 * p.pad_left - eff_w;
  p.output_h = span_h < 0 ? 0 : span_h / p.stride_h + 1;
  p.output_w = span_w < 0 ? 0 : span_w / p.stride_w + 1;
  p.input_offset = r.range(-127, 128);
  p.output_offset = r.range(-128, 127);
}

void fill(Rng& r, int8_t* v, size_t n) {
  for (size_t i = 0; i < n; ++i) v[i] = static_cast<int8_t>(r.next() & 0xFF);
}

void fill_quant(Rng& r, int32_t* mult, int32_t* shift, int32_t* bias, int32_t n) {
  for (int32_t i = 0; i < n; ++i) {
    mult[i] = 0x40000000 + static_cast<int32_t>(r.next() & 0x3FFFFFFF);
    shift[i] = r.range(-10, 0);
    bias[i] = r.range(-5000, 5000);
  }
}

// Runs `variant` both ways for bands 1, 2, 3 and the whole height; counts the comparisons.
template <typename P, typename A>
int check_variant(const Variant<P, A>& v, const P& p, const A& base,
                  Status (*run)(const Variant<P, A>&, const P&, const A&, void*, size_t), size_t in_bytes, size_t out_bytes) {
  int checked = 0;
  const size_t kernel_scratch = v.scratch_bytes(p);
  auto* ref_out = test::arena_alloc<int8_t>(out_bytes);
  auto* ref_scratch = test::arena_alloc<uint8_t>(kernel_scratch + 1);
  A a = base;
  a.output = ref_out;
  if (run(v, p, a, ref_scratch, kernel_scratch) != Status::kOk) return 0;
  const size_t buf_bytes = in_bytes > out_bytes ? in_bytes : out_bytes;
  for (int32_t band : {int32_t{1}, int32_t{2}, int32_t{3}, p.output_h}) {
    const size_t work_bytes = rows_in_place_work_bytes(v, p, band, kernel_scratch, 1);
    if (work_bytes == 0) continue;
    // The band parameters must be ones this variant accepts, with no more scratch than the whole layer.
    bool ok = true;
    for (int32_t o0 = 0; o0 < p.output_h; o0 += band) {
      int32_t first = 0;
      const P q = rows_band_params(p, o0, o0 + band < p.output_h ? o0 + band : p.output_h, &first);
      ok = ok && v.supports(q) && v.scratch_bytes(q) <= kernel_scratch;
    }
    if (!ok) continue;
    auto* buf = test::arena_alloc<int8_t>(buf_bytes + 16);
    auto* work = test::arena_alloc<uint8_t>(work_bytes + 16);
    std::memset(buf, static_cast<int>(kGuard), buf_bytes + 16);
    std::memset(work, static_cast<int>(kGuard), work_bytes + 16);
    std::memcpy(buf, base.input, in_bytes);
    A b = base;
    b.input = buf;
    b.output = buf;
    // The one-time check passes and writes nothing; the run after it may then skip the checks.
    EXPECT_EQ(static_cast<int>(check_rows_in_place(v, p, b, run, band, work, work_bytes)), static_cast<int>(Status::kOk));
    EXPECT_EQ(std::memcmp(buf, base.input, in_bytes), 0);
    for (size_t i = 0; i < work_bytes; ++i) EXPECT_EQ(work[i], kGuard);
    const bool unchecked = (checked & 1) != 0;  // every other run through run_unchecked
    EXPECT_EQ(static_cast<int>(run_rows_in_place(v, p, b, unchecked ? run_unchecked<P, A> : run, band, work, work_bytes)),
              static_cast<int>(Status::kOk));
    EXPECT_EQ(std::memcmp(buf, ref_out, out_bytes), 0);
    for (size_t i = 0; i < 16; ++i) {
      EXPECT_EQ(static_cast<uint8_t>(buf[buf_bytes + i]), kGuard);
      EXPECT_EQ(work[work_bytes + i], kGuard);
    }
    ++checked;
  }
  return checked;
}

}  // namespace

TEST(RowsInPlace, ConvEveryVariant) {
  Rng r(20261205);
  int checked = 0;
  int whole_calls = 0;
  for (int trial = 0; trial < 300; ++trial) {
    test::arena_reset();
    Conv2dParams p;
    random_geometry(r, p);
    p.output_c = r.range(1, 12);
    if (p.output_h < 1 || p.output_w < 1 || rows_in_place_work_bytes(p, 1, 0, 1) == 0) continue;
    const size_t in_bytes = static_cast<size_t>(p.input_h) * p.input_w * p.input_c;
    const size_t out_bytes = static_cast<size_t>(p.output_h) * p.output_w * p.output_c;
    const size_t w_count = static_cast<size_t>(p.output_c) * p.filter_h * p.filter_w * p.input_c;
    auto* in = test::arena_alloc<int8_t>(in_bytes);
    auto* w = test::arena_alloc<int8_t>(w_count);
    auto* mult = test::arena_alloc<int32_t>(static_cast<size_t>(p.output_c));
    auto* shift = test::arena_alloc<int32_t>(static_cast<size_t>(p.output_c));
    auto* bias = test::arena_alloc<int32_t>(static_cast<size_t>(p.output_c));
    fill(r, in, in_bytes);
    fill(r, w, w_count);
    fill_quant(r, mult, shift, bias, p.output_c);
    // Now and then a channel off the usual quantization (a left shift, a multiplier below 2^30):
    // the .dsp variants' general requantization, chosen from flags the first band keeps in the scratch.
    if (trial % 4 == 1) shift[p.output_c - 1] = 1;
    if (trial % 4 == 2) mult[0] = 0x20000000 + r.range(0, 1000);
    Conv2dS8Args a;
    a.input = in, a.filter = w, a.bias = bias, a.multiplier = mult, a.shift = shift;
    for (bool packed : {false, true}) {
      Conv2dParams q = p;
      q.has_packed_filter = packed;
      if (packed) {
        const size_t n = conv2d_s8_packed_count(q);
        if (n == 0) continue;
        auto* pf = test::arena_alloc<int16_t>(n);
        if (conv2d_s8_pack(q, w, pf, n) != Status::kOk) continue;
        a.packed_filter = pf;
      }
      size_t count = 0;
      const Conv2dS8Variant* table = conv2d_s8_variants(&count);
      for (size_t i = 0; i < count; ++i) {
        if (!isa_runnable(table[i].isa) || !table[i].supports(q)) continue;
        const int runs = check_variant(table[i], q, a, conv2d_s8_run_variant, in_bytes, out_bytes);
        checked += runs;
        if (rows_whole_call_in_place(table[i], q)) whole_calls += runs;
      }
    }
  }
  cmnn::platform::print("conv: %d in-place runs equal the separate-buffer call (%d as one whole call)\n", checked,
                        whole_calls);
  EXPECT_GT(checked, 200);
  // The DSP 1x1 drivers' one call over their own input (conv2d_s8_pointwise_in_place); a core
  // without the DSP extension (Cortex-M3) runs none of them.
  if (isa_runnable(Isa::kDsp)) EXPECT_GT(whole_calls, 10);
}

TEST(RowsInPlace, DepthwiseEveryVariant) {
  Rng r(7);
  int checked = 0;
  for (int trial = 0; trial < 300; ++trial) {
    test::arena_reset();
    DepthwiseConvParams p;
    random_geometry(r, p);
    p.ch_mult = r.range(1, 4) == 1 ? 2 : 1;
    if (trial % 3 == 0) p.filter_h = p.filter_w = 3;  // the 3x3 variants
    if (trial % 3 == 0) {
      p.dilation_h = 1;
      p.pad_top = r.range(0, 1);
      p.pad_left = r.range(0, 1);
      const int32_t span_h = p.input_h + 2 * p.pad_top - 3, span_w = p.input_w + 2 * p.pad_left - 3;
      p.output_h = span_h < 0 ? 0 : span_h / p.stride_h + 1;
      p.output_w = span_w < 0 ? 0 : span_w / p.stride_w + 1;
    }
    if (p.output_h < 1 || p.output_w < 1 || rows_in_place_work_bytes(p, 1, 0, 1) == 0) continue;
    const size_t in_bytes = static_cast<size_t>(p.input_h) * p.input_w * p.input_c;
    const size_t out_bytes = static_cast<size_t>(p.output_h) * p.output_w * p.output_c();
    const size_t w_count = static_cast<size_t>(p.filter_h) * p.filter_w * p.output_c();
    auto* in = test::arena_alloc<int8_t>(in_bytes);
    auto* w = test::arena_alloc<int8_t>(w_count);
    auto* mult = test::arena_alloc<int32_t>(static_cast<size_t>(p.output_c()));
    auto* shift = test::arena_alloc<int32_t>(static_cast<size_t>(p.output_c()));
    auto* bias = test::arena_alloc<int32_t>(static_cast<size_t>(p.output_c()));
    fill(r, in, in_bytes);
    fill(r, w, w_count);
    fill_quant(r, mult, shift, bias, p.output_c());
    DepthwiseConvS8Args a;
    a.input = in, a.filter = w, a.bias = bias, a.output_multiplier = mult, a.output_shift = shift;
    size_t count = 0;
    const DepthwiseConvS8Variant* table = depthwise_conv2d_s8_variants(&count);
    for (size_t i = 0; i < count; ++i) {
      if (!isa_runnable(table[i].isa) || !table[i].supports(p)) continue;
      checked += check_variant(table[i], p, a, depthwise_conv2d_s8_run_variant, in_bytes, out_bytes);
    }
  }
  cmnn::platform::print("depthwise: %d in-place runs equal the separate-buffer call\n", checked);
  EXPECT_GT(checked, 200);
}

// KWS's 5-wide depthwise layers run in place as one whole call from the ring of pre-widened rows
// (depthwise_conv2d_s8_ring_in_place): block-sized and odd channel counts (ring blocks of 32),
// heights 2..25, both top paddings, the input offset's extremes, the fast output stage and the
// others (a left shift, a small multiplier: the ring's C path), each equal to .ref's
// separate-buffer output, in work of the variant's scratch alone.
TEST(RowsInPlace, DepthwiseRingWholeCall) {
  Rng r(2026);
  int whole_calls = 0;
  size_t count = 0;
  const DepthwiseConvS8Variant* table = depthwise_conv2d_s8_variants(&count);
  const DepthwiseConvS8Variant& ref = table[count - 1];
  int trial = 0;
  for (const int32_t c : {4, 12, 36, 64}) {
    for (const int32_t h : {2, 3, 5, 25}) {
      for (const int32_t pad_top : {0, 1}) {
        for (const int32_t input_offset : {-127, 128, 5}) {
          ++trial;
          test::arena_reset();
          DepthwiseConvParams p;
          p.input_h = h, p.input_w = 5, p.input_c = c, p.filter_h = p.filter_w = 3, p.pad_top = pad_top, p.pad_left = 1;
          p.output_h = h + 2 * pad_top - 2, p.output_w = 5, p.input_offset = input_offset;
          p.output_offset = r.range(-128, 127);
          if (p.output_h < 1) continue;
          const size_t n = static_cast<size_t>(h) * 5 * c;
          auto* in = test::arena_alloc<int8_t>(n);
          auto* w = test::arena_alloc<int8_t>(9 * static_cast<size_t>(c));
          auto* mult = test::arena_alloc<int32_t>(static_cast<size_t>(c));
          auto* shift = test::arena_alloc<int32_t>(static_cast<size_t>(c));
          auto* bias = test::arena_alloc<int32_t>(static_cast<size_t>(c));
          fill(r, in, n);
          fill(r, w, 9 * static_cast<size_t>(c));
          fill_quant(r, mult, shift, bias, c);
          if (trial % 3 == 1) shift[c - 1] = 1;
          if (trial % 3 == 2) mult[0] = 0x20000000 + r.range(0, 1000);
          DepthwiseConvS8Args a;
          a.input = in, a.filter = w, a.bias = bias, a.output_multiplier = mult, a.output_shift = shift;
          const size_t out_bytes = static_cast<size_t>(p.output_h) * 5 * c;
          auto* expected = test::arena_alloc<int8_t>(out_bytes);
          a.output = expected;
          ASSERT_EQ(static_cast<int>(depthwise_conv2d_s8_run_variant(ref, p, a, nullptr, 0)), static_cast<int>(Status::kOk));
          for (size_t i = 0; i < count; ++i) {
            if (!isa_runnable(table[i].isa) || !table[i].supports(p) || !rows_whole_call_in_place(table[i], p)) continue;
            const size_t work_bytes = rows_in_place_work_bytes(table[i], p, 1, table[i].scratch_bytes(p), 1);
            EXPECT_EQ(work_bytes, table[i].scratch_bytes(p));  // no output slots
            auto* buf = test::arena_alloc<int8_t>(n);
            auto* work = test::arena_alloc<uint8_t>(work_bytes);
            std::memcpy(buf, in, n);
            a.input = buf, a.output = buf;
            ASSERT_EQ(static_cast<int>(check_rows_in_place(table[i], p, a, depthwise_conv2d_s8_run_variant, 1, work, work_bytes)),
                      static_cast<int>(Status::kOk));
            ASSERT_EQ(static_cast<int>(run_rows_in_place(table[i], p, a, run_unchecked<DepthwiseConvParams, DepthwiseConvS8Args>,
                                                         1, work, work_bytes)),
                      static_cast<int>(Status::kOk));
            ASSERT_EQ(std::memcmp(buf, expected, out_bytes), 0);
            a.input = in;
            ++whole_calls;
          }
        }
      }
    }
  }
  cmnn::platform::print("depthwise ring: %d whole in-place calls equal .ref\n", whole_calls);
  if (isa_runnable(Isa::kDsp)) EXPECT_GT(whole_calls, 100);
}

TEST(RowsInPlace, Refusals) {
  DepthwiseConvParams p;
  p.input_h = p.input_w = 4;
  p.input_c = 2;
  p.ch_mult = 2;  // output rows twice as wide as input rows at stride 1: cannot run in place
  p.filter_h = p.filter_w = 3;
  p.pad_top = p.pad_left = 1;
  p.output_h = p.output_w = 4;
  EXPECT_EQ(rows_in_place_work_bytes(p, 1, 0, 1), size_t{0});
  p.ch_mult = 1;
  EXPECT_EQ(rows_in_place_work_bytes(p, 0, 0, 1), size_t{0});           // no rows per band
  EXPECT_EQ(rows_in_place_work_bytes(p, 1, 0, 1), size_t{16 + 16});  // two 1-row output slots (8 B -> 16); input is read in place
  EXPECT_EQ(rows_in_place_work_bytes(p, 4, 0, 1), size_t{32});       // one band: one slot of 4 rows
  int8_t in[32] = {}, other[32] = {};
  uint8_t work[64];
  DepthwiseConvS8Args a;
  a.input = in;
  a.output = other;  // not in place
  size_t count = 0;
  const DepthwiseConvS8Variant* table = depthwise_conv2d_s8_variants(&count);
  EXPECT_EQ(static_cast<int>(run_rows_in_place(table[count - 1], p, a, depthwise_conv2d_s8_run_variant, 1, work, sizeof work)),
            static_cast<int>(Status::kBadParameter));
  a.output = in;
  EXPECT_EQ(static_cast<int>(run_rows_in_place(table[count - 1], p, a, depthwise_conv2d_s8_run_variant, 1, work, 8)),
            static_cast<int>(Status::kScratchTooSmall));
  EXPECT_EQ(static_cast<int>(check_rows_in_place(table[count - 1], p, a, depthwise_conv2d_s8_run_variant, 1, work, 8)),
            static_cast<int>(Status::kScratchTooSmall));
  // No filter, no quantization arrays: the one-time check refuses what the checked run refuses.
  const Status checked = check_rows_in_place(table[count - 1], p, a, depthwise_conv2d_s8_run_variant, 1, work, sizeof work);
  EXPECT_NE(static_cast<int>(checked), static_cast<int>(Status::kOk));
  EXPECT_EQ(static_cast<int>(checked),
            static_cast<int>(run_rows_in_place(table[count - 1], p, a, depthwise_conv2d_s8_run_variant, 1, work, sizeof work)));
}
