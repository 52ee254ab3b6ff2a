// lstm_s8 / lstm_s16 and the int16 sigmoid/tanh they use.
//  - sigmoid_s16/tanh_s16 against double-precision math (error bound), exact fixed points,
//    monotonicity and symmetry over every int16 input.
//  - LSTM: a naive step written here from the header's formula (gate by gate, whole vectors as
//    in TFLite's kernel) against every variant; splitting a sequence in two calls with the state
//    carried equals one call; time-major and batch-major layouts agree; guard bytes; checks.
#include <cmath>
#include <cstring>
#include <initializer_list>

#include "cmnn/lstm.h"
#include "quant/activation_s16.h"
#include "quant/fixed_point.h"
#include "test.h"
#include "test_data.h"

using namespace cmnn;

TEST(ActivationS16, SigmoidAndTanhMatchMath) {
  double worst_sig = 0, worst_tanh = 0;
  int16_t prev_s = 0, prev_t = -32768;
  for (int32_t x = -32768; x <= 32767; ++x) {
    const auto v = static_cast<int16_t>(x);
    const int16_t s = quant::sigmoid_s16(v, 0), t = quant::tanh_s16(v, 0);
    const double real = x / 4096.0;  // Q3.12
    worst_sig = std::fmax(worst_sig, std::fabs(s - 32768.0 / (1.0 + std::exp(-real))));
    worst_tanh = std::fmax(worst_tanh, std::fabs(t - 32768.0 * std::tanh(real)));
    ASSERT_GE(s, prev_s);  // monotonic
    ASSERT_GE(t, prev_t);
    prev_s = s;
    prev_t = t;
    if (x > -32768) ASSERT_EQ(quant::tanh_s16(static_cast<int16_t>(-x), 0), static_cast<int16_t>(-t));  // odd
  }
  platform::print("    65536 inputs: max |error| sigmoid %.3f, tanh %.3f LSB of Q0.15\n", worst_sig, worst_tanh);
  EXPECT_LT(worst_sig, 1.5);
  EXPECT_LT(worst_tanh, 2.0);
  EXPECT_EQ(quant::sigmoid_s16(0, 0), 16384);
  EXPECT_EQ(quant::tanh_s16(0, 0), 0);
  EXPECT_EQ(quant::sigmoid_s16(-32768, 0), 11);  // 32768 * sigmoid(-8) = 10.99
  // left_shift rescales the input: x at shift s equals 2x at shift s - 1 (exact while unsaturated).
  for (int32_t x = -8000; x <= 8000; x += 13) {
    ASSERT_EQ(quant::tanh_s16(static_cast<int16_t>(x), 1), quant::tanh_s16(static_cast<int16_t>(2 * x), 0));
  }
}

