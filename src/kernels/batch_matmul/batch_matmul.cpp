// Batch matmul s8 / s16: reference, a DSP s8 variant (two depth steps per SMLAD on
// SXTB16-unpacked, offset-added lanes) and Helium s8 / s16 variants (batch_matmul_mve.h).
#include "arch/dsp/intrinsics.h"
#include "cmnn/batch_matmul.h"
#include "kernels/batch_matmul/batch_matmul_mve.h"
#include "kernels/op_table/op_table.h"
#include "quant/fixed_point.h"

namespace cmnn {

namespace {
// One [rows][cols] product; dot(lhs_row, rhs_row) supplies the accumulation.
template <typename T, typename Dot>
void for_each_batch(const BatchMatmulParams& p, const BatchMatmulArgs<T>& a, Dot dot) {
  const int32_t ob = p.lhs_batch > p.rhs_batch ? p.lhs_batch : p.rhs_batch;
  const int32_t oh = p.lhs_height > p.rhs_height ? p.lhs_height : p.rhs_height;
  const size_t lhs_mat = static_cast<size_t>(p.rows) * p.depth, rhs_mat = static_cast<size_t>(p.cols) * p.depth;
  T* out = a.output;
  for (int32_t b = 0; b < ob; ++b) {
    for (int32_t h = 0; h < oh; ++h) {
      const size_t li = static_cast<size_t>(p.lhs_batch == 1 ? 0 : b) * p.lhs_height + (p.lhs_height == 1 ? 0 : h);
      const size_t ri = static_cast<size_t>(p.rhs_batch == 1 ? 0 : b) * p.rhs_height + (p.rhs_height == 1 ? 0 : h);
      const T* lhs = a.lhs + li * lhs_mat;
      const T* rhs = a.rhs_t + ri * rhs_mat;
      // Element k of a row sits k * step after the row's start: depth-major operands step by the
      // row count and start one element apart.
      const size_t lhs_row = p.lhs_depth_major ? 1 : static_cast<size_t>(p.depth);
      const size_t rhs_row = p.rhs_depth_major ? 1 : static_cast<size_t>(p.depth);
      for (int32_t r = 0; r < p.rows; ++r) {
        for (int32_t c = 0; c < p.cols; ++c) *out++ = dot(lhs + r * lhs_row, rhs + c * rhs_row);
      }
    }
  }
}

inline int8_t finish_s8(const BatchMatmulParams& p, int32_t acc) {
  return quant::requantize_to_s8(acc, p.output_multiplier, p.output_shift, p.output_offset, p.activation_min,
                                 p.activation_max);
}

Status bmm_s8_ref(const BatchMatmulParams& p, const BatchMatmulArgs<int8_t>& a, void*, size_t) {
  for_each_batch(p, a, [&p](const int8_t* x, const int8_t* y) {
    int32_t acc = 0;
    const size_t xs = p.lhs_depth_major ? static_cast<size_t>(p.rows) : 1;
    const size_t ys = p.rhs_depth_major ? static_cast<size_t>(p.cols) : 1;
    for (int32_t k = 0; k < p.depth; ++k) acc += (x[k * xs] + p.lhs_offset) * (y[k * ys] + p.rhs_offset);
    return finish_s8(p, acc);
  });
  return Status::kOk;
}

Status bmm_s8_dsp(const BatchMatmulParams& p, const BatchMatmulArgs<int8_t>& a, void*, size_t) {
  const uint32_t lo = static_cast<uint32_t>(p.lhs_offset) & 0xFFFFu, ro = static_cast<uint32_t>(p.rhs_offset) & 0xFFFFu;
  const uint32_t loff = lo | (lo << 16), roff = ro | (ro << 16);
  for_each_batch(p, a, [&](const int8_t* x, const int8_t* y) {
    int32_t acc = 0, k = 0;
    for (; k + 4 <= p.depth; k += 4) {
      const uint32_t wx = dsp::load_u32(x + k), wy = dsp::load_u32(y + k);
      // (x + offset) fits 16 bits; even and odd bytes pair up in the same lanes on both sides.
      acc = dsp::smlad(dsp::sadd16(dsp::sxtb16(wx), loff), dsp::sadd16(dsp::sxtb16(wy), roff), acc);
      acc = dsp::smlad(dsp::sadd16(dsp::sxtb16_ror8(wx), loff), dsp::sadd16(dsp::sxtb16_ror8(wy), roff), acc);
    }
    for (; k < p.depth; ++k) acc += (x[k] + p.lhs_offset) * (y[k] + p.rhs_offset);
    return finish_s8(p, acc);
  });
  return Status::kOk;
}

// Helium: the inner product of batch_matmul_mve.h per output element (depth-contiguous rows).
Status bmm_s8_mve(const BatchMatmulParams& p, const BatchMatmulArgs<int8_t>& a, void*, size_t) {
  for_each_batch(p, a, [&p](const int8_t* x, const int8_t* y) {
    return finish_s8(p, bmm::dot_s8_mve(x, y, p.depth, p.lhs_offset, p.rhs_offset));
  });
  return Status::kOk;
}

Status bmm_s16_ref(const BatchMatmulParams& p, const BatchMatmulArgs<int16_t>& a, void*, size_t) {
  for_each_batch(p, a, [&p](const int16_t* x, const int16_t* y) {
    int64_t acc = 0;
    const size_t xs = p.lhs_depth_major ? static_cast<size_t>(p.rows) : 1;
    const size_t ys = p.rhs_depth_major ? static_cast<size_t>(p.cols) : 1;
    for (int32_t k = 0; k < p.depth; ++k) acc += int64_t{x[k * xs]} * y[k * ys];
    const int32_t v = quant::multiply_by_quantized_multiplier_64(acc, p.output_multiplier, p.output_shift);
    return static_cast<int16_t>(quant::clamp(v, p.activation_min, p.activation_max));
  });
  return Status::kOk;
}

// Helium: batch_matmul_mve.h's exact int64 inner product per output element, the ref's output stage.
Status bmm_s16_mve(const BatchMatmulParams& p, const BatchMatmulArgs<int16_t>& a, void*, size_t) {
  for_each_batch(p, a, [&p](const int16_t* x, const int16_t* y) {
    const int32_t v = quant::multiply_by_quantized_multiplier_64(bmm::dot_s16_mve(x, y, p.depth), p.output_multiplier,
                                                                 p.output_shift);
    return static_cast<int16_t>(quant::clamp(v, p.activation_min, p.activation_max));
  });
  return Status::kOk;
}

template <typename T>
Status check_bmm(const BatchMatmulParams& p, const BatchMatmulArgs<T>& a) {
  if (a.lhs == nullptr || a.rhs_t == nullptr || a.output == nullptr) return Status::kNullPointer;
  const int32_t lhs[4] = {p.lhs_batch, p.lhs_height, p.rows, p.depth};
  const int32_t rhs[4] = {p.rhs_batch, p.rhs_height, p.cols, p.depth};
  const int32_t out[4] = {p.lhs_batch > p.rhs_batch ? p.lhs_batch : p.rhs_batch,
                          p.lhs_height > p.rhs_height ? p.lhs_height : p.rhs_height, p.rows, p.cols};
  if (!op_table::product_fits(lhs, 4) || !op_table::product_fits(rhs, 4) || !op_table::product_fits(out, 4)) {
    return Status::kBadShape;
  }
  if ((p.lhs_batch != p.rhs_batch && p.lhs_batch != 1 && p.rhs_batch != 1) ||
      (p.lhs_height != p.rhs_height && p.lhs_height != 1 && p.rhs_height != 1)) {
    return Status::kBadShape;
  }
  constexpr int32_t kLo = sizeof(T) == 1 ? -128 : -32768, kHi = sizeof(T) == 1 ? 127 : 32767;
  if (!op_table::valid_requant(p.output_multiplier, p.output_shift) || p.activation_min < kLo ||
      p.activation_max > kHi || p.activation_min > p.activation_max) {
    return Status::kBadParameter;
  }
  if constexpr (sizeof(T) == 1) {
    // int32 accumulation: depth * 255 * 255 must fit.
    if (p.depth > 32768) return Status::kBadShape;
    if (p.lhs_offset < -127 || p.lhs_offset > 128 || p.rhs_offset < -127 || p.rhs_offset > 128 ||
        p.output_offset < -128 || p.output_offset > 127) {
      return Status::kBadParameter;
    }
  } else if (p.lhs_offset != 0 || p.rhs_offset != 0 || p.output_offset != 0) {
    return Status::kBadParameter;
  }
  return Status::kOk;
}

bool always(const BatchMatmulParams&) { return true; }
bool depth_contiguous(const BatchMatmulParams& p) { return !p.lhs_depth_major && !p.rhs_depth_major; }
size_t no_scratch(const BatchMatmulParams&) { return 0; }

constexpr Variant<BatchMatmulParams, BatchMatmulArgs<int8_t>> kS8[] = {
    {"batch_matmul_s8.mve", Isa::kMve, depth_contiguous, no_scratch, bmm_s8_mve},
    {"batch_matmul_s8.dsp", Isa::kDsp, depth_contiguous, no_scratch, bmm_s8_dsp},
    {"batch_matmul_s8.ref", Isa::kPortable, always, no_scratch, bmm_s8_ref},
};
constexpr Variant<BatchMatmulParams, BatchMatmulArgs<int16_t>> kS16[] = {
    {"batch_matmul_s16.mve", Isa::kMve, depth_contiguous, no_scratch, bmm_s16_mve},
    {"batch_matmul_s16.ref", Isa::kPortable, always, no_scratch, bmm_s16_ref},
};
}  // namespace

CMNN_DEFINE_OP_TABLE(batch_matmul_s8, BatchMatmulParams, BatchMatmulArgs<int8_t>, kS8, check_bmm<int8_t>)
CMNN_DEFINE_OP_TABLE(batch_matmul_s16, BatchMatmulParams, BatchMatmulArgs<int16_t>, kS16, check_bmm<int16_t>)

}  // namespace cmnn
