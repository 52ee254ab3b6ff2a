// lstm mve variants (Helium; the host runs them through the emulation in src/arch/mve): the gate
// matmuls two gates' rows per pass over the activations, straight from the tensors (no scratch).
// int8 tensors: mve::dot_sum_1x2 (VMLADAVA + VADDVA row sums), the offsets folded at the end as
// x . w + input_offset * sum w and h . w - output_offset * sum w, modulo 2^32 — exactly what
// requant_sum keeps of the ref's sums. int16 tensors (offsets 0): mve::dot_s16_s8_1x2
// (VMLALDAVA.S16, exact int64 sums). The per-unit arithmetic is lstm_internal.h's, as in the ref.
#include "arch/mve/dot_sum_ops.h"
#include "kernels/lstm/lstm_internal.h"

namespace cmnn::lstm {
namespace {

template <typename Bias>
int64_t bias_of(const Bias* bias, int32_t j) {
  return bias != nullptr ? int64_t{bias[j]} : 0;
}

struct Sums2 {
  int64_t s0, s1;
};
// (x + offset) . w0 and . w1 over n elements, modulo 2^32 (only the low 32 bits are used).
inline Sums2 gate_pair(const int8_t* x, int32_t offset, const int8_t* w0, const int8_t* w1, int32_t n) {
  const mve::DotSum2 r = mve::dot_sum_1x2(x, w0, w1, n);
  const auto u = [](int32_t v) { return static_cast<uint32_t>(v); };
  return {int64_t{u(r.d0) + u(offset) * u(r.s0)}, int64_t{u(r.d1) + u(offset) * u(r.s1)}};
}
// x . w0 and . w1 exactly (the int16 tensors have no offsets).
inline Sums2 gate_pair(const int16_t* x, int32_t, const int8_t* w0, const int8_t* w1, int32_t n) {
  const mve::Dot2x64 r = mve::dot_s16_s8_1x2(x, w0, w1, n);
  return {r.d0, r.d1};
}

}  // namespace

template <typename T, typename Bias>
Status mve_run(const LstmParams& p, const LstmTensors<T, Bias>& a, void*, size_t) {
  const size_t in = static_cast<size_t>(p.input_size), hid = static_cast<size_t>(p.hidden_size);
  run_sequence(p, a, [&](const T* x, const T* h_prev, T* h, int16_t* cell) {
    for (int32_t j = 0; j < p.hidden_size; ++j) {
      const Sums2 xif = gate_pair(x, p.input_offset, a.input_gate.input_weights + j * in,
                                  a.forget_gate.input_weights + j * in, p.input_size);
      const Sums2 xgo = gate_pair(x, p.input_offset, a.cell_gate.input_weights + j * in,
                                  a.output_gate.input_weights + j * in, p.input_size);
      // Biases last, with wrap-around: a hostile int64 bias must not overflow the sums.
      const int64_t si = quant::wrapping_add_64(xif.s0, bias_of(a.input_gate.bias, j));
      const int64_t sf = quant::wrapping_add_64(xif.s1, bias_of(a.forget_gate.bias, j));
      const int64_t sg = quant::wrapping_add_64(xgo.s0, bias_of(a.cell_gate.bias, j));
      const int64_t so = quant::wrapping_add_64(xgo.s1, bias_of(a.output_gate.bias, j));
      Sums2 hif{0, 0}, hgo{0, 0};
      const bool has_h = h_prev != nullptr;
      if (has_h) {
        hif = gate_pair(h_prev, -p.output_offset, a.input_gate.hidden_weights + j * hid,
                        a.forget_gate.hidden_weights + j * hid, p.hidden_size);
        hgo = gate_pair(h_prev, -p.output_offset, a.cell_gate.hidden_weights + j * hid,
                        a.output_gate.hidden_weights + j * hid, p.hidden_size);
      }
      const auto gate = [&](int64_t s_in, int64_t s_h, const LstmGateQuant& q, bool is_tanh) {
        return gate_value(requant_sum<T>(s_in, q.input_multiplier, q.input_shift), has_h,
                          has_h ? requant_sum<T>(s_h, q.hidden_multiplier, q.hidden_shift) : 0, is_tanh);
      };
      const int32_t i = gate(si, hif.s0, p.input_gate, false);
      const int32_t f = gate(sf, hif.s1, p.forget_gate, false);
      const int32_t g = gate(sg, hgo.s0, p.cell_gate, true);
      const int32_t o = gate(so, hgo.s1, p.output_gate, false);
      h[j] = update_unit<T>(p, i, f, g, o, cell + j);
    }
  });
  return Status::kOk;
}

template Status mve_run<int8_t, int32_t>(const LstmParams&, const LstmS8Args&, void*, size_t);
template Status mve_run<int16_t, int64_t>(const LstmParams&, const LstmS16Args&, void*, size_t);

}  // namespace cmnn::lstm
