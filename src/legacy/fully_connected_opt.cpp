// "opt" fully connected layers: weights interleaved offline (fc_reorder.cpp, layouts in
// include/cmnn/legacy/fully_connected.h) so one pointer walks four rows at once. The portable path
// reads the interleaved bytes with plain C; the DSP path loads words and multiplies lane pairs.
#include "cmnn/legacy/fully_connected.h"
#include "legacy/dot_kernels.h"
#include "legacy/fully_connected_common.h"

namespace cmnn::legacy {
namespace {

using detail::wrap_mac;

// Four rows, q7 opt layout, q7 vector (portable) or its reordered q15 expansion (DSP).
void q7_opt_group_portable(const q7_t* vec, const q7_t* b, int dim_vec, int32_t acc[4]) {
  int c = 0;
  for (; c + 4 <= dim_vec; c += 4, b += 16) {
    const int32_t v0 = vec[c], v1 = vec[c + 1], v2 = vec[c + 2], v3 = vec[c + 3];
    const int8_t* half[2] = {b, b + 8};
    const int32_t lo[2] = {v0, v1}, hi[2] = {v2, v3};
    for (int h = 0; h < 2; ++h) {
      const int8_t* p = half[h];
      acc[0] = wrap_mac(wrap_mac(acc[0], lo[h], p[0]), hi[h], p[2]);
      acc[1] = wrap_mac(wrap_mac(acc[1], lo[h], p[1]), hi[h], p[3]);
      acc[2] = wrap_mac(wrap_mac(acc[2], lo[h], p[4]), hi[h], p[6]);
      acc[3] = wrap_mac(wrap_mac(acc[3], lo[h], p[5]), hi[h], p[7]);
    }
  }
  for (; c < dim_vec; ++c, b += 4) {
    for (int r = 0; r < 4; ++r) acc[r] = wrap_mac(acc[r], vec[c], b[r]);
  }
}

void q7_opt_group_dsp(const int16_t* v, const q7_t* b, int dim_vec, int32_t acc[4]) {
  int c = 0;
  for (; c + 4 <= dim_vec; c += 4, b += 16) {
    const int32_t v02 = dsp::load32(v + c), v13 = dsp::load32(v + c + 2);
    const int32_t w0 = dsp::load32(b), w1 = dsp::load32(b + 4), w2 = dsp::load32(b + 8), w3 = dsp::load32(b + 12);
    acc[0] = dsp::smlad(dsp::sxtb16(w2), v13, dsp::smlad(dsp::sxtb16(w0), v02, acc[0]));
    acc[1] = dsp::smlad(dsp::sxtb16_ror8(w2), v13, dsp::smlad(dsp::sxtb16_ror8(w0), v02, acc[1]));
    acc[2] = dsp::smlad(dsp::sxtb16(w3), v13, dsp::smlad(dsp::sxtb16(w1), v02, acc[2]));
    acc[3] = dsp::smlad(dsp::sxtb16_ror8(w3), v13, dsp::smlad(dsp::sxtb16_ror8(w1), v02, acc[3]));
  }
  for (; c < dim_vec; ++c, b += 4) {
    for (int r = 0; r < 4; ++r) acc[r] = wrap_mac(acc[r], v[c], b[r]);
  }
}

// Four rows, mat_q7_vec_q15 opt layout: per 2 columns r0c0 r1c0 r0c1 r1c1 r2c0 r3c0 r2c1 r3c1.
template <bool kDsp>
void mixed_opt_group(const q15_t* v, const q7_t* b, int dim_vec, int32_t acc[4]) {
  int c = 0;
  for (; c + 2 <= dim_vec; c += 2, b += 8) {
    if constexpr (kDsp) {
      const int32_t vv = dsp::load32(v + c), w0 = dsp::load32(b), w1 = dsp::load32(b + 4);
      acc[0] = dsp::smlad(dsp::sxtb16(w0), vv, acc[0]);
      acc[1] = dsp::smlad(dsp::sxtb16_ror8(w0), vv, acc[1]);
      acc[2] = dsp::smlad(dsp::sxtb16(w1), vv, acc[2]);
      acc[3] = dsp::smlad(dsp::sxtb16_ror8(w1), vv, acc[3]);
    } else {
      acc[0] = wrap_mac(wrap_mac(acc[0], v[c], b[0]), v[c + 1], b[2]);
      acc[1] = wrap_mac(wrap_mac(acc[1], v[c], b[1]), v[c + 1], b[3]);
      acc[2] = wrap_mac(wrap_mac(acc[2], v[c], b[4]), v[c + 1], b[6]);
      acc[3] = wrap_mac(wrap_mac(acc[3], v[c], b[5]), v[c + 1], b[7]);
    }
  }
  for (; c < dim_vec; ++c, b += 4) {
    for (int r = 0; r < 4; ++r) acc[r] = wrap_mac(acc[r], v[c], b[r]);
  }
}

// Four rows, q15 opt layout: per 2 columns r0c0 r0c1 r1c0 r1c1 r2c0 r2c1 r3c0 r3c1.
template <bool kDsp>
void q15_opt_group(const q15_t* v, const q15_t* b, int dim_vec, int32_t acc[4]) {
  int c = 0;
  for (; c + 2 <= dim_vec; c += 2, b += 8) {
    for (int r = 0; r < 4; ++r) {
      if constexpr (kDsp) {
        acc[r] = dsp::smlad(dsp::load32(b + 2 * r), dsp::load32(v + c), acc[r]);
      } else {
        acc[r] = wrap_mac(wrap_mac(acc[r], v[c], b[2 * r]), v[c + 1], b[2 * r + 1]);
      }
    }
  }
  for (; c < dim_vec; ++c, b += 4) {
    for (int r = 0; r < 4; ++r) acc[r] = wrap_mac(acc[r], v[c], b[r]);
  }
}

template <class Bias>
void init4(const Bias* bias, int r, Shifts s, int32_t acc[4]) {
  for (int i = 0; i < 4; ++i) acc[i] = detail::initial_accumulator(bias[r + i], s);
}

}  // namespace

Status fully_connected_q7_opt(const q7_t* vec, const q7_t* wt, int dim_vec, int rows, const q7_t* bias,
                              Shifts shifts, q7_t* out, void* scratch, size_t scratch_size, Path path) {
  const Status st = detail::check_fc(vec, wt, dim_vec, rows, bias, shifts, out);
  if (st != Status::kOk) return st;
  if (scratch == nullptr) return Status::kNullPointer;
  if (scratch_size < fully_connected_q7_scratch_bytes(dim_vec)) return Status::kScratchTooSmall;
  Isa resolved;
  if (!resolve_isa(path, &resolved)) return Status::kUnsupported;
  const bool dsp_path = resolved == Isa::kDsp;
  auto* v = static_cast<int16_t*>(scratch);
  if (dsp_path) detail::DspReorderedQ7::expand(vec, v, dim_vec);
  const q7_t* b = wt;
  int r = 0;
  for (; r + 4 <= rows; r += 4, b += 4 * dim_vec) {
    int32_t acc[4];
    init4(bias, r, shifts, acc);
    if (dsp_path) {
      q7_opt_group_dsp(v, b, dim_vec, acc);
    } else {
      q7_opt_group_portable(vec, b, dim_vec, acc);
    }
    for (int i = 0; i < 4; ++i) out[r + i] = detail::finish_q7(acc[i], shifts);
  }
  for (; r < rows; ++r, b += dim_vec) {
    int32_t acc = detail::initial_accumulator(bias[r], shifts);
    if (dsp_path) {
      acc = detail::DspReorderedQ7::dot(b, v, dim_vec, acc);
    } else {
      for (int c = 0; c < dim_vec; ++c) acc = wrap_mac(acc, vec[c], b[c]);
    }
    out[r] = detail::finish_q7(acc, shifts);
  }
  return Status::kOk;
}

Status fully_connected_mat_q7_vec_q15_opt(const q15_t* vec, const q7_t* wt, int dim_vec, int rows,
                                          const q7_t* bias, Shifts shifts, q15_t* out, Path path) {
  const Status st = detail::check_fc(vec, wt, dim_vec, rows, bias, shifts, out);
  if (st != Status::kOk) return st;
  Isa resolved;
  if (!resolve_isa(path, &resolved)) return Status::kUnsupported;
  const bool dsp_path = resolved == Isa::kDsp;
  const q7_t* b = wt;
  int r = 0;
  for (; r + 4 <= rows; r += 4, b += 4 * dim_vec) {
    int32_t acc[4];
    init4(bias, r, shifts, acc);
    if (dsp_path) {
      mixed_opt_group<true>(vec, b, dim_vec, acc);
    } else {
      mixed_opt_group<false>(vec, b, dim_vec, acc);
    }
    for (int i = 0; i < 4; ++i) out[r + i] = detail::finish_q15(acc[i], shifts);
  }
  for (; r < rows; ++r, b += dim_vec) {
    const int32_t init = detail::initial_accumulator(bias[r], shifts);
    const int32_t acc = dsp_path ? detail::DspPlainQ7::dot(b, vec, dim_vec, init)
                                 : detail::PortableQ7::dot(b, vec, dim_vec, init);
    out[r] = detail::finish_q15(acc, shifts);
  }
  return Status::kOk;
}

Status fully_connected_q15_opt(const q15_t* vec, const q15_t* wt, int dim_vec, int rows, const q15_t* bias,
                               Shifts shifts, q15_t* out, Path path) {
  const Status st = detail::check_fc(vec, wt, dim_vec, rows, bias, shifts, out);
  if (st != Status::kOk) return st;
  Isa resolved;
  if (!resolve_isa(path, &resolved)) return Status::kUnsupported;
  const bool dsp_path = resolved == Isa::kDsp;
  const q15_t* b = wt;
  int r = 0;
  for (; r + 4 <= rows; r += 4, b += 4 * dim_vec) {
    int32_t acc[4];
    init4(bias, r, shifts, acc);
    if (dsp_path) {
      q15_opt_group<true>(vec, b, dim_vec, acc);
    } else {
      q15_opt_group<false>(vec, b, dim_vec, acc);
    }
    for (int i = 0; i < 4; ++i) out[r + i] = detail::finish_q15(acc[i], shifts);
  }
  for (; r < rows; ++r, b += dim_vec) {
    const int32_t init = detail::initial_accumulator(bias[r], shifts);
    const int32_t acc = dsp_path ? detail::DspQ15::dot(b, vec, dim_vec, init)
                                 : detail::PortableQ15::dot(b, vec, dim_vec, init);
    out[r] = detail::finish_q15(acc, shifts);
  }
  return Status::kOk;
}

}  // namespace cmnn::legacy
