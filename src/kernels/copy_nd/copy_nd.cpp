// copy_nd: the strided box copy (see include/cmnn/copy_nd.h). Both variants walk the box as six
// dimensions (leading extents of 1 added); `rows` copies the innermost dimension with memcpy
// when it is contiguous on both sides, `ref` copies element by element.
#include <cstring>

#include "cmnn/copy_nd.h"
#include "kernels/op_table/op_table.h"

namespace cmnn {

namespace {
constexpr int kR = kCopyNdMaxRank;

// The box as six dimensions: dims, strides in elements.
struct Box6 {
  int32_t dims[kR];
  int32_t in_strides[kR];
  int32_t out_strides[kR];
};

Box6 widen(const CopyNdParams& p) {
  Box6 b{};
  const int lead = kR - p.rank;
  for (int d = 0; d < kR; ++d) {
    const bool real = d >= lead;
    b.dims[d] = real ? p.dims[d - lead] : 1;
    b.in_strides[d] = real ? p.in_strides[d - lead] : 0;
    b.out_strides[d] = real ? p.out_strides[d - lead] : 0;
  }
  return b;
}

// Runs row(in_byte_offset, out_byte_offset) for every index of the five outer dimensions.
template <typename Row>
void for_each_row(const CopyNdParams& p, const Box6& b, Row row) {
  const ptrdiff_t eb = p.element_bytes;
  for (int32_t i0 = 0; i0 < b.dims[0]; ++i0) {
    for (int32_t i1 = 0; i1 < b.dims[1]; ++i1) {
      for (int32_t i2 = 0; i2 < b.dims[2]; ++i2) {
        for (int32_t i3 = 0; i3 < b.dims[3]; ++i3) {
          for (int32_t i4 = 0; i4 < b.dims[4]; ++i4) {
            const ptrdiff_t in = static_cast<ptrdiff_t>(p.in_offset) + ptrdiff_t{i0} * b.in_strides[0] +
                                 ptrdiff_t{i1} * b.in_strides[1] + ptrdiff_t{i2} * b.in_strides[2] +
                                 ptrdiff_t{i3} * b.in_strides[3] + ptrdiff_t{i4} * b.in_strides[4];
            const ptrdiff_t out = static_cast<ptrdiff_t>(p.out_offset) + ptrdiff_t{i0} * b.out_strides[0] +
                                  ptrdiff_t{i1} * b.out_strides[1] + ptrdiff_t{i2} * b.out_strides[2] +
                                  ptrdiff_t{i3} * b.out_strides[3] + ptrdiff_t{i4} * b.out_strides[4];
            row(in * eb, out * eb);
          }
        }
      }
    }
  }
}

bool empty_box(const CopyNdParams& p) {
  for (int32_t d = 0; d < p.rank; ++d) {
    if (p.dims[d] == 0) return true;
  }
  return false;
}

Status copy_ref(const CopyNdParams& p, const CopyNdArgs& a, void*, size_t) {
  if (empty_box(p)) return Status::kOk;
  const Box6 b = widen(p);
  const int32_t n = b.dims[kR - 1];
  const ptrdiff_t eb = p.element_bytes;
  const ptrdiff_t is = b.in_strides[kR - 1] * eb, os = b.out_strides[kR - 1] * eb;
  for_each_row(p, b, [&](ptrdiff_t in, ptrdiff_t out) {
    const int8_t* s = a.input + in;
    int8_t* d = a.output + out;
    if (eb == 1) {
      for (int32_t k = 0; k < n; ++k) d[k * os] = s[k * is];
    } else {
      for (int32_t k = 0; k < n; ++k) std::memcpy(d + k * os, s + k * is, 2);
    }
  });
  return Status::kOk;
}

Status copy_rows(const CopyNdParams& p, const CopyNdArgs& a, void*, size_t) {
  if (empty_box(p)) return Status::kOk;
  const Box6 b = widen(p);
  const size_t row_bytes = static_cast<size_t>(b.dims[kR - 1]) * static_cast<size_t>(p.element_bytes);
  for_each_row(p, b, [&](ptrdiff_t in, ptrdiff_t out) { std::memcpy(a.output + out, a.input + in, row_bytes); });
  return Status::kOk;
}

bool contiguous_rows(const CopyNdParams& p) {
  return p.rank >= 1 && p.rank <= kR && p.in_strides[p.rank - 1] == 1 && p.out_strides[p.rank - 1] == 1;
}
bool always(const CopyNdParams&) { return true; }
size_t no_scratch(const CopyNdParams&) { return 0; }

// Lowest and highest element index the box touches with these strides, from origin.
void extent(const CopyNdParams& p, const int32_t* strides, int32_t origin, int64_t* lo, int64_t* hi) {
  *lo = *hi = origin;
  for (int32_t d = 0; d < p.rank; ++d) {
    const int64_t span = int64_t{p.dims[d] - 1} * strides[d];
    if (span < 0) *lo += span; else *hi += span;
  }
}

Status check_copy(const CopyNdParams& p, const CopyNdArgs& a) {
  if (a.input == nullptr || a.output == nullptr) return Status::kNullPointer;
  if (p.rank < 1 || p.rank > kR) return Status::kBadShape;
  if (p.element_bytes != 1 && p.element_bytes != 2) return Status::kBadParameter;
  if (p.input_elements < 0 || p.output_elements < 0) return Status::kBadShape;
  int64_t volume = 1;
  for (int32_t d = 0; d < p.rank; ++d) {
    if (p.dims[d] < 0) return Status::kBadShape;
    volume *= p.dims[d];
    if (volume > INT32_MAX) return Status::kBadShape;
  }
  if (volume == 0) return Status::kOk;
  int64_t lo = 0, hi = 0;
  extent(p, p.in_strides, p.in_offset, &lo, &hi);
  if (lo < 0 || hi >= p.input_elements) return Status::kBadParameter;
  extent(p, p.out_strides, p.out_offset, &lo, &hi);
  if (lo < 0 || hi >= p.output_elements) return Status::kBadParameter;
  if (int64_t{p.input_elements} * p.element_bytes > INT32_MAX ||
      int64_t{p.output_elements} * p.element_bytes > INT32_MAX) {
    return Status::kBadShape;
  }
  return Status::kOk;
}

constexpr Variant<CopyNdParams, CopyNdArgs> kCopyNd[] = {
    {"copy_nd.rows", Isa::kPortable, contiguous_rows, no_scratch, copy_rows},
    {"copy_nd.ref", Isa::kPortable, always, no_scratch, copy_ref},
};
}  // namespace

CMNN_DEFINE_OP_TABLE(copy_nd, CopyNdParams, CopyNdArgs, kCopyNd, check_copy)

}  // namespace cmnn
