// Element loads and stores of the Helium elementwise variants (add_mve.cpp, mul_mve.cpp), by
// element type, so one loop serves int8 and int16: four elements in 32-bit lanes, sign-extended
// on load (VLDRB.S32 / VLDRH.S32), narrowed on store (VSTRB.32 / VSTRH.32), zeroing predicated
// loads and a partial store for the last 1..3 elements.
#pragma once
#include <cstdint>

#include "arch/mve/matmul_ops.h"
#include "arch/mve/mve.h"
#include "arch/mve/s16_ops.h"

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

}  // namespace cmnn::elementwise::lanes
