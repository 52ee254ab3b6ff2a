// Element loads and stores of the Helium elementwise variants (add_mve.cpp, mul_mve.cpp), by
// element type, so one loop serves int8 and int16 (and the broadcasting ops' row walk,
// broadcast_rows): four elements in 32-bit lanes, sign-extended
// on load (VLDRB.S32 / VLDRH.S32), narrowed on store (VSTRB.32 / VSTRH.32), zeroing predicated
// loads and a partial store for the last 1..3 elements.
#pragma once
#include <cstdint>

#include "arch/mve/matmul_ops.h"
#include "arch/mve/mve.h"
#include "arch/mve/s16_ops.h"
#include "cmnn/elementwise.h"

namespace cmnn::elementwise::lanes {

inline mve::s32x4 load(const int8_t* p) { return mve::load_s8_to_s32(p); }
inline mve::s32x4 load(const int16_t* p) { return mve::load_s16_to_s32(p); }
inline mve::s32x4 load_z(const int8_t* p, mve::pred active) { return mve::load_s8_to_s32_z(p, active); }
inline mve::s32x4 load_z(const int16_t* p, mve::pred active) { return mve::load_s16_to_s32_z(p, active); }
inline void store(int8_t* p, mve::s32x4 v) { mve::store_s32_as_s8_all(p, v); }
inline void store(int16_t* p, mve::s32x4 v) { mve::store_s32_as_s16_all(p, v); }
inline void store_p(int8_t* p, mve::s32x4 v, mve::pred active) { mve::store_s32_as_s8(p, v, active); }
inline void store_p(int16_t* p, mve::s32x4 v, mve::pred active) { mve::store_s32_as_s16(p, v, active); }

// out[i] = run(in1[i..i+3], in2[i..i+3]) four elements at a time; run takes and returns 32-bit
// lanes, already clamped to T. Each step loads before it stores, so out may alias an input.
template <typename T, typename Run>
void binary_loop(const Run& run, int32_t size, const T* in1, const T* in2, T* out) {
  int32_t i = 0;
  for (; i + 4 <= size; i += 4) store(out + i, run(load(in1 + i), load(in2 + i)));
  if (i < size) {
    const mve::pred active = mve::tail_32(size - i);
    store_p(out + i, run(load_z(in1 + i, active), load_z(in2 + i, active)), active);
  }
}

// One output row of a broadcast: n elements, input k stepping by ik (1, or 0 = one value for the
// whole row, held in all four lanes).
template <typename T, typename Run>
void broadcast_row(const Run& run, int32_t n, const T* x1, int32_t i1, const T* x2, int32_t i2, T* out) {
  if (i1 != 0 && i2 != 0) {
    binary_loop(run, n, x1, x2, out);
    return;
  }
  const mve::s32x4 d1 = mve::dup_s32(x1[0]), d2 = mve::dup_s32(x2[0]);
  int32_t i = 0;
  for (; i + 4 <= n; i += 4) store(out + i, run(i1 != 0 ? load(x1 + i) : d1, i2 != 0 ? load(x2 + i) : d2));
  if (i < n) {
    const mve::pred active = mve::tail_32(n - i);
    store_p(out + i, run(i1 != 0 ? load_z(x1 + i, active) : d1, i2 != 0 ? load_z(x2 + i, active) : d2),
                   active);
  }
}

// The 6-D walk of broadcast_loop.h by output rows (the innermost dimension), rows in output order.
template <typename T, typename Run>
void broadcast_rows(const Run& run, const int32_t* d1, const int32_t* d2, const int32_t* dout, const BinaryArgs<T>& a) {
  constexpr int kRank = kMaxBroadcastRank;
  int32_t s1[kRank], s2[kRank], step1 = 1, step2 = 1;
  for (int d = kRank - 1; d >= 0; --d) {
    s1[d] = d1[d] == 1 ? 0 : step1;
    s2[d] = d2[d] == 1 ? 0 : step2;
    step1 *= d1[d];
    step2 *= d2[d];
  }
  int32_t outer = 1;
  for (int d = 0; d < kRank - 1; ++d) outer *= dout[d];
  const int32_t inner = dout[kRank - 1];
  int32_t idx[kRank - 1] = {0, 0, 0, 0, 0};
  int32_t base1 = 0, base2 = 0;
  T* out = a.output;
  for (int32_t r = 0; r < outer; ++r, out += inner) {
    broadcast_row(run, inner, a.input1 + base1, s1[kRank - 1], a.input2 + base2, s2[kRank - 1], out);
    for (int d = kRank - 2; d >= 0; --d) {
      base1 += s1[d];
      base2 += s2[d];
      if (++idx[d] < dout[d]) break;
      base1 -= s1[d] * dout[d];
      base2 -= s2[d] * dout[d];
      idx[d] = 0;
    }
  }
}

}  // namespace cmnn::elementwise::lanes
