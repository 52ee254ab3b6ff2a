// The ring's rows for the other output stages (src/kernels/depthwise/depthwise_dsp.cpp:
// ring_row_prepared on row5::sums_ring's pair sums, and ring_row_general): KWS-like 5-wide 3x3
// layers (25x5xC, stride 1, pad_left 1) whose tables take the doubled stage or the general one
// (the folded form for narrow clamps, the requantize_fast<true> form for left shifts, small
// multipliers and unbounded shift-0 channels; dead channels and shift -31 among the others), run
// by both ring entries on separate buffers and by every entry that takes the ring in place
// (depthwise_conv2d_s8_ring_in_place) with output == input, each byte for byte
// equal to .ref's separate-buffer output, nothing written outside the buffers. Every row set (all
// three filter rows inside, row 0 above, row 2 below), ring blocks of 32 and a partial one (36),
// the input offset's extremes, random tensors and tensors at the accumulator extremes.
#include <cstring>

#include "depthwise_test_util.h"
#include "quant/requant_fast.h"

using namespace cmnn;

namespace {

enum Stage { kDoubled = 0, kGeneralFolded = 1, kGeneralOther = 2 };

struct Tables {
  int32_t* bias;
  int32_t* mult;
  int32_t* shift;
};

// Per-channel tables of `stage` for c channels (and p's clamp).
void fill_tables(dwtest::Rng& r, Stage stage, int32_t c, DepthwiseConvParams* p, const Tables& t) {
  p->activation_min = -128;
  p->activation_max = 127;
  if (stage == kGeneralFolded || (stage == kGeneralOther && r.range(0, 1) == 0)) {
    p->activation_min = r.range(-128, 0);  // a narrow clamp (ReLU6-like ranges among them)
    p->activation_max = r.range(p->activation_min, 126);
  }
  for (int32_t i = 0; i < c; ++i) {
    t.bias[i] = r.range(-70000, 70000);
    t.mult[i] = static_cast<int32_t>((1u << 30) | (r.next() >> 2));
    if (stage == kDoubled) {
      t.shift[i] = i % 3 == 0 ? 0 : r.range(-22, 0);  // shifts of 0: not the fast stage
    } else if (stage == kGeneralFolded) {
      t.shift[i] = r.range(-22, -1);
      if (r.range(0, 9) == 0) t.mult[i] = 0;  // a dead channel (folded too)
    } else {
      t.shift[i] = r.range(-14, -4);
      // Channel 0 always one of the unfolded kinds (0, 1, 3), the others now and then (2 and 4
      // fold: a dead channel, shift -31).
      static const int32_t kUnfolded[] = {0, 1, 3};
      const int32_t kind = i == 0 ? r.pick(kUnfolded) : r.range(0, 9);
      if (kind == 0) t.shift[i] = r.range(1, 3);  // a left shift
      if (kind == 1) t.mult[i] = 0x20000000 + r.range(0, 1 << 20);  // a multiplier below 2^30
      if (kind == 2) t.mult[i] = 0;
      if (kind == 3) {  // shift 0 with the accumulator near the int32 limit: not the doubled stage's bound
        t.shift[i] = 0;
        t.bias[i] = r.range(0, 1) == 0 ? INT32_MAX - r.range(0, 300) : INT32_MIN + r.range(0, 300);
      }
      if (kind == 4) t.shift[i] = -31;
    }
  }
}

// The stage the tables take, as the kernels' own scan decides it (depthwise_dsp.cpp scan_channels).
bool tables_take(Stage stage, const DepthwiseConvParams& p, const Tables& t, int32_t c) {
  const bool fast = quant::fast_quant_ok(t.mult, t.shift, c, p.activation_min, p.activation_max);
  const bool doubled = quant::fast_quant_d_ok(t.mult, t.shift, c, p.activation_min, p.activation_max);
  bool folded = true;
  for (int32_t i = 0; i < c; ++i) {
    folded = folded && quant::folded_ok(quant::make_channel_quant(t.mult[i], t.shift[i]), p.output_offset);
  }
  if (stage == kDoubled) return !fast && doubled;  // |bias| <= 70000: every shift-0 channel bounded
  if (stage == kGeneralFolded) return !doubled && folded;
  return !fast && !folded;
}

}  // namespace

