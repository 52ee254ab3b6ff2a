// One profiler region per native variant of the int16/int4/recurrent ops on representative
// shapes (run under QEMU with the instruction-count plugin to compare variants, see
// docs/measurement.md); also checks that the variants agree byte for byte.
#include <cstring>
#include <initializer_list>

#include "cmnn/conv_s16.h"
#include "cmnn/conv_s4.h"
#include "cmnn/fully_connected_s16.h"
#include "cmnn/fully_connected_s4.h"
#include "cmnn/lstm.h"
#include "cmnn/svdf.h"
#include "test.h"
#include "test_data.h"

using namespace cmnn;

namespace {

test::Xorshift32 g_rng(0x51A7u);
template <typename T>
T* random_array(size_t n, int32_t lo, int32_t hi) {
  T* p = test::arena_alloc<T>(n);
  for (size_t i = 0; p != nullptr && i < n; ++i)
    p[i] = static_cast<T>(g_rng.pick(lo, hi));
  return p;
}

// Runs every native variant of table in a profiler region named "<id> <shape>"; outputs of the
// variants (bytes at out) must agree. reset() restores in/out state before each run.
template <typename V, typename Run, typename Reset>
int profile_all(const V* table, size_t count, const char* shape, void* out, size_t out_bytes, Run run, Reset reset) {
  uint8_t* first = test::arena_alloc<uint8_t>(out_bytes);
  if (first == nullptr) return -1;
  int ran = 0;
  for (size_t v = 0; v < count; ++v) {
    if (!isa_native(table[v].isa)) continue;
    reset();
    char name[96];
    size_t n = 0;
    for (const char* s : {table[v].id, " ", shape}) {
      for (; *s != '\0' && n + 1 < sizeof name; ++s) name[n++] = *s;
    }
    name[n] = '\0';
    platform::profile_begin(name);
    const Status s = run(table[v]);
    platform::profile_end();
    if (s != Status::kOk) return -1;
    if (ran == 0) std::memcpy(first, out, out_bytes);
    else if (std::memcmp(first, out, out_bytes) != 0) return -1;
    ++ran;
  }
  return ran;
}

}  // namespace

TEST(WideProfile, ConvAndFullyConnected) {
  Conv2dParams c;
  c.input_h = 8, c.input_w = 10, c.input_c = 55, c.output_c = 4, c.filter_h = 4, c.filter_w = 9;
  c.output_h = 5, c.output_w = 2, c.activation_min = INT16_MIN, c.activation_max = INT16_MAX;
  auto* mult = random_array<int32_t>(64, 1 << 30, INT32_MAX);
  auto* shift = random_array<int32_t>(64, -14, -10);
  Conv2dS16Args a16{random_array<int16_t>(4400, -32768, 32767), random_array<int8_t>(7920, -127, 127),
                    random_array<int64_t>(4, -100000, 100000), nullptr, mult, shift, test::arena_alloc<int16_t>(40)};
  size_t n = 0;
  const auto* t16 = conv2d_s16_variants(&n);
  const int r1 = profile_all(t16, n, "8x10x55 f4x9 oc4", a16.output, 80, [&](const Conv2dS16Variant& v) {
    return conv2d_s16_run_variant(v, c, a16, nullptr, 0);
  }, [] {});
  EXPECT_GE(r1, 1);

  Conv2dParams c4;
  c4.input_h = c4.input_w = 10, c4.input_c = 16, c4.output_c = 16, c4.filter_h = c4.filter_w = 3;
  c4.output_h = c4.output_w = 8, c4.input_offset = 128, c4.output_offset = -3;
  Conv2dS4Args a4{random_array<int8_t>(1600, -128, 127), random_array<uint8_t>(1152, 0, 255),
                  random_array<int32_t>(16, -1000, 1000), mult, shift, test::arena_alloc<int8_t>(1024)};
  const size_t s4_scratch = conv2d_s4_scratch_bytes(c4) + 4608;
  void* scratch = test::arena_alloc_bytes(s4_scratch);
  const auto* t4 = conv2d_s4_variants(&n);
  const int r2 = profile_all(t4, n, "10x10x16 f3x3 oc16", a4.output, 1024, [&](const Conv2dS4Variant& v) {
    return conv2d_s4_run_variant(v, c4, a4, scratch, s4_scratch);
  }, [] {});
  EXPECT_GE(r2, 1);

  FullyConnectedParams f;
  f.batches = 3, f.input_depth = 700, f.output_depth = 11, f.activation_min = INT16_MIN, f.activation_max = INT16_MAX;
  FullyConnectedS16Args fa{random_array<int16_t>(2100, -32768, 32767), random_array<int8_t>(7700, -127, 127),
                           random_array<int64_t>(11, -100000, 100000), nullptr, mult, shift,
                           test::arena_alloc<int16_t>(33)};
  const auto* tf16 = fully_connected_s16_variants(&n);
  const int r3 = profile_all(tf16, n, "3x700->11", fa.output, 66, [&](const FullyConnectedS16Variant& v) {
    return fully_connected_s16_run_variant(v, f, fa, nullptr, 0);
  }, [] {});
  EXPECT_GE(r3, 1);

  FullyConnectedParams f4;
  f4.input_depth = 82, f4.output_depth = 21, f4.input_offset = -3, f4.output_offset = -3;
  FullyConnectedS4Args fa4{random_array<int8_t>(82, -128, 127), random_array<uint8_t>(861, 0, 255), nullptr, mult,
                           shift, test::arena_alloc<int8_t>(21)};
  const auto* tf4 = fully_connected_s4_variants(&n);
  const int r4 = profile_all(tf4, n, "82->21", fa4.output, 21, [&](const FullyConnectedS4Variant& v) {
    return fully_connected_s4_run_variant(v, f4, fa4, scratch, s4_scratch);
  }, [] {});
  EXPECT_GE(r4, 1);
  platform::print("    variants profiled: conv2d_s16 %d, conv2d_s4 %d, fc_s16 %d, fc_s4 %d\n", r1, r2, r3, r4);
}

