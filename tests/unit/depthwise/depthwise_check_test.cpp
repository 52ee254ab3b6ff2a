// Parameter checks of every depthwise variant and entry point, the entry point's choice, and the
// int16 reference against the naive formula (s16 has one variant).
#include "depthwise_test_util.h"
#include "quant/fixed_point.h"

using namespace cmnn;

namespace {

DepthwiseConvParams small_3x3() {
  DepthwiseConvParams p;
  p.input_h = p.input_w = 4;
  p.input_c = 4;
  p.filter_h = p.filter_w = 3;
  p.output_h = p.output_w = 4;
  p.pad_top = p.pad_left = 1;
  p.input_offset = 3;
  return p;
}

struct Buffers {
  int8_t input[64] = {};
  int8_t filter[36] = {};
  int32_t bias[4] = {};
  int32_t mult[4] = {1 << 30, 1 << 30, 1 << 30, 1 << 30};
  int32_t shift[4] = {};
  int8_t output[64] = {};
  alignas(8) uint8_t scratch[1024] = {};
  DepthwiseConvS8Args args() { return {input, filter, bias, mult, shift, output}; }
};

int g_checks = 0;

// depthwise_s8.3x3.dsp's ring and pixels forms: the variants whose run() refuses a call its
// supports() rejects (the check's status, else kUnsupported); the others run any valid call.
bool refused_form(const DepthwiseConvS8Variant& v, const DepthwiseConvParams& p) {
  const bool narrow_form = std::strstr(v.id, ".3x3.ring.") != nullptr ||
                           std::strstr(v.id, ".3x3.ring_stages.") != nullptr ||
                           std::strstr(v.id, ".3x3.pixels.") != nullptr;
  return narrow_form && !v.supports(p);
}

// Every s8 variant (runnable here) and the entry point return want for (p, a) (a refused form:
// the check's status, else kUnsupported).
void expect_all(const DepthwiseConvParams& p, const DepthwiseConvS8Args& a, void* scratch, size_t size, Status want) {
  const Status check = depthwise_conv_check(p, a);
  for (const auto& v : kDepthwiseConvS8Variants) {
    if (!isa_runnable(v.isa)) continue;
    const Status expected = refused_form(v, p) ? (check != Status::kOk ? check : Status::kUnsupported) : want;
    EXPECT_EQ(v.run(p, a, scratch, size), expected);
    ++g_checks;
  }
  EXPECT_EQ(depthwise_conv2d_s8(p, a, scratch, size), want);
  ++g_checks;
}

}  // namespace

