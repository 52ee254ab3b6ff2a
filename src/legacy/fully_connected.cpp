// Fully connected layers of the paper's API on row-major weights (q7, q15, q7 weights x q15 vector).
// The portable path is the reference; the DSP path runs the dot kernels of dot_kernels.h.
#include "cmnn/legacy/fully_connected.h"
#include "legacy/dot_kernels.h"
#include "legacy/fully_connected_common.h"

namespace cmnn::legacy {
namespace detail {

Status check_fc(const void* vec, const void* wt, int dim_vec, int rows, const void* bias, Shifts shifts,
                const void* out) {
  if (vec == nullptr || wt == nullptr || bias == nullptr || out == nullptr) return Status::kNullPointer;
  if (dim_vec < 1 || rows < 1 || dim_vec >= (1 << 16) || rows >= (1 << 16)) return Status::kBadShape;
  if (!shifts_valid(shifts)) return Status::kBadParameter;
  return Status::kOk;
}

}  // namespace detail

using detail::check_fc;

size_t fully_connected_q7_scratch_bytes(int dim_vec) { return dim_vec > 0 ? static_cast<size_t>(dim_vec) * 2 : 0; }

Status fully_connected_q7(const q7_t* vec, const q7_t* wt, int dim_vec, int rows, const q7_t* bias, Shifts shifts,
                          q7_t* out, void* scratch, size_t scratch_size, Path path) {
  const Status st = check_fc(vec, wt, dim_vec, rows, bias, shifts, out);
  if (st != Status::kOk) return st;
  if (scratch == nullptr) return Status::kNullPointer;
  if (scratch_size < fully_connected_q7_scratch_bytes(dim_vec)) return Status::kScratchTooSmall;
  Isa resolved;
  if (!resolve_isa(path, &resolved)) return Status::kUnsupported;
  if (resolved == Isa::kPortable) {
    for (int r = 0; r < rows; ++r) {
      int32_t acc = detail::initial_accumulator(bias[r], shifts);
      const q7_t* w = wt + static_cast<int64_t>(r) * dim_vec;
      for (int c = 0; c < dim_vec; ++c) acc = detail::wrap_mac(acc, vec[c], w[c]);
      out[r] = detail::finish_q7(acc, shifts);
    }
    return Status::kOk;
  }
  auto* v = static_cast<int16_t*>(scratch);
  detail::DspReorderedQ7::expand(vec, v, dim_vec);
  for (int r = 0; r < rows; ++r) {
    const int32_t acc = detail::DspReorderedQ7::dot(wt + static_cast<int64_t>(r) * dim_vec, v, dim_vec,
                                                    detail::initial_accumulator(bias[r], shifts));
    out[r] = detail::finish_q7(acc, shifts);
  }
  return Status::kOk;
}

Status fully_connected_q15(const q15_t* vec, const q15_t* wt, int dim_vec, int rows, const q15_t* bias,
                           Shifts shifts, q15_t* out, Path path) {
  const Status st = check_fc(vec, wt, dim_vec, rows, bias, shifts, out);
  if (st != Status::kOk) return st;
  Isa resolved;
  if (!resolve_isa(path, &resolved)) return Status::kUnsupported;
  for (int r = 0; r < rows; ++r) {
    const q15_t* w = wt + static_cast<int64_t>(r) * dim_vec;
    const int32_t init = detail::initial_accumulator(bias[r], shifts);
    const int32_t acc = resolved == Isa::kPortable ? detail::PortableQ15::dot(w, vec, dim_vec, init)
                                                    : detail::DspQ15::dot(w, vec, dim_vec, init);
    out[r] = detail::finish_q15(acc, shifts);
  }
  return Status::kOk;
}

Status fully_connected_mat_q7_vec_q15(const q15_t* vec, const q7_t* wt, int dim_vec, int rows, const q7_t* bias,
                                      Shifts shifts, q15_t* out, Path path) {
  const Status st = check_fc(vec, wt, dim_vec, rows, bias, shifts, out);
  if (st != Status::kOk) return st;
  Isa resolved;
  if (!resolve_isa(path, &resolved)) return Status::kUnsupported;
  for (int r = 0; r < rows; ++r) {
    const q7_t* w = wt + static_cast<int64_t>(r) * dim_vec;
    const int32_t init = detail::initial_accumulator(bias[r], shifts);
    const int32_t acc = resolved == Isa::kPortable ? detail::PortableQ7::dot(w, vec, dim_vec, init)
                                                    : detail::DspPlainQ7::dot(w, vec, dim_vec, init);
    out[r] = detail::finish_q15(acc, shifts);
  }
  return Status::kOk;
}

}  // namespace cmnn::legacy
