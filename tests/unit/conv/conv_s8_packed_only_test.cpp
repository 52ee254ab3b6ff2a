// conv2d_s8 with Conv2dParams::packed_filter_only (include/cmnn/conv.h): the packed copy replaces
// the int8 filter. On a seeded sweep of packable shapes (1x1 direct and im2col, odd pixel counts so
// the lone last pixel runs, groups, padding, batches):
//   - each packed variant gives ref's bytes (ref run with the real filter) with a null filter and
//     with a decoy filter of other values (a read of the filter changes the bytes even where address
//     0 is readable, as on the QEMU boards);
//   - every other variant refuses (supports() false, run_variant kUnsupported), and so does the
//     entry point where no packed variant runs natively;
//   - init()'s one-time check (cmnn/checked_once.h) passes for the packed variants;
//   - packed_filter_only without has_packed_filter is kBadParameter, a null filter without
//     packed_filter_only kNullPointer.
#include <cstring>
#include <initializer_list>

#include "cmnn/checked_once.h"
#include "cmnn/conv.h"
#include "test.h"
#include "test_data.h"

using namespace cmnn;

namespace {

test::Xorshift32 g_rng(0x51ED270Bu);

void fill(int8_t* p, size_t n) {
  for (size_t i = 0; i < n; ++i) p[i] = static_cast<int8_t>(g_rng.pick(-128, 127));
}

// A random packable shape: half of them 1x1 without padding on a multiple of 4 channels (the
// direct path), odd output pixel counts often. False when the draw is not a valid conv.
bool random_packable(Conv2dParams* p) {
  const bool one = g_rng.pick(0, 1) == 1;
  p->groups = one || g_rng.pick(0, 3) != 0 ? 1 : 2;
  p->input_c = (one ? 4 * g_rng.pick(1, 6) : g_rng.pick(1, 9)) * p->groups;
  p->output_c = 2 * g_rng.pick(1, 5) * p->groups;
  p->batches = g_rng.pick(1, 2);
  p->filter_h = one ? 1 : g_rng.pick(1, 3);
  p->filter_w = one ? 1 : g_rng.pick(1, 3);
  p->stride_h = g_rng.pick(1, 2);
  p->stride_w = g_rng.pick(1, 2);
  p->input_h = g_rng.pick(1, 7);
  p->input_w = g_rng.pick(1, 7);
  p->pad_top = g_rng.pick(0, p->filter_h - 1);
  p->pad_left = g_rng.pick(0, p->filter_w - 1);
  const int32_t span_h = p->input_h + p->pad_top - (p->filter_h - 1), span_w = p->input_w + p->pad_left - (p->filter_w - 1);
  if (span_h <= 0 || span_w <= 0) return false;
  p->output_h = (span_h - 1) / p->stride_h + 1;
  p->output_w = (span_w - 1) / p->stride_w + 1;
  p->input_offset = g_rng.pick(-127, 128);
  p->output_offset = g_rng.pick(-128, 127);
  return conv2d_check_shape(*p) == Status::kOk && conv2d_s8_packed_count(*p) > 0;
}

}  // namespace

