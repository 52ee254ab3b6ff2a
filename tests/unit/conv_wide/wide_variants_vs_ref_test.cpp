// conv2d_s16 and fully_connected_s16: every variant (and the entry point) must equal the op's own
// ".ref" variant byte for byte, on random 16x8 cases pushed to the edges the other sweeps avoid:
// full int16 inputs and int8 weights (-128 included), depths beyond the dsp's 256-channel int32
// chunk, Q31 multipliers from 0 to 2^31-1 and every shift in [-31, 30], and all three bias kinds: int32 (TFLM's int16xint8xint32: int32 accumulator, wrapping, 32-bit requantize),
// int64 (int64 accumulator) and none. The int32 biases span the whole int32 range so that
// accumulator + bias wraps.
#include <cstring>

#include "cmnn/conv_s16.h"
#include "cmnn/conv_s4.h"
#include "cmnn/fully_connected_s16.h"
#include "cmnn/fully_connected_s4.h"
#include "test.h"
#include "test_data.h"

using namespace cmnn;

namespace {

test::Xorshift32 g_rng(0x5EED16u);
int32_t pick(int32_t lo, int32_t hi) { return g_rng.pick(lo, hi); }

int32_t random_multiplier() {
  switch (pick(0, 5)) {
    case 0: return 0;
    case 1: return INT32_MAX;
    case 2: return 1 << 30;
    case 3: return pick(0, INT32_MAX);
    default: return pick(1 << 30, INT32_MAX);  // QuantizeMultiplier's range
  }
}

int32_t random_shift() { return pick(0, 2) == 0 ? pick(-31, 30) : pick(-24, 2); }

int16_t random_input() {
  const int32_t r = pick(0, 9);
  return static_cast<int16_t>(r == 0 ? -32768 : r == 1 ? 32767 : pick(-32768, 32767));
}

int8_t random_weight() {
  const int32_t r = pick(0, 9);
  return static_cast<int8_t>(r == 0 ? -128 : r == 1 ? 127 : pick(-128, 127));
}

template <typename Variant>
int find_ref(const Variant* table, size_t count) {
  for (size_t v = 0; v < count; ++v) {
    if (std::strstr(table[v].id, ".ref") != nullptr) return static_cast<int>(v);
  }
  return -1;
}

}  // namespace

