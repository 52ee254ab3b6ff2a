// requant_fast.h (the conv/fc DSP variants' requantization) against the definition
// quant::requantize_to_s8 / multiply_by_quantized_multiplier: every shift in [-31, 30] with
// accumulators at the int32 extremes, around the rounding ties of each shift, and random ones.
#include "quant/requant_fast.h"
#include "quant/fixed_point.h"
#include "test.h"
#include "test_data.h"

using namespace cmnn;

namespace {

test::Xorshift32 g_rng(0x9E3779B9u);
long g_folded = 0;  // folded-form comparisons made

// Compares one accumulator; returns 1 on a mismatch (and prints the first few).
int check(int32_t acc, int32_t mult, int32_t shift, int* printed) {
  const quant::ChannelQuant q = quant::make_channel_quant(mult, shift);
  const int32_t want = quant::multiply_by_quantized_multiplier(acc, mult, shift);
  const int32_t got = quant::requantize_fast(acc, q);
  // requantize_to_s8 adds the zero point in int32: only defined away from the int32 limits.
  const bool add_defined = want > INT32_MIN + 8 && want < INT32_MAX - 8;
  const int8_t want8 = add_defined ? quant::requantize_to_s8(acc, mult, shift, -3, -100, 90) : 0;
  const int8_t got8 = add_defined ? quant::clamp_to_s8<false>(got, -3, -100, 90) : 0;
  const int8_t want_full = add_defined ? quant::requantize_to_s8(acc, mult, shift, 5, -128, 127) : 0;
  const int8_t got_full = add_defined ? quant::clamp_to_s8<true>(got, 5, -128, 127) : 0;
  // The fast path where it applies.
  const int32_t got_fast = quant::needs_general(q) ? got : quant::requantize_fast<false>(acc, q);
  // The folded form (the conv DSP output stage) where it applies: extreme and usual offsets, the
  // full and a narrower clamp.
  bool fold_match = true;
  static const int32_t kOffsets[] = {-128, -3, 5, 127};
  for (int32_t off : kOffsets) {
    if (!add_defined || !quant::folded_ok(q, off)) continue;
    const int32_t v = quant::requantize_folded(acc, quant::make_folded_quant(q, off));
    ++g_folded;
    const auto clamp = [v](int32_t lo, int32_t hi) { return static_cast<int8_t>(v < lo ? lo : v > hi ? hi : v); };
    fold_match = fold_match && clamp(-128, 127) == quant::requantize_to_s8(acc, mult, shift, off, -128, 127) &&
                clamp(-100, 90) == quant::requantize_to_s8(acc, mult, shift, off, -100, 90);
  }
  if (want == got && want8 == got8 && want_full == got_full && want == got_fast && fold_match) return 0;
  if ((*printed)++ < 5) {
    platform::print("mismatch acc=%ld mult=%ld shift=%ld: want %ld got %ld\n", static_cast<long>(acc),
                    static_cast<long>(mult), static_cast<long>(shift), static_cast<long>(want),
                    static_cast<long>(got));
  }
  return 1;
}

}  // namespace

