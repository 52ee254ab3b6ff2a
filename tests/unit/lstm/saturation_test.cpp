// lstm_s16 (and lstm_s8) int16 saturation of the intermediate buffers, directed cases that the
// random sweep rarely reaches. TFLite's integer LSTM writes each gate FC (input and recurrent
// separately) and each product of the cell update to an int16 buffer, saturated, and only then
// adds them with int16 saturation:
//   gate pre-activation = sat16(sat16(FC_x) + sat16(FC_h))
//   cell = clip(sat16(sat16(f * c) + sat16(i * g)))
// With int16 hidden states the recurrent FC reaches far beyond int16 (here 127 * h), so adding it
// unsaturated to a saturated input term gives a different gate from the second step on.
// One hidden unit, one input, two steps; the gate FC requantizations are exact (multiplier 2^30
// with shift 1 is x * 1), so the expected values follow from the activation functions and the
// 32-bit requantization applied in TFLite's order.
#include <cstring>
#include <initializer_list>

#include "cmnn/lstm.h"
#include "quant/activation_s16.h"
#include "quant/fixed_point.h"
#include "test.h"

using namespace cmnn;

namespace {

int32_t sat16(int32_t v) { return v < -32768 ? -32768 : v > 32767 ? 32767 : v; }

// Unit gates: FC terms pass through unchanged (x * 1); f * c scaled by 2^-15 (Q0.15 gate times the
// cell keeps the cell's scale), i * g by 2^-30 / cell scale (Q0.30 to the cell), o * tanh(c) by
// 2^-16 (hidden scale 2^-14).
LstmParams unit_params(int32_t cell_scale_power) {
  LstmParams p;
  p.batches = 1;
  p.time_steps = 2;
  p.input_size = 1;
  p.hidden_size = 1;
  p.forget_to_cell_multiplier = 1 << 30, p.forget_to_cell_shift = -14;  // 0.5 * 2^-14
  p.input_to_cell_multiplier = 1 << 30, p.input_to_cell_shift = -29 - cell_scale_power;
  p.cell_scale_power = cell_scale_power;
  p.cell_clip = 32767;
  p.output_multiplier = 1 << 30, p.output_shift = -15;  // 0.5 * 2^-15
  for (LstmGateQuant* q : {&p.input_gate, &p.forget_gate, &p.cell_gate, &p.output_gate}) {
    q->input_multiplier = q->hidden_multiplier = 1 << 30;
    q->input_shift = q->hidden_shift = 1;
  }
  return p;
}

struct UnitLstm {
  int8_t wx[4] = {}, wh[4] = {};  // per gate i, f, g, o
  int64_t bias[4] = {};
  int16_t x[2] = {};
};

// Runs every runnable variant of lstm_s16 and checks both steps' outputs.
void run_s16(const LstmParams& p, const UnitLstm& u, const int16_t expected[2]) {
  LstmS16Args a;
  a.input = u.x;
  LstmS16Args::Gate* gates[4] = {&a.input_gate, &a.forget_gate, &a.cell_gate, &a.output_gate};
  for (int g = 0; g < 4; ++g) *gates[g] = {&u.wx[g], &u.wh[g], &u.bias[g]};
  size_t count = 0;
  const auto* table = lstm_s16_variants(&count);
  int runs = 0;
  for (size_t v = 0; v < count; ++v) {
    if (!isa_runnable(table[v].isa) || !table[v].supports(p)) continue;
    int16_t out[2] = {0x5555, 0x5555}, cell[1] = {0};
    a.output = out;
    a.cell_state = cell;
    ASSERT_EQ(lstm_s16_run_variant(table[v], p, a, nullptr, 0), Status::kOk);
    platform::print("    %s: h = %d, %d (expected %d, %d)\n", table[v].id, out[0], out[1], expected[0], expected[1]);
    ASSERT_EQ(out[0], expected[0]);
    ASSERT_EQ(out[1], expected[1]);
    ++runs;
  }
  EXPECT_GE(runs, 1);
}

int16_t hidden_of(const LstmParams& p, int32_t o, int32_t cell) {
  const int32_t th = quant::tanh_s16(static_cast<int16_t>(cell), p.cell_scale_power + 12);
  return static_cast<int16_t>(sat16(quant::multiply_by_quantized_multiplier(o * th, p.output_multiplier, p.output_shift)));
}

}  // namespace

