// svdf_s8 / svdf_state_s16_s8: every variant against a naive multi-step reference written here
// (explicit state history, no in-place shifting) on seeded random sweeps; guard bytes around
// output and state; parameter checks.
#include <cstring>

#include "cmnn/svdf.h"
#include "quant/fixed_point.h"
#include "test.h"
#include "test_data.h"

using namespace cmnn;

namespace {

test::Xorshift32 g_rng(0xBADC0DEu);
int32_t pick(int32_t lo, int32_t hi) { return g_rng.pick(lo, hi); }

using test::guards_intact;
inline uint8_t* guarded(size_t bytes) { return test::guarded_alloc(bytes); }

template <typename State>
void sweep(const Variant<SvdfParams, SvdfTensors<State>>* table, size_t count,
           Status (*run)(const Variant<SvdfParams, SvdfTensors<State>>&, const SvdfParams&, const SvdfTensors<State>&,
                         void*, size_t),
           int* cases_out, int* runs_out) {
  constexpr int32_t lo = sizeof(State) == 1 ? -128 : -32768, hi = sizeof(State) == 1 ? 127 : 32767;
  int cases = 0, runs = 0;
  for (; cases < 120; ++cases) {
    SvdfParams p;
    p.batches = pick(1, 3);
    // A quarter deep enough for the Helium variant's 16-lane loops (and 8-lane int16 time loop).
    p.input_size = pick(0, 3) == 0 ? pick(25, 130) : pick(1, 24);
    p.rank = pick(1, 3);
    p.feature_batches = p.rank * pick(1, 6);
    p.time_batches = pick(0, 3) == 0 ? pick(10, 40) : pick(1, 9);
    p.input_offset = pick(-127, 128);
    p.output_offset = pick(-128, 127);
    p.input_multiplier = pick(1 << 30, INT32_MAX);
    p.input_shift = pick(-10, 0);
    p.output_multiplier = pick(1 << 30, INT32_MAX);
    p.output_shift = pick(-16, -2);
    p.state_min = pick(0, 1) ? lo : pick(lo, 0);
    p.state_max = pick(0, 1) ? hi : pick(0, hi);
    // A zero-pointed state (TFLM int8 state): values stored as State(zp + clamped), wrapping.
    if (pick(0, 1) != 0) p.state_zero_point = pick(lo, hi);
    const int steps = pick(1, 4);
    const size_t mark = test::arena_mark();
    const auto f = static_cast<size_t>(p.feature_batches), t = static_cast<size_t>(p.time_batches);
    const auto bsz = static_cast<size_t>(p.batches), units = static_cast<size_t>(p.units());
    const size_t in_n = bsz * p.input_size * steps, state_n = bsz * f * t;
    auto* in = test::arena_alloc<int8_t>(in_n);
    auto* wf = test::arena_alloc<int8_t>(f * p.input_size);
    auto* wt = test::arena_alloc<State>(f * t);
    auto* bias = test::arena_alloc<int32_t>(units);
    auto* state0 = test::arena_alloc<State>(state_n);
    auto* history = test::arena_alloc<int32_t>(bsz * f * (t + steps));  // oldest first
    auto* expected = test::arena_alloc<int8_t>(bsz * units);
    ASSERT_TRUE(in && wf && wt && bias && state0 && history && expected);
    for (size_t i = 0; i < in_n; ++i) in[i] = static_cast<int8_t>(pick(-128, 127));
    for (size_t i = 0; i < f * p.input_size; ++i) wf[i] = static_cast<int8_t>(pick(-127, 127));
    for (size_t i = 0; i < f * t; ++i) wt[i] = static_cast<State>(pick(lo, hi));
    for (size_t i = 0; i < units; ++i) bias[i] = pick(-100000, 100000);
    for (size_t i = 0; i < state_n; ++i) state0[i] = static_cast<State>(pick(lo, hi));
    // Naive: history[b][f] = initial state then one new value per step; the last t count.
    const size_t hlen = t + static_cast<size_t>(steps);
    for (size_t b = 0; b < bsz; ++b)
      for (size_t ff = 0; ff < f; ++ff) {
        for (size_t j = 0; j < t; ++j) history[(b * f + ff) * hlen + j] = state0[(b * f + ff) * t + j];
        for (int s = 0; s < steps; ++s) {
          int32_t acc = 0;
          for (int32_t k = 0; k < p.input_size; ++k)
            acc += (in[(static_cast<size_t>(s) * bsz + b) * p.input_size + k] + p.input_offset) * wf[ff * p.input_size + k];
          const int32_t v = quant::multiply_by_quantized_multiplier(acc, p.input_multiplier, p.input_shift);
          const int32_t stored = p.state_zero_point + quant::clamp(v, p.state_min, p.state_max);
          history[(b * f + ff) * hlen + t + s] = static_cast<State>(static_cast<uint32_t>(stored));
        }
      }
    for (size_t b = 0; b < bsz; ++b)
      for (size_t u = 0; u < units; ++u) {
        int64_t sum = bias[u];
        for (int32_t r = 0; r < p.rank; ++r) {
          const size_t ff = u * p.rank + r;
          for (size_t j = 0; j < t; ++j)
            sum += int64_t{wt[ff * t + j]} * (history[(b * f + ff) * hlen + steps + j] - p.state_zero_point);
        }
        const auto acc = static_cast<int32_t>(static_cast<uint32_t>(static_cast<uint64_t>(sum)));
        const int32_t o = quant::multiply_by_quantized_multiplier(acc, p.output_multiplier, p.output_shift);
        expected[b * units + u] = static_cast<int8_t>(quant::clamp(o + p.output_offset, -128, 127));
      }
    for (size_t v = 0; v < count; ++v) {
      if (!isa_runnable(table[v].isa) || !table[v].supports(p)) continue;
      const size_t scratch_n = table[v].scratch_bytes(p);
      uint8_t* out = guarded(bsz * units);
      uint8_t* state = guarded(state_n * sizeof(State));
      uint8_t* scratch = guarded(scratch_n);
      ASSERT_TRUE(out && state && scratch);
      std::memcpy(state, state0, state_n * sizeof(State));
      SvdfTensors<State> a{nullptr, wf, wt, bias, reinterpret_cast<State*>(state), reinterpret_cast<int8_t*>(out)};
      for (int s = 0; s < steps; ++s) {
        a.input = in + static_cast<size_t>(s) * bsz * p.input_size;
        ASSERT_EQ(run(table[v], p, a, scratch, scratch_n), Status::kOk);
      }
      ASSERT_TRUE(guards_intact(out, bsz * units) && guards_intact(state, state_n * sizeof(State)) &&
                  guards_intact(scratch, scratch_n));
      ASSERT_BYTES_EQ(out, expected, bsz * units);
      // The state holds the last t history values.
      for (size_t i = 0; i < state_n; ++i) {
        ASSERT_EQ(int32_t{reinterpret_cast<State*>(state)[i]}, history[(i / t) * hlen + steps + i % t]);
      }
      ++runs;
    }
    test::arena_rewind(mark);
  }
  *cases_out = cases;
  *runs_out = runs;
}

}  // namespace