TEST(Conv2dS16, EveryVariantEqualsRefAtTheEdges) {
  size_t count = 0;
  const Conv2dS16Variant* table = conv2d_s16_variants(&count);
  const int ref = find_ref(table, count);
  ASSERT_GE(ref, 0);
  int cases = 0, runs = 0, by_kind[3] = {0, 0, 0};
  for (int draw = 0; draw < 1000 && cases < 240; ++draw) {
    Conv2dParams p;
    p.groups = pick(0, 3) == 0 ? 2 : 1;
    // One case in four is deep (crosses the dsp's 256-channel chunk); the rest are small.
    const bool deep = pick(0, 3) == 0;
    p.input_c = (deep ? pick(200, 600) : pick(1, 24)) * p.groups;
    p.output_c = pick(1, deep ? 3 : 6) * p.groups;
    p.batches = pick(1, 2);
    p.filter_h = pick(1, 3);
    p.filter_w = pick(1, 3);
    p.stride_h = pick(1, 2);
    p.stride_w = pick(1, 2);
    p.dilation_h = pick(1, 2);
    p.dilation_w = pick(1, 2);
    p.input_h = pick(1, deep ? 3 : 6);
    p.input_w = pick(1, deep ? 3 : 6);
    const int32_t eh = (p.filter_h - 1) * p.dilation_h, ew = (p.filter_w - 1) * p.dilation_w;
    p.pad_top = pick(0, eh);
    p.pad_left = pick(0, ew);
    const int32_t sh = p.input_h + p.pad_top + pick(0, eh) - eh, sw = p.input_w + p.pad_left + pick(0, ew) - ew;
    if (sh <= 0 || sw <= 0) continue;
    p.output_h = (sh - 1) / p.stride_h + 1;
    p.output_w = (sw - 1) / p.stride_w + 1;
    if (conv2d_check_shape(p) != Status::kOk) continue;
    p.activation_min = pick(0, 2) != 0 ? INT16_MIN : pick(-32768, 0);
    p.activation_max = pick(0, 2) != 0 ? INT16_MAX : pick(p.activation_min, 32767);
    const int bias_kind = cases % 3;  // 0: int32 (int16xint8xint32), 1: int64, 2: none

    const size_t mark = test::arena_mark();
    const auto in_n = static_cast<size_t>(p.batches) * p.input_h * p.input_w * p.input_c;
    const auto out_n = static_cast<size_t>(p.batches) * p.output_h * p.output_w * p.output_c;
    const auto w_n = static_cast<size_t>(p.output_c) * p.filter_h * p.filter_w * (p.input_c / p.groups);
    const auto oc_n = static_cast<size_t>(p.output_c);
    auto* in = test::arena_alloc<int16_t>(in_n);
    auto* w = test::arena_alloc<int8_t>(w_n);
    auto* b32 = test::arena_alloc<int32_t>(oc_n);
    auto* b64 = test::arena_alloc<int64_t>(oc_n);
    auto* mult = test::arena_alloc<int32_t>(oc_n);
    auto* shift = test::arena_alloc<int32_t>(oc_n);
    auto* expected = test::arena_alloc<int16_t>(out_n);
    ASSERT_TRUE(in && w && b32 && b64 && mult && shift && expected);
    for (size_t i = 0; i < in_n; ++i) in[i] = random_input();
    for (size_t i = 0; i < w_n; ++i) w[i] = random_weight();
    for (size_t i = 0; i < oc_n; ++i) {
      const int32_t r = pick(0, 3);
      b32[i] = r == 0 ? static_cast<int32_t>(g_rng.next()) : r == 1 ? (pick(0, 1) ? INT32_MAX : INT32_MIN)
                                                                    : pick(-4000000, 4000000);
      b64[i] = int64_t{static_cast<int32_t>(g_rng.next())} * pick(1, 1000);
      mult[i] = random_multiplier();
      shift[i] = random_shift();
    }
    Conv2dS16Args a{in, w, bias_kind == 1 ? b64 : nullptr, bias_kind == 0 ? b32 : nullptr, mult, shift, expected};
    ASSERT_EQ(conv2d_s16_run_variant(table[ref], p, a, nullptr, 0), Status::kOk);
    for (size_t v = 0; v <= count; ++v) {  // v == count: the entry point
      if (v == static_cast<size_t>(ref)) continue;
      if (v < count && (!isa_runnable(table[v].isa) || !table[v].supports(p))) continue;
      const size_t scratch_n = v < count ? table[v].scratch_bytes(p) : conv2d_s16_scratch_bytes(p);
      uint8_t* out = test::guarded_alloc(out_n * 2);
      uint8_t* scratch = test::guarded_alloc(scratch_n);
      ASSERT_TRUE(out && scratch);
      a.output = reinterpret_cast<int16_t*>(out);
      const Status s = v < count ? conv2d_s16_run_variant(table[v], p, a, scratch, scratch_n)
                                 : conv2d_s16(p, a, scratch, scratch_n);
      ASSERT_EQ(s, Status::kOk);
      ASSERT_TRUE(test::guards_intact(out, out_n * 2) && test::guards_intact(scratch, scratch_n));
      ASSERT_BYTES_EQ(out, expected, out_n * 2);
      ++runs;
    }
    ++by_kind[bias_kind];
    ++cases;
    test::arena_rewind(mark);
  }
  platform::print("    %d cases (%d int32 bias, %d int64 bias, %d none), %d variant/entry runs equal to %s\n", cases,
                  by_kind[0], by_kind[1], by_kind[2], runs, table[ref].id);
  EXPECT_GE(cases, 200);
}

