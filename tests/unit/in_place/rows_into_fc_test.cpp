// run_rows_into_fc (include/cmnn/rows_into_fc.h): a conv or depthwise layer run band by band into
// the accumulators of the fully connected layer that reads its whole output must give exactly the
// bytes of the layer-by-layer calls (producer, then fully_connected_s8.ref), for every runnable
// producer variant, random geometries, FC offsets and per-channel/per-tensor requantization, and
// bands of 1, 2, 3 and all rows; the bytes past the output and past the work buffer stay untouched.
#include <cstring>
#include <initializer_list>

#include "arena.h"
#include "cmnn/rows_into_fc.h"
#include "random_layers.h"
#include "test.h"
#include "test_data.h"

using namespace cmnn;
using namespace cmnn::rows_test;

namespace {

const FullyConnectedS8Variant& fc_reference() { return *fully_connected_s8_find_variant("fully_connected_s8.ref"); }

template <typename L1>
int sweep(uint32_t seed, int trials) {
  Rng r(seed);
  int checked = 0;
  for (int t = 0; t < trials; ++t) {
    test::arena_reset();
    L1 l1;
    const int32_t h = r.range(1, 10), w = r.range(1, 7), c = r.range(1, 8);
    if (!l1.make(r, h, w, c, r.range(0, 1) == 1)) continue;
    const size_t in_n = static_cast<size_t>(h) * w * c;
    const size_t mid_n = static_cast<size_t>(l1.p.output_h) * l1.p.output_w * l1.out_c();
    FullyConnectedParams fc;
    fc.input_depth = static_cast<int32_t>(mid_n);
    fc.output_depth = r.range(1, 9);
    fc.input_offset = r.range(-127, 128);
    fc.filter_offset = r.range(0, 3) == 0 ? r.range(-127, 128) : 0;
    fc.output_offset = r.range(-128, 127);
    fc.per_channel = r.range(0, 1) == 1;
    if (r.range(0, 2) == 0) fc.activation_min = r.range(-128, 0), fc.activation_max = r.range(0, 127);
    FullyConnectedS8Args fa;
    auto* weights = test::arena_alloc<int8_t>(mid_n * static_cast<size_t>(fc.output_depth));
    fill(r, weights, mid_n * static_cast<size_t>(fc.output_depth));
    const int32_t nq = fc.per_channel ? fc.output_depth : 1;
    fa.weights = weights, fa.multiplier = quant(r, nq, 0), fa.shift = quant(r, nq, 1);
    fa.bias = r.range(0, 3) == 0 ? nullptr : quant(r, fc.output_depth, 2);
    const size_t out_n = static_cast<size_t>(fc.output_depth);
    auto* in = test::arena_alloc<int8_t>(in_n);
    auto* mid = test::arena_alloc<int8_t>(mid_n);
    auto* ref = test::arena_alloc<int8_t>(out_n);
    auto* out = test::arena_alloc<int8_t>(out_n + 16);
    fill(r, in, in_n);
    size_t n1 = 0;
    const auto* t1 = L1::table(&n1);
    for (size_t i = 0; i < n1; ++i) {
      if (!isa_runnable(t1[i].isa) || !t1[i].supports(l1.p)) continue;
      const size_t kernel = t1[i].scratch_bytes(l1.p);
      auto* scratch = test::arena_alloc<uint8_t>(kernel + 1);
      auto a1 = l1.a;
      a1.input = in, a1.output = mid;
      EXPECT_EQ(static_cast<int>(L1::run(t1[i], l1.p, a1, scratch, kernel)), 0);
      FullyConnectedS8Args fr = fa;
      fr.input = mid, fr.output = ref;
      EXPECT_EQ(static_cast<int>(fully_connected_s8_run_variant(fc_reference(), fc, fr, nullptr, 0)), 0);
      for (int32_t band : {int32_t{1}, int32_t{2}, int32_t{3}, l1.p.output_h}) {
        // The compiler's check: every band's parameters supported, within the whole layer's scratch.
        bool ok = true;
        for (int32_t o0 = 0; o0 < l1.p.output_h; o0 += band) {
          int32_t first = 0;
          const auto q = rows_band_params(l1.p, o0, o0 + band < l1.p.output_h ? o0 + band : l1.p.output_h, &first);
          ok = ok && t1[i].supports(q) && t1[i].scratch_bytes(q) <= kernel;
        }
        if (!ok) continue;
        const size_t work_bytes = rows_into_fc_work_bytes(l1.p, fc, band, kernel);
        EXPECT_GT(work_bytes, size_t{0});
        auto* work = test::arena_alloc<uint8_t>(work_bytes + 16);
        std::memset(work, kGuard, work_bytes + 16);
        std::memset(out, kGuard, out_n + 16);
        auto a2 = l1.a;
        a2.input = in, a2.output = nullptr;
        FullyConnectedS8Args ff = fa;
        ff.output = out;
        EXPECT_EQ(static_cast<int>(run_rows_into_fc(t1[i], l1.p, a2, L1::run, fc, ff, band, work, work_bytes)), 0);
        EXPECT_EQ(std::memcmp(out, ref, out_n), 0);
        for (size_t g = 0; g < 16; ++g) {
          EXPECT_EQ(static_cast<uint8_t>(out[out_n + g]), kGuard);
          EXPECT_EQ(work[work_bytes + g], kGuard);
        }
        ++checked;
      }
    }
  }
  return checked;
}

// Not vacuous: a floor on the runs checked, which the portable variants alone (Cortex-M3) reach.
constexpr int kMinRuns = 60;

}  // namespace

