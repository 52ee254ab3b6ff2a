// Host-side plan helpers of copy_nd: TFLite operator attributes -> CopyNdParams.
// Pure functions, no allocation; every shape is checked before it is used.
#include "cmnn/copy_nd.h"

namespace cmnn {

namespace {
constexpr int kR = kCopyNdMaxRank;

bool valid_shape(int32_t rank, const int32_t* shape, int32_t max_rank = kR) {
  if (rank < 0 || rank > max_rank || (rank > 0 && shape == nullptr)) return false;
  int64_t v = 1;
  for (int32_t d = 0; d < rank; ++d) {
    if (shape[d] < 0) return false;
    v *= shape[d];
    if (v > INT32_MAX) return false;
  }
  return true;
}

int32_t volume(int32_t rank, const int32_t* shape) {
  int32_t v = 1;
  for (int32_t d = 0; d < rank; ++d) v *= shape[d];
  return v;
}

void row_major(int32_t rank, const int32_t* shape, int32_t* strides) {
  int32_t s = 1;
  for (int32_t d = rank - 1; d >= 0; --d) {
    strides[d] = s;
    s *= shape[d];
  }
}

bool valid_element(int32_t element_bytes) { return element_bytes == 1 || element_bytes == 2; }

// A box over `rank` dims (rank 0 = one element), then simplified.
void make_box(int32_t rank, const int32_t* dims, const int32_t* in_strides, const int32_t* out_strides,
              int32_t in_offset, int32_t out_offset, int32_t in_elements, int32_t out_elements,
              int32_t element_bytes, CopyNdParams* p) {
  *p = CopyNdParams{};
  p->rank = rank < 1 ? 1 : rank;
  for (int32_t d = 0; d < rank; ++d) {
    p->dims[d] = dims[d];
    p->in_strides[d] = in_strides[d];
    p->out_strides[d] = out_strides[d];
  }
  p->in_offset = in_offset;
  p->out_offset = out_offset;
  p->input_elements = in_elements;
  p->output_elements = out_elements;
  p->element_bytes = element_bytes;
  copy_nd_simplify(p);
}

int32_t normalize_axis(int32_t axis, int32_t rank) { return axis < 0 ? axis + rank : axis; }
}  // namespace

void copy_nd_simplify(CopyNdParams* p) {
  if (p->rank < 1 || p->rank > kR) return;
  for (int32_t d = 0; d < p->rank; ++d) {
    if (p->dims[d] == 0) {  // nothing to copy: one empty dimension says so
      p->rank = 1;
      p->dims[0] = 0;
      p->in_strides[0] = p->out_strides[0] = 1;
      return;
    }
  }
  int32_t n = 0;
  for (int32_t d = 0; d < p->rank; ++d) {
    if (p->dims[d] == 1) continue;
    if (n > 0 && p->in_strides[n - 1] == p->in_strides[d] * p->dims[d] &&
        p->out_strides[n - 1] == p->out_strides[d] * p->dims[d]) {
      p->dims[n - 1] *= p->dims[d];  // the previous kept dimension steps over this one exactly
      p->in_strides[n - 1] = p->in_strides[d];
      p->out_strides[n - 1] = p->out_strides[d];
      continue;
    }
    p->dims[n] = p->dims[d];
    p->in_strides[n] = p->in_strides[d];
    p->out_strides[n] = p->out_strides[d];
    ++n;
  }
  if (n == 0) {
    p->dims[0] = 1;
    p->in_strides[0] = p->out_strides[0] = 1;
    n = 1;
  }
  for (int32_t d = n; d < kR; ++d) {
    p->dims[d] = 1;
    p->in_strides[d] = p->out_strides[d] = 0;
  }
  p->rank = n;
}

Status copy_nd_plan_slice(int32_t rank, const int32_t* in_shape, const int32_t* begin, const int32_t* size,
                          int32_t element_bytes, CopyNdParams* p, int32_t* out_shape) {
  if (p == nullptr || out_shape == nullptr || begin == nullptr || size == nullptr) return Status::kNullPointer;
  if (rank < 1 || !valid_shape(rank, in_shape)) return Status::kBadShape;
  if (!valid_element(element_bytes)) return Status::kBadParameter;
  int32_t in_strides[kR], out_strides[kR], offset = 0;
  row_major(rank, in_shape, in_strides);
  for (int32_t d = 0; d < rank; ++d) {
    const int64_t b = begin[d];  // 64-bit: begin may be any int32 (in_shape - INT32_MIN overflows)
    const int64_t n = size[d] == -1 ? in_shape[d] - b : size[d];
    if (b < 0 || n < 0 || b > in_shape[d] || n > in_shape[d] - b) return Status::kBadParameter;
    out_shape[d] = static_cast<int32_t>(n);
    offset += static_cast<int32_t>(b) * in_strides[d];
  }
  row_major(rank, out_shape, out_strides);
  make_box(rank, out_shape, in_strides, out_strides, offset, 0, volume(rank, in_shape), volume(rank, out_shape),
           element_bytes, p);
  return Status::kOk;
}

Status copy_nd_plan_strided_slice(const StridedSliceSpec& s, CopyNdParams* p, int32_t* out_shape,
                                  int32_t* out_rank) {
  if (p == nullptr || out_shape == nullptr || out_rank == nullptr) return Status::kNullPointer;
  if (s.rank < 1 || !valid_shape(s.rank, s.shape)) return Status::kBadShape;
  if (!valid_element(s.element_bytes)) return Status::kBadParameter;
  if (s.count < 0 || s.count > 8) return Status::kBadParameter;
  const uint32_t ellipsis = static_cast<uint32_t>(s.ellipsis_mask), new_axis = static_cast<uint32_t>(s.new_axis_mask);
  if ((ellipsis & (ellipsis - 1)) != 0) return Status::kBadParameter;  // at most one ellipsis
  // Dense spec (one entry per input dimension), as TensorFlow's BuildDenseSpec: an ellipsis
  // stands for the dimensions no other entry names; without one it is implied at the end.
  int32_t begin[kR], end[kR], stride[kR];
  bool begin_full[kR], end_full[kR], shrink[kR];
  // Output shape recipe: >= 0 = dense dimension kept, -1 = new axis.
  int32_t recipe[16];
  int32_t recipe_count = 0;
  int32_t new_after_ellipsis = 0;
  bool seen = false;
  for (int32_t i = 0; i < s.count; ++i) {
    if (seen && ((new_axis >> i) & 1u) && !((ellipsis >> i) & 1u)) ++new_after_ellipsis;
    if ((ellipsis >> i) & 1u) seen = true;
  }
  const int32_t count = seen ? s.count : s.count + 1;  // implicit trailing ellipsis
  const uint32_t ell = seen ? ellipsis : ellipsis | (1u << s.count);
  int32_t full = 0;
  for (int32_t i = 0; i < count; ++i) {
    if ((ell >> i) & 1u) {
      int32_t next = s.rank - (count - i) + 1 + new_after_ellipsis;
      if (next > s.rank) next = s.rank;
      for (; full < next; ++full) {
        begin[full] = end[full] = 0;
        stride[full] = 1;
        begin_full[full] = end_full[full] = true;
        shrink[full] = false;
        recipe[recipe_count++] = full;
      }
    } else if ((new_axis >> i) & 1u) {
      if (recipe_count >= 16) return Status::kBadParameter;
      recipe[recipe_count++] = -1;
    } else {
      if (full >= s.rank) return Status::kBadParameter;  // more entries than input dimensions
      begin[full] = s.begin[i];
      end[full] = s.end[i];
      stride[full] = s.strides[i];
      begin_full[full] = (s.begin_mask >> i) & 1;
      end_full[full] = (s.end_mask >> i) & 1;
      shrink[full] = (s.shrink_axis_mask >> i) & 1;
      if (!shrink[full]) recipe[recipe_count++] = full;
      ++full;
    }
  }
  if (full != s.rank) return Status::kBadParameter;
  // Per dense axis: TFLite's StartForAxis / EndForAxis.
  int32_t in_strides[kR], dims[kR], box_in_strides[kR], box_out_strides[kR];
  row_major(s.rank, s.shape, in_strides);
  int32_t offset = 0;
  for (int32_t d = 0; d < s.rank; ++d) {
    const int32_t size = s.shape[d];
    const int32_t st = stride[d];
    if (st == 0) return Status::kBadParameter;
    int32_t start = begin[d];
    if (shrink[d]) {
      if (start < 0) start += size;
      if (start < 0 || start >= size) return Status::kBadParameter;
      offset += start * in_strides[d];
      dims[d] = 1;
      box_in_strides[d] = in_strides[d];
      continue;
    }
    if (start < 0) start += size;
    start = st > 0 ? (start < 0 ? 0 : start > size ? size : start) : (start < -1 ? -1 : start > size - 1 ? size - 1 : start);
    if (begin_full[d]) start = st > 0 ? 0 : size - 1;
    int64_t stop = end[d];
    if (s.offset) stop += start;
    if (stop < 0) stop += size;
    stop = st > 0 ? (stop < 0 ? 0 : stop > size ? size : stop) : (stop < -1 ? -1 : stop > size - 1 ? size - 1 : stop);
    if (end_full[d]) stop = st > 0 ? size : -1;
    int64_t n = 0;
    if (st > 0 && stop > start) n = (stop - start + st - 1) / st;
    if (st < 0 && start > stop) n = (start - stop + (-int64_t{st}) - 1) / -int64_t{st};
    dims[d] = static_cast<int32_t>(n);
    // With two or more steps st * in_strides stays inside the input (fits int32); otherwise the
    // stride is never applied and st (any int32) must not be multiplied.
    box_in_strides[d] = n > 1 ? st * in_strides[d] : in_strides[d];
    if (n > 0) offset += start * in_strides[d];
  }
  if (recipe_count > kR) return Status::kBadShape;
  for (int32_t r = 0; r < recipe_count; ++r) out_shape[r] = recipe[r] < 0 ? 1 : dims[recipe[r]];
  *out_rank = recipe_count;
  row_major(s.rank, dims, box_out_strides);
  make_box(s.rank, dims, box_in_strides, box_out_strides, offset, 0, volume(s.rank, s.shape), volume(s.rank, dims),
           s.element_bytes, p);
  return Status::kOk;
}

Status copy_nd_plan_transpose(int32_t rank, const int32_t* in_shape, const int32_t* perm, int32_t element_bytes,
                              CopyNdParams* p, int32_t* out_shape) {
  if (p == nullptr || out_shape == nullptr || perm == nullptr) return Status::kNullPointer;
  if (rank < 1 || !valid_shape(rank, in_shape)) return Status::kBadShape;
  if (!valid_element(element_bytes)) return Status::kBadParameter;
  int32_t in_strides[kR], box_in[kR], out_strides[kR];
  bool used[kR] = {};
  row_major(rank, in_shape, in_strides);
  for (int32_t i = 0; i < rank; ++i) {
    if (perm[i] < 0 || perm[i] >= rank || used[perm[i]]) return Status::kBadParameter;
    used[perm[i]] = true;
    out_shape[i] = in_shape[perm[i]];
    box_in[i] = in_strides[perm[i]];
  }
  row_major(rank, out_shape, out_strides);
  const int32_t n = volume(rank, in_shape);
  make_box(rank, out_shape, box_in, out_strides, 0, 0, n, n, element_bytes, p);
  return Status::kOk;
}

Status copy_nd_plan_broadcast_to(int32_t in_rank, const int32_t* in_shape, int32_t out_rank,
                                 const int32_t* out_shape, int32_t element_bytes, CopyNdParams* p) {
  if (p == nullptr) return Status::kNullPointer;
  if (out_rank < 1 || in_rank > out_rank || !valid_shape(in_rank, in_shape) || !valid_shape(out_rank, out_shape)) {
    return Status::kBadShape;
  }
  if (!valid_element(element_bytes)) return Status::kBadParameter;
  int32_t in_strides[kR] = {}, box_in[kR], out_strides[kR];
  row_major(in_rank, in_shape, in_strides);
  const int32_t lead = out_rank - in_rank;
  for (int32_t d = 0; d < out_rank; ++d) {
    if (d < lead) {
      box_in[d] = 0;
      continue;
    }
    const int32_t i = in_shape[d - lead];
    if (i == out_shape[d]) {
      box_in[d] = in_strides[d - lead];
    } else if (i == 1) {
      box_in[d] = 0;
    } else {
      return Status::kBadShape;
    }
  }
  row_major(out_rank, out_shape, out_strides);
  make_box(out_rank, out_shape, box_in, out_strides, 0, 0, volume(in_rank, in_shape), volume(out_rank, out_shape),
           element_bytes, p);
  return Status::kOk;
}

Status copy_nd_plan_split(int32_t rank, const int32_t* in_shape, int32_t axis, int32_t num_outputs,
                          const int32_t* size_splits, int32_t index, int32_t element_bytes, CopyNdParams* p,
                          int32_t* out_shape) {
  if (p == nullptr || out_shape == nullptr) return Status::kNullPointer;
  if (rank < 1 || !valid_shape(rank, in_shape)) return Status::kBadShape;
  axis = normalize_axis(axis, rank);
  if (axis < 0 || axis >= rank || num_outputs < 1 || index < 0 || index >= num_outputs) return Status::kBadParameter;
  const int32_t total = in_shape[axis];
  int32_t start = 0, length = 0;
  if (size_splits == nullptr) {
    if (total % num_outputs != 0) return Status::kBadShape;
    length = total / num_outputs;
    start = index * length;
  } else {
    int32_t known = 0, unknown = -1;
    for (int32_t k = 0; k < num_outputs; ++k) {
      if (size_splits[k] == -1) {
        if (unknown >= 0) return Status::kBadParameter;
        unknown = k;
      } else if (size_splits[k] < 0 || size_splits[k] > total - known) {
        return Status::kBadShape;
      } else {
        known += size_splits[k];
      }
    }
    if (unknown < 0 && known != total) return Status::kBadShape;
    for (int32_t k = 0; k <= index; ++k) {
      const int32_t len = k == unknown ? total - known : size_splits[k];
      if (k < index) start += len; else length = len;
    }
  }
  int32_t begin[kR] = {}, size[kR];
  for (int32_t d = 0; d < rank; ++d) size[d] = in_shape[d];
  begin[axis] = start;
  size[axis] = length;
  return copy_nd_plan_slice(rank, in_shape, begin, size, element_bytes, p, out_shape);
}

Status copy_nd_plan_unpack(int32_t rank, const int32_t* in_shape, int32_t axis, int32_t index,
                           int32_t element_bytes, CopyNdParams* p, int32_t* out_shape) {
  if (p == nullptr || out_shape == nullptr) return Status::kNullPointer;
  if (rank < 1 || !valid_shape(rank, in_shape)) return Status::kBadShape;
  axis = normalize_axis(axis, rank);
  if (axis < 0 || axis >= rank) return Status::kBadParameter;
  int32_t piece[kR];
  const Status s = copy_nd_plan_split(rank, in_shape, axis, in_shape[axis], nullptr, index, element_bytes, p, piece);
  if (s != Status::kOk) return s;
  for (int32_t d = 0, o = 0; d < rank; ++d) {
    if (d != axis) out_shape[o++] = piece[d];
  }
  return Status::kOk;
}

Status copy_nd_plan_concat(int32_t rank, const int32_t* in_shape, int32_t axis, int32_t axis_offset,
                           int32_t output_axis_size, int32_t element_bytes, CopyNdParams* p) {
  if (p == nullptr) return Status::kNullPointer;
  if (rank < 1 || !valid_shape(rank, in_shape)) return Status::kBadShape;
  if (!valid_element(element_bytes)) return Status::kBadParameter;
  axis = normalize_axis(axis, rank);
  if (axis < 0 || axis >= rank || axis_offset < 0 || output_axis_size < 0 ||
      in_shape[axis] > output_axis_size - axis_offset) {
    return Status::kBadParameter;
  }
  int32_t out_shape[kR], in_strides[kR], out_strides[kR];
  for (int32_t d = 0; d < rank; ++d) out_shape[d] = d == axis ? output_axis_size : in_shape[d];
  if (!valid_shape(rank, out_shape)) return Status::kBadShape;
  row_major(rank, in_shape, in_strides);
  row_major(rank, out_shape, out_strides);
  make_box(rank, in_shape, in_strides, out_strides, 0, axis_offset * out_strides[axis], volume(rank, in_shape),
           volume(rank, out_shape), element_bytes, p);
  return Status::kOk;
}

Status copy_nd_plan_pack(int32_t rank, const int32_t* in_shape, int32_t axis, int32_t index, int32_t count,
                         int32_t element_bytes, CopyNdParams* p, int32_t* out_shape) {
  if (p == nullptr || out_shape == nullptr) return Status::kNullPointer;
  if (rank < 0 || rank + 1 > kR || !valid_shape(rank, in_shape)) return Status::kBadShape;
  axis = normalize_axis(axis, rank + 1);
  if (axis < 0 || axis > rank || count < 1 || index < 0 || index >= count) return Status::kBadParameter;
  int32_t piece[kR];
  for (int32_t d = 0, i = 0; d <= rank; ++d) {
    piece[d] = d == axis ? 1 : in_shape[i++];
    out_shape[d] = d == axis ? count : piece[d];
  }
  return copy_nd_plan_concat(rank + 1, piece, axis, index, count, element_bytes, p);
}

Status copy_nd_plan_depth_to_space(const int32_t* in_shape, int32_t block_size, int32_t element_bytes,
                                   CopyNdParams* p, int32_t* out_shape) {
  if (p == nullptr || out_shape == nullptr) return Status::kNullPointer;
  if (!valid_shape(4, in_shape)) return Status::kBadShape;
  if (block_size < 1 || !valid_element(element_bytes)) return Status::kBadParameter;
  const int32_t n = in_shape[0], h = in_shape[1], w = in_shape[2], c = in_shape[3], b = block_size;
  if (c % (b * b) != 0) return Status::kBadShape;
  const int32_t oc = c / (b * b);
  out_shape[0] = n;
  out_shape[1] = h * b;
  out_shape[2] = w * b;
  out_shape[3] = oc;
  // Output walked as [n][h][bh][w][bw][oc]; input channel = (bh * b + bw) * oc + c.
  const int32_t dims[6] = {n, h, b, w, b, oc};
  const int32_t in_strides[6] = {h * w * c, w * c, b * oc, c, oc, 1};
  const int32_t out_strides[6] = {h * b * w * b * oc, b * w * b * oc, w * b * oc, b * oc, oc, 1};
  const int32_t total = volume(4, in_shape);
  make_box(6, dims, in_strides, out_strides, 0, 0, total, total, element_bytes, p);
  return Status::kOk;
}

Status copy_nd_plan_space_to_depth(const int32_t* in_shape, int32_t block_size, int32_t element_bytes,
                                   CopyNdParams* p, int32_t* out_shape) {
  if (p == nullptr || out_shape == nullptr) return Status::kNullPointer;
  if (!valid_shape(4, in_shape)) return Status::kBadShape;
  if (block_size < 1 || !valid_element(element_bytes)) return Status::kBadParameter;
  const int32_t n = in_shape[0], h = in_shape[1], w = in_shape[2], c = in_shape[3], b = block_size;
  if (h % b != 0 || w % b != 0) return Status::kBadShape;
  const int32_t oh = h / b, ow = w / b, oc = c * b * b;
  out_shape[0] = n;
  out_shape[1] = oh;
  out_shape[2] = ow;
  out_shape[3] = oc;
  // Output walked as [n][oh][ow][bh][bw][c]; input row = oh * b + bh, column = ow * b + bw.
  const int32_t dims[6] = {n, oh, ow, b, b, c};
  const int32_t in_strides[6] = {h * w * c, b * w * c, b * c, w * c, c, 1};
  const int32_t out_strides[6] = {oh * ow * oc, ow * oc, oc, b * c, c, 1};
  const int32_t total = volume(4, in_shape);
  make_box(6, dims, in_strides, out_strides, 0, 0, total, total, element_bytes, p);
  return Status::kOk;
}

}  // namespace cmnn
