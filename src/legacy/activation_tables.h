// Sigmoid and tanh tables of the legacy activations, computed at compile time (formulas in
// include/cmnn/legacy/activations.h). constexpr exp: Taylor series of x / 16 squared 4 times, far
// more precise than the 1/32768 steps the tables keep.
#pragma once
#include <cstdint>

namespace cmnn::legacy::detail {

constexpr double constexpr_exp(double x) {
  const double y = x / 16.0;
  double term = 1.0, sum = 1.0;
  for (int n = 1; n < 30; ++n) {
    term *= y / n;
    sum += term;
  }
  for (int i = 0; i < 4; ++i) sum *= sum;
  return sum;
}
constexpr double sigmoid(double x) { return 1.0 / (1.0 + constexpr_exp(-x)); }
constexpr double tanh_of(double x) {
  const double e = constexpr_exp(2.0 * x);
  return (e - 1.0) / (e + 1.0);
}
constexpr int32_t round_away(double v) {
  return v >= 0 ? static_cast<int32_t>(v + 0.5) : -static_cast<int32_t>(-v + 0.5);
}
constexpr int32_t clamp_to(int32_t v, int32_t lo, int32_t hi) { return v < lo ? lo : v > hi ? hi : v; }

// T7[v + 128] for v in [-128, 127] (Q3.4 input).
struct Table7 {
  int8_t sigmoid[256];
  int8_t tanh[256];
};
constexpr Table7 make_table7() {
  Table7 t{};
  for (int v = -128; v < 128; ++v) {
    t.sigmoid[v + 128] = static_cast<int8_t>(clamp_to(round_away(128.0 * sigmoid(v / 16.0)), -128, 127));
    t.tanh[v + 128] = static_cast<int8_t>(clamp_to(round_away(128.0 * tanh_of(v / 16.0)), -128, 127));
  }
  return t;
}

// T15[k + 128] for k in [-128, 128].
struct Table15 {
  int16_t sigmoid[257];
  int16_t tanh[257];
};
constexpr Table15 make_table15() {
  Table15 t{};
  for (int k = -128; k <= 128; ++k) {
    t.sigmoid[k + 128] = static_cast<int16_t>(clamp_to(round_away(32768.0 * sigmoid(k / 16.0)), -32768, 32767));
    t.tanh[k + 128] = static_cast<int16_t>(clamp_to(round_away(32768.0 * tanh_of(k / 16.0)), -32768, 32767));
  }
  return t;
}

inline constexpr Table7 kTable7 = make_table7();
inline constexpr Table15 kTable15 = make_table15();

}  // namespace cmnn::legacy::detail