TEST(FullyConnectedS16, EveryVariantEqualsRefAtTheEdges) {
  size_t count = 0;
  const FullyConnectedS16Variant* table = fully_connected_s16_variants(&count);
  const int ref = find_ref(table, count);
  ASSERT_GE(ref, 0);
  int cases = 0, runs = 0, by_kind[3] = {0, 0, 0};
  for (; cases < 240; ++cases) {
    FullyConnectedParams p;
    const int bias_kind = cases % 3;  // 0: int32 (int32 accumulator), 1: int64, 2: none
    p.batches = pick(1, 3);
    p.input_depth = pick(0, 3) == 0 ? pick(200, 1100) : pick(1, 40);
    p.output_depth = pick(1, 9);
    p.per_channel = pick(0, 1) != 0;
    p.activation_min = pick(0, 2) != 0 ? INT16_MIN : pick(-32768, 0);
    p.activation_max = pick(0, 2) != 0 ? INT16_MAX : pick(p.activation_min, 32767);
    const size_t mark = test::arena_mark();
    const auto in_n = static_cast<size_t>(p.batches) * p.input_depth;
    const auto out_n = static_cast<size_t>(p.batches) * p.output_depth;
    const auto w_n = static_cast<size_t>(p.input_depth) * p.output_depth;
    const auto oc_n = static_cast<size_t>(p.output_depth);
    auto* in = test::arena_alloc<int16_t>(in_n);
    auto* w = test::arena_alloc<int8_t>(w_n);
    auto* b32 = test::arena_alloc<int32_t>(oc_n);
    auto* b64 = test::arena_alloc<int64_t>(oc_n);
    auto* mult = test::arena_alloc<int32_t>(oc_n);
    auto* shift = test::arena_alloc<int32_t>(oc_n);
    auto* expected = test::arena_alloc<int16_t>(out_n);
    ASSERT_TRUE(in && w && b32 && b64 && mult && shift && expected);
    for (size_t i = 0; i < in_n; ++i) in[i] = random_input();
    for (size_t i = 0; i < w_n; ++i) w[i] = random_weight();
    for (size_t i = 0; i < oc_n; ++i) {
      const int32_t r = pick(0, 3);
      b32[i] = r == 0 ? static_cast<int32_t>(g_rng.next()) : r == 1 ? (pick(0, 1) ? INT32_MAX : INT32_MIN)
                                                                    : pick(-4000000, 4000000);
      b64[i] = int64_t{static_cast<int32_t>(g_rng.next())} * pick(1, 1000);
      mult[i] = random_multiplier();
      shift[i] = random_shift();
    }
    FullyConnectedS16Args a{in, w, bias_kind == 1 ? b64 : nullptr, bias_kind == 0 ? b32 : nullptr, mult, shift, expected};
    ASSERT_EQ(fully_connected_s16_run_variant(table[ref], p, a, nullptr, 0), Status::kOk);
    for (size_t v = 0; v <= count; ++v) {
      if (v == static_cast<size_t>(ref)) continue;
      if (v < count && (!isa_runnable(table[v].isa) || !table[v].supports(p))) continue;
      const size_t scratch_n = v < count ? table[v].scratch_bytes(p) : fully_connected_s16_scratch_bytes(p);
      uint8_t* out = test::guarded_alloc(out_n * 2);
      uint8_t* scratch = test::guarded_alloc(scratch_n);
      ASSERT_TRUE(out && scratch);
      a.output = reinterpret_cast<int16_t*>(out);
      const Status s = v < count ? fully_connected_s16_run_variant(table[v], p, a, scratch, scratch_n)
                                 : fully_connected_s16(p, a, scratch, scratch_n);
      ASSERT_EQ(s, Status::kOk);
      ASSERT_TRUE(test::guards_intact(out, out_n * 2) && test::guards_intact(scratch, scratch_n));
      ASSERT_BYTES_EQ(out, expected, out_n * 2);
      ++runs;
    }
    ++by_kind[bias_kind];
    test::arena_rewind(mark);
  }
  platform::print("    %d cases (%d int32 bias, %d int64 bias, %d none), %d variant/entry runs equal to %s\n", cases,
                  by_kind[0], by_kind[1], by_kind[2], runs, table[ref].id);
}

// "a b" into out (no snprintf: newlib's pulls in the heap, which target images must not link).
static void join_name(char* out, size_t size, const char* a, const char* b) {
  size_t n = 0;
  for (const char* q = a; *q != '\0' && n + 1 < size; ++q) out[n++] = *q;
  if (n + 1 < size) out[n++] = ' ';
  for (const char* q = b; *q != '\0' && n + 1 < size; ++q) out[n++] = *q;
  out[n] = '\0';
}