TEST(Svdf, S8MatchesNaive) {
  size_t count = 0;
  const auto* table = svdf_s8_variants(&count);
  int cases = 0, runs = 0;
  sweep<int8_t>(table, count, svdf_s8_run_variant, &cases, &runs);
  platform::print("    %d random multi-step cases, %d variant runs equal to the naive reference\n", cases, runs);
  EXPECT_GE(runs, cases);
#if !defined(CMNN_TARGET_CORTEX_M) || defined(__ARM_FEATURE_DSP)
  EXPECT_GE(runs, 2 * cases);  // the dsp variant runs too (natively or emulated)
#endif
#if !defined(CMNN_TARGET_CORTEX_M) || (defined(__ARM_FEATURE_MVE) && (__ARM_FEATURE_MVE & 1))
  EXPECT_GE(runs, 3 * cases);  // and the mve variant (emulated on the host)
#endif
}

TEST(Svdf, StateS16MatchesNaive) {
  size_t count = 0;
  const auto* table = svdf_state_s16_s8_variants(&count);
  int cases = 0, runs = 0;
  sweep<int16_t>(table, count, svdf_state_s16_s8_run_variant, &cases, &runs);
  platform::print("    %d random multi-step cases, %d variant runs equal to the naive reference\n", cases, runs);
  EXPECT_GE(runs, cases);
#if !defined(CMNN_TARGET_CORTEX_M) || defined(__ARM_FEATURE_DSP)
  EXPECT_GE(runs, 2 * cases);  // the dsp variant runs too (natively or emulated)
#endif
#if !defined(CMNN_TARGET_CORTEX_M) || (defined(__ARM_FEATURE_MVE) && (__ARM_FEATURE_MVE & 1))
  EXPECT_GE(runs, 3 * cases);  // and the mve variant (emulated on the host)
#endif
}

TEST(Svdf, ParameterChecks) {
  SvdfParams p;
  p.input_size = 2;
  p.feature_batches = 2;
  p.time_batches = 2;
  p.input_multiplier = p.output_multiplier = 1 << 30;
  int8_t in[2] = {}, wf[4] = {}, wt[4] = {}, state[4] = {}, out[2] = {};
  SvdfS8Args a{in, wf, wt, nullptr, state, out};
  EXPECT_EQ(svdf_s8(p, a, nullptr, 0), Status::kOk);
  SvdfParams q = p;
  q.rank = 3;
  EXPECT_EQ(svdf_s8(q, a, nullptr, 0), Status::kBadShape);
  q = p;
  q.state_max = 200;
  EXPECT_EQ(svdf_s8(q, a, nullptr, 0), Status::kBadParameter);
  q = p;
  q.state_zero_point = 128;  // outside the int8 state
  EXPECT_EQ(svdf_s8(q, a, nullptr, 0), Status::kBadParameter);
  q = p;
  q.output_shift = 31;
  EXPECT_EQ(svdf_s8(q, a, nullptr, 0), Status::kBadParameter);
  SvdfS8Args b = a;
  b.state = nullptr;
  EXPECT_EQ(svdf_s8(p, b, nullptr, 0), Status::kNullPointer);
  int16_t wt16[4] = {}, state16[4] = {};
  SvdfS16StateArgs c{in, wf, wt16, nullptr, state16, out};
  q = p;
  q.state_min = -32768;
  q.state_max = 32767;
  EXPECT_EQ(svdf_state_s16_s8(q, c, nullptr, 0), Status::kOk);
  q.time_batches = 0;
  EXPECT_EQ(svdf_state_s16_s8(q, c, nullptr, 0), Status::kBadShape);
}