namespace {

test::Xorshift32 g_rng(0xC0FFEEu);
int32_t pick(int32_t lo, int32_t hi) { return g_rng.pick(lo, hi); }

using test::guards_intact;
inline uint8_t* guarded(size_t bytes) { return test::guarded_alloc(bytes); }

LstmGateQuant random_gate() {
  LstmGateQuant q;
  q.input_multiplier = pick(1 << 30, INT32_MAX);
  q.input_shift = pick(-12, -2);
  q.hidden_multiplier = pick(1 << 30, INT32_MAX);
  q.hidden_shift = pick(-12, -2);
  return q;
}

template <typename T>
LstmParams random_params() {
  LstmParams p;
  p.time_major = pick(0, 1) != 0;
  p.batches = pick(1, 3);
  p.time_steps = pick(1, 6);
  // A quarter deep enough for the Helium variant's whole vectors (16 int8 / 8 int16 lanes).
  p.input_size = pick(0, 3) == 0 ? pick(13, 70) : pick(1, 12);
  p.hidden_size = pick(0, 3) == 0 ? pick(10, 40) : pick(1, 9);
  if (sizeof(T) == 1) {
    p.input_offset = pick(-127, 128);
    p.output_offset = pick(-128, 127);
  }
  p.forget_to_cell_multiplier = 1 << 30;
  p.forget_to_cell_shift = -14;
  p.input_to_cell_multiplier = pick(1 << 30, INT32_MAX);
  p.input_to_cell_shift = pick(-20, -14);
  p.cell_clip = pick(0, 1) ? 32767 : pick(1000, 32767);
  p.cell_scale_power = pick(-15, -9);
  p.output_multiplier = pick(1 << 30, INT32_MAX);
  p.output_shift = sizeof(T) == 1 ? pick(-24, -18) : pick(-16, -10);
  p.input_gate = random_gate();
  p.forget_gate = random_gate();
  p.cell_gate = random_gate();
  p.output_gate = random_gate();
  return p;
}

template <typename T, typename Bias>
struct Model {
  LstmParams p;
  LstmTensors<T, Bias> a;
  T* input = nullptr;
};

template <typename T, typename Bias>
bool make_model(Model<T, Bias>* m) {
  m->p = random_params<T>();
  const LstmParams& p = m->p;
  const auto in_n = static_cast<size_t>(p.batches * p.time_steps * p.input_size);
  m->input = test::arena_alloc<T>(in_n);
  if (m->input == nullptr) return false;
  for (size_t i = 0; i < in_n; ++i) m->input[i] = static_cast<T>(sizeof(T) == 1 ? pick(-128, 127) : pick(-32768, 32767));
  m->a.input = m->input;
  for (auto* g : {&m->a.input_gate, &m->a.forget_gate, &m->a.cell_gate, &m->a.output_gate}) {
    auto* wi = test::arena_alloc<int8_t>(static_cast<size_t>(p.hidden_size * p.input_size));
    auto* wh = test::arena_alloc<int8_t>(static_cast<size_t>(p.hidden_size * p.hidden_size));
    auto* b = test::arena_alloc<Bias>(static_cast<size_t>(p.hidden_size));
    if (wi == nullptr || wh == nullptr || b == nullptr) return false;
    for (int32_t i = 0; i < p.hidden_size * p.input_size; ++i) wi[i] = static_cast<int8_t>(pick(-127, 127));
    for (int32_t i = 0; i < p.hidden_size * p.hidden_size; ++i) wh[i] = static_cast<int8_t>(pick(-127, 127));
    for (int32_t i = 0; i < p.hidden_size; ++i) b[i] = static_cast<Bias>(pick(-60000, 60000));
    *g = {wi, wh, pick(0, 4) == 0 ? nullptr : b};
  }
  return true;
}

size_t row_of(const LstmParams& p, int32_t b, int32_t t) {
  return p.time_major ? static_cast<size_t>(t) * p.batches + b : static_cast<size_t>(b) * p.time_steps + t;
}

// Naive reference: per step, whole gate vectors first (as TFLite's kernel orders the work).
template <typename T, typename Bias>
void naive(const Model<T, Bias>& m, T* out) {
  const LstmParams& p = m.p;
  const int32_t H = p.hidden_size;
  int16_t cell[40], gates[4][40];  // hidden_size <= 40 (random_params)
  const typename LstmTensors<T, Bias>::Gate* gs[4] = {&m.a.input_gate, &m.a.forget_gate, &m.a.cell_gate, &m.a.output_gate};
  const LstmGateQuant* qs[4] = {&p.input_gate, &p.forget_gate, &p.cell_gate, &p.output_gate};
  for (int32_t b = 0; b < p.batches; ++b) {
    std::memset(cell, 0, sizeof cell);
    const T* h_prev = nullptr;
    for (int32_t t = 0; t < p.time_steps; ++t) {
      const T* x = m.input + row_of(p, b, t) * p.input_size;
      for (int gi = 0; gi < 4; ++gi)
        for (int32_t j = 0; j < H; ++j) {
          int64_t acc = gs[gi]->bias != nullptr ? int64_t{gs[gi]->bias[j]} : 0;
          for (int32_t k = 0; k < p.input_size; ++k) acc += int64_t{x[k] + p.input_offset} * gs[gi]->input_weights[j * p.input_size + k];
          int32_t v = sizeof(T) == 1 ? quant::multiply_by_quantized_multiplier(static_cast<int32_t>(acc), qs[gi]->input_multiplier, qs[gi]->input_shift)
                                     : quant::multiply_by_quantized_multiplier_64(acc, qs[gi]->input_multiplier, qs[gi]->input_shift);
          v = quant::clamp(v, -32768, 32767);
          if (h_prev != nullptr) {
            int64_t hacc = 0;
            for (int32_t k = 0; k < H; ++k) hacc += int64_t{h_prev[k] - p.output_offset} * gs[gi]->hidden_weights[j * H + k];
            const int32_t hv = sizeof(T) == 1 ? quant::multiply_by_quantized_multiplier(static_cast<int32_t>(hacc), qs[gi]->hidden_multiplier, qs[gi]->hidden_shift)
                                              : quant::multiply_by_quantized_multiplier_64(hacc, qs[gi]->hidden_multiplier, qs[gi]->hidden_shift);
            v = quant::clamp(quant::clamp(hv, -32768, 32767) + v, -32768, 32767);  // each FC to int16 first
          }
          gates[gi][j] = gi == 2 ? quant::tanh_s16(static_cast<int16_t>(v), 0) : quant::sigmoid_s16(static_cast<int16_t>(v), 0);
        }
      T* h = out + row_of(p, b, t) * H;
      for (int32_t j = 0; j < H; ++j) {
        int32_t c = quant::clamp(quant::multiply_by_quantized_multiplier(gates[1][j] * cell[j], p.forget_to_cell_multiplier, p.forget_to_cell_shift), -32768, 32767);
        const int32_t ig = quant::clamp(quant::multiply_by_quantized_multiplier(gates[0][j] * gates[2][j], p.input_to_cell_multiplier, p.input_to_cell_shift), -32768, 32767);
        c = quant::clamp(quant::clamp(ig + c, -32768, 32767), -p.cell_clip, p.cell_clip);
        cell[j] = static_cast<int16_t>(c);
        const int32_t o = quant::multiply_by_quantized_multiplier(gates[3][j] * quant::tanh_s16(cell[j], p.cell_scale_power + 12), p.output_multiplier, p.output_shift);
        h[j] = static_cast<T>(quant::clamp(o + p.output_offset, sizeof(T) == 1 ? -128 : -32768, sizeof(T) == 1 ? 127 : 32767));
      }
      h_prev = h;
    }
  }
}

template <typename T, typename Bias>
void sweep(const Variant<LstmParams, LstmTensors<T, Bias>>* table, size_t count,
           Status (*run)(const Variant<LstmParams, LstmTensors<T, Bias>>&, const LstmParams&,
                         const LstmTensors<T, Bias>&, void*, size_t),
           Status (*entry)(const LstmParams&, const LstmTensors<T, Bias>&, void*, size_t),
           size_t (*scratch_bytes)(const LstmParams&)) {
  int cases = 0, runs = 0, splits = 0;
  for (; cases < 100; ++cases) {
    const size_t mark = test::arena_mark();
    Model<T, Bias> m;
    ASSERT_TRUE(make_model(&m));
    const LstmParams& p = m.p;
    const size_t out_n = static_cast<size_t>(p.batches * p.time_steps * p.hidden_size);
    const size_t cell_n = static_cast<size_t>(p.batches * p.hidden_size);
    T* expected = test::arena_alloc<T>(out_n);
    ASSERT_TRUE(expected != nullptr);
    naive(m, expected);
    for (size_t v = 0; v < count; ++v) {
      if (!isa_runnable(table[v].isa) || !table[v].supports(p)) continue;
      const size_t scratch_n = table[v].scratch_bytes(p);
      uint8_t* out = guarded(out_n * sizeof(T));
      uint8_t* cell = guarded(cell_n * 2);
      uint8_t* scratch = guarded(scratch_n);
      ASSERT_TRUE(out && cell && scratch);
      std::memset(cell, 0, cell_n * 2);
      LstmTensors<T, Bias> a = m.a;
      a.output = reinterpret_cast<T*>(out);
      a.cell_state = reinterpret_cast<int16_t*>(cell);
      ASSERT_EQ(run(table[v], p, a, scratch, scratch_n), Status::kOk);
      ASSERT_TRUE(guards_intact(out, out_n * sizeof(T)) && guards_intact(cell, cell_n * 2) &&
                  guards_intact(scratch, scratch_n));
      ASSERT_BYTES_EQ(out, expected, out_n * sizeof(T));
      ++runs;
    }
    // Batch-major only: two calls (t1 steps, then the rest) with hidden and cell state carried,
    // the hidden state starting at the zero point, give the one-call output.
    if (!p.time_major && p.time_steps >= 2) {
      const int32_t t1 = pick(1, p.time_steps - 1);
      T* out = test::arena_alloc<T>(out_n);
      T* hidden = test::arena_alloc<T>(cell_n);
      int16_t* cell = test::arena_alloc<int16_t>(cell_n);
      T* part_in = test::arena_alloc<T>(static_cast<size_t>(p.batches * p.time_steps * p.input_size));
      T* part_out = test::arena_alloc<T>(out_n);
      ASSERT_TRUE(out && hidden && cell && part_in && part_out);
      std::memset(cell, 0, cell_n * 2);
      for (size_t i = 0; i < cell_n; ++i) hidden[i] = static_cast<T>(p.output_offset);
      for (int part = 0; part < 2; ++part) {
        LstmParams q = p;
        const int32_t t0 = part == 0 ? 0 : t1;
        q.time_steps = part == 0 ? t1 : p.time_steps - t1;
        for (int32_t b = 0; b < p.batches; ++b)
          std::memcpy(part_in + static_cast<size_t>(b) * q.time_steps * p.input_size,
                      m.input + (static_cast<size_t>(b) * p.time_steps + t0) * p.input_size,
                      sizeof(T) * q.time_steps * p.input_size);
        LstmTensors<T, Bias> a = m.a;
        a.input = part_in;
        a.output = part_out;
        a.cell_state = cell;
        a.hidden_state = hidden;
        const size_t need = scratch_bytes(q);
        void* scratch = need > 0 ? test::arena_alloc_bytes(need) : nullptr;
        ASSERT_EQ(entry(q, a, scratch, need), Status::kOk);
        for (int32_t b = 0; b < p.batches; ++b)
          std::memcpy(out + (static_cast<size_t>(b) * p.time_steps + t0) * p.hidden_size,
                      part_out + static_cast<size_t>(b) * q.time_steps * p.hidden_size, sizeof(T) * q.time_steps * p.hidden_size);
      }
      ASSERT_BYTES_EQ(out, expected, out_n * sizeof(T));
      ++splits;
    }
    test::arena_rewind(mark);
  }
  platform::print("    %d random sequences, %d variant runs equal to the naive step, %d split runs equal\n", cases,
                  runs, splits);
  EXPECT_GE(runs, cases);
#if !defined(CMNN_TARGET_CORTEX_M) || (defined(__ARM_FEATURE_MVE) && (__ARM_FEATURE_MVE & 1))
  EXPECT_GE(runs, 3 * cases);  // mve, dsp and ref (emulated on the host)
#endif
  EXPECT_GT(splits, 10);
}

}  // namespace

