// conv2d_s8 requantization at the int32 limits: accumulators (bias plus a small product) near
// INT32_MAX / INT32_MIN, every shift in [-31, 0] and multipliers at both ends of [2^30, 2^31),
// through every variant against the reference. Covers the saturating path of the DSP assembly
// requantization (QADD near INT32_MAX, right shift <= 23) and the C path beyond it.
#include <cstring>

#include "cmnn/conv.h"
#include "test.h"

using namespace cmnn;

TEST(Conv2dS8, RequantizationAtInt32Limits) {
  static const int32_t kBiasNearLimit[] = {INT32_MAX, INT32_MAX - 1, INT32_MAX - 300, 0x7FFF0000, 0x40000000,
                                           INT32_MIN + 300, INT32_MIN + 40000, -0x40000000, 0x3FFFFFFF, -1};
  static const int32_t kMults[] = {0x40000000, 0x40000001, 0x5A827999, 0x7FFFFFFE, 0x7FFFFFFF};
  constexpr int32_t kChannels = 8, kDepth = 8;
  Conv2dParams p;
  p.input_h = 1;
  p.input_w = 3;  // two pixels and a lone one
  p.input_c = kDepth;
  p.output_h = 1;
  p.output_w = 3;
  p.output_c = kChannels;
  p.filter_h = p.filter_w = 1;
  p.input_offset = 1;
  p.output_offset = -5;
  int8_t input[3 * kDepth], filter[kChannels * kDepth], expected[3 * kChannels], out[3 * kChannels];
  int32_t bias[kChannels], mult[kChannels], shift[kChannels];
  for (int i = 0; i < 3 * kDepth; ++i) input[i] = static_cast<int8_t>((i * 37) % 7 - 3);
  for (int i = 0; i < kChannels * kDepth; ++i) filter[i] = static_cast<int8_t>((i * 11) % 5 - 2);
  size_t count = 0;
  const Conv2dS8Variant* table = conv2d_s8_variants(&count);
  const Conv2dS8Variant* ref = conv2d_s8_find_variant("conv2d_s8.ref");
  ASSERT_TRUE(ref != nullptr);
  int runs = 0, layers = 0;
  for (int32_t first_shift = -31; first_shift <= 0; ++first_shift) {
    for (int range = 0; range < 2; ++range) {
      p.activation_min = range == 0 ? -128 : -100;
      p.activation_max = range == 0 ? 127 : 90;
      for (int32_t c = 0; c < kChannels; ++c) {
        bias[c] = kBiasNearLimit[(c + first_shift + 31) % 10];
        mult[c] = kMults[(c + range) % 5];
        // Mostly one shift per layer (so the whole layer can take the assembly path), one
        // channel stepping through the others.
        shift[c] = c == kChannels - 1 ? -((first_shift * 7 + 3) & 31) : first_shift;
      }
      int16_t packed[kChannels * kDepth + 8];  // + the pack slack
      ASSERT_EQ(conv2d_s8_pack(p, filter, packed, sizeof packed / sizeof packed[0]), Status::kOk);
      Conv2dS8Args args{input, filter, bias, mult, shift, expected, packed};
      ASSERT_EQ(conv2d_s8_run_variant(*ref, p, args, nullptr, 0), Status::kOk);
      // The same layer with every channel inside the assembly path's shift range.
      for (int pass = 0; pass < 2; ++pass) {
        if (pass == 1) {
          if (first_shift < -23) break;
          shift[kChannels - 1] = first_shift;
          args.output = expected;
          ASSERT_EQ(conv2d_s8_run_variant(*ref, p, args, nullptr, 0), Status::kOk);
        }
        Conv2dParams packed_p = p;
        packed_p.has_packed_filter = true;
        for (size_t i = 0; i < count; ++i) {
          const Conv2dS8Variant& v = table[i];
          const Conv2dParams& q = v.supports(p) ? p : packed_p;  // the packed variants with the packed filter
          if (&v == ref || !isa_runnable(v.isa) || !v.supports(q)) continue;
          const size_t scratch_n = v.scratch_bytes(q);
          void* scratch = test::arena_alloc_bytes(scratch_n);
          ASSERT_TRUE(scratch != nullptr);
          std::memset(out, 0x55, sizeof out);
          args.output = out;
          ASSERT_EQ(conv2d_s8_run_variant(v, q, args, scratch, scratch_n), Status::kOk);
          if (std::memcmp(out, expected, sizeof out) != 0) {
            platform::print("    %s differs from ref: first shift %ld, range %d, pass %d\n", v.id,
                            static_cast<long>(first_shift), range, pass);
            ASSERT_BYTES_EQ(out, expected, sizeof out);
          }
          ++runs;
        }
        ++layers;
      }
    }
  }
  platform::print("    %d layers at the int32 limits, %d variant runs compared with ref\n", layers, runs);
  EXPECT_GE(layers, 100);
}