TEST(Conv2dS8PackedOnly, PackedVariantsNeedNoFilterOthersRefuse) {
  size_t count = 0;
  const Conv2dS8Variant* table = conv2d_s8_variants(&count);
  const Conv2dS8Variant* ref = conv2d_s8_find_variant("conv2d_s8.ref");
  ASSERT_TRUE(ref != nullptr);
  int cases = 0, packed_runs = 0, lone_pixel_1x1 = 0, refusals = 0;
  for (int draw = 0; draw < 400 && cases < 120; ++draw) {
    Conv2dParams p;
    if (!random_packable(&p)) continue;
    const size_t mark = test::arena_mark();
    const size_t in_n = static_cast<size_t>(p.batches) * p.input_h * p.input_w * p.input_c;
    const size_t out_n = static_cast<size_t>(p.batches) * p.output_h * p.output_w * p.output_c;
    const size_t w_n = static_cast<size_t>(p.output_c) * p.filter_h * p.filter_w * (p.input_c / p.groups);
    const size_t packed_n = conv2d_s8_packed_count(p);
    auto* input = test::arena_alloc<int8_t>(in_n);
    auto* filter = test::arena_alloc<int8_t>(w_n);
    auto* decoy = test::arena_alloc<int8_t>(w_n);
    auto* bias = test::arena_alloc<int32_t>(static_cast<size_t>(p.output_c));
    auto* mult = test::arena_alloc<int32_t>(static_cast<size_t>(p.output_c));
    auto* shift = test::arena_alloc<int32_t>(static_cast<size_t>(p.output_c));
    auto* expected = test::arena_alloc<int8_t>(out_n);
    auto* packed = test::arena_alloc<int16_t>(packed_n);
    ASSERT_TRUE(input && filter && decoy && bias && mult && shift && expected && packed);
    fill(input, in_n);
    fill(filter, w_n);
    for (size_t i = 0; i < w_n; ++i) decoy[i] = static_cast<int8_t>(filter[i] ^ 0x5A);
    for (int32_t c = 0; c < p.output_c; ++c) {
      bias[c] = g_rng.pick(-40000, 40000);
      mult[c] = g_rng.pick(1 << 30, INT32_MAX);
      shift[c] = g_rng.pick(-12, -5);
    }
    ASSERT_EQ(conv2d_s8_pack(p, filter, packed, packed_n), Status::kOk);
    Conv2dS8Args args{input, filter, bias, mult, shift, expected, packed};
    ASSERT_EQ(conv2d_s8_run_variant(*ref, p, args, nullptr, 0), Status::kOk);

    Conv2dParams q = p;
    q.has_packed_filter = true;
    q.packed_filter_only = true;
    bool native_packed = false;
    for (size_t i = 0; i < count; ++i) {
      const Conv2dS8Variant& v = table[i];
      const bool is_packed = std::strstr(v.id, ".packed.") != nullptr;
      uint8_t* out = test::guarded_alloc(out_n);
      ASSERT_TRUE(out != nullptr);
      if (!is_packed) {  // reads the int8 filter: must refuse, never run
        ASSERT_TRUE(!v.supports(q));
        Conv2dS8Args a = args;
        a.filter = nullptr;
        a.output = reinterpret_cast<int8_t*>(out);
        const size_t scratch_n = v.scratch_bytes(p);
        void* scratch = scratch_n > 0 ? test::arena_alloc_bytes(scratch_n) : nullptr;
        ASSERT_EQ(conv2d_s8_run_variant(v, q, a, scratch, scratch_n), Status::kUnsupported);
        ++refusals;
        continue;
      }
      if (!isa_runnable(v.isa) || !v.supports(q)) continue;
      native_packed = native_packed || isa_native(v.isa);
      const size_t scratch_n = v.scratch_bytes(q);
      uint8_t* scratch = test::guarded_alloc(scratch_n);
      ASSERT_TRUE(scratch != nullptr);
      for (const int8_t* f : {static_cast<const int8_t*>(decoy), static_cast<const int8_t*>(nullptr)}) {
        Conv2dS8Args a = args;
        a.filter = f;
        a.output = reinterpret_cast<int8_t*>(out);
        std::memset(out, 0, out_n);
        ASSERT_EQ(check_call(v, conv2d_s8_run_variant, q, a, scratch, scratch_n), Status::kOk);
        ASSERT_EQ(conv2d_s8_run_variant(v, q, a, scratch, scratch_n), Status::kOk);
        ASSERT_TRUE(test::guards_intact(out, out_n) && test::guards_intact(scratch, scratch_n));
        if (std::memcmp(out, expected, out_n) != 0) {
          platform::print("    %s (filter %s) differs from ref: in %dx%dx%d out %dx%dx%d f %dx%d s %d,%d pad %d,%d g %d b %d\n", v.id,
                          f == nullptr ? "null" : "decoy", static_cast<int>(p.input_h), static_cast<int>(p.input_w),
                          static_cast<int>(p.input_c), static_cast<int>(p.output_h), static_cast<int>(p.output_w),
                          static_cast<int>(p.output_c), static_cast<int>(p.filter_h), static_cast<int>(p.filter_w),
                          static_cast<int>(p.stride_h), static_cast<int>(p.stride_w), static_cast<int>(p.pad_top),
                          static_cast<int>(p.pad_left), static_cast<int>(p.groups), static_cast<int>(p.batches));
          ASSERT_BYTES_EQ(out, expected, out_n);
        }
        ++packed_runs;
      }
      const bool odd = (p.output_h * p.output_w) % 2 == 1;
      if (odd && p.filter_h == 1 && p.filter_w == 1 && p.input_c % 4 == 0 && std::strstr(v.id, "1x1") != nullptr) ++lone_pixel_1x1;
    }
    // The entry point: a packed variant where one runs natively, else a refusal (no fallback; the
    // host runs DSP variants by emulation only through run_variant).
    {
      const size_t need = conv2d_s8_scratch_bytes(q);
      uint8_t* out = test::guarded_alloc(out_n);
      void* scratch = need > 0 ? test::arena_alloc_bytes(need) : nullptr;
      Conv2dS8Args a = args;
      a.filter = nullptr;
      a.output = reinterpret_cast<int8_t*>(out);
      if (native_packed) {
        ASSERT_EQ(conv2d_s8(q, a, scratch, need), Status::kOk);
        ASSERT_BYTES_EQ(out, expected, out_n);
      } else {
        ASSERT_EQ(conv2d_s8(q, a, scratch, need), Status::kUnsupported);
      }
    }
    ++cases;
    test::arena_rewind(mark);
  }
  platform::print("    %d cases: %d packed runs without the filter (%d on the 1x1 lone last pixel), %d refusals\n", cases,
                  packed_runs, lone_pixel_1x1, refusals);
  EXPECT_GE(cases, 100);
  EXPECT_GT(refusals, cases);
#if !defined(CMNN_TARGET_CORTEX_M) || defined(__ARM_FEATURE_DSP)
  EXPECT_GT(packed_runs, 2 * cases);
  EXPECT_GT(lone_pixel_1x1, 5);
#endif
}

