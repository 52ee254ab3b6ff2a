// run_rows_fused (include/cmnn/rows_fused.h): two layers run band by band through a ring of middle
// rows must give exactly the bytes of the two layer-by-layer calls, for every pair of runnable
// variants (packed DSP convs included), random geometries (strides, padding, dilation) and bands of
// 1, 2 and 3 rows; the bytes past the output and past the work buffer stay untouched. The second
// layer may be a max or average pool (pooling fused into its producer), global pools included.
#include <cstring>
#include <initializer_list>

#include "arena.h"
#include "cmnn/rows_fused.h"
#include "test.h"
#include "test_data.h"
#include "random_layers.h"

using namespace cmnn;
using namespace cmnn::rows_test;

namespace {

// *global_runs counts the runs on whole-image pools (run_rows_into_pool's path).
template <typename L1, typename L2>
int sweep(uint32_t seed, int trials, int* global_runs = nullptr) {
  Rng r(seed);
  int checked = 0, global = 0;
  for (int t = 0; t < trials; ++t) {
    test::arena_reset();
    L1 l1;
    L2 l2;
    const int32_t h = r.range(1, 10), w = r.range(1, 7), c = r.range(1, 8);
    if (!l1.make(r, h, w, c, r.range(0, 1) == 1)) continue;
    if (!l2.make(r, l1.p.output_h, l1.p.output_w, l1.out_c(), r.range(0, 1) == 1)) continue;
    const size_t in_n = static_cast<size_t>(h) * w * c;
    const size_t mid_n = static_cast<size_t>(l1.p.output_h) * l1.p.output_w * l1.out_c();
    const size_t out_n = static_cast<size_t>(l2.p.output_h) * l2.p.output_w * l2.out_c();
    auto* in = test::arena_alloc<int8_t>(in_n);
    auto* mid = test::arena_alloc<int8_t>(mid_n);
    auto* ref = test::arena_alloc<int8_t>(out_n);
    auto* out = test::arena_alloc<int8_t>(out_n + 16);
    fill(r, in, in_n);
    size_t n1 = 0, n2 = 0;
    const auto* t1 = L1::table(&n1);
    const auto* t2 = L2::table(&n2);
    for (size_t i = 0; i < n1; ++i) {
      if (!isa_runnable(t1[i].isa) || !t1[i].supports(l1.p)) continue;
      for (size_t j = 0; j < n2; ++j) {
        if (!isa_runnable(t2[j].isa) || !t2[j].supports(l2.p)) continue;
        const size_t s1 = t1[i].scratch_bytes(l1.p), s2 = t2[j].scratch_bytes(l2.p);
        const size_t kernel = s1 > s2 ? s1 : s2;
        for (int32_t band : {int32_t{1}, int32_t{2}, int32_t{3}}) {
          // The compiler's check: every band's parameters supported, within the whole layer's scratch.
          const Status plan = rows_fused_walk(l1.p, l2.p, band, [&](const auto& s) {
            if (s.compute && (!t1[i].supports(s.q1) || t1[i].scratch_bytes(s.q1) > kernel)) return Status::kUnsupported;
            return t2[j].supports(s.q2) && t2[j].scratch_bytes(s.q2) <= kernel ? Status::kOk : Status::kUnsupported;
          });
          if (plan != Status::kOk) continue;
          if (rows_global_pool(l2.p)) {  // run_rows_into_pool runs the producer on bands of `band` rows
            bool ok = true;
            for (int32_t o0 = 0; o0 < l1.p.output_h; o0 += band) {
              int32_t first = 0;
              const auto q = rows_band_params(l1.p, o0, o0 + band < l1.p.output_h ? o0 + band : l1.p.output_h, &first);
              ok = ok && t1[i].supports(q) && t1[i].scratch_bytes(q) <= kernel;
            }
            if (!ok) continue;
            ++global;
          }
          auto* scratch = test::arena_alloc<uint8_t>(kernel + 1);
          auto a1 = l1.a;
          a1.input = in, a1.output = mid;
          auto a2 = l2.a;
          a2.input = mid, a2.output = ref;
          EXPECT_EQ(static_cast<int>(L1::run(t1[i], l1.p, a1, scratch, kernel)), 0);
          EXPECT_EQ(static_cast<int>(L2::run(t2[j], l2.p, a2, scratch, kernel)), 0);
          const size_t work_bytes = rows_fused_work_bytes(l1.p, l2.p, band, kernel, 1);
          auto* work = test::arena_alloc<uint8_t>(work_bytes + 16);
          std::memset(work, kGuard, work_bytes + 16);
          std::memset(out, kGuard, out_n + 16);
          a1.output = nullptr;
          a2.input = nullptr;
          a2.output = out;
          EXPECT_EQ(static_cast<int>(run_rows_fused(t1[i], l1.p, a1, L1::run, t2[j], l2.p, a2, L2::run, band, work, work_bytes)), 0);
          EXPECT_EQ(std::memcmp(out, ref, out_n), 0);
          for (size_t g = 0; g < 16; ++g) {
            EXPECT_EQ(static_cast<uint8_t>(out[out_n + g]), kGuard);
            EXPECT_EQ(work[work_bytes + g], kGuard);
          }
          ++checked;
        }
      }
    }
  }
  if (global_runs != nullptr) *global_runs = global;
  return checked;
}

// The sweeps must not be vacuous: a floor on the runs checked. A core without DSP (Cortex-M3) runs
// the portable variants only and checks the fewest (90 / 87 / 57 runs on M3; several hundred where
// DSP or MVE variants run too).
constexpr int kMinPairRuns = 50;
constexpr int kMinConvConvRuns = 30;
constexpr int kMinGlobalRuns = 10;  // whole-image pools: one geometry in four (M3: 45 / 30 / 24 / 48)

}  // namespace

