// The 6-D broadcast walk shared by the broadcasting binary ops: visits the output in row-major
// order and hands the function the element offsets of both inputs (stride 0 along a broadcast
// dimension). Equal to TFLite's BroadcastBinaryOpSimple element mapping.
#pragma once
#include <cstdint>

#include "cmnn/elementwise.h"
#include "kernels/op_table/op_table.h"

namespace cmnn::broadcast {

constexpr int kRank = kMaxBroadcastRank;

// f(offset1, offset2, output_offset) for every output element, output offsets ascending.
template <typename F>
inline void for_each(const int32_t* d1, const int32_t* d2, const int32_t* dout, F&& f) {
  int32_t s1[kRank], s2[kRank];
  int32_t step1 = 1, step2 = 1;
  for (int d = kRank - 1; d >= 0; --d) {
    s1[d] = d1[d] == 1 ? 0 : step1;
    s2[d] = d2[d] == 1 ? 0 : step2;
    step1 *= d1[d];
    step2 *= d2[d];
  }
  int32_t outer = 1;
  for (int d = 0; d < kRank - 1; ++d) outer *= dout[d];
  const int32_t inner = dout[kRank - 1], i1 = s1[kRank - 1], i2 = s2[kRank - 1];
  int32_t idx[kRank - 1] = {0, 0, 0, 0, 0};
  int32_t base1 = 0, base2 = 0, o = 0;
  for (int32_t n = 0; n < outer; ++n) {
    for (int32_t c = 0; c < inner; ++c) f(base1 + c * i1, base2 + c * i2, o++);
    // Odometer step over dims 0..4, innermost first; bases follow incrementally.
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

// Shapes valid for the walk: positive, products fit int32, each input dim equal to the output's or
// 1, and the output dim the larger of the two.
inline bool valid_dims(const int32_t* d1, const int32_t* d2, const int32_t* dout) {
  if (!op_table::product_fits(d1, kRank) || !op_table::product_fits(d2, kRank) ||
      !op_table::product_fits(dout, kRank)) {
    return false;
  }
  for (int d = 0; d < kRank; ++d) {
    const bool ok1 = d1[d] == dout[d] || d1[d] == 1;
    const bool ok2 = d2[d] == dout[d] || d2[d] == 1;
    if (!ok1 || !ok2 || dout[d] != (d1[d] > d2[d] ? d1[d] : d2[d])) return false;
  }
  return true;
}

inline int32_t count(const int32_t* dims) {
  int32_t n = 1;
  for (int d = 0; d < kRank; ++d) n *= dims[d];
  return n;
}

inline bool same_dims(const int32_t* a, const int32_t* b) {
  for (int d = 0; d < kRank; ++d) {
    if (a[d] != b[d]) return false;
  }
  return true;
}

}  // namespace cmnn::broadcast
