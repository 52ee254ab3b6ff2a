// svdf dsp variants. Feature projection: the input widened once per batch into scratch with its
// offset, in SXTB16 lane order ((x0, x2), (x1, x3) per group of four: SXTAB16), then two int8
// feature rows per pass, each group one weight load, two SXTB16 and two SMLAD per row. State: one
// word-wise pass shifts the batch's whole state (shift_state_rows), then each row's new entry.
// Time products: SMLAD on int16 pairs (int16 state, the zero point's share taken off by the time
// weights' sum) or, for int8 state, on SXTB16 pairs with the zero point subtracted in the same
// SXTAB16 that widens the state. Requantization through prepared ChannelQuant (requantize_fast,
// exact). Sums wrap in int32 exactly as the reference's (SMLAD's Q flag is not used).
#include <cstring>

#include "cmnn/svdf.h"
#include "arch/dsp/intrinsics.h"
#include "kernels/svdf/svdf_internal.h"
#include "quant/fixed_point.h"

namespace cmnn::svdf {
namespace {

// Σ w[j] * s[j] over n entries, wrapping in int32.
inline int32_t time_dot(const int16_t* w, const int16_t* s, int32_t n) {
  int32_t acc = 0;
  int32_t j = 0;
  for (; j + 2 <= n; j += 2) acc = dsp::smlad(dsp::load_u32(w + j), dsp::load_u32(s + j), acc);
  if (j < n) acc = static_cast<int32_t>(static_cast<uint32_t>(acc) + static_cast<uint32_t>(w[j] * s[j]));
  return acc;
}
// Σ w[j] * (s[j] - zp) over n entries, wrapping in int32; neg_zp2: -zp in both int16 lanes.
inline int32_t time_dot_zp(const int8_t* w, const int8_t* s, int32_t n, int32_t zp, uint32_t neg_zp2) {
  int32_t acc = 0;
  int32_t j = 0;
  for (; j + 4 <= n; j += 4) {
    const uint32_t wv = dsp::load_u32(w + j), sv = dsp::load_u32(s + j);
    acc = dsp::smlad(dsp::sxtb16(wv), dsp::sxtab16(neg_zp2, sv), acc);
    acc = dsp::smlad(dsp::sxtb16_ror8(wv), dsp::sxtab16_ror8(neg_zp2, sv), acc);
  }
  for (; j < n; ++j) acc = static_cast<int32_t>(static_cast<uint32_t>(acc) + static_cast<uint32_t>(w[j] * (s[j] - zp)));
  return acc;
}
inline int32_t time_dot_zp(const int16_t* w, const int16_t* s, int32_t n, int32_t zp, uint32_t) {
  uint32_t acc = static_cast<uint32_t>(time_dot(w, s, n));
  if (zp != 0) {  // Σ w * (s - zp) = Σ w * s - zp * Σ w, modulo 2^32 like the reference's sum
    uint32_t w_sum = 0;
    for (int32_t j = 0; j < n; ++j) w_sum += static_cast<uint32_t>(int32_t{w[j]});
    acc -= static_cast<uint32_t>(zp) * w_sum;
  }
  return static_cast<int32_t>(acc);
}

// The batch's input plus its offset, widened: word 2g = (x[4g], x[4g+2]), word 2g+1 = (x[4g+1],
// x[4g+3]) for the input_size / 4 whole groups (the tail is read from the input).
inline void widen_input(const int8_t* x, int32_t groups, int32_t offset, uint32_t* wide) {
  const uint32_t offsets = dsp::dup16(offset);
  for (int32_t g = 0; g < groups; ++g) {
    const uint32_t v = dsp::load_u32(x + 4 * g);
    dsp::store_u32(wide + 2 * g, dsp::sxtab16(offsets, v));
    dsp::store_u32(wide + 2 * g + 1, dsp::sxtab16_ror8(offsets, v));
  }
}

// Σ (x[k] + offset) * w[k] for two feature rows w0, w1, wrapping in int32.
inline void feature_pair(const uint32_t* wide, const int8_t* x, int32_t n, int32_t offset, const int8_t* w0,
                         const int8_t* w1, int32_t* s0, int32_t* s1) {
  int32_t a0 = 0, a1 = 0;
  const int32_t groups = n >> 2;
  for (int32_t g = 0; g < groups; ++g) {
    const uint32_t xe = dsp::load_u32(wide + 2 * g), xo = dsp::load_u32(wide + 2 * g + 1);
    const uint32_t p0 = dsp::load_u32(w0 + 4 * g), p1 = dsp::load_u32(w1 + 4 * g);
    a0 = dsp::smlad(xe, dsp::sxtb16(p0), a0);
    a0 = dsp::smlad(xo, dsp::sxtb16_ror8(p0), a0);
    a1 = dsp::smlad(xe, dsp::sxtb16(p1), a1);
    a1 = dsp::smlad(xo, dsp::sxtb16_ror8(p1), a1);
  }
  for (int32_t k = 4 * groups; k < n; ++k) {
    a0 = static_cast<int32_t>(static_cast<uint32_t>(a0) + static_cast<uint32_t>((x[k] + offset) * w0[k]));
    a1 = static_cast<int32_t>(static_cast<uint32_t>(a1) + static_cast<uint32_t>((x[k] + offset) * w1[k]));
  }
  *s0 = a0;
  *s1 = a1;
}

}  // namespace

size_t dsp_scratch(const SvdfParams& p) { return static_cast<size_t>(p.input_size / 4) * 8; }

template <typename State>
Status dsp_run(const SvdfParams& p, const SvdfTensors<State>& a, void* scratch, size_t) {
  auto* wide = static_cast<uint32_t*>(scratch);
  const int32_t n = p.input_size, offset = p.input_offset, t_count = p.time_batches, zp = p.state_zero_point;
  const uint32_t neg_zp2 = dsp::dup16(-zp);
  run_batches(
      p, a, [=](const int8_t* input) { widen_input(input, n >> 2, offset, wide); },
      [=](const int8_t* input, const int8_t* w0, const int8_t* w1, int32_t* s0, int32_t* s1) {
        feature_pair(wide, input, n, offset, w0, w1, s0, s1);
      },
      [=](const State* w, const State* s) { return static_cast<uint32_t>(time_dot_zp(w, s, t_count, zp, neg_zp2)); });
  return Status::kOk;
}

template Status dsp_run<int8_t>(const SvdfParams&, const SvdfS8Args&, void*, size_t);
template Status dsp_run<int16_t>(const SvdfParams&, const SvdfS16StateArgs&, void*, size_t);

}  // namespace cmnn::svdf