TEST(LstmS8, MatchesNaiveAndSplits) {
  size_t count = 0;
  const auto* table = lstm_s8_variants(&count);
  sweep<int8_t, int32_t>(table, count, lstm_s8_run_variant, lstm_s8, lstm_s8_scratch_bytes);
}

TEST(LstmS16, MatchesNaiveAndSplits) {
  size_t count = 0;
  const auto* table = lstm_s16_variants(&count);
  sweep<int16_t, int64_t>(table, count, lstm_s16_run_variant, lstm_s16, lstm_s16_scratch_bytes);
}

TEST(Lstm, ParameterChecks) {
  LstmParams p;
  p.time_steps = 2;
  p.input_size = 2;
  p.hidden_size = 2;
  p.forget_to_cell_multiplier = p.input_to_cell_multiplier = p.output_multiplier = 1 << 30;
  int8_t in[4] = {}, w[4] = {}, out[4] = {};
  int16_t cell[2] = {};
  LstmS8Args a;
  a.input = in;
  a.input_gate = a.forget_gate = a.cell_gate = a.output_gate = {w, w, nullptr};
  a.cell_state = cell;
  a.output = out;
  EXPECT_EQ(lstm_s8(p, a, nullptr, 0), Status::kOk);
  LstmParams q = p;
  q.cell_clip = -1;
  EXPECT_EQ(lstm_s8(q, a, nullptr, 0), Status::kBadParameter);
  q = p;
  q.hidden_size = 0;
  EXPECT_EQ(lstm_s8(q, a, nullptr, 0), Status::kBadShape);
  q = p;
  q.cell_gate.hidden_shift = 40;
  EXPECT_EQ(lstm_s8(q, a, nullptr, 0), Status::kBadParameter);
  LstmS8Args b = a;
  b.forget_gate.hidden_weights = nullptr;
  EXPECT_EQ(lstm_s8(p, b, nullptr, 0), Status::kNullPointer);
  b = a;
  b.output = in;  // aliasing the input
  EXPECT_EQ(lstm_s8(p, b, nullptr, 0), Status::kBadParameter);
  int16_t in16[4] = {}, out16[4] = {};
  LstmS16Args c;
  c.input = in16;
  c.input_gate = c.forget_gate = c.cell_gate = c.output_gate = {w, w, nullptr};
  c.cell_state = cell;
  c.output = out16;
  EXPECT_EQ(lstm_s16(p, c, nullptr, 0), Status::kOk);
  q = p;
  q.input_offset = 3;
  EXPECT_EQ(lstm_s16(q, c, nullptr, 0), Status::kBadParameter);
}
