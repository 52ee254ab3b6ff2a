// svdf mve variants (Helium; the host runs them through the emulation in src/arch/mve):
// - the feature projection, two feature rows per pass over the int8 input (mve::dot_sum_1x2: per
//   16 inputs one input VLDRB, two row VLDRB, two VMLADAVA and two VADDVA row sums), the offset
//   folded at the end as x . w + input_offset * sum w; predicated tail, nothing past a row read.
// - the time products per (unit, rank) row: VMLADAVA on int8 state and weights (with VADDVA of
//   the weights for a state zero point), VMLALDAVA.S16 on int16 ones.
// Every sum is taken modulo 2^32 (uint32 arithmetic, VMLADAVA's wrapping accumulator, the int64
// VMLALDAVA sum truncated), which is exactly the reference's wrapping int32 sum whatever the sizes.
// No scratch: the state is updated in place as by the reference (push_state).
#include "arch/mve/dot_sum_ops.h"
#include "arch/mve/mve.h"
#include "arch/mve/pool_ops.h"
#include "arch/mve/s16_ops.h"
#include "cmnn/svdf.h"
#include "kernels/svdf/svdf_internal.h"

namespace cmnn::svdf {
namespace {

inline uint32_t u32(int32_t v) { return static_cast<uint32_t>(v); }

// (x + offset) . w0 and . w1 modulo 2^32 for two feature rows (w1 may equal w0).
struct Proj2 {
  uint32_t p0, p1;
};
inline Proj2 project_2(const int8_t* x, const int8_t* w0, const int8_t* w1, int32_t n, int32_t offset) {
  const mve::DotSum2 r = mve::dot_sum_1x2(x, w0, w1, n);
  return {u32(r.d0) + u32(offset) * u32(r.s0), u32(r.d1) + u32(offset) * u32(r.s1)};
}

// Σ w[j] * (s[j] - zp) over n entries, modulo 2^32.
inline uint32_t time_dot(const int8_t* w, const int8_t* s, int32_t n, int32_t zp) {
  int32_t dot = 0, w_sum = 0, j = 0;
  for (; j + 16 <= n; j += 16) {
    const mve::s8x16 wv = mve::load_s8(w + j);
    dot = mve::dot_acc(dot, wv, mve::load_s8(s + j));
    w_sum = mve::sum_acc(w_sum, wv);
  }
  if (j < n) {
    const mve::pred t = mve::tail_8(n - j);
    const mve::s8x16 wv = mve::load_s8_z(w + j, t);
    dot = mve::dot_acc(dot, wv, mve::load_s8_z(s + j, t));
    w_sum = mve::sum_acc(w_sum, wv);
  }
  return u32(dot) - u32(zp) * u32(w_sum);
}
inline uint32_t time_dot(const int16_t* w, const int16_t* s, int32_t n, int32_t zp) {
  int64_t dot = 0;
  int32_t j = 0;
  for (; j + 8 <= n; j += 8) dot = mve::dot_acc_s16_64(dot, mve::load_s16(w + j), mve::load_s16(s + j));
  if (j < n) {
    const mve::pred t = mve::tail_16(n - j);
    dot = mve::dot_acc_s16_64(dot, mve::load_s16_z(w + j, t), mve::load_s16_z(s + j, t));
  }
  uint32_t r = static_cast<uint32_t>(static_cast<uint64_t>(dot));
  if (zp != 0) {  // int16 states are zero-pointed rarely (TFLM's is 0): a scalar pass suffices
    uint32_t w_sum = 0;
    for (int32_t i = 0; i < n; ++i) w_sum += u32(w[i]);
    r -= u32(zp) * w_sum;
  }
  return r;
}

}  // namespace

template <typename State>
Status mve_run(const SvdfParams& p, const SvdfTensors<State>& a, void*, size_t) {
  const int32_t f_count = p.feature_batches, t_count = p.time_batches;
  for (int32_t b = 0; b < p.batches; ++b) {
    State* state = a.state + static_cast<size_t>(b) * f_count * t_count;
    const int8_t* input = a.input + static_cast<size_t>(b) * p.input_size;
    for (int32_t f = 0; f < f_count; f += 2) {
      const bool pair = f + 1 < f_count;
      const int8_t* w0 = a.weights_feature + static_cast<size_t>(f) * p.input_size;
      const Proj2 pr = project_2(input, w0, pair ? w0 + p.input_size : w0, p.input_size, p.input_offset);
      push_state(p, state + static_cast<size_t>(f) * t_count, static_cast<int32_t>(pr.p0));
      if (pair) push_state(p, state + static_cast<size_t>(f + 1) * t_count, static_cast<int32_t>(pr.p1));
    }
    for (int32_t u = 0; u < p.units(); ++u) {
      uint32_t sum = a.bias != nullptr ? u32(a.bias[u]) : 0u;
      for (int32_t r = 0; r < p.rank; ++r) {
        const size_t f = static_cast<size_t>(u) * p.rank + r;
        sum += time_dot(a.weights_time + f * t_count, state + f * t_count, t_count, p.state_zero_point);
      }
      a.output[static_cast<size_t>(b) * p.units() + u] = output_value(p, static_cast<int32_t>(sum));
    }
  }
  return Status::kOk;
}

template Status mve_run<int8_t>(const SvdfParams&, const SvdfS8Args&, void*, size_t);
template Status mve_run<int16_t>(const SvdfParams&, const SvdfS16StateArgs&, void*, size_t);

}  // namespace cmnn::svdf