namespace {

// One profile region per natively runnable variant and shape (est. cycles / exact instructions
// under the QEMU cycle model; nothing on the host), outputs and states equal across variants.
template <typename State>
void profile(const Variant<SvdfParams, SvdfTensors<State>>* table, size_t count,
             Status (*run)(const Variant<SvdfParams, SvdfTensors<State>>&, const SvdfParams&,
                           const SvdfTensors<State>&, void*, size_t)) {
  struct Shape {
    const char* name;
    int32_t input, features, rank, time;
  };
  static const Shape shapes[] = {{"in40 f64 r1 t10", 40, 64, 1, 10}, {"in128 f128 r2 t16", 128, 128, 2, 16}};
  for (const Shape& s : shapes) {
    const size_t mark = test::arena_mark();
    SvdfParams p;
    p.input_size = s.input, p.feature_batches = s.features, p.rank = s.rank, p.time_batches = s.time;
    p.input_offset = 7, p.output_offset = -3, p.state_zero_point = 0;
    p.input_multiplier = p.output_multiplier = 1 << 30;
    p.input_shift = -8, p.output_shift = -12;
    const auto f = static_cast<size_t>(s.features), t = static_cast<size_t>(s.time);
    const auto units = static_cast<size_t>(p.units());
    auto* in = test::arena_alloc<int8_t>(static_cast<size_t>(s.input));
    auto* wf = test::arena_alloc<int8_t>(f * s.input);
    auto* wt = test::arena_alloc<State>(f * t);
    auto* state0 = test::arena_alloc<State>(f * t);
    auto* state = test::arena_alloc<State>(f * t);
    auto* first_state = test::arena_alloc<State>(f * t);
    auto* out = test::arena_alloc<int8_t>(units);
    auto* first = test::arena_alloc<int8_t>(units);
    ASSERT_TRUE(in && wf && wt && state0 && state && first_state && out && first);
    for (int32_t i = 0; i < s.input; ++i) in[i] = static_cast<int8_t>(g_rng.next());
    for (size_t i = 0; i < f * s.input; ++i) wf[i] = static_cast<int8_t>(g_rng.next());
    for (size_t i = 0; i < f * t; ++i) wt[i] = static_cast<State>(g_rng.next() % 64), state0[i] = static_cast<State>(g_rng.next());
    int ran = 0;
    for (size_t v = 0; v < count; ++v) {
      if (!isa_native(table[v].isa) || !table[v].supports(p) || table[v].scratch_bytes(p) > 1024) continue;
      alignas(4) static uint8_t scratch[1024];
      char name[96];
      size_t n = 0;  // "<id> <shape>" without snprintf (newlib's pulls in the heap)
      for (const char* q = table[v].id; *q != '\0' && n + 2 < sizeof name; ++q) name[n++] = *q;
      name[n++] = ' ';
      for (const char* q = s.name; *q != '\0' && n + 1 < sizeof name; ++q) name[n++] = *q;
      name[n] = '\0';
      std::memcpy(state, state0, f * t * sizeof(State));
      const SvdfTensors<State> a{in, wf, wt, nullptr, state, out};
      platform::profile_begin(name);
      const Status st = run(table[v], p, a, scratch, sizeof scratch);
      platform::profile_end();
      ASSERT_EQ(st, Status::kOk);
      if (ran++ == 0) {
        std::memcpy(first, out, units);
        std::memcpy(first_state, state, f * t * sizeof(State));
      } else {
        EXPECT_BYTES_EQ(out, first, units);
        EXPECT_BYTES_EQ(reinterpret_cast<const int8_t*>(state), reinterpret_cast<const int8_t*>(first_state),
                        f * t * sizeof(State));
      }
    }
    EXPECT_GT(ran, 0);
    test::arena_rewind(mark);
  }
}

}  // namespace

TEST(Svdf, ProfileRegions) {
  size_t count = 0;
  const auto* s8 = svdf_s8_variants(&count);
  profile<int8_t>(s8, count, svdf_s8_run_variant);
  const auto* s16 = svdf_state_s16_s8_variants(&count);
  profile<int16_t>(s16, count, svdf_state_s16_s8_run_variant);
}
