// GRU cell from the legacy building blocks (formula in include/cmnn/legacy/gru.h).
#include "cmnn/legacy/gru.h"

#include <cstring>

#include "cmnn/legacy/activations.h"
#include "cmnn/legacy/fully_connected.h"
#include "cmnn/legacy/support.h"
#include "legacy/common.h"

namespace cmnn::legacy {

size_t gru_cell_scratch_bytes(int input_size, int hidden_size) {
  if (input_size < 1 || hidden_size < 1) return 0;
  // [x; h] vector, z, r, hc, and one temporary.
  return sizeof(q15_t) * (static_cast<size_t>(input_size) + 5 * static_cast<size_t>(hidden_size));
}

Status gru_cell_q15(const GruWeights& w, const q15_t* x, int input_size, int hidden_size, q15_t* h, void* scratch,
                    size_t scratch_size, Path path) {
  if (x == nullptr || h == nullptr || scratch == nullptr || w.w_z == nullptr || w.w_r == nullptr ||
      w.w_h == nullptr || w.b_z == nullptr || w.b_r == nullptr || w.b_h == nullptr) {
    return Status::kNullPointer;
  }
  if (input_size < 1 || hidden_size < 1 || input_size + hidden_size >= (1 << 16)) return Status::kBadShape;
  if (scratch_size < gru_cell_scratch_bytes(input_size, hidden_size)) return Status::kScratchTooSmall;
  const int n = input_size + hidden_size, hs = hidden_size;
  auto* v = static_cast<q15_t*>(scratch);
  q15_t* z = v + n;
  q15_t* r = z + hs;
  q15_t* hc = r + hs;
  q15_t* t = hc + hs;
  std::memcpy(v, x, sizeof(q15_t) * input_size);
  std::memcpy(v + input_size, h, sizeof(q15_t) * hs);

  Status st = fully_connected_mat_q7_vec_q15(v, w.w_z, n, hs, w.b_z, w.shift_z, z, path);
  if (st == Status::kOk) st = activation_q15(z, hs, w.int_width, Activation::kSigmoid, z);
  if (st == Status::kOk) st = fully_connected_mat_q7_vec_q15(v, w.w_r, n, hs, w.b_r, w.shift_r, r, path);
  if (st == Status::kOk) st = activation_q15(r, hs, w.int_width, Activation::kSigmoid, r);
  if (st == Status::kOk) st = mult_q15(r, h, hs, 15, v + input_size, path);  // [x; r * h]
  if (st == Status::kOk) st = fully_connected_mat_q7_vec_q15(v, w.w_h, n, hs, w.b_h, w.shift_h, hc, path);
  if (st == Status::kOk) st = activation_q15(hc, hs, w.int_width, Activation::kTanh, hc);
  if (st != Status::kOk) return st;
  // h' = z * h + (32767 - z) * hc; z is a sigmoid output in [0, 32767], so 32767 - z cannot overflow.
  st = mult_q15(z, h, hs, 15, t, path);
  for (int i = 0; i < hs; ++i) z[i] = static_cast<q15_t>(32767 - z[i]);
  if (st == Status::kOk) st = mult_q15(z, hc, hs, 15, hc, path);
  if (st != Status::kOk) return st;
  for (int i = 0; i < hs; ++i) h[i] = detail::saturate_q15(int32_t{t[i]} + hc[i]);
  return Status::kOk;
}

}  // namespace cmnn::legacy
