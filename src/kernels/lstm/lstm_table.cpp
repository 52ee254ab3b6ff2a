// lstm_s8 / lstm_s16: parameter checks, variant tables and the reference variant. One template
// over the element type; every hidden unit's four gates are formed directly from h_prev (read
// from the previous step's output row), so no scratch is needed.
#include <cstring>
#include <initializer_list>
#include <limits>

#include "cmnn/lstm.h"
#include "kernels/op_table/op_table.h"
#include "quant/activation_s16.h"
#include "quant/fixed_point.h"

namespace cmnn {
namespace {

bool supports_any(const LstmParams&) { return true; }
size_t no_scratch(const LstmParams&) { return 0; }

inline int32_t sat16(int32_t v) { return quant::clamp(v, INT16_MIN, INT16_MAX); }

// Requantized dot product of one weight row: int32 bias/accumulator and 32-bit rq for int8
// inputs, int64 and the 64-bit rq for int16 inputs.
template <typename T, typename Bias>
int32_t gate_term(const T* x, const int8_t* w, int32_t n, int32_t offset, Bias bias, int32_t mult, int32_t shift) {
  if constexpr (sizeof(T) == 1) {
    uint32_t acc = static_cast<uint32_t>(bias);
    for (int32_t k = 0; k < n; ++k) acc += static_cast<uint32_t>((x[k] + offset) * w[k]);
    return quant::multiply_by_quantized_multiplier(static_cast<int32_t>(acc), mult, shift);
  } else {
    int64_t acc = bias;
    for (int32_t k = 0; k < n; ++k) acc += int64_t{x[k] + offset} * w[k];
    return quant::multiply_by_quantized_multiplier_64(acc, mult, shift);
  }
}

template <typename T, typename Bias>
int16_t gate(const LstmParams& p, const typename LstmTensors<T, Bias>::Gate& g, const LstmGateQuant& q, const T* x,
             const T* h_prev, int32_t j, bool is_tanh) {
  const Bias bias = g.bias != nullptr ? g.bias[j] : Bias{0};
  int32_t v = sat16(gate_term<T, Bias>(x, g.input_weights + static_cast<size_t>(j) * p.input_size, p.input_size,
                                       p.input_offset, bias, q.input_multiplier, q.input_shift));
  if (h_prev != nullptr) {
    v = sat16(gate_term<T, Bias>(h_prev, g.hidden_weights + static_cast<size_t>(j) * p.hidden_size, p.hidden_size,
                                 -p.output_offset, Bias{0}, q.hidden_multiplier, q.hidden_shift) +
              v);
  }
  const auto v16 = static_cast<int16_t>(v);
  return is_tanh ? quant::tanh_s16(v16, 0) : quant::sigmoid_s16(v16, 0);
}

template <typename T, typename Bias>
Status ref_run(const LstmParams& p, const LstmTensors<T, Bias>& a, void*, size_t) {
  const int32_t out_min = std::numeric_limits<T>::min(), out_max = std::numeric_limits<T>::max();
  const auto row = [&](int32_t b, int32_t t) {
    return p.time_major ? static_cast<size_t>(t) * p.batches + b : static_cast<size_t>(b) * p.time_steps + t;
  };
  for (int32_t b = 0; b < p.batches; ++b) {
    int16_t* cell = a.cell_state + static_cast<size_t>(b) * p.hidden_size;
    const T* h_prev = a.hidden_state != nullptr ? a.hidden_state + static_cast<size_t>(b) * p.hidden_size : nullptr;
    for (int32_t t = 0; t < p.time_steps; ++t) {
      const T* x = a.input + row(b, t) * p.input_size;
      T* h = a.output + row(b, t) * p.hidden_size;
      for (int32_t j = 0; j < p.hidden_size; ++j) {
        const int32_t f = gate<T, Bias>(p, a.forget_gate, p.forget_gate, x, h_prev, j, false);
        const int32_t i = gate<T, Bias>(p, a.input_gate, p.input_gate, x, h_prev, j, false);
        const int32_t g = gate<T, Bias>(p, a.cell_gate, p.cell_gate, x, h_prev, j, true);
        const int32_t o = gate<T, Bias>(p, a.output_gate, p.output_gate, x, h_prev, j, false);
        int32_t c = sat16(quant::multiply_by_quantized_multiplier(f * cell[j], p.forget_to_cell_multiplier,
                                                                  p.forget_to_cell_shift));
        c = quant::clamp(quant::multiply_by_quantized_multiplier(i * g, p.input_to_cell_multiplier,
                                                                 p.input_to_cell_shift) + c,
                         -p.cell_clip, p.cell_clip);
        cell[j] = static_cast<int16_t>(c);
        const int32_t th = quant::tanh_s16(cell[j], p.cell_scale_power + 12);
        const int32_t out = quant::multiply_by_quantized_multiplier(o * th, p.output_multiplier, p.output_shift);
        h[j] = static_cast<T>(quant::clamp(out + p.output_offset, out_min, out_max));
      }
      h_prev = h;
    }
    if (a.hidden_state != nullptr && p.time_steps > 0) {
      std::memcpy(a.hidden_state + static_cast<size_t>(b) * p.hidden_size, h_prev, sizeof(T) * p.hidden_size);
    }
  }
  return Status::kOk;
}

template <typename T, typename Bias>
Status check(const LstmParams& p, const LstmTensors<T, Bias>& a) {
  if (a.input == nullptr || a.cell_state == nullptr || a.output == nullptr) return Status::kNullPointer;
  for (const auto* g : {&a.input_gate, &a.forget_gate, &a.cell_gate, &a.output_gate}) {
    if (g->input_weights == nullptr || g->hidden_weights == nullptr) return Status::kNullPointer;
  }
  const int32_t in_dims[] = {p.batches, p.time_steps, p.input_size};
  const int32_t out_dims[] = {p.batches, p.time_steps, p.hidden_size};
  const int32_t w_dims[] = {p.hidden_size, p.input_size > p.hidden_size ? p.input_size : p.hidden_size};
  if (!op_table::product_fits(in_dims, 3) || !op_table::product_fits(out_dims, 3) || !op_table::product_fits(w_dims, 2))
    return Status::kBadShape;
  // Worst-case int8 accumulations (|x + offset| <= 255, |w| <= 128) stay inside int32.
  if (p.input_size > 32768 || p.hidden_size > 32768) return Status::kBadShape;
  const bool s8 = sizeof(T) == 1;
  if (s8 ? (p.input_offset < -127 || p.input_offset > 128 || p.output_offset < -128 || p.output_offset > 127)
         : (p.input_offset != 0 || p.output_offset != 0))
    return Status::kBadParameter;
  if (p.cell_clip < 0 || p.cell_clip > 32767 || p.cell_scale_power < -20 || p.cell_scale_power > 0)
    return Status::kBadParameter;
  const int32_t mults[] = {p.forget_to_cell_multiplier, p.input_to_cell_multiplier, p.output_multiplier};
  const int32_t shifts[] = {p.forget_to_cell_shift, p.input_to_cell_shift, p.output_shift};
  for (int i = 0; i < 3; ++i) {
    if (!op_table::valid_requant(mults[i], shifts[i])) return Status::kBadParameter;
  }
  for (const LstmGateQuant* q : {&p.input_gate, &p.forget_gate, &p.cell_gate, &p.output_gate}) {
    if (!op_table::valid_requant(q->input_multiplier, q->input_shift) ||
        !op_table::valid_requant(q->hidden_multiplier, q->hidden_shift))
      return Status::kBadParameter;
  }
  // Output rows must not overlap the input (the recurrence reads the previous output row).
  const auto* in_begin = reinterpret_cast<const uint8_t*>(a.input);
  const auto* out_begin = reinterpret_cast<const uint8_t*>(a.output);
  const size_t in_bytes = sizeof(T) * static_cast<size_t>(p.batches) * p.time_steps * p.input_size;
  const size_t out_bytes = sizeof(T) * static_cast<size_t>(p.batches) * p.time_steps * p.hidden_size;
  if (in_begin < out_begin + out_bytes && out_begin < in_begin + in_bytes) return Status::kBadParameter;
  return Status::kOk;
}

Status check_s8(const LstmParams& p, const LstmS8Args& a) { return check(p, a); }
Status check_s16(const LstmParams& p, const LstmS16Args& a) { return check(p, a); }

constexpr Variant<LstmParams, LstmS8Args> kS8Variants[] = {
    {"lstm_s8.ref", Isa::kPortable, supports_any, no_scratch, ref_run<int8_t, int32_t>},
};
constexpr Variant<LstmParams, LstmS16Args> kS16Variants[] = {
    {"lstm_s16.ref", Isa::kPortable, supports_any, no_scratch, ref_run<int16_t, int64_t>},
};

}  // namespace

CMNN_DEFINE_OP_TABLE(lstm_s8, LstmParams, LstmS8Args, kS8Variants, check_s8)
CMNN_DEFINE_OP_TABLE(lstm_s16, LstmParams, LstmS16Args, kS16Variants, check_s16)

}  // namespace cmnn
