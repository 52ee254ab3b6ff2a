// Splits a padded 6-D shape into kept and reduced dimensions (with their input strides) and walks
// them with odometers: outputs in row-major order of the kept dimensions, and for each output
// every input element reduced into it.
#pragma once
#include <cstdint>

#include "cmnn/reduce.h"
#include "kernels/op_table/op_table.h"

namespace cmnn::reduce {

constexpr int kRank = kMaxReduceRank;

struct AxisSplit {
  int32_t kept_count = 0, reduced_count = 0;  // numbers of dimensions
  int32_t kept_dims[kRank] = {}, kept_strides[kRank] = {};
  int32_t reduced_dims[kRank] = {}, reduced_strides[kRank] = {};
  int32_t outputs = 1;   // output elements
  int32_t reduced = 1;   // input elements per output (n)
};

inline AxisSplit split(const int32_t* dims, uint32_t axis_mask) {
  AxisSplit s;
  int32_t stride = 1;
  int32_t strides[kRank];
  for (int d = kRank - 1; d >= 0; --d) {
    strides[d] = stride;
    stride *= dims[d];
  }
  for (int d = 0; d < kRank; ++d) {
    if (dims[d] == 1) continue;  // a size-1 dimension changes neither offsets nor counts
    if ((axis_mask >> d) & 1u) {
      s.reduced_dims[s.reduced_count] = dims[d];
      s.reduced_strides[s.reduced_count++] = strides[d];
      s.reduced *= dims[d];
    } else {
      s.kept_dims[s.kept_count] = dims[d];
      s.kept_strides[s.kept_count++] = strides[d];
      s.outputs *= dims[d];
    }
  }
  return s;
}

// f(offset) for every index of the given dimensions, row-major; once with 0 when count == 0.
template <typename F>
inline void for_each_offset(const int32_t* dims, const int32_t* strides, int32_t count, F&& f) {
  int32_t idx[kRank] = {0, 0, 0, 0, 0, 0};
  int32_t offset = 0;
  for (;;) {
    f(offset);
    int d = count - 1;
    for (; d >= 0; --d) {
      offset += strides[d];
      if (++idx[d] < dims[d]) break;
      offset -= strides[d] * dims[d];
      idx[d] = 0;
    }
    if (d < 0) return;
  }
}

inline bool valid_dims(const int32_t* dims, uint32_t axis_mask) {
  return op_table::product_fits(dims, kRank) && (axis_mask >> kRank) == 0;
}

}  // namespace cmnn::reduce
