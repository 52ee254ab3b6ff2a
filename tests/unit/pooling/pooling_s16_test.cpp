// int16 pooling: the Helium variants against the references on windows at the exactness limit
// of avgpool_s16.mve (256 positions; 258 and 361 are not supported and go to the reference) with
// extreme inputs, channel tails 1..7 after full vectors, border windows of other counts and
// guard bytes; one profiler region per native variant on a global-pool and a 3x3 shape
// (docs/measurement.md). The random-shape sweep is Pooling.VariantsMatchReference.
#include <cstring>

#include "cmnn/pooling.h"
#include "test.h"
#include "test_data.h"

using namespace cmnn;

namespace {
test::Xorshift32 g_pool16_rng(0x9016u);

PoolParams window_params(int32_t fh, int32_t fw, int32_t channels) {
  PoolParams p;
  p.input_h = fh + 2;
  p.input_w = fw + 1;
  p.channels = channels;
  p.filter_h = fh;
  p.filter_w = fw;
  p.stride_h = 2;
  p.stride_w = 1;
  p.pad_top = 1;
  p.pad_left = 1;
  p.output_h = (p.input_h + p.pad_top - 1) / p.stride_h + 1;
  p.output_w = (p.input_w + p.pad_left - 1) / p.stride_w + 1;
  p.activation_min = -32768;
  p.activation_max = 32767;
  return p;
}
// "<a> <b>" into out (truncated; no snprintf: newlib's pulls in the heap on the targets).
void region_name(char* out, size_t size, const char* a, const char* b) {
  size_t n = 0;
  for (const char* p = a; *p != '\0' && n + 1 < size; ++p) out[n++] = *p;
  if (n + 1 < size) out[n++] = ' ';
  for (const char* p = b; *p != '\0' && n + 1 < size; ++p) out[n++] = *p;
  out[n] = '\0';
}
}  // namespace

TEST(PoolingS16, LargeWindowsExtremeValues) {
  int compared = 0, mve_runs = 0;
  const int32_t shapes[][2] = {{16, 16}, {32, 8}, {2, 129}, {19, 19}, {3, 3}};
  const int32_t depths[] = {8, 13, 3, 24};
  for (const auto& f : shapes) {
    for (int fill = 0; fill < 3; ++fill) {
      for (int32_t channels : depths) {
        const size_t mark = test::arena_mark();
        PoolParams p = window_params(f[0], f[1], channels);
        if (fill == 2) p.activation_min = -1000, p.activation_max = 20000;
        const size_t in_n = static_cast<size_t>(p.input_h) * p.input_w * p.channels;
        const size_t out_n = static_cast<size_t>(p.output_h) * p.output_w * p.channels;
        int16_t* in = test::arena_alloc<int16_t>(in_n);
        ASSERT_TRUE(in != nullptr);
        for (size_t i = 0; i < in_n; ++i) {
          in[i] = static_cast<int16_t>(fill == 0 ? -32768 : fill == 1 ? 32767 : static_cast<int32_t>(g_pool16_rng.next()));
        }
        int16_t* want = test::arena_alloc<int16_t>(out_n);
        int16_t* got = test::guarded_array<int16_t>(out_n);
        for (int op = 0; op < 2; ++op) {
          size_t count = 0;
          const auto* table = op == 0 ? avgpool_s16_variants(&count) : maxpool_s16_variants(&count);
          auto run = op == 0 ? avgpool_s16_run_variant : maxpool_s16_run_variant;
          ASSERT_EQ(run(table[count - 1], p, PoolArgs<int16_t>{in, want}, nullptr, 0), Status::kOk);
          for (size_t v = 0; v + 1 < count; ++v) {
            if (!isa_runnable(table[v].isa) || !table[v].supports(p)) continue;
            std::memset(got, 0x77, out_n * 2);
            EXPECT_EQ(run(table[v], p, PoolArgs<int16_t>{in, got}, nullptr, 0), Status::kOk);
            EXPECT_BYTES_EQ(got, want, out_n * 2);
            EXPECT_TRUE(test::guards_intact(got, out_n));
            ++compared;
            if (table[v].isa == Isa::kMve) ++mve_runs;
          }
        }
        test::arena_rewind(mark);
        if (test::current_failed()) return;
      }
    }
  }
  platform::print("  compared: %d runs (%d mve)\n", compared, mve_runs);
  // avgpool_s16.mve skips the 2x129 and 19x19 windows (3 fills x 4 depths each).
  if (isa_runnable(Isa::kMve)) EXPECT_EQ(mve_runs, 5 * 3 * 4 * 2 - 2 * 3 * 4);
}

// Not a check of speed: regions for cmnn-prof (docs/variants.md's int16 pooling figures).
TEST(PoolingS16, ProfileRegions) {
  struct Shape {
    const char* name;
    int32_t h, w, c, f, stride, pad;
  };
  const Shape shapes[] = {{"8x8x64 global", 8, 8, 64, 8, 1, 0}, {"16x16x32 3x3 s2", 16, 16, 32, 3, 2, 1}};
  for (const Shape& s : shapes) {
    const size_t mark = test::arena_mark();
    PoolParams p;
    p.input_h = s.h, p.input_w = s.w, p.channels = s.c;
    p.filter_h = p.filter_w = s.f;
    p.stride_h = p.stride_w = s.stride;
    p.pad_top = p.pad_left = s.pad;
    p.output_h = (s.h + s.pad - s.f + s.pad) / s.stride + 1;
    p.output_w = p.output_h;
    p.activation_min = -32768, p.activation_max = 32767;
    const size_t in_n = static_cast<size_t>(s.h) * s.w * s.c;
    const size_t out_n = static_cast<size_t>(p.output_h) * p.output_w * s.c;
    int16_t* in = test::arena_alloc<int16_t>(in_n);
    int16_t* out = test::arena_alloc<int16_t>(out_n);
    int16_t* first = test::arena_alloc<int16_t>(out_n);
    ASSERT_TRUE(in != nullptr && out != nullptr && first != nullptr);
    for (size_t i = 0; i < in_n; ++i) in[i] = static_cast<int16_t>(g_pool16_rng.next());
    for (int op = 0; op < 2; ++op) {
      size_t count = 0;
      const auto* table = op == 0 ? avgpool_s16_variants(&count) : maxpool_s16_variants(&count);
      auto run = op == 0 ? avgpool_s16_run_variant : maxpool_s16_run_variant;
      int ran = 0;
      for (size_t v = 0; v < count; ++v) {
        if (!isa_native(table[v].isa) || !table[v].supports(p)) continue;
        char name[96];
        region_name(name, sizeof name, table[v].id, s.name);
        platform::profile_begin(name);
        const Status st = run(table[v], p, PoolArgs<int16_t>{in, out}, nullptr, 0);
        platform::profile_end();
        ASSERT_EQ(st, Status::kOk);
        if (ran++ == 0) std::memcpy(first, out, out_n * 2);
        else EXPECT_BYTES_EQ(out, first, out_n * 2);
      }
      EXPECT_GT(ran, 0);
    }
    test::arena_rewind(mark);
  }
}
