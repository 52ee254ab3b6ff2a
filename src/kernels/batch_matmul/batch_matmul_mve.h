// batch_matmul_s8's and _s16's Helium (MVE) inner products (batch_matmul.cpp lists the variants; the host runs
// it through the emulation in src/arch/mve): one output element of depth-contiguous rows,
// sum_k (x[k] + x_offset) * (y[k] + y_offset), as dot + y_offset * sum x + x_offset * sum y +
// depth * x_offset * y_offset. Per 16 elements two VLDRB, one VMLADAVA (x . y) and two VADDVA (the
// row sums); the last 1..15 by zeroing predicated loads (nothing past the rows read). The terms
// wrap in uint32; the exact value fits int32 for depth <= 32768 (check_bmm's limit: 32768 * 255 *
// 255 < 2^31), so the result equals the ref's int32 sum.
#pragma once
#include <cstdint>

#include "arch/mve/mve.h"
#include "arch/mve/pool_ops.h"
#include "arch/mve/s16_ops.h"

namespace cmnn::bmm {

inline int32_t dot_s8_mve(const int8_t* x, const int8_t* y, int32_t depth, int32_t x_offset, int32_t y_offset) {
  int32_t dot = 0, sx = 0, sy = 0, k = 0;
  for (; k + 16 <= depth; k += 16) {
    const mve::s8x16 xv = mve::load_s8(x + k), yv = mve::load_s8(y + k);
    dot = mve::dot_acc(dot, xv, yv);
    sx = mve::sum_acc(sx, xv);
    sy = mve::sum_acc(sy, yv);
  }
  if (k < depth) {
    const mve::pred t = mve::tail_8(depth - k);
    const mve::s8x16 xv = mve::load_s8_z(x + k, t), yv = mve::load_s8_z(y + k, t);
    dot = mve::dot_acc(dot, xv, yv);
    sx = mve::sum_acc(sx, xv);
    sy = mve::sum_acc(sy, yv);
  }
  const auto u = [](int32_t v) { return static_cast<uint32_t>(v); };
  return static_cast<int32_t>(u(dot) + u(y_offset) * u(sx) + u(x_offset) * u(sy) +
                              u(depth) * u(x_offset) * u(y_offset));
}

// batch_matmul_s16's inner product of depth-contiguous rows (offsets are 0 for int16): per 8
// elements two VLDRH and one VMLALDAVA.S16 into an exact int64 sum (each product < 2^30, depth <
// 2^31), the last 1..7 by zeroing predicated loads; equal to the ref's int64 sum.
inline int64_t dot_s16_mve(const int16_t* x, const int16_t* y, int32_t depth) {
  int64_t acc = 0;
  int32_t k = 0;
  for (; k + 8 <= depth; k += 8) acc = mve::dot_acc_s16_64(acc, mve::load_s16(x + k), mve::load_s16(y + k));
  if (k < depth) {
    const mve::pred t = mve::tail_16(depth - k);
    acc = mve::dot_acc_s16_64(acc, mve::load_s16_z(x + k, t), mve::load_s16_z(y + k, t));
  }
  return acc;
}

}  // namespace cmnn::bmm