TEST(RequantFast, MatchesDefinition) {
  static const int32_t kMults[] = {0, 1, 1 << 30, (1 << 30) + 1, 0x5A827999, INT32_MAX - 1, INT32_MAX};
  static const int32_t kAccs[] = {0, 1, -1, 2, -2, 3, -3, 127, -128, 1 << 20, -(1 << 20), INT32_MAX, INT32_MIN,
                                  INT32_MAX - 1, INT32_MIN + 1, 1 << 30, -(1 << 30), 0x3FFFFFFF, -0x3FFFFFFF};
  int failures = 0, printed = 0;
  long cases = 0;
  for (int32_t shift = -31; shift <= 30; ++shift) {
    for (int32_t mult : kMults) {
      for (int32_t acc : kAccs) {
        failures += check(acc, mult, shift, &printed);
        ++cases;
      }
      // Around the rounding ties of the right shift: accumulators whose doubling-high product
      // lands on k * 2^e +- 2^(e-1) (+-1), for multiplier 2^30 (product = acc / 2).
      if (shift < 0 && mult == (1 << 30)) {
        const int32_t e = -shift;
        for (int32_t k = -3; k <= 3; ++k) {
          for (int32_t d = -2; d <= 2; ++d) {
            const int64_t y = int64_t{k} * (int64_t{1} << e) + (e > 0 ? (int64_t{1} << (e - 1)) : 0) + d;
            const int64_t acc = 2 * y;
            if (acc < INT32_MIN || acc > INT32_MAX) continue;
            failures += check(static_cast<int32_t>(acc), mult, shift, &printed);
            ++cases;
          }
        }
      }
    }
  }
  for (int i = 0; i < 200000; ++i) {
    const auto acc = static_cast<int32_t>(g_rng.next() >> (g_rng.next() % 32));
    const int32_t signed_acc = (g_rng.next() & 1) ? acc : -acc;
    const auto mult = static_cast<int32_t>((g_rng.next() & 3) == 0 ? (g_rng.next() >> 1) : (0x40000000u | (g_rng.next() >> 2)));
    const int32_t shift = static_cast<int32_t>(g_rng.next() % 62) - 31;
    failures += check(signed_acc, mult, shift, &printed);
    ++cases;
  }
  platform::print("requant_fast: %ld cases (%ld folded-form comparisons), %d mismatches\n", cases, g_folded, failures);
  EXPECT_EQ(failures, 0);
  EXPECT_GT(g_folded, 100000L);
}

// FastQuant (the depthwise DSP output stage, output zero point folded into the rounding word)
// against requantize_to_s8 on its domain: multipliers in [2^30, 2^31), shifts in [-23, -1], every
// output zero point's extremes, accumulators at the int32 extremes, at the rounding ties and random.
TEST(RequantFast, FastQuantMatchesDefinition) {
  static const int32_t kMults[] = {1 << 30, (1 << 30) + 1, 0x5A827999, INT32_MAX - 1, INT32_MAX};
  static const int32_t kOffsets[] = {-128, -1, 0, 5, 127};
  static const int32_t kAccs[] = {0, 1, -1, 255, -256, INT32_MAX, INT32_MIN, INT32_MAX - 1, INT32_MIN + 1, 1 << 30, -(1 << 30)};
  int failures = 0;
  long cases = 0;
  auto one = [&](int32_t acc, int32_t mult, int32_t shift, int32_t offset) {
    const quant::FastQuant q = quant::make_fast_quant(mult, shift, offset);
    const int32_t want = quant::requantize_to_s8(acc, mult, shift, offset, -128, 127);
    const int32_t got = quant::requantize_fast_s8(acc, q);
    // The two-output form, the second output on another channel's constants and accumulator.
    const int32_t acc2 = static_cast<int32_t>(~static_cast<uint32_t>(acc));
    const int32_t shift2 = shift < -12 ? shift + 5 : shift - 3;
    const quant::FastQuant q2 = quant::make_fast_quant(mult ^ 0x155, shift2, -offset - 1);
    const int32_t want2 = quant::requantize_to_s8(acc2, mult ^ 0x155, shift2, -offset - 1, -128, 127);
    int32_t got_a = 0, got_b = 0;
    quant::requantize_fast_s8_x2(acc, acc2, q, q2, got_a, got_b);
    ++cases;
    if (want == got && want == got_a && want2 == got_b) return;
    if (failures++ < 5) {
      platform::print("fast mismatch acc=%ld mult=%ld shift=%ld offset=%ld: want %ld got %ld\n", static_cast<long>(acc),
                      static_cast<long>(mult), static_cast<long>(shift), static_cast<long>(offset),
                      static_cast<long>(want), static_cast<long>(got));
    }
  };
  for (int32_t shift = -23; shift <= -1; ++shift) {
    const int32_t e = -shift;
    for (int32_t mult : kMults) {
      for (int32_t offset : kOffsets) {
        for (int32_t acc : kAccs) {
          one(acc, mult, shift, offset);
        }
        for (int32_t k = -200; k <= 200; k += 7) {  // product = acc / 2 for mult 2^30: ties at k * 2^e + 2^(e-1)
          for (int32_t d = -2; d <= 2; ++d) {
            const int64_t acc = 2 * (int64_t{k} * (int64_t{1} << e) + (int64_t{1} << (e - 1)) + d);
            if (acc >= INT32_MIN && acc <= INT32_MAX) one(static_cast<int32_t>(acc), mult, shift, offset);
          }
        }
      }
    }
  }
  for (int i = 0; i < 200000; ++i) {
    const auto acc = static_cast<int32_t>(g_rng.next() >> (g_rng.next() % 32));
    const auto mult = static_cast<int32_t>(0x40000000u | (g_rng.next() >> 2));
    const int32_t shift = -1 - static_cast<int32_t>(g_rng.next() % 23);
    const int32_t offset = static_cast<int32_t>(g_rng.next() % 256) - 128;
    one((g_rng.next() & 1) ? acc : -acc, mult, shift, offset);
  }
  platform::print("requant_fast FastQuant: %ld cases, %d mismatches\n", cases, failures);
  EXPECT_EQ(failures, 0);
}