TEST(RowsIntoFc, ConvThenFc) {
  const int n = sweep<Conv>(21, 60);
  cmnn::platform::print("conv -> fully connected: %d fused runs equal the layer-by-layer calls\n", n);
  EXPECT_GT(n, kMinRuns);
}

TEST(RowsIntoFc, DepthwiseThenFc) {
  const int n = sweep<Depthwise>(22, 60);
  cmnn::platform::print("depthwise -> fully connected: %d fused runs equal the layer-by-layer calls\n", n);
  EXPECT_GT(n, kMinRuns);
}

// The .dsp depthwise variants with their weight records made offline (has_prepared_records, as the
// compiler emits them into flash) give the bytes of the same variant building them in scratch, need
// less scratch, and refuse a missing records pointer.
TEST(RowsIntoFc, DepthwiseRecordsInFlash) {
  Rng r(23);
  int checked = 0;
  for (int t = 0; t < 80; ++t) {
    test::arena_reset();
    Depthwise l;
    const int32_t h = r.range(1, 10), w = r.range(1, 7), c = r.range(1, 8);
    if (!l.make(r, h, w, c, false)) continue;
    if (r.range(0, 1) == 1) l.p.ch_mult = 4 * r.range(1, 2);  // groups of 4 shared channels (micro_speech: 8)
    const size_t in_n = static_cast<size_t>(h) * w * c, out_n = static_cast<size_t>(l.p.output_h) * l.p.output_w * l.out_c();
    auto* f = test::arena_alloc<int8_t>(static_cast<size_t>(l.p.filter_h) * l.p.filter_w * l.out_c());
    fill(r, f, static_cast<size_t>(l.p.filter_h) * l.p.filter_w * l.out_c());
    l.a.filter = f, l.a.output_multiplier = quant(r, l.out_c(), 0), l.a.output_shift = quant(r, l.out_c(), 1);
    l.a.bias = quant(r, l.out_c(), 2);
    auto* in = test::arena_alloc<int8_t>(in_n);
    auto* ref = test::arena_alloc<int8_t>(out_n);
    auto* out = test::arena_alloc<int8_t>(out_n + 16);
    fill(r, in, in_n);
    for (const char* id : {"depthwise_s8.dsp", "depthwise_s8.3x3.dsp"}) {
      const DepthwiseConvS8Variant* v = depthwise_conv2d_s8_find_variant(id);
      if (v == nullptr || !isa_runnable(v->isa) || !v->supports(l.p)) continue;
      const size_t kernel = v->scratch_bytes(l.p);
      auto* scratch = test::arena_alloc<uint8_t>(kernel + 16);
      auto a = l.a;
      a.input = in, a.output = ref;
      EXPECT_EQ(static_cast<int>(depthwise_conv2d_s8_run_variant(*v, l.p, a, scratch, kernel)), 0);
      const size_t words = depthwise_conv2d_s8_dsp_record_words(l.p);
      auto* records = test::arena_alloc<int32_t>(words + 1);  // +1: a non-null pointer when there are none
      EXPECT_EQ(static_cast<int>(depthwise_conv2d_s8_dsp_records(l.p, a, records, words)), 0);
      DepthwiseConvParams q = l.p;
      q.has_prepared_records = true;
      const size_t small = v->scratch_bytes(q);
      if (words > 0) EXPECT_LT(small, kernel);  // no group of 4 channels: no records anywhere
      a.output = out;
      EXPECT_EQ(static_cast<int>(depthwise_conv2d_s8_run_variant(*v, q, a, scratch, small)), static_cast<int>(Status::kNullPointer));
      a.prepared_records = records;
      std::memset(out, kGuard, out_n + 16);
      std::memset(scratch, kGuard, kernel + 16);
      EXPECT_EQ(static_cast<int>(depthwise_conv2d_s8_run_variant(*v, q, a, scratch, small)), 0);
      EXPECT_EQ(std::memcmp(out, ref, out_n), 0);
      for (size_t g = 0; g < 16; ++g) {
        EXPECT_EQ(static_cast<uint8_t>(out[out_n + g]), kGuard);
        EXPECT_EQ(scratch[small + g], kGuard);
      }
      ++checked;
    }
  }
  cmnn::platform::print("depthwise .dsp with records made offline: %d runs equal the records in scratch\n", checked);
#if defined(__ARM_FEATURE_DSP) || !defined(__arm__)
  EXPECT_GT(checked, 30);  // the .dsp variants run here (natively or through the emulation)
#endif
}

