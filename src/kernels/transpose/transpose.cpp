// Transpose s8 (reference): walks the output in order, reading the input through permuted strides.
#include "cmnn/transpose.h"
#include "kernels/op_table/op_table.h"

namespace cmnn {

namespace {
Status transpose_ref(const TransposeParams& p, const TransposeArgs& a, void*, size_t) {
  // Pad to 4-D at the front: extra leading dimensions of size 1 keep the permutation valid.
  int32_t in[4] = {1, 1, 1, 1}, perm[4] = {0, 1, 2, 3};
  const int lead = 4 - p.rank;
  for (int i = 0; i < p.rank; ++i) {
    in[lead + i] = p.input[i];
    perm[lead + i] = lead + p.perm[i];
  }
  int32_t in_stride[4];
  in_stride[3] = 1;
  for (int d = 2; d >= 0; --d) in_stride[d] = in_stride[d + 1] * in[d + 1];
  int32_t out_dim[4], stride[4];
  for (int i = 0; i < 4; ++i) {
    out_dim[i] = in[perm[i]];
    stride[i] = in_stride[perm[i]];
  }
  int8_t* out = a.output;
  for (int32_t i0 = 0; i0 < out_dim[0]; ++i0) {
    for (int32_t i1 = 0; i1 < out_dim[1]; ++i1) {
      for (int32_t i2 = 0; i2 < out_dim[2]; ++i2) {
        const int8_t* src = a.input + i0 * stride[0] + i1 * stride[1] + i2 * stride[2];
        for (int32_t i3 = 0; i3 < out_dim[3]; ++i3) *out++ = src[i3 * stride[3]];
      }
    }
  }
  return Status::kOk;
}

Status check_transpose(const TransposeParams& p, const TransposeArgs& a) {
  if (a.input == nullptr || a.output == nullptr) return Status::kNullPointer;
  if (p.rank < 1 || p.rank > 4) return Status::kBadParameter;
  if (!op_table::product_fits(p.input, p.rank)) return Status::kBadShape;
  bool seen[4] = {false, false, false, false};
  for (int i = 0; i < p.rank; ++i) {
    if (p.perm[i] < 0 || p.perm[i] >= p.rank || seen[p.perm[i]]) return Status::kBadParameter;
    seen[p.perm[i]] = true;
  }
  return Status::kOk;
}

bool always(const TransposeParams&) { return true; }
size_t no_scratch(const TransposeParams&) { return 0; }

constexpr Variant<TransposeParams, TransposeArgs> kTranspose[] = {
    {"transpose_s8.ref", Isa::kPortable, always, no_scratch, transpose_ref},
};
}  // namespace

CMNN_DEFINE_OP_TABLE(transpose_s8, TransposeParams, TransposeArgs, kTranspose, check_transpose)

}  // namespace cmnn
