// The GRU cell built from legacy functions against a straightforward reference written here with
// plain integer loops and its own activation tables (std::exp / std::tanh), over several steps.
#include <cmath>

#include "cmnn/legacy/gru.h"
#include "legacy_test_util.h"

using namespace cmnn;
using namespace cmnn::legacy;
using legacy_test::Random;

namespace {

int32_t sat16(int64_t v) { return static_cast<int32_t>(v < -32768 ? -32768 : v > 32767 ? 32767 : v); }

int32_t table(bool sigmoid, int k) {
  const double x = k / 16.0;
  const double y = 32768.0 * (sigmoid ? 1.0 / (1.0 + std::exp(-x)) : std::tanh(x));
  return sat16(static_cast<int64_t>(y >= 0 ? std::floor(y + 0.5) : -std::floor(-y + 0.5)));
}

int32_t act(bool sigmoid, int32_t x, int int_width) {
  const int32_t v = x >> (3 - int_width), i = v >> 8, f = v & 255;
  const int32_t a = table(sigmoid, i), b = table(sigmoid, i + 1);
  return sat16(a + (((b - a) * f) >> 8));
}

int32_t gate(const q7_t* w, const q7_t* b, int row, const int32_t* v, int n, Shifts s) {
  int64_t acc = int64_t{b[row]} * (int64_t{1} << s.bias_shift) + ((int64_t{1} << s.out_shift) >> 1);
  for (int c = 0; c < n; ++c) acc += int64_t{w[row * n + c]} * v[c];
  return sat16(acc >> s.out_shift);
}

int32_t mul15(int32_t a, int32_t b) { return sat16((int64_t{a} * b + (1 << 14)) >> 15); }

void reference_step(const GruWeights& w, const q15_t* x, int in_n, int hs, int32_t* h) {
  const int n = in_n + hs;
  int32_t v[64], z[32], r[32];
  for (int i = 0; i < in_n; ++i) v[i] = x[i];
  for (int i = 0; i < hs; ++i) v[in_n + i] = h[i];
  for (int j = 0; j < hs; ++j) {
    z[j] = act(true, gate(w.w_z, w.b_z, j, v, n, w.shift_z), w.int_width);
    r[j] = act(true, gate(w.w_r, w.b_r, j, v, n, w.shift_r), w.int_width);
  }
  for (int j = 0; j < hs; ++j) v[in_n + j] = mul15(r[j], h[j]);
  for (int j = 0; j < hs; ++j) {
    const int32_t hc = act(false, gate(w.w_h, w.b_h, j, v, n, w.shift_h), w.int_width);
    h[j] = sat16(int64_t{mul15(z[j], h[j])} + mul15(32767 - z[j], hc));
  }
}

}  // namespace

TEST(legacy_gru, cell_equals_reference) {
  Random rng(0x6789u);
  Path paths[2];
  const int path_count = legacy_test::runnable_paths(paths);
  int steps = 0, unsaturated = 0;
  for (int n = 0; n < 6; ++n) {
    test::arena_reset();
    const int in_n = rng.range(1, 24), hs = rng.range(1, 24), cols = in_n + hs;
    q7_t* w[3];
    q7_t* b[3];
    for (int g = 0; g < 3; ++g) {
      w[g] = legacy_test::alloc<q7_t>(long{hs} * cols);
      b[g] = legacy_test::alloc<q7_t>(hs);
      rng.fill(w[g], hs * cols, -128, 127);
      rng.fill(b[g], hs, -128, 127);
    }
    const GruWeights weights{w[0], w[1], w[2], b[0], b[1], b[2],
                             Shifts{10, 10}, Shifts{10, 10}, Shifts{9, 10}, rng.range(0, 3)};
    auto* x = legacy_test::alloc<q15_t>(in_n);
    const size_t bytes = gru_cell_scratch_bytes(in_n, hs);
    void* scratch = test::arena_alloc_bytes(bytes);
    for (int p = 0; p < path_count; ++p) {
      auto* h = legacy_test::alloc<q15_t>(hs);
      int32_t ref[32] = {};
      Random seq(0x1000u + static_cast<uint32_t>(n));
      for (int t = 0; t < 4; ++t) {
        seq.fill(x, in_n, -20000, 20000);
        ASSERT_EQ(gru_cell_q15(weights, x, in_n, hs, h, scratch, bytes, paths[p]), Status::kOk);
        reference_step(weights, x, in_n, hs, ref);
        for (int j = 0; j < hs; ++j) {
          ASSERT_EQ(int32_t{h[j]}, ref[j]);
          unsaturated += h[j] > -30000 && h[j] < 30000 ? 1 : 0;
        }
        ++steps;
      }
    }
  }
  // The shifts keep the gates in their sensitive range: most state values are not saturated.
  EXPECT_GT(unsaturated, steps);
  platform::print("    gru_cell_q15: %d steps equal the reference (%d unsaturated state values)\n", steps, unsaturated);
}
