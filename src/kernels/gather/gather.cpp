// gather (reference): one memcpy of inner elements per gathered row.
#include <cstring>

#include "cmnn/gather.h"
#include "kernels/op_table/op_table.h"

namespace cmnn {

namespace {
int64_t index_at(const GatherParams& p, const GatherArgs& a, int64_t i) {
  return p.index_bytes == 8 ? a.indices_i64[i] : int64_t{a.indices[i]};
}

Status gather_ref(const GatherParams& p, const GatherArgs& a, void*, size_t) {
  const size_t row = static_cast<size_t>(p.inner) * static_cast<size_t>(p.element_bytes);
  int8_t* out = a.output;
  for (int32_t b = 0; b < p.batch; ++b) {
    for (int32_t o = 0; o < p.outer; ++o) {
      const int8_t* base = a.input + (static_cast<size_t>(b) * p.outer + o) * p.axis_size * row;
      for (int32_t k = 0; k < p.coords; ++k) {
        const int64_t i = index_at(p, a, int64_t{b} * p.coords + k);
        std::memcpy(out, base + static_cast<size_t>(i) * row, row);
        out += row;
      }
    }
  }
  return Status::kOk;
}

Status check_gather(const GatherParams& p, const GatherArgs& a) {
  if (a.input == nullptr || a.output == nullptr) return Status::kNullPointer;
  if (p.index_bytes != 4 && p.index_bytes != 8) return Status::kBadParameter;
  if ((p.index_bytes == 4 ? static_cast<const void*>(a.indices) : static_cast<const void*>(a.indices_i64)) == nullptr) {
    return Status::kNullPointer;
  }
  if (p.element_bytes != 1 && p.element_bytes != 2) return Status::kBadParameter;
  const int32_t in[5] = {p.batch, p.outer, p.axis_size, p.inner, p.element_bytes};
  const int32_t out[5] = {p.batch, p.outer, p.coords, p.inner, p.element_bytes};
  if (!op_table::product_fits(in, 5) || !op_table::product_fits(out, 5)) return Status::kBadShape;
  const int32_t n = p.batch * p.coords;
  for (int32_t i = 0; i < n; ++i) {
    const int64_t v = index_at(p, a, i);
    if (v < 0 || v >= p.axis_size) return Status::kBadParameter;
  }
  return Status::kOk;
}

bool always(const GatherParams&) { return true; }
size_t no_scratch(const GatherParams&) { return 0; }

constexpr Variant<GatherParams, GatherArgs> kGather[] = {
    {"gather.ref", Isa::kPortable, always, no_scratch, gather_ref},
};
}  // namespace

CMNN_DEFINE_OP_TABLE(gather, GatherParams, GatherArgs, kGather, check_gather)

Status gather_plan(int32_t in_rank, const int32_t* in_shape, int32_t idx_rank, const int32_t* idx_shape,
                   int32_t axis, int32_t batch_dims, int32_t element_bytes, int32_t index_bytes, GatherParams* p,
                   int32_t* out_shape, int32_t* out_rank) {
  if (p == nullptr || out_shape == nullptr || out_rank == nullptr || in_shape == nullptr) return Status::kNullPointer;
  if (idx_rank > 0 && idx_shape == nullptr) return Status::kNullPointer;
  if (in_rank < 1 || in_rank > 8 || idx_rank < 0 || idx_rank > 8) return Status::kBadShape;
  if ((element_bytes != 1 && element_bytes != 2) || (index_bytes != 4 && index_bytes != 8)) {
    return Status::kBadParameter;
  }
  if (axis < 0) axis += in_rank;
  if (batch_dims < 0) batch_dims += idx_rank;
  if (axis < 0 || axis >= in_rank || batch_dims < 0 || batch_dims > axis || batch_dims > idx_rank) {
    return Status::kBadParameter;
  }
  if (in_rank + idx_rank - 1 - batch_dims > 8) return Status::kBadShape;
  *p = GatherParams{};
  p->element_bytes = element_bytes;
  p->index_bytes = index_bytes;
  int64_t batch = 1, outer = 1, inner = 1, coords = 1;
  for (int32_t d = 0; d < in_rank; ++d) {
    if (in_shape[d] < 1) return Status::kBadShape;
    if (d < batch_dims) {
      if (idx_shape[d] != in_shape[d]) return Status::kBadShape;
      batch *= in_shape[d];
    } else if (d < axis) {
      outer *= in_shape[d];
    } else if (d > axis) {
      inner *= in_shape[d];
    }
  }
  for (int32_t d = batch_dims; d < idx_rank; ++d) {
    if (idx_shape[d] < 1) return Status::kBadShape;
    coords *= idx_shape[d];
  }
  if (batch * outer * in_shape[axis] * inner > INT32_MAX || batch * outer * coords * inner > INT32_MAX) {
    return Status::kBadShape;
  }
  p->batch = static_cast<int32_t>(batch);
  p->outer = static_cast<int32_t>(outer);
  p->axis_size = in_shape[axis];
  p->inner = static_cast<int32_t>(inner);
  p->coords = static_cast<int32_t>(coords);
  int32_t n = 0;
  for (int32_t d = 0; d < axis; ++d) out_shape[n++] = in_shape[d];
  for (int32_t d = batch_dims; d < idx_rank; ++d) out_shape[n++] = idx_shape[d];
  for (int32_t d = axis + 1; d < in_rank; ++d) out_shape[n++] = in_shape[d];
  *out_rank = n;
  return Status::kOk;
}

}  // namespace cmnn