TEST(DepthwiseCheck, RejectsBadParameters) {
  g_checks = 0;
  Buffers b;
  const DepthwiseConvParams good = small_3x3();
  expect_all(good, b.args(), b.scratch, sizeof b.scratch, Status::kOk);

  DepthwiseConvS8Args a = b.args();
  a.input = nullptr;
  expect_all(good, a, b.scratch, sizeof b.scratch, Status::kNullPointer);
  a = b.args();
  a.output_shift = nullptr;
  expect_all(good, a, b.scratch, sizeof b.scratch, Status::kNullPointer);
  a = b.args();
  a.bias = nullptr;  // null bias is allowed
  expect_all(good, a, b.scratch, sizeof b.scratch, Status::kOk);

  DepthwiseConvParams p = good;
  p.input_c = 0;
  expect_all(p, b.args(), b.scratch, sizeof b.scratch, Status::kBadShape);
  p = good;
  p.output_w = -1;
  expect_all(p, b.args(), b.scratch, sizeof b.scratch, Status::kBadShape);
  p = good;
  p.input_h = 1 << 20;
  p.input_w = 1 << 20;  // element count overflows int32
  expect_all(p, b.args(), b.scratch, sizeof b.scratch, Status::kBadShape);
  p = good;
  p.output_h = INT32_MAX / 2;
  p.stride_h = 4;  // coordinate reach overflows int32
  expect_all(p, b.args(), b.scratch, sizeof b.scratch, Status::kBadShape);
  p = good;
  p.stride_w = 0;
  expect_all(p, b.args(), b.scratch, sizeof b.scratch, Status::kBadParameter);
  p = good;
  p.dilation_h = 0;
  expect_all(p, b.args(), b.scratch, sizeof b.scratch, Status::kBadParameter);
  p = good;
  p.pad_left = -1;
  expect_all(p, b.args(), b.scratch, sizeof b.scratch, Status::kBadParameter);
  p = good;
  p.activation_min = 10;
  p.activation_max = 9;
  expect_all(p, b.args(), b.scratch, sizeof b.scratch, Status::kBadParameter);
  p = good;
  p.activation_max = 128;
  expect_all(p, b.args(), b.scratch, sizeof b.scratch, Status::kBadParameter);
  p = good;
  p.input_offset = 129;
  expect_all(p, b.args(), b.scratch, sizeof b.scratch, Status::kBadParameter);
  p = good;
  p.output_offset = -129;
  expect_all(p, b.args(), b.scratch, sizeof b.scratch, Status::kBadParameter);
  b.shift[2] = 31;
  expect_all(good, b.args(), b.scratch, sizeof b.scratch, Status::kBadParameter);
  b.shift[2] = -32;
  expect_all(good, b.args(), b.scratch, sizeof b.scratch, Status::kBadParameter);
  b.shift[2] = 0;
  b.mult[1] = -5;
  expect_all(good, b.args(), b.scratch, sizeof b.scratch, Status::kBadParameter);
  b.mult[1] = 1 << 30;

  // Scratch: each variant wants exactly its scratch_bytes().
  for (const auto& v : kDepthwiseConvS8Variants) {
    if (!isa_runnable(v.isa) || refused_form(v, good)) continue;
    const size_t need = v.scratch_bytes(good);
    ASSERT_LE(need, sizeof b.scratch);
    EXPECT_EQ(v.run(good, b.args(), b.scratch, need), Status::kOk);
    if (need > 0) {
      EXPECT_EQ(v.run(good, b.args(), b.scratch, need - 1), Status::kScratchTooSmall);
      EXPECT_EQ(v.run(good, b.args(), nullptr, need), Status::kNullPointer);
    }
    g_checks += 3;
  }
  EXPECT_EQ(depthwise_conv2d_s8(good, b.args(), b.scratch, depthwise_conv2d_s8_scratch_bytes(good)), Status::kOk);
  // Without scratch the entry point falls back to the scratch-free reference: same bytes.
  int8_t with_scratch[64];
  std::memcpy(with_scratch, b.output, sizeof with_scratch);
  std::memset(b.output, 0x11, sizeof b.output);
  EXPECT_EQ(depthwise_conv2d_s8(good, b.args(), nullptr, 0), Status::kOk);
  EXPECT_BYTES_EQ(b.output, with_scratch, sizeof with_scratch);

  // A variant run outside its supports() says so.
  p = good;
  p.filter_w = 5;
  p.filter_h = 1;
  EXPECT_EQ(depthwise::run_s8_dsp_3x3(p, b.args(), b.scratch, sizeof b.scratch), Status::kUnsupported);
  EXPECT_EQ(depthwise::run_s8_rows_3x3_dsp(p, b.args(), b.scratch, sizeof b.scratch), Status::kUnsupported);

  // s16: the input offset must be 0, shifts at most 14.
  int16_t in16[64] = {}, out16[64] = {};
  int64_t bias64[4] = {};
  DepthwiseConvS16Args a16{in16, b.filter, bias64, b.mult, b.shift, out16};
  p = good;
  p.input_offset = 0;
  p.activation_min = INT16_MIN;
  p.activation_max = INT16_MAX;
  EXPECT_EQ(depthwise_conv2d_s16(p, a16, nullptr, 0), Status::kOk);
  b.shift[0] = 15;
  EXPECT_EQ(depthwise_conv2d_s16(p, a16, nullptr, 0), Status::kBadParameter);
  b.shift[0] = 0;
  p.input_offset = 1;
  EXPECT_EQ(depthwise_conv2d_s16(p, a16, nullptr, 0), Status::kBadParameter);
  g_checks += 4;
  cmnn::platform::print("    %d status checks\n", g_checks);
}