// The doubled form against the definition on its domain: shifts in [-22, 0], multipliers in
// [2^30, 2^31), every zero point's extremes; for shift 0 accumulators within 2^31 - 129 (the
// caller's bound), elsewhere the int32 extremes too; ties and random.
TEST(RequantFast, DoubledQuantMatchesDefinition) {
  static const int32_t kMults[] = {1 << 30, (1 << 30) + 1, 0x5A827999, INT32_MAX - 1, INT32_MAX};
  static const int32_t kOffsets[] = {-128, -1, 0, 5, 127};
  static const int32_t kAccs[] = {0,         1,         -1,           255,          -256,    INT32_MAX,
                                  INT32_MIN, INT32_MAX - 1, INT32_MIN + 1, INT32_MAX - 128, INT32_MIN + 129,
                                  1 << 30,   -(1 << 30), (1 << 30) + 1, -(1 << 30) - 1};
  int failures = 0;
  long cases = 0;
  auto one = [&](int32_t acc, int32_t mult, int32_t shift, int32_t offset) {
    if (shift == 0 && (acc > INT32_MAX - 128 || acc < INT32_MIN + 129)) return;  // outside the caller's bound
    const quant::FastQuant q = quant::make_fast_quant_d(mult, shift, offset);
    const int32_t want = quant::requantize_to_s8(acc, mult, shift, offset, -128, 127);
    const int32_t got = quant::requantize_fast_d_s8(acc, q);
    ++cases;
    if (want == got) return;
    if (failures++ < 5) {
      platform::print("doubled mismatch acc=%ld mult=%ld shift=%ld offset=%ld: want %ld got %ld\n", static_cast<long>(acc),
                      static_cast<long>(mult), static_cast<long>(shift), static_cast<long>(offset),
                      static_cast<long>(want), static_cast<long>(got));
    }
  };
  for (int32_t shift = -22; shift <= 0; ++shift) {
    const int32_t e = -shift;
    for (int32_t mult : kMults) {
      for (int32_t offset : kOffsets) {
        for (int32_t acc : kAccs) one(acc, mult, shift, offset);
        for (int32_t k = -200; k <= 200; k += 7) {  // ties of the shift (e >= 1) and small values
          for (int32_t d = -2; d <= 2; ++d) {
            const int64_t half = e > 0 ? int64_t{1} << (e - 1) : 0;
            const int64_t acc = 2 * (int64_t{k} * (int64_t{1} << e) + half + d);
            if (acc >= INT32_MIN && acc <= INT32_MAX) one(static_cast<int32_t>(acc), mult, shift, offset);
          }
        }
        for (int32_t d = 0; d <= 600; ++d) {  // where 2y and the sum start to saturate
          one(static_cast<int32_t>((1u << 31) - (1u << 30) / 2 + static_cast<uint32_t>(d - 300) * 4099u), mult, shift,
              offset);
          one(INT32_MAX - 128 - d * 3, mult, shift, offset);
          one(INT32_MIN + 129 + d * 3, mult, shift, offset);
        }
      }
    }
  }
  for (int i = 0; i < 300000; ++i) {
    const auto acc = static_cast<int32_t>(g_rng.next() >> (g_rng.next() % 32));
    const auto mult = static_cast<int32_t>(0x40000000u | (g_rng.next() >> 2));
    const int32_t shift = -static_cast<int32_t>(g_rng.next() % 23);
    const int32_t offset = static_cast<int32_t>(g_rng.next() % 256) - 128;
    one((g_rng.next() & 1) ? acc : -acc, mult, shift, offset);
  }
  platform::print("requant_fast doubled: %ld cases, %d mismatches\n", cases, failures);
  EXPECT_EQ(failures, 0);
}