TEST(DepthwiseRingStages, DoubledAndGeneralInPlaceAndNot) {
  static const int32_t kChannels[] = {4, 12, 36, 64};  // 36: a ring block of 32 and one of 4
  static const int32_t kHeights[] = {2, 3, 5, 25};
  static const int32_t kInputOffsets[] = {-127, 128, 0, 37};
  size_t count = 0;
  const DepthwiseConvS8Variant* table = depthwise_conv2d_s8_variants(&count);
  int cases = 0, separate = 0, in_place = 0, k = 0;
  for (int32_t s = 0; s < 3; ++s) {
    const auto stage = static_cast<Stage>(s);
    for (const int32_t c : kChannels) {
      for (const int32_t h : kHeights) {
        for (int32_t pad_top = 0; pad_top < 2; ++pad_top, ++k) {
          if (h + 2 * pad_top - 2 < 1) continue;
          const size_t mark = test::arena_mark();
          dwtest::Rng r{static_cast<uint32_t>(4100 + 977 * k)};
          DepthwiseConvParams p;
          p.input_h = h, p.input_w = 5, p.input_c = c, p.filter_h = p.filter_w = 3, p.pad_top = pad_top, p.pad_left = 1;
          p.output_h = h + 2 * pad_top - 2, p.output_w = 5;
          p.input_offset = kInputOffsets[k % 4];
          p.output_offset = k % 3 == 0 ? -128 : k % 3 == 1 ? 127 : r.range(-20, 20);
          const size_t in_n = static_cast<size_t>(h) * 5 * c, out_n = static_cast<size_t>(p.output_h) * 5 * c;
          auto* in = test::arena_alloc<int8_t>(in_n);
          auto* w = test::arena_alloc<int8_t>(9 * static_cast<size_t>(c));
          const Tables t{test::arena_alloc<int32_t>(c), test::arena_alloc<int32_t>(c), test::arena_alloc<int32_t>(c)};
          auto* expected = test::arena_alloc<int8_t>(out_n);
          ASSERT_TRUE(in != nullptr && w != nullptr && t.bias != nullptr && t.mult != nullptr && t.shift != nullptr &&
                      expected != nullptr);
          // Every fifth case at the accumulator extremes (every input and weight -128 or 127).
          const bool extremes = k % 5 == 0;
          const int32_t x_extreme = k % 2 == 0 ? -128 : 127, w_extreme = k % 4 < 2 ? -128 : 127;
          for (size_t i = 0; i < in_n; ++i) in[i] = static_cast<int8_t>(extremes ? x_extreme : r.range(-128, 127));
          for (size_t i = 0; i < 9 * static_cast<size_t>(c); ++i) {
            w[i] = static_cast<int8_t>(extremes ? w_extreme : r.range(-128, 127));
          }
          fill_tables(r, stage, c, &p, t);
          ASSERT_TRUE(tables_take(stage, p, t, c));
          DepthwiseConvS8Args a{in, w, t.bias, t.mult, t.shift, expected};
          ASSERT_EQ(depthwise::run_s8_ref(p, a, nullptr, 0), Status::kOk);
          for (size_t i = 0; i < count; ++i) {
            const DepthwiseConvS8Variant& v = table[i];
            if (!isa_runnable(v.isa) || !v.supports(p)) continue;
            const bool ring_entry = std::strcmp(v.id, "depthwise_s8.3x3.ring.dsp") == 0 ||
                                    std::strcmp(v.id, "depthwise_s8.3x3.ring_stages.dsp") == 0;
            const bool runs_in_place = depthwise_conv2d_s8_ring_in_place(v, p);
            const size_t scratch_n = v.scratch_bytes(p);
            for (int mode = 0; mode < 2; ++mode) {
              if (mode == 0 ? !ring_entry : !runs_in_place) continue;
              uint8_t* buf = test::guarded_alloc(mode == 0 ? out_n : in_n);
              uint8_t* scratch = test::guarded_alloc(scratch_n);
              ASSERT_TRUE(buf != nullptr && scratch != nullptr);
              DepthwiseConvS8Args b = a;
              b.output = reinterpret_cast<int8_t*>(buf);
              if (mode == 1) {
                std::memcpy(buf, in, in_n);
                b.input = b.output;
              }
              ASSERT_EQ(v.run(p, b, scratch, scratch_n), Status::kOk);
              ASSERT_BYTES_EQ(buf, expected, out_n);
              ASSERT_TRUE(test::guards_intact(buf, mode == 0 ? out_n : in_n));
              ASSERT_TRUE(test::guards_intact(scratch, scratch_n));
              ++(mode == 0 ? separate : in_place);
            }
          }
          ++cases;
          test::arena_rewind(mark);
        }
      }
    }
  }
  // 3 stages x 4 channel counts x 7 (height, pad_top) pairs; per case the two ring entries once
  // each on separate buffers and the four ring-in-place entries (depthwise_s8.dsp, .3x3.dsp,
  // .3x3.ring.dsp, .3x3.ring_stages.dsp) once each in place, where the DSP code runs (not on the
  // Cortex-M3).
  EXPECT_EQ(cases, 84);
  const int runs = isa_runnable(Isa::kDsp) ? 1 : 0;
  EXPECT_EQ(separate, 2 * 84 * runs);
  EXPECT_EQ(in_place, 4 * 84 * runs);
  cmnn::platform::print("    %d cases: %d ring runs on separate buffers, %d in place, equal to ref\n", cases, separate,
                        in_place);
}