TEST(Conv2dS8PackedOnly, ContractChecks) {
  Conv2dParams p;
  p.input_h = p.input_w = 2, p.input_c = 4, p.output_h = p.output_w = 2, p.output_c = 2, p.filter_h = p.filter_w = 1;
  int8_t input[16] = {}, filter[8] = {}, output[8] = {};
  int32_t mult[2] = {1 << 30, 1 << 30}, shift[2] = {0, 0};
  int16_t packed[32] = {};
  ASSERT_EQ(conv2d_s8_packed_count(p), size_t{16});
  Conv2dS8Args a{input, nullptr, nullptr, mult, shift, output, packed};
  const Conv2dS8Variant* ref = conv2d_s8_find_variant("conv2d_s8.ref");
  ASSERT_TRUE(ref != nullptr);
  uint8_t scratch[512];
  // A null filter needs packed_filter_only.
  Conv2dParams q = p;
  q.has_packed_filter = true;
  EXPECT_EQ(conv2d_s8(q, a, scratch, sizeof scratch), Status::kNullPointer);
  // packed_filter_only needs the packed copy.
  q.has_packed_filter = false;
  q.packed_filter_only = true;
  EXPECT_EQ(conv2d_s8(q, a, scratch, sizeof scratch), Status::kBadParameter);
  EXPECT_EQ(conv2d_s8_run_variant(*ref, q, a, scratch, sizeof scratch), Status::kBadParameter);
  // With it, ref refuses even when given a filter.
  q.has_packed_filter = true;
  a.filter = filter;
  EXPECT_EQ(conv2d_s8_run_variant(*ref, q, a, scratch, sizeof scratch), Status::kUnsupported);
}