// Not a check of speed: one profile region per native conv2d_s16 variant and shape for cmnn-prof
// (docs/variants.md's conv2d_s16 figures); the outputs of all variants must be equal.
TEST(Conv2dS16, ProfileRegions) {
  struct Shape {
    const char* name;
    int32_t hw, c_in, c_out, f;
  };
  const Shape shapes[] = {{"16x16x16 3x3 -> 16", 16, 16, 16, 3}, {"8x8x64 1x1 -> 64", 8, 64, 64, 1},
                          {"16x16x3 3x3 -> 8", 16, 3, 8, 3}};
  size_t count = 0;
  const Conv2dS16Variant* table = conv2d_s16_variants(&count);
  for (const Shape& s : shapes) {
    const size_t mark = test::arena_mark();
    Conv2dParams p;
    p.input_h = p.input_w = p.output_h = p.output_w = s.hw;
    p.input_c = s.c_in, p.output_c = s.c_out;
    p.filter_h = p.filter_w = s.f;
    p.pad_top = p.pad_left = s.f / 2;
    p.activation_min = -32768, p.activation_max = 32767;
    const size_t in_n = static_cast<size_t>(s.hw) * s.hw * s.c_in, out_n = static_cast<size_t>(s.hw) * s.hw * s.c_out;
    const size_t w_n = static_cast<size_t>(s.c_out) * s.f * s.f * s.c_in;
    auto* in = test::arena_alloc<int16_t>(in_n);
    auto* w = test::arena_alloc<int8_t>(w_n);
    auto* bias = test::arena_alloc<int64_t>(static_cast<size_t>(s.c_out));
    auto* mult = test::arena_alloc<int32_t>(static_cast<size_t>(s.c_out));
    auto* shift = test::arena_alloc<int32_t>(static_cast<size_t>(s.c_out));
    auto* out = test::arena_alloc<int16_t>(out_n);
    auto* first = test::arena_alloc<int16_t>(out_n);
    ASSERT_TRUE(in && w && bias && mult && shift && out && first);
    for (size_t i = 0; i < in_n; ++i) in[i] = random_input();
    for (size_t i = 0; i < w_n; ++i) w[i] = random_weight();
    for (int32_t i = 0; i < s.c_out; ++i) bias[i] = pick(-100000, 100000), mult[i] = pick(1 << 30, INT32_MAX), shift[i] = -8;
    Conv2dS16Args a;
    a.input = in, a.filter = w, a.bias = bias, a.multiplier = mult, a.shift = shift, a.output = out;
    int ran = 0;
    for (size_t v = 0; v < count; ++v) {
      if (!isa_native(table[v].isa) || !table[v].supports(p)) continue;
      char name[96];
      join_name(name, sizeof name, table[v].id, s.name);
      platform::profile_begin(name);
      const Status st = conv2d_s16_run_variant(table[v], p, a, nullptr, 0);
      platform::profile_end();
      ASSERT_EQ(st, Status::kOk);
      if (ran++ == 0) std::memcpy(first, out, out_n * 2);
      else EXPECT_BYTES_EQ(out, first, out_n * 2);
    }
    EXPECT_GT(ran, 0);
    test::arena_rewind(mark);
  }
}

// Not a check of speed: one profile region per native fully_connected_s4 variant and shape for
// cmnn-prof (docs/variants.md's fully_connected_s4 figures); the outputs of all variants must be equal.
TEST(FullyConnectedS4, ProfileRegions) {
  struct Shape {
    const char* name;
    int32_t depth, rows;
  };
  const Shape shapes[] = {{"1x512 -> 64", 512, 64}, {"1x100 -> 10", 100, 10}};
  size_t count = 0;
  const FullyConnectedS4Variant* table = fully_connected_s4_variants(&count);
  for (const Shape& s : shapes) {
    const size_t mark = test::arena_mark();
    FullyConnectedParams p;
    p.input_depth = s.depth, p.output_depth = s.rows, p.per_channel = true;
    p.input_offset = 17, p.output_offset = -3;
    const size_t w_bytes = (static_cast<size_t>(s.depth) * s.rows + 1) / 2;
    auto* in = test::arena_alloc<int8_t>(static_cast<size_t>(s.depth));
    auto* w = test::arena_alloc<uint8_t>(w_bytes);
    auto* bias = test::arena_alloc<int32_t>(static_cast<size_t>(s.rows));
    auto* mult = test::arena_alloc<int32_t>(static_cast<size_t>(s.rows));
    auto* shift = test::arena_alloc<int32_t>(static_cast<size_t>(s.rows));
    auto* out = test::arena_alloc<int8_t>(static_cast<size_t>(s.rows));
    auto* first = test::arena_alloc<int8_t>(static_cast<size_t>(s.rows));
    ASSERT_TRUE(in && w && bias && mult && shift && out && first);
    for (int32_t i = 0; i < s.depth; ++i) in[i] = random_weight();
    for (size_t i = 0; i < w_bytes; ++i) w[i] = static_cast<uint8_t>(g_rng.next());
    for (int32_t i = 0; i < s.rows; ++i) bias[i] = pick(-5000, 5000), mult[i] = pick(1 << 30, INT32_MAX), shift[i] = -7;
    FullyConnectedS4Args a;
    a.input = in, a.weights = w, a.bias = bias, a.multiplier = mult, a.shift = shift, a.output = out;
    int ran = 0;
    for (size_t v = 0; v < count; ++v) {
      if (!isa_native(table[v].isa) || !table[v].supports(p)) continue;
      const size_t scratch_n = table[v].scratch_bytes(p);
      void* scratch = scratch_n > 0 ? test::arena_alloc<uint8_t>(scratch_n) : nullptr;
      ASSERT_TRUE(scratch_n == 0 || scratch != nullptr);
      char name[96];
      join_name(name, sizeof name, table[v].id, s.name);
      platform::profile_begin(name);
      const Status st = fully_connected_s4_run_variant(table[v], p, a, scratch, scratch_n);
      platform::profile_end();
      ASSERT_EQ(st, Status::kOk);
      if (ran++ == 0) std::memcpy(first, out, static_cast<size_t>(s.rows));
      else EXPECT_BYTES_EQ(out, first, static_cast<size_t>(s.rows));
    }
    EXPECT_GT(ran, 0);
    test::arena_rewind(mark);
  }
}