// The partial sums in any split equal one whole part; bad ranges and shapes are refused.
TEST(RowsIntoFc, PartialSumsAndRefusals) {
  test::arena_reset();
  FullyConnectedParams p;
  p.input_depth = 7, p.output_depth = 5, p.input_offset = 3, p.filter_offset = -2;
  int8_t in[7] = {1, -2, 3, -128, 127, 0, 9};
  int8_t w[35];
  for (int i = 0; i < 35; ++i) w[i] = static_cast<int8_t>(i * 7 - 100);
  const int32_t bias[5] = {10, -20, 30, -40, 50}, mult[1] = {1 << 30}, shift[1] = {0};
  FullyConnectedS8Args a;
  a.weights = w, a.bias = bias, a.multiplier = mult, a.shift = shift;
  int32_t whole[5], split[5];
  EXPECT_EQ(static_cast<int>(fully_connected_s8_partial_begin(p, a, whole)), 0);
  EXPECT_EQ(static_cast<int>(fully_connected_s8_partial_add(p, a, in, 0, 7, whole)), 0);
  EXPECT_EQ(static_cast<int>(fully_connected_s8_partial_begin(p, a, split)), 0);
  EXPECT_EQ(static_cast<int>(fully_connected_s8_partial_add(p, a, in + 4, 4, 3, split)), 0);
  EXPECT_EQ(static_cast<int>(fully_connected_s8_partial_add(p, a, in, 0, 4, split)), 0);
  for (int o = 0; o < 5; ++o) {
    int32_t expect = bias[o];
    for (int k = 0; k < 7; ++k) expect += (in[k] + 3) * (w[o * 7 + k] - 2);
    EXPECT_EQ(whole[o], expect);
    EXPECT_EQ(split[o], expect);
  }
  EXPECT_EQ(static_cast<int>(fully_connected_s8_partial_add(p, a, in, 5, 3, split)), static_cast<int>(Status::kBadShape));
  EXPECT_EQ(static_cast<int>(fully_connected_s8_partial_add(p, a, in, -1, 1, split)), static_cast<int>(Status::kBadShape));
  EXPECT_EQ(static_cast<int>(fully_connected_s8_partial_finish(p, a, split)), static_cast<int>(Status::kNullPointer));
  p.batches = 2;
  EXPECT_EQ(static_cast<int>(fully_connected_s8_partial_begin(p, a, split)), static_cast<int>(Status::kBadShape));
  DepthwiseConvParams d;
  d.input_h = d.input_w = 4, d.input_c = 2, d.filter_h = d.filter_w = 1, d.output_h = d.output_w = 4;
  FullyConnectedParams f;
  f.output_depth = 3, f.input_depth = 31;  // not the producer's 32 outputs
  EXPECT_EQ(rows_into_fc_work_bytes(d, f, 1, 0), size_t{0});
  f.input_depth = 32;
  EXPECT_EQ(rows_into_fc_work_bytes(d, f, 1, 0), size_t{32});  // one 8-byte row and 12 bytes of sums, each aligned
}