// The .dsp variants scan the channels' multipliers and shifts in their own pass (with their
// output-stage choice), after the other checks: a bad channel still wins over a small or missing
// scratch and over an unsupported shape, every channel is scanned (the last one too), and nothing
// is written to the output.
TEST(DepthwiseCheck, ChannelScanKeepsTheCheckOrder) {
  int checks = 0;
  Buffers b;
  const DepthwiseConvParams good = small_3x3();
  const int32_t bad_shifts[] = {31, -32, INT32_MIN, INT32_MAX};
  const int32_t bad_mults[] = {-1, INT32_MIN};
  for (int32_t c = 0; c < 4; ++c) {
    for (int32_t k = 0; k < 6; ++k) {
      Buffers t;
      if (k < 4) t.shift[c] = bad_shifts[k];
      else t.mult[c] = bad_mults[k - 4];
      std::memset(t.output, 0x5A, sizeof t.output);
      for (const auto& v : kDepthwiseConvS8Variants) {
        if (!isa_runnable(v.isa)) continue;
        EXPECT_EQ(v.run(good, t.args(), t.scratch, sizeof t.scratch), Status::kBadParameter);
        EXPECT_EQ(v.run(good, t.args(), t.scratch, 0), Status::kBadParameter);
        EXPECT_EQ(v.run(good, t.args(), nullptr, sizeof t.scratch), Status::kBadParameter);
        checks += 3;
      }
      DepthwiseConvParams p5 = good;  // outside 3x3.dsp's supports(): the check's status first
      p5.filter_w = 5;
      p5.filter_h = 1;
      EXPECT_EQ(depthwise::run_s8_dsp_3x3(p5, t.args(), t.scratch, sizeof t.scratch), Status::kBadParameter);
      ++checks;
      for (int8_t v : t.output) EXPECT_EQ(v, 0x5A);
    }
  }
  // The extremes of the valid range still run.
  b.shift[0] = 30;
  b.shift[3] = -31;
  b.mult[2] = 0;
  b.mult[1] = INT32_MAX;
  expect_all(good, b.args(), b.scratch, sizeof b.scratch, Status::kOk);
  cmnn::platform::print("    %d status checks\n", checks);
}

TEST(DepthwiseCheck, EntryPointPicksFastestNativeVariant) {
  const bool dsp = isa_native(Isa::kDsp), mve = isa_native(Isa::kMve);
  DepthwiseConvParams p = small_3x3();  // narrow plane: pixel kernel
  const DepthwiseConvS8Variant* v = depthwise_conv2d_s8_variant(p);
  ASSERT_TRUE(v != nullptr);
  EXPECT_EQ(std::strcmp(v->id, mve ? "depthwise_s8.3x3.mve" : dsp ? "depthwise_s8.3x3.dsp" : "depthwise_s8.ref"), 0);
  p.input_w = p.output_w = 32;  // wide plane at stride 1, ch_mult 1: still the pixel kernel (paired pixels)
  v = depthwise_conv2d_s8_variant(p);
  ASSERT_TRUE(v != nullptr);
  EXPECT_EQ(std::strcmp(v->id, mve ? "depthwise_s8.3x3.mve" : dsp ? "depthwise_s8.3x3.dsp" : "depthwise_s8.ref"), 0);
  p = small_3x3();
  p.ch_mult = 8;  // ch_mult > 1 reuses widened rows
  v = depthwise_conv2d_s8_variant(p);
  ASSERT_TRUE(v != nullptr);
  EXPECT_EQ(std::strcmp(v->id, dsp ? "depthwise_s8.rows3x3.dsp" : "depthwise_s8.ref"), 0);
  p = small_3x3();
  p.filter_w = 5;
  v = depthwise_conv2d_s8_variant(p);
  ASSERT_TRUE(v != nullptr);
  EXPECT_EQ(std::strcmp(v->id, dsp ? "depthwise_s8.dsp" : "depthwise_s8.ref"), 0);  // .mve is listed after .dsp
  EXPECT_EQ(depthwise_conv2d_s8_scratch_bytes(p), v->scratch_bytes(p));
}