// Forget gate: input term -40000 (saturates to -32768), recurrent term 127 * h1 (~10^6, saturates
// to 32767): pre-activation -1, forget ~ 1/2. Adding the recurrent term before saturating it gives
// 32767 (forget ~ 1) and a different cell and hidden state at step 2.
TEST(LstmS16Saturation, RecurrentTermSaturatedBeforeTheAdd) {
  const LstmParams p = unit_params(-12);  // cell in Q3.12: room for f * c1 + i * g (~1.5 vs ~2)
  UnitLstm u;
  u.bias[0] = 32767;   // i ~ 1
  u.bias[1] = -40000;  // f: sigmoid(-8) at step 1
  u.bias[2] = 32767;   // g ~ 1
  u.bias[3] = 32767;   // o ~ 1
  u.wh[1] = 127;       // only the forget gate sees h
  const int32_t i = quant::sigmoid_s16(32767, 0), g = quant::tanh_s16(32767, 0), o = quant::sigmoid_s16(32767, 0);
  const int32_t ig = sat16(quant::multiply_by_quantized_multiplier(i * g, p.input_to_cell_multiplier, p.input_to_cell_shift));
  // Step 1: no recurrent contribution (h0 = 0); f * c0 = 0.
  const int32_t c1 = ig;
  const int16_t h1 = hidden_of(p, o, c1);
  ASSERT_GT(127 * h1, 2 * 32768);  // the recurrent term is far outside int16
  // Step 2.
  const int32_t pre_f = sat16(sat16(-40000) + sat16(127 * h1));
  EXPECT_EQ(pre_f, -1);
  const int32_t f2 = quant::sigmoid_s16(static_cast<int16_t>(pre_f), 0);
  const int32_t fc = sat16(quant::multiply_by_quantized_multiplier(f2 * c1, p.forget_to_cell_multiplier, p.forget_to_cell_shift));
  const int32_t c2 = sat16(fc + ig);
  const int16_t expected[2] = {h1, hidden_of(p, o, c2)};
  // The unsaturated sum would give a forget gate of ~1, hence another output.
  const int32_t wrong_f2 = quant::sigmoid_s16(static_cast<int16_t>(sat16(127 * h1 + sat16(-40000))), 0);
  const int32_t wrong_c2 = sat16(sat16(quant::multiply_by_quantized_multiplier(wrong_f2 * c1, p.forget_to_cell_multiplier,
                                                                               p.forget_to_cell_shift)) + ig);
  ASSERT_NE(hidden_of(p, o, wrong_c2), expected[1]);
  run_s16(p, u, expected);
}

// Cell scale 2^-16: i * g requantizes to ~65500, saturated to 32767 in its own buffer before the
// add. Step 1 (g ~ -1) leaves the cell at -32767 (clip); step 2 (g ~ +1, f ~ 1) gives
// sat16(f * c1) + 32767 ~ 10, where adding the unsaturated product would give ~ 32743.
TEST(LstmS16Saturation, InputTimesCellGateSaturatedBeforeTheAdd) {
  const LstmParams p = unit_params(-16);
  UnitLstm u;
  u.bias[0] = 32767;
  u.bias[1] = 32767;
  u.bias[3] = 32767;
  u.wx[2] = 1;  // cell gate follows x: -8 then +8 (Q3.12)
  u.x[0] = -32768;
  u.x[1] = 32767;
  const int32_t i = quant::sigmoid_s16(32767, 0), f = quant::sigmoid_s16(32767, 0), o = quant::sigmoid_s16(32767, 0);
  const auto ig_of = [&](int32_t g) {
    return quant::multiply_by_quantized_multiplier(i * g, p.input_to_cell_multiplier, p.input_to_cell_shift);
  };
  const int32_t g1 = quant::tanh_s16(-32768, 0), g2 = quant::tanh_s16(32767, 0);
  ASSERT_LT(ig_of(g1), -32768);
  ASSERT_GT(ig_of(g2), 32767);
  const int32_t c1 = quant::clamp(sat16(sat16(ig_of(g1))), -p.cell_clip, p.cell_clip);
  const int32_t fc = sat16(quant::multiply_by_quantized_multiplier(f * c1, p.forget_to_cell_multiplier, p.forget_to_cell_shift));
  const int32_t c2 = quant::clamp(sat16(fc + sat16(ig_of(g2))), -p.cell_clip, p.cell_clip);
  ASSERT_NE(c2, quant::clamp(fc + ig_of(g2), -p.cell_clip, p.cell_clip));
  const int16_t expected[2] = {hidden_of(p, o, c1), hidden_of(p, o, c2)};
  ASSERT_NE(expected[1], hidden_of(p, o, quant::clamp(fc + ig_of(g2), -p.cell_clip, p.cell_clip)));
  run_s16(p, u, expected);
}