// The depthwise general path's per-output form (no prepared constants) against the definition:
// every shift in [-31, 30] (the masked form for [-23, 0] with multipliers >= 2^30, the definition
// otherwise), narrow clamps, accumulators at the int32 limits and random ones.
TEST(RequantFast, UnpreparedMatchesDefinition) {
  static const int32_t kMults[] = {0, 1, (1 << 30) - 1, 1 << 30, (1 << 30) + 1, 0x5A827999, INT32_MAX};
  static const int32_t kAccs[] = {0, 1, -1, 255, -256, INT32_MAX, INT32_MIN, INT32_MAX - 1, INT32_MIN + 1, 1 << 30, -(1 << 30)};
  static const int32_t kClamps[][2] = {{-128, 127}, {-128, 0}, {-20, 90}, {0, 127}};
  int failures = 0;
  long cases = 0;
  auto one = [&](int32_t acc, int32_t mult, int32_t shift, int32_t offset, int32_t lo, int32_t hi) {
    const int32_t want = quant::requantize_to_s8(acc, mult, shift, offset, lo, hi);
    const int32_t got = quant::requantize_s8_unprepared(acc, mult, shift, offset, lo, hi);
    ++cases;
    if (want == got) return;
    if (failures++ < 5) {
      platform::print("unprepared mismatch acc=%ld mult=%ld shift=%ld offset=%ld: want %ld got %ld\n",
                      static_cast<long>(acc), static_cast<long>(mult), static_cast<long>(shift),
                      static_cast<long>(offset), static_cast<long>(want), static_cast<long>(got));
    }
  };
  for (int32_t shift = -31; shift <= 30; ++shift) {
    for (int32_t mult : kMults) {
      for (const auto& c : kClamps) {
        for (int32_t acc : kAccs) one(acc, mult, shift, shift & 1 ? -128 : 127, c[0], c[1]);
        for (int32_t k = -300; k <= 300; k += 3) one(k * 977, mult, shift, k % 128, c[0], c[1]);
      }
    }
  }
  for (int i = 0; i < 200000; ++i) {
    const auto acc = static_cast<int32_t>(g_rng.next() >> (g_rng.next() % 32));
    const auto mult = static_cast<int32_t>((g_rng.next() & 7) == 0 ? (g_rng.next() >> 1) : (0x40000000u | (g_rng.next() >> 2)));
    const int32_t shift = (g_rng.next() & 7) == 0 ? static_cast<int32_t>(g_rng.next() % 62) - 31
                                                  : -static_cast<int32_t>(g_rng.next() % 24);
    const int32_t offset = static_cast<int32_t>(g_rng.next() % 256) - 128;
    const auto& c = kClamps[g_rng.next() % 4];
    one((g_rng.next() & 1) ? acc : -acc, mult, shift, offset, c[0], c[1]);
  }
  platform::print("requant_fast unprepared: %ld cases, %d mismatches\n", cases, failures);
  EXPECT_EQ(failures, 0);
}