// Not a check of speed: one profile region per native conv2d_s4 variant and shape for cmnn-prof
// (docs/variants.md's conv2d_s4 figures); the outputs of all variants must be equal.
TEST(Conv2dS4, ProfileRegions) {
  struct Shape {
    const char* name;
    int32_t hw, c_in, c_out, f;
  };
  const Shape shapes[] = {{"16x16x16 3x3 -> 16", 16, 16, 16, 3}, {"8x8x64 1x1 -> 64", 8, 64, 64, 1}};
  size_t count = 0;
  const Conv2dS4Variant* table = conv2d_s4_variants(&count);
  for (const Shape& s : shapes) {
    const size_t mark = test::arena_mark();
    Conv2dParams p;
    p.input_h = p.input_w = p.output_h = p.output_w = s.hw;
    p.input_c = s.c_in, p.output_c = s.c_out;
    p.filter_h = p.filter_w = s.f;
    p.pad_top = p.pad_left = s.f / 2;
    p.input_offset = 11, p.output_offset = 5;
    const size_t in_n = static_cast<size_t>(s.hw) * s.hw * s.c_in, out_n = static_cast<size_t>(s.hw) * s.hw * s.c_out;
    const size_t w_bytes = (static_cast<size_t>(s.c_out) * s.f * s.f * s.c_in + 1) / 2;
    auto* in = test::arena_alloc<int8_t>(in_n);
    auto* w = test::arena_alloc<uint8_t>(w_bytes);
    auto* bias = test::arena_alloc<int32_t>(static_cast<size_t>(s.c_out));
    auto* mult = test::arena_alloc<int32_t>(static_cast<size_t>(s.c_out));
    auto* shift = test::arena_alloc<int32_t>(static_cast<size_t>(s.c_out));
    auto* out = test::arena_alloc<int8_t>(out_n);
    auto* first = test::arena_alloc<int8_t>(out_n);
    ASSERT_TRUE(in && w && bias && mult && shift && out && first);
    for (size_t i = 0; i < in_n; ++i) in[i] = random_weight();
    for (size_t i = 0; i < w_bytes; ++i) w[i] = static_cast<uint8_t>(g_rng.next());
    for (int32_t i = 0; i < s.c_out; ++i) bias[i] = pick(-5000, 5000), mult[i] = pick(1 << 30, INT32_MAX), shift[i] = -8;
    Conv2dS4Args a;
    a.input = in, a.filter = w, a.bias = bias, a.multiplier = mult, a.shift = shift, a.output = out;
    int ran = 0;
    for (size_t v = 0; v < count; ++v) {
      if (!isa_native(table[v].isa) || !table[v].supports(p)) continue;
      const size_t scratch_n = table[v].scratch_bytes(p);
      void* scratch = scratch_n > 0 ? test::arena_alloc<uint8_t>(scratch_n) : nullptr;
      ASSERT_TRUE(scratch_n == 0 || scratch != nullptr);
      char name[96];
      join_name(name, sizeof name, table[v].id, s.name);
      platform::profile_begin(name);
      const Status st = conv2d_s4_run_variant(table[v], p, a, scratch, scratch_n);
      platform::profile_end();
      ASSERT_EQ(st, Status::kOk);
      if (ran++ == 0) std::memcpy(first, out, out_n);
      else EXPECT_BYTES_EQ(out, first, out_n);
    }
    EXPECT_GT(ran, 0);
    test::arena_rewind(mark);
  }
}
