// svdf mve variants (Helium; the host runs them through the emulation in src/arch/mve):
// - the feature projection, two feature rows per pass over the int8 input (mve::dot_sum_1x2: per
//   16 inputs one input VLDRB, two row VLDRB, two VMLADAVA and two VADDVA row sums), the offset
//   folded at the end as x . w + input_offset * sum w; predicated tail, nothing past a row read.
// - the time products per (unit, rank) row: VMLADAVA on int8 state and weights (with VADDVA of
//   the weights for a state zero point), VMLALDAVA.S16 on int16 ones.
// Every sum is taken modulo 2^32 (uint32 arithmetic, VMLADAVA's wrapping accumulator, the int64
// VMLALDAVA sum truncated), which is exactly the reference's wrapping int32 sum whatever the sizes.
// No scratch: the state is shifted and updated in place (svdf_internal.h run_batches, shared with
// the dsp variants), with the same bytes as the reference (push_state).
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
  const int32_t n = p.input_size, offset = p.input_offset, t_count = p.time_batches, zp = p.state_zero_point;
  run_batches(
      p, a, [](const int8_t*) {},
      [=](const int8_t* input, const int8_t* w0, const int8_t* w1, int32_t* s0, int32_t* s1) {
        const Proj2 pr = project_2(input, w0, w1, n, offset);
        *s0 = static_cast<int32_t>(pr.p0);
        *s1 = static_cast<int32_t>(pr.p1);
      },
      [=](const State* w, const State* s) { return time_dot(w, s, t_count, zp); });
  return Status::kOk;
}

template Status mve_run<int8_t>(const SvdfParams&, const SvdfS8Args&, void*, size_t);
template Status mve_run<int16_t>(const SvdfParams&, const SvdfS16StateArgs&, void*, size_t);

}  // namespace cmnn::svdf
