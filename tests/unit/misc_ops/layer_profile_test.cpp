// The MLPerf Tiny layers that ../shared/bench/anchors.md measures for CMSIS-NN (ic_resnet8 add
// 32x32x16, avgpool 8x8x64 -> 1x1, softmax 1x10), one profiler region per variant: run under
// QEMU with the instruction-count plugin to compare. Also checks the variants agree.
#include "cmnn/elementwise.h"
#include "cmnn/pooling.h"
#include "cmnn/softmax.h"
#include "test.h"

using namespace cmnn;

TEST(LayerProfile, ResnetAddAvgpoolSoftmax) {
  constexpr int32_t kN = 32 * 32 * 16;
  int8_t* x = test::arena_alloc<int8_t>(kN);
  int8_t* y = test::arena_alloc<int8_t>(kN);
  int8_t* out = test::arena_alloc<int8_t>(kN);
  int8_t* first = test::arena_alloc<int8_t>(kN);
  void* scratch = test::arena_alloc<uint8_t>(2048);
  for (int32_t i = 0; i < kN; ++i) {
    x[i] = static_cast<int8_t>(i * 37);
    y[i] = static_cast<int8_t>(i * 11 + 5);
  }
  AddParams a;
  a.size = kN;
  a.input1_offset = 3;
  a.input2_offset = -10;
  a.input1_multiplier = 1518500250;
  a.input2_multiplier = 1073741824;
  a.input1_shift = -1;
  a.output_multiplier = 1395864371;
  a.output_shift = -19;
  a.output_offset = -4;
  size_t count = 0;
  const auto* adds = add_s8_variants(&count);
  int ran = 0;
  for (size_t v = 0; v < count; ++v) {
    if (!isa_native(adds[v].isa)) continue;
    platform::profile_begin(adds[v].id);
    const Status s = add_s8_run_variant(adds[v], a, BinaryArgs<int8_t>{x, y, ran == 0 ? first : out}, scratch, 2048);
    platform::profile_end();
    ASSERT_EQ(s, Status::kOk);
    if (ran++ > 0) EXPECT_BYTES_EQ(out, first, kN);
  }
  PoolParams p;
  p.input_h = p.input_w = 8;
  p.channels = 64;
  p.filter_h = p.filter_w = 8;
  p.stride_h = p.stride_w = 8;
  p.output_h = p.output_w = 1;
  const auto* pools = avgpool_s8_variants(&count);
  for (size_t v = 0; v < count; ++v) {
    if (!isa_native(pools[v].isa)) continue;
    platform::profile_begin(pools[v].id);
    const Status s = avgpool_s8_run_variant(pools[v], p, PoolArgs<int8_t>{x, out + 64 * v}, nullptr, 0);
    platform::profile_end();
    ASSERT_EQ(s, Status::kOk);
  }
  SoftmaxParams sp;
  sp.row_size = 10;
  sp.input_multiplier = 1077952640;
  sp.input_left_shift = 19;
  sp.diff_min = -3968;
  platform::profile_begin("softmax_s8.ref");
  ASSERT_EQ(softmax_s8(sp, SoftmaxS8Args{x, out}, nullptr, 0), Status::kOk);
  platform::profile_end();
  platform::print("  %d add variants agree on %d elements\n", ran, static_cast<int>(kN));
}
