// lstm_s8 / lstm_s16: parameter checks, variant tables and the reference variant. One template
// over the element type; every hidden unit's four gates are formed directly from h_prev (the
// previous step's output row), so the reference needs no scratch.
#include <cstring>
#include <initializer_list>
#include <limits>

#include "cmnn/lstm.h"
#include "kernels/op_table/op_table.h"
#include "kernels/lstm/lstm_internal.h"

namespace cmnn {
namespace {

bool supports_any(const LstmParams&) { return true; }
size_t no_scratch(const LstmParams&) { return 0; }

}  // namespace

namespace lstm {
namespace {

// One gate of unit j: plain dot products (int64 sums; requant_sum applies the type's arithmetic).
template <typename T, typename Bias>
int16_t ref_gate(const LstmParams& p, const typename LstmTensors<T, Bias>::Gate& g, const LstmGateQuant& q,
                 const T* x, const T* h_prev, int32_t j, bool is_tanh) {
  int64_t acc = 0;
  const int8_t* wx = g.input_weights + static_cast<size_t>(j) * p.input_size;
  for (int32_t k = 0; k < p.input_size; ++k) acc += int64_t{x[k] + p.input_offset} * wx[k];
  acc = quant::wrapping_add_64(acc, g.bias != nullptr ? int64_t{g.bias[j]} : 0);  // bias last: it may be hostile
  const int32_t in_term = requant_sum<T>(acc, q.input_multiplier, q.input_shift);
  int32_t h_term = 0;
  if (h_prev != nullptr) {
    int64_t hacc = 0;
    const int8_t* wh = g.hidden_weights + static_cast<size_t>(j) * p.hidden_size;
    for (int32_t k = 0; k < p.hidden_size; ++k) hacc += int64_t{h_prev[k] - p.output_offset} * wh[k];
    h_term = requant_sum<T>(hacc, q.hidden_multiplier, q.hidden_shift);
  }
  return gate_value(in_term, h_prev != nullptr, h_term, is_tanh);
}

}  // namespace

template <typename T, typename Bias>
Status ref_run(const LstmParams& p, const LstmTensors<T, Bias>& a, void*, size_t) {
  run_sequence(p, a, [&](const T* x, const T* h_prev, T* h, int16_t* cell) {
    for (int32_t j = 0; j < p.hidden_size; ++j) {
      const int32_t i = ref_gate<T, Bias>(p, a.input_gate, p.input_gate, x, h_prev, j, false);
      const int32_t f = ref_gate<T, Bias>(p, a.forget_gate, p.forget_gate, x, h_prev, j, false);
      const int32_t g = ref_gate<T, Bias>(p, a.cell_gate, p.cell_gate, x, h_prev, j, true);
      const int32_t o = ref_gate<T, Bias>(p, a.output_gate, p.output_gate, x, h_prev, j, false);
      h[j] = update_unit<T>(p, i, f, g, o, cell + j);
    }
  });
  return Status::kOk;
}

template Status ref_run<int8_t, int32_t>(const LstmParams&, const LstmS8Args&, void*, size_t);
template Status ref_run<int16_t, int64_t>(const LstmParams&, const LstmS16Args&, void*, size_t);

}  // namespace lstm

namespace {

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

// Fastest first; ref is last and supports every valid call.
constexpr Variant<LstmParams, LstmS8Args> kS8Variants[] = {
    {"lstm_s8.mve", Isa::kMve, supports_any, no_scratch, lstm::mve_run<int8_t, int32_t>},
    {"lstm_s8.dsp", Isa::kDsp, supports_any, lstm::dsp_scratch_s8, lstm::dsp_run<int8_t, int32_t>},
    {"lstm_s8.ref", Isa::kPortable, supports_any, no_scratch, lstm::ref_run<int8_t, int32_t>},
};
constexpr Variant<LstmParams, LstmS16Args> kS16Variants[] = {
    {"lstm_s16.mve", Isa::kMve, supports_any, no_scratch, lstm::mve_run<int16_t, int64_t>},
    {"lstm_s16.dsp", Isa::kDsp, supports_any, no_scratch, lstm::dsp_run<int16_t, int64_t>},
    {"lstm_s16.ref", Isa::kPortable, supports_any, no_scratch, lstm::ref_run<int16_t, int64_t>},
};

}  // namespace

CMNN_DEFINE_OP_TABLE(lstm_s8, LstmParams, LstmS8Args, kS8Variants, check_s8)
CMNN_DEFINE_OP_TABLE(lstm_s16, LstmParams, LstmS16Args, kS16Variants, check_s16)

}  // namespace cmnn