TEST(DepthwiseS16, RefMatchesNaiveFormula) {
  int cases = 0;
  for (uint32_t seed = 1; seed <= 60; ++seed) {
    const size_t mark = cmnn::test::arena_mark();
    dwtest::Rng r{seed * 2654435761u};
    DepthwiseConvParams p;
    p.input_c = r.range(1, 9);
    p.ch_mult = r.range(1, 3);
    p.filter_h = r.range(1, 4);
    p.filter_w = r.range(1, 4);
    p.stride_h = r.range(1, 2);
    p.stride_w = r.range(1, 2);
    p.dilation_w = r.range(1, 2);
    p.input_h = r.range(1, 7);
    p.input_w = r.range(1, 7);
    p.pad_top = r.range(0, 1);
    p.pad_left = r.range(0, 1);
    p.output_h = r.range(1, 6);
    p.output_w = r.range(1, 6);
    p.activation_min = r.range(-32768, 0);
    p.activation_max = r.range(0, 32767);
    const int32_t out_c = p.output_c();
    const size_t in_n = static_cast<size_t>(p.input_h) * p.input_w * p.input_c;
    const size_t w_n = static_cast<size_t>(p.filter_h) * p.filter_w * out_c;
    const size_t out_n = static_cast<size_t>(p.output_h) * p.output_w * out_c;
    auto* in = cmnn::test::arena_alloc<int16_t>(in_n);
    auto* w = cmnn::test::arena_alloc<int8_t>(w_n);
    auto* bias = cmnn::test::arena_alloc<int64_t>(static_cast<size_t>(out_c));
    auto* mult = cmnn::test::arena_alloc<int32_t>(static_cast<size_t>(out_c));
    auto* shift = cmnn::test::arena_alloc<int32_t>(static_cast<size_t>(out_c));
    auto* out = cmnn::test::guarded_array<int16_t>(out_n);
    ASSERT_TRUE(in && w && bias && mult && shift && out);
    for (size_t i = 0; i < in_n; ++i) in[i] = static_cast<int16_t>(r.next());
    for (size_t i = 0; i < w_n; ++i) w[i] = static_cast<int8_t>(r.next());
    for (int32_t c = 0; c < out_c; ++c) {
      bias[c] = static_cast<int64_t>(static_cast<int32_t>(r.next())) * r.range(1, 100);
      mult[c] = static_cast<int32_t>((1u << 30) | (r.next() >> 2));
      shift[c] = r.range(-25, 2);
    }
    DepthwiseConvS16Args a{in, w, bias, mult, shift, out};
    ASSERT_EQ(depthwise_conv2d_s16(p, a, nullptr, 0), Status::kOk);
    ASSERT_TRUE(cmnn::test::guards_intact(out, out_n));
    size_t k = 0;
    for (int32_t oy = 0; oy < p.output_h; ++oy)
      for (int32_t ox = 0; ox < p.output_w; ++ox)
        for (int32_t oc = 0; oc < out_c; ++oc, ++k) {
          int64_t sum = bias[oc];
          for (int32_t ky = 0; ky < p.filter_h; ++ky)
            for (int32_t kx = 0; kx < p.filter_w; ++kx) {
              const int32_t iy = oy * p.stride_h - p.pad_top + ky * p.dilation_h;
              const int32_t ix = ox * p.stride_w - p.pad_left + kx * p.dilation_w;
              if (iy < 0 || ix < 0 || iy >= p.input_h || ix >= p.input_w) continue;
              sum += int64_t{in[(iy * p.input_w + ix) * p.input_c + oc / p.ch_mult]} * w[(ky * p.filter_w + kx) * out_c + oc];
            }
          const int32_t v = quant::multiply_by_quantized_multiplier_64(sum, mult[oc], shift[oc]);
          ASSERT_EQ(out[k], static_cast<int16_t>(quant::clamp(v, p.activation_min, p.activation_max)));
        }
    ++cases;
    cmnn::test::arena_rewind(mark);
  }
  cmnn::platform::print("    %d int16 cases\n", cases);
}
