// Helium (MVE) row-pair dot products for the recurrent kernels (svdf_*.mve, lstm_*.mve): one
// activation vector against two weight rows in one pass, composed of the primitives of mve.h,
// pool_ops.h and s16_ops.h (so the host runs their bit-exact emulation). Lane tests:
// tests/unit/arch/mve_dot_sum_ops_test.cpp (host and Cortex-M55 under QEMU).
#pragma once
#include <cstdint>

#include "arch/mve/mve.h"
#include "arch/mve/pool_ops.h"
#include "arch/mve/s16_ops.h"

namespace cmnn::mve {

// x . w0, x . w1 and the row sums sum w0, sum w1 over n >= 0 int8 elements, each wrapping int32:
// per 16 elements one x VLDRB, two w VLDRB, two VMLADAVA and two VADDVA; the n % 16 tail by
// zeroing predicated loads (nothing past a row read). With the row sums a caller folds a
// constant offset in: (x + c) . w = x . w + c * sum w modulo 2^32. w1 may alias w0.
struct DotSum2 {
  int32_t d0, s0, d1, s1;
};
inline DotSum2 dot_sum_1x2(const int8_t* x, const int8_t* w0, const int8_t* w1, int32_t n) {
  DotSum2 r{0, 0, 0, 0};
  int32_t k = 0;
  for (; k + 16 <= n; k += 16) {
    const s8x16 xv = load_s8(x + k);
    const s8x16 a = load_s8(w0 + k);
    r.d0 = dot_acc(r.d0, xv, a);
    r.s0 = sum_acc(r.s0, a);
    const s8x16 b = load_s8(w1 + k);
    r.d1 = dot_acc(r.d1, xv, b);
    r.s1 = sum_acc(r.s1, b);
  }
  if (k < n) {
    const pred t = tail_8(n - k);
    const s8x16 xv = load_s8_z(x + k, t);
    const s8x16 a = load_s8_z(w0 + k, t), b = load_s8_z(w1 + k, t);
    r.d0 = dot_acc(r.d0, xv, a);
    r.s0 = sum_acc(r.s0, a);
    r.d1 = dot_acc(r.d1, xv, b);
    r.s1 = sum_acc(r.s1, b);
  }
  return r;
}

// int16 x against two int8 rows, exact int64 sums: per 8 elements one VLDRH, two VLDRB.S16 and
// two VMLALDAVA.S16; the n % 8 tail by zeroing predicated loads. w1 may alias w0.
struct Dot2x64 {
  int64_t d0, d1;
};
inline Dot2x64 dot_s16_s8_1x2(const int16_t* x, const int8_t* w0, const int8_t* w1, int32_t n) {
  Dot2x64 r{0, 0};
  int32_t k = 0;
  for (; k + 8 <= n; k += 8) {
    const s16x8 xv = load_s16(x + k);
    r.d0 = dot_acc_s16_64(r.d0, xv, load_s8_to_s16(w0 + k));
    r.d1 = dot_acc_s16_64(r.d1, xv, load_s8_to_s16(w1 + k));
  }
  if (k < n) {
    const pred t = tail_16(n - k);
    const s16x8 xv = load_s16_z(x + k, t);
    r.d0 = dot_acc_s16_64(r.d0, xv, load_s8_to_s16_z(w0 + k, t));
    r.d1 = dot_acc_s16_64(r.d1, xv, load_s8_to_s16_z(w1 + k, t));
  }
  return r;
}

}  // namespace cmnn::mve
