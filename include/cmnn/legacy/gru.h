// A GRU cell built only from the legacy q7/q15 functions (mixed fully connected, table sigmoid and
// tanh, elementwise q15 multiply), as the paper suggests for recurrent layers. q15 input x and
// state h (Q0.15 state), q7 weights row-major [hidden][input + hidden] applied to [x; h]:
//   z  = sigmoid(W_z [x; h] + b_z)          r = sigmoid(W_r [x; h] + b_r)
//   hc = tanh(W_h [x; r * h] + b_h)          h' = z * h + (32767 - z) * hc    (products >> 15, rounded)
// Gate pre-activations are q15 with `int_width` integer bits (activation_q15's format).
#pragma once
#include "cmnn/legacy/types.h"

namespace cmnn::legacy {

struct GruWeights {
  const q7_t* w_z;
  const q7_t* w_r;
  const q7_t* w_h;
  const q7_t* b_z;
  const q7_t* b_r;
  const q7_t* b_h;
  Shifts shift_z, shift_r, shift_h;
  int int_width;  // integer bits of the gate pre-activations, 0..3
};

size_t gru_cell_scratch_bytes(int input_size, int hidden_size);

// One step: state (hidden_size q15) is updated in place.
Status gru_cell_q15(const GruWeights& w, const q15_t* input, int input_size, int hidden_size, q15_t* state,
                    void* scratch, size_t scratch_size, Path path = Path::kAuto);

}  // namespace cmnn::legacy
