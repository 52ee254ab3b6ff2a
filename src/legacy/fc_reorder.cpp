// Offline interleaving of fully connected weights for the "opt" functions (layouts documented in
// include/cmnn/legacy/fully_connected.h). Each function writes every output element exactly once.
#include "cmnn/legacy/fully_connected.h"

namespace cmnn::legacy {
namespace {

Status check_reorder(const void* in, int dim_vec, int rows, const void* out) {
  if (in == nullptr || out == nullptr) return Status::kNullPointer;
  if (dim_vec < 1 || rows < 1 || dim_vec >= (1 << 16) || rows >= (1 << 16)) return Status::kBadShape;
  return Status::kOk;
}

// Copies the rows after the last full group of 4 unchanged.
template <class T>
T* copy_leftover_rows(const T* in, int dim_vec, int rows, T* out) {
  for (int r = rows - rows % 4; r < rows; ++r) {
    for (int c = 0; c < dim_vec; ++c) *out++ = in[static_cast<int64_t>(r) * dim_vec + c];
  }
  return out;
}

}  // namespace

Status reorder_fully_connected_q7_opt(const q7_t* in, int dim_vec, int rows, q7_t* out) {
  const Status st = check_reorder(in, dim_vec, rows, out);
  if (st != Status::kOk) return st;
  // Within a block of 4 columns: (row, column) of each of the 16 output bytes.
  static constexpr int8_t kRow[16] = {0, 1, 0, 1, 2, 3, 2, 3, 0, 1, 0, 1, 2, 3, 2, 3};
  static constexpr int8_t kCol[16] = {0, 0, 2, 2, 0, 0, 2, 2, 1, 1, 3, 3, 1, 1, 3, 3};
  q7_t* o = out;
  for (int r = 0; r + 4 <= rows; r += 4) {
    const q7_t* g = in + static_cast<int64_t>(r) * dim_vec;
    int c = 0;
    for (; c + 4 <= dim_vec; c += 4) {
      for (int i = 0; i < 16; ++i) *o++ = g[kRow[i] * dim_vec + c + kCol[i]];
    }
    for (; c < dim_vec; ++c) {
      for (int i = 0; i < 4; ++i) *o++ = g[i * dim_vec + c];
    }
  }
  copy_leftover_rows(in, dim_vec, rows, o);
  return Status::kOk;
}

Status reorder_fully_connected_mat_q7_vec_q15_opt(const q7_t* in, int dim_vec, int rows, q7_t* out) {
  const Status st = check_reorder(in, dim_vec, rows, out);
  if (st != Status::kOk) return st;
  static constexpr int8_t kRow[8] = {0, 1, 0, 1, 2, 3, 2, 3};
  static constexpr int8_t kCol[8] = {0, 0, 1, 1, 0, 0, 1, 1};
  q7_t* o = out;
  for (int r = 0; r + 4 <= rows; r += 4) {
    const q7_t* g = in + static_cast<int64_t>(r) * dim_vec;
    int c = 0;
    for (; c + 2 <= dim_vec; c += 2) {
      for (int i = 0; i < 8; ++i) *o++ = g[kRow[i] * dim_vec + c + kCol[i]];
    }
    for (; c < dim_vec; ++c) {
      for (int i = 0; i < 4; ++i) *o++ = g[i * dim_vec + c];
    }
  }
  copy_leftover_rows(in, dim_vec, rows, o);
  return Status::kOk;
}

Status reorder_fully_connected_q15_opt(const q15_t* in, int dim_vec, int rows, q15_t* out) {
  const Status st = check_reorder(in, dim_vec, rows, out);
  if (st != Status::kOk) return st;
  q15_t* o = out;
  for (int r = 0; r + 4 <= rows; r += 4) {
    const q15_t* g = in + static_cast<int64_t>(r) * dim_vec;
    int c = 0;
    for (; c + 2 <= dim_vec; c += 2) {
      for (int i = 0; i < 4; ++i) {
        *o++ = g[i * dim_vec + c];
        *o++ = g[i * dim_vec + c + 1];
      }
    }
    for (; c < dim_vec; ++c) {
      for (int i = 0; i < 4; ++i) *o++ = g[i * dim_vec + c];
    }
  }
  copy_leftover_rows(in, dim_vec, rows, o);
  return Status::kOk;
}

}  // namespace cmnn::legacy