TEST(RowsFused, ConvThenDepthwise) {
  const int n = sweep<Conv, Depthwise>(11, 60);
  cmnn::platform::print("conv -> depthwise: %d fused runs equal the layer-by-layer calls\n", n);
  EXPECT_GT(n, kMinPairRuns);
}

TEST(RowsFused, DepthwiseThenConv) {
  const int n = sweep<Depthwise, Conv>(12, 60);
  cmnn::platform::print("depthwise -> conv: %d fused runs equal the layer-by-layer calls\n", n);
  EXPECT_GT(n, kMinPairRuns);
}

TEST(RowsFused, ConvThenConv) {
  const int n = sweep<Conv, Conv>(13, 40);
  cmnn::platform::print("conv -> conv: %d fused runs equal the layer-by-layer calls\n", n);
  EXPECT_GT(n, kMinConvConvRuns);
}

TEST(RowsFused, Refusals) {
  DepthwiseConvParams p1, p2;
  p1.input_h = p1.input_w = 4, p1.input_c = 2, p1.filter_h = p1.filter_w = 1, p1.output_h = p1.output_w = 4;
  p2 = p1;
  p2.input_c = 3;  // does not chain
  EXPECT_EQ(rows_fused_work_bytes(p1, p2, 1, 0, 1), size_t{0});
  p2.input_c = 2;
  EXPECT_EQ(rows_fused_work_bytes(p1, p2, 1, 0, 1), size_t{16});  // one 8-byte row, aligned
  EXPECT_EQ(rows_fused_work_bytes(p1, p2, 0, 0, 1), size_t{0});
}

// Pooling fused into its producer: the pool reads only ring rows, its input never exists whole.
TEST(RowsFused, ConvThenMaxPool) {
  int global = 0;
  const int n = sweep<Conv, MaxPool>(21, 60, &global);
  cmnn::platform::print("conv -> max pool: %d fused runs equal the layer-by-layer calls (%d whole-image)\n", n, global);
  EXPECT_GT(n, kMinPairRuns);
  EXPECT_GT(global, kMinGlobalRuns);
}

TEST(RowsFused, ConvThenAvgPool) {
  int global = 0;
  const int n = sweep<Conv, AvgPool>(22, 60, &global);
  cmnn::platform::print("conv -> average pool: %d fused runs equal the layer-by-layer calls (%d whole-image)\n", n, global);
  EXPECT_GT(n, kMinPairRuns);
  EXPECT_GT(global, kMinGlobalRuns);
}

TEST(RowsFused, DepthwiseThenAvgPool) {
  int global = 0;
  const int n = sweep<Depthwise, AvgPool>(23, 60, &global);
  cmnn::platform::print("depthwise -> average pool: %d fused runs equal the layer-by-layer calls (%d whole-image)\n", n, global);
  EXPECT_GT(n, kMinPairRuns);
  EXPECT_GT(global, kMinGlobalRuns);
}

TEST(RowsFused, DepthwiseThenMaxPool) {
  int global = 0;
  const int n = sweep<Depthwise, MaxPool>(24, 60, &global);
  cmnn::platform::print("depthwise -> max pool: %d fused runs equal the layer-by-layer calls (%d whole-image)\n", n, global);
  EXPECT_GT(n, kMinPairRuns);
  EXPECT_GT(global, kMinGlobalRuns);
}

TEST(RowsFused, PoolRefusals) {
  Conv2dParams c;
  c.input_h = c.input_w = 4, c.input_c = 2, c.output_c = 3, c.filter_h = c.filter_w = 1, c.output_h = c.output_w = 4;
  PoolParams p;
  p.input_h = p.input_w = 4, p.channels = 2, p.filter_h = p.filter_w = 2, p.stride_h = p.stride_w = 2, p.output_h = p.output_w = 2;
  EXPECT_EQ(rows_fused_work_bytes(c, p, 1, 0, 1), size_t{0});  // 3 channels out, 2 pooled
  p.channels = 3;
  EXPECT_EQ(rows_fused_work_bytes(c, p, 1, 0, 1), size_t{32});  // a band reads two 12-byte rows, aligned
  p.filter_h = 4, p.stride_h = 1, p.output_h = 1;               // a whole-image window keeps every row
  EXPECT_EQ(rows_fused_work_bytes(c, p, 1, 0, 1), size_t{48});
  p.filter_w = 4, p.output_w = 1;  // a global pool: one band of 12 bytes + 3 int32 sums, each aligned
  EXPECT_EQ(rows_fused_work_bytes(c, p, 1, 0, 1), size_t{32});
  EXPECT_EQ(rows_fused_work_bytes(c, p, 1, 0, 2), size_t{0});  // int8 only
}
