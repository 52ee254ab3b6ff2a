// lstm dsp variants: the gate matmuls as SMLAD dot products of int16 activations with int8
// weights (dsp::dot2_s16_s8), two gates' rows per pass over the activations. For int8 tensors the
// step's input (x + input_offset) and recurrent input (h - output_offset) are first widened into
// scratch (int16, 4-byte aligned scratch expected); int16 tensors (offsets 0) are used in place.
#include "arch/dsp/dot_s16_s8.h"
#include "kernels/lstm/lstm_internal.h"

namespace cmnn::lstm {
namespace {

constexpr size_t even(int32_t n) { return (static_cast<size_t>(n) + 1) & ~size_t{1}; }

template <typename Bias>
int64_t bias_of(const Bias* bias, int32_t j) {
  return bias != nullptr ? int64_t{bias[j]} : 0;
}

}  // namespace

size_t dsp_scratch_s8(const LstmParams& p) { return (even(p.input_size) + even(p.hidden_size)) * sizeof(int16_t); }

template <typename T, typename Bias>
Status dsp_run(const LstmParams& p, const LstmTensors<T, Bias>& a, void* scratch, size_t) {
  auto* x_wide = static_cast<int16_t*>(scratch);
  int16_t* h_wide = x_wide != nullptr ? x_wide + even(p.input_size) : nullptr;
  const size_t in = static_cast<size_t>(p.input_size), hid = static_cast<size_t>(p.hidden_size);
  run_sequence(p, a, [&](const T* x, const T* h_prev, T* h, int16_t* cell) {
    const int16_t* xs;
    const int16_t* hs;
    if constexpr (sizeof(T) == 1) {
      for (int32_t k = 0; k < p.input_size; ++k) x_wide[k] = static_cast<int16_t>(x[k] + p.input_offset);
      if (h_prev != nullptr) {
        for (int32_t k = 0; k < p.hidden_size; ++k) h_wide[k] = static_cast<int16_t>(h_prev[k] - p.output_offset);
      }
      xs = x_wide;
      hs = h_wide;
    } else {
      xs = x;
      hs = h_prev;
    }
    for (int32_t j = 0; j < p.hidden_size; ++j) {
      int64_t si = 0, sf = 0, sg = 0, so = 0;
      dsp::dot2_s16_s8(xs, a.input_gate.input_weights + j * in, a.forget_gate.input_weights + j * in, p.input_size, &si, &sf);
      dsp::dot2_s16_s8(xs, a.cell_gate.input_weights + j * in, a.output_gate.input_weights + j * in, p.input_size, &sg, &so);
      // Biases last, with wrap-around: a hostile int64 bias must not overflow the sums.
      si = quant::wrapping_add_64(si, bias_of(a.input_gate.bias, j));
      sf = quant::wrapping_add_64(sf, bias_of(a.forget_gate.bias, j));
      sg = quant::wrapping_add_64(sg, bias_of(a.cell_gate.bias, j));
      so = quant::wrapping_add_64(so, bias_of(a.output_gate.bias, j));
      int64_t hi = 0, hf = 0, hg = 0, ho = 0;
      if (h_prev != nullptr) {
        dsp::dot2_s16_s8(hs, a.input_gate.hidden_weights + j * hid, a.forget_gate.hidden_weights + j * hid,
                         p.hidden_size, &hi, &hf);
        dsp::dot2_s16_s8(hs, a.cell_gate.hidden_weights + j * hid, a.output_gate.hidden_weights + j * hid,
                         p.hidden_size, &hg, &ho);
      }
      const bool has_h = h_prev != nullptr;
      const auto gate = [&](int64_t s_in, int64_t s_h, const LstmGateQuant& q, bool is_tanh) {
        return gate_value(requant_sum<T>(s_in, q.input_multiplier, q.input_shift), has_h,
                          has_h ? requant_sum<T>(s_h, q.hidden_multiplier, q.hidden_shift) : 0, is_tanh);
      };
      const int32_t i = gate(si, hi, p.input_gate, false);
      const int32_t f = gate(sf, hf, p.forget_gate, false);
      const int32_t g = gate(sg, hg, p.cell_gate, true);
      const int32_t o = gate(so, ho, p.output_gate, false);
      h[j] = update_unit<T>(p, i, f, g, o, cell + j);
    }
  });
  return Status::kOk;
}

template Status dsp_run<int8_t, int32_t>(const LstmParams&, const LstmS8Args&, void*, size_t);
template Status dsp_run<int16_t, int64_t>(const LstmParams&, const LstmS16Args&, void*, size_t);

}  // namespace cmnn::lstm
