// svdf dsp variants: the feature projection as SMLAD dot products of the widened input
// (x + input_offset, int16 in scratch) with two int8 feature rows per pass, and the time
// products as SMLAD on int16 pairs (int16 state) or on SXTB16-widened pairs (int8 state).
// Sums wrap in int32 exactly as the reference's (SMLAD's Q flag is not used).
#include <cstring>

#include "cmnn/svdf.h"
#include "arch/dsp/dot_s16_s8.h"
#include "kernels/svdf/svdf_internal.h"
#include "quant/fixed_point.h"

namespace cmnn::svdf {
namespace {

inline int32_t wrap32(int64_t v) { return static_cast<int32_t>(static_cast<uint32_t>(static_cast<uint64_t>(v))); }

// Σ w[j] * s[j] over n entries, wrapping in int32.
inline int32_t time_dot(const int16_t* w, const int16_t* s, int32_t n) {
  int32_t acc = 0;
  int32_t j = 0;
  for (; j + 2 <= n; j += 2) acc = dsp::smlad(dsp::load_u32(w + j), dsp::load_u32(s + j), acc);
  if (j < n) acc = static_cast<int32_t>(static_cast<uint32_t>(acc) + static_cast<uint32_t>(w[j] * s[j]));
  return acc;
}
inline int32_t time_dot(const int8_t* w, const int8_t* s, int32_t n) {
  int32_t acc = 0;
  int32_t j = 0;
  for (; j + 4 <= n; j += 4) {
    const uint32_t wv = dsp::load_u32(w + j), sv = dsp::load_u32(s + j);
    acc = dsp::smlad(dsp::sxtb16(wv), dsp::sxtb16(sv), acc);
    acc = dsp::smlad(dsp::sxtb16_ror8(wv), dsp::sxtb16_ror8(sv), acc);
  }
  for (; j < n; ++j) acc += w[j] * s[j];
  return acc;
}

}  // namespace

size_t dsp_scratch(const SvdfParams& p) { return (static_cast<size_t>(p.input_size) * 2 + 3) & ~size_t{3}; }

template <typename State>
Status dsp_run(const SvdfParams& p, const SvdfTensors<State>& a, void* scratch, size_t) {
  auto* x_wide = static_cast<int16_t*>(scratch);
  const int32_t f_count = p.feature_batches, t_count = p.time_batches;
  for (int32_t b = 0; b < p.batches; ++b) {
    State* state = a.state + static_cast<size_t>(b) * f_count * t_count;
    const int8_t* input = a.input + static_cast<size_t>(b) * p.input_size;
    for (int32_t k = 0; k < p.input_size; ++k) x_wide[k] = static_cast<int16_t>(input[k] + p.input_offset);
    for (int32_t f = 0; f < f_count; f += 2) {
      const bool pair = f + 1 < f_count;
      const int8_t* w0 = a.weights_feature + static_cast<size_t>(f) * p.input_size;
      int64_t s0 = 0, s1 = 0;
      dsp::dot2_s16_s8(x_wide, w0, pair ? w0 + p.input_size : w0, p.input_size, &s0, &s1);
      push_state(p, state + static_cast<size_t>(f) * t_count, wrap32(s0));
      if (pair) push_state(p, state + static_cast<size_t>(f + 1) * t_count, wrap32(s1));
    }
    for (int32_t u = 0; u < p.units(); ++u) {
      uint32_t sum = a.bias != nullptr ? static_cast<uint32_t>(a.bias[u]) : 0u;
      for (int32_t r = 0; r < p.rank; ++r) {
        const size_t f = static_cast<size_t>(u) * p.rank + r;
        const State* wt = a.weights_time + f * t_count;
        sum += static_cast<uint32_t>(time_dot(wt, state + f * t_count, t_count));
        // Σ w * (s - zp) = Σ w * s - zp * Σ w, both sides modulo 2^32 as the reference's wrapping sum.
        if (p.state_zero_point != 0) {
          uint32_t w_sum = 0;
          for (int32_t j = 0; j < t_count; ++j) w_sum += static_cast<uint32_t>(int32_t{wt[j]});
          sum -= static_cast<uint32_t>(p.state_zero_point) * w_sum;
        }
      }
      a.output[static_cast<size_t>(b) * p.units() + u] = output_value(p, static_cast<int32_t>(sum));
    }
  }
  return Status::kOk;
}

template Status dsp_run<int8_t>(const SvdfParams&, const SvdfS8Args&, void*, size_t);
template Status dsp_run<int16_t>(const SvdfParams&, const SvdfS16StateArgs&, void*, size_t);

}  // namespace cmnn::svdf