TEST(WideProfile, SvdfAndLstm) {
  SvdfParams s;
  s.input_size = 40, s.feature_batches = 64, s.rank = 1, s.time_batches = 8;
  s.input_multiplier = 1717987072, s.input_shift = -3, s.output_multiplier = 1099511552, s.output_shift = -11;
  s.state_min = INT16_MIN, s.state_max = INT16_MAX;
  int16_t* state0 = random_array<int16_t>(512, -32768, 32767);
  SvdfS16StateArgs sa{random_array<int8_t>(40, -128, 127), random_array<int8_t>(2560, -127, 127),
                      random_array<int16_t>(512, -32768, 32767), random_array<int32_t>(64, -1000, 1000),
                      test::arena_alloc<int16_t>(512), test::arena_alloc<int8_t>(64)};
  void* scratch = test::arena_alloc_bytes(256);
  size_t n = 0;
  const auto* ts = svdf_state_s16_s8_variants(&n);
  const int r1 = profile_all(ts, n, "in40 f64 t8", sa.output, 64, [&](const Variant<SvdfParams, SvdfS16StateArgs>& v) {
    return svdf_state_s16_s8_run_variant(v, s, sa, scratch, 256);
  }, [&] { std::memcpy(sa.state, state0, 1024); });
  EXPECT_GE(r1, 1);

  // MNIST-row LSTM shape (28 steps of 28 pixels), 20 hidden units.
  LstmParams p;
  p.time_steps = 28, p.input_size = 28, p.hidden_size = 20, p.input_offset = 128, p.output_offset = -5;
  p.forget_to_cell_multiplier = 1 << 30, p.forget_to_cell_shift = -14;
  p.input_to_cell_multiplier = 1 << 30, p.input_to_cell_shift = -15, p.cell_scale_power = -11;
  p.output_multiplier = 1441324494, p.output_shift = -22;
  for (LstmGateQuant* q : {&p.input_gate, &p.forget_gate, &p.cell_gate, &p.output_gate}) {
    *q = {1080990464, -6, 1584295680, -4};
  }
  LstmS8Args la;
  la.input = random_array<int8_t>(784, -128, 127);
  for (auto* g : {&la.input_gate, &la.forget_gate, &la.cell_gate, &la.output_gate}) {
    *g = {random_array<int8_t>(560, -127, 127), random_array<int8_t>(400, -127, 127),
          random_array<int32_t>(20, -5000, 5000)};
  }
  la.cell_state = test::arena_alloc<int16_t>(20);
  la.output = test::arena_alloc<int8_t>(560);
  const auto* tl = lstm_s8_variants(&n);
  const int r2 = profile_all(tl, n, "t28 in28 h20", la.output, 560, [&](const Variant<LstmParams, LstmS8Args>& v) {
    return lstm_s8_run_variant(v, p, la, scratch, 256);
  }, [&] { std::memset(la.cell_state, 0, 40); });
  EXPECT_GE(r2, 1);

  // The same shape with int16 tensors (no offsets, int64 biases).
  LstmParams p16 = p;
  p16.input_offset = 0, p16.output_offset = 0, p16.output_shift = -12;
  LstmS16Args l16;
  l16.input = random_array<int16_t>(784, -32768, 32767);
  for (auto* g : {&l16.input_gate, &l16.forget_gate, &l16.cell_gate, &l16.output_gate}) {
    *g = {random_array<int8_t>(560, -127, 127), random_array<int8_t>(400, -127, 127),
          random_array<int64_t>(20, -50000, 50000)};
  }
  l16.cell_state = test::arena_alloc<int16_t>(20);
  l16.output = test::arena_alloc<int16_t>(560);
  const auto* tl16 = lstm_s16_variants(&n);
  const int r3 = profile_all(tl16, n, "t28 in28 h20", l16.output, 560 * sizeof(int16_t), [&](const Variant<LstmParams, LstmS16Args>& v) {
    return lstm_s16_run_variant(v, p16, l16, scratch, 256);
  }, [&] { std::memset(l16.cell_state, 0, 40); });
  EXPECT_GE(r3, 1);
  platform::print("    variants profiled: svdf_state_s16_s8 %d, lstm_s8 %d, lstm_s16 %d\n", r1, r2, r3);
}
