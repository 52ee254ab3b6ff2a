// batch_to_space_nd / space_to_batch_nd (reference): one memcpy of C elements per pixel.
#include <cstring>

#include "cmnn/space_batch.h"
#include "kernels/op_table/op_table.h"

namespace cmnn {

namespace {
size_t pixel_bytes(const SpaceBatchParams& p) {
  return static_cast<size_t>(p.input[3]) * static_cast<size_t>(p.element_bytes);
}
size_t pixel_index(const int32_t* shape, int32_t n, int32_t h, int32_t w) {
  return (static_cast<size_t>(n) * shape[1] + static_cast<size_t>(h)) * shape[2] + static_cast<size_t>(w);
}

Status batch_to_space_ref(const SpaceBatchParams& p, const SpaceBatchArgs& a, void*, size_t) {
  const size_t px = pixel_bytes(p);
  for (int32_t ib = 0; ib < p.input[0]; ++ib) {
    const int32_t ob = ib % p.output[0], shift = ib / p.output[0];
    const int32_t sh = shift / p.block_w, sw = shift % p.block_w;
    for (int32_t ih = 0; ih < p.input[1]; ++ih) {
      const int32_t oh = ih * p.block_h + sh - p.top;
      if (oh < 0 || oh >= p.output[1]) continue;
      for (int32_t iw = 0; iw < p.input[2]; ++iw) {
        const int32_t ow = iw * p.block_w + sw - p.left;
        if (ow < 0 || ow >= p.output[2]) continue;
        std::memcpy(a.output + pixel_index(p.output, ob, oh, ow) * px, a.input + pixel_index(p.input, ib, ih, iw) * px,
                    px);
      }
    }
  }
  return Status::kOk;
}

void fill(int8_t* out, const SpaceBatchParams& p, size_t elements) {
  if (p.element_bytes == 1) {
    std::memset(out, static_cast<int8_t>(p.pad_value), elements);
    return;
  }
  const int16_t v = static_cast<int16_t>(p.pad_value);
  for (size_t i = 0; i < elements; ++i) std::memcpy(out + 2 * i, &v, 2);
}

Status space_to_batch_ref(const SpaceBatchParams& p, const SpaceBatchArgs& a, void*, size_t) {
  const size_t px = pixel_bytes(p);
  int8_t* out = a.output;
  for (int32_t ob = 0; ob < p.output[0]; ++ob) {
    const int32_t ib = ob % p.input[0], shift = ob / p.input[0];
    const int32_t sh = shift / p.block_w, sw = shift % p.block_w;
    for (int32_t oh = 0; oh < p.output[1]; ++oh) {
      const int32_t ih = oh * p.block_h + sh - p.top;
      for (int32_t ow = 0; ow < p.output[2]; ++ow, out += px) {
        const int32_t iw = ow * p.block_w + sw - p.left;
        if (ih < 0 || ih >= p.input[1] || iw < 0 || iw >= p.input[2]) {
          fill(out, p, static_cast<size_t>(p.input[3]));
        } else {
          std::memcpy(out, a.input + pixel_index(p.input, ib, ih, iw) * px, px);
        }
      }
    }
  }
  return Status::kOk;
}

Status check_common(const SpaceBatchParams& p, const SpaceBatchArgs& a) {
  if (a.input == nullptr || a.output == nullptr) return Status::kNullPointer;
  if (p.element_bytes != 1 && p.element_bytes != 2) return Status::kBadParameter;
  const int32_t in[5] = {p.input[0], p.input[1], p.input[2], p.input[3], p.element_bytes};
  const int32_t out[5] = {p.output[0], p.output[1], p.output[2], p.output[3], p.element_bytes};
  if (!op_table::product_fits(in, 5) || !op_table::product_fits(out, 5)) return Status::kBadShape;
  if (p.input[3] != p.output[3]) return Status::kBadShape;
  if (p.block_h < 1 || p.block_w < 1 || p.top < 0 || p.left < 0) return Status::kBadParameter;
  return Status::kOk;
}

// Every written position lies inside the output by construction; what must hold is the batch
// relation (so that ib / ob stay in range) and spatial sizes that fit the blocks.
Status check_b2s(const SpaceBatchParams& p, const SpaceBatchArgs& a) {
  const Status s = check_common(p, a);
  if (s != Status::kOk) return s;
  if (int64_t{p.output[0]} * p.block_h * p.block_w != p.input[0]) return Status::kBadShape;
  if (int64_t{p.input[1]} * p.block_h - p.top < p.output[1] || int64_t{p.input[2]} * p.block_w - p.left < p.output[2]) {
    return Status::kBadShape;
  }
  return Status::kOk;
}

Status check_s2b(const SpaceBatchParams& p, const SpaceBatchArgs& a) {
  const Status s = check_common(p, a);
  if (s != Status::kOk) return s;
  if (int64_t{p.input[0]} * p.block_h * p.block_w != p.output[0]) return Status::kBadShape;
  const int32_t lo = p.element_bytes == 1 ? INT8_MIN : INT16_MIN, hi = p.element_bytes == 1 ? INT8_MAX : INT16_MAX;
  if (p.pad_value < lo || p.pad_value > hi) return Status::kBadParameter;
  return Status::kOk;
}

bool always(const SpaceBatchParams&) { return true; }
size_t no_scratch(const SpaceBatchParams&) { return 0; }

constexpr Variant<SpaceBatchParams, SpaceBatchArgs> kB2S[] = {
    {"batch_to_space_nd.ref", Isa::kPortable, always, no_scratch, batch_to_space_ref},
};
constexpr Variant<SpaceBatchParams, SpaceBatchArgs> kS2B[] = {
    {"space_to_batch_nd.ref", Isa::kPortable, always, no_scratch, space_to_batch_ref},
};

// Shared part of the plans: NHWC view of a rank-3/4 shape and the block / before / after values.
Status view(int32_t rank, const int32_t* in_shape, const int32_t* block_shape, const int32_t* pairs,
            int32_t element_bytes, SpaceBatchParams* p, int32_t after[2]) {
  if (p == nullptr || in_shape == nullptr || block_shape == nullptr || pairs == nullptr) return Status::kNullPointer;
  if (rank != 3 && rank != 4) return Status::kBadShape;
  if (element_bytes != 1 && element_bytes != 2) return Status::kBadParameter;
  *p = SpaceBatchParams{};
  p->element_bytes = element_bytes;
  p->input[0] = in_shape[0];
  p->input[1] = in_shape[1];
  p->input[2] = rank == 4 ? in_shape[2] : 1;
  p->input[3] = in_shape[rank - 1];
  p->block_h = block_shape[0];
  p->block_w = rank == 4 ? block_shape[1] : 1;
  p->top = pairs[0];
  after[0] = pairs[1];
  p->left = rank == 4 ? pairs[2] : 0;
  after[1] = rank == 4 ? pairs[3] : 0;
  if (p->block_h < 1 || p->block_w < 1 || p->top < 0 || p->left < 0 || after[0] < 0 || after[1] < 0) {
    return Status::kBadParameter;
  }
  if (!op_table::product_fits(p->input, 4)) return Status::kBadShape;
  return Status::kOk;
}

void shape_out(int32_t rank, const SpaceBatchParams& p, int32_t* out_shape) {
  out_shape[0] = p.output[0];
  out_shape[1] = p.output[1];
  if (rank == 4) out_shape[2] = p.output[2];
  out_shape[rank - 1] = p.output[3];
}
}  // namespace

CMNN_DEFINE_OP_TABLE(batch_to_space_nd, SpaceBatchParams, SpaceBatchArgs, kB2S, check_b2s)
CMNN_DEFINE_OP_TABLE(space_to_batch_nd, SpaceBatchParams, SpaceBatchArgs, kS2B, check_s2b)

Status batch_to_space_nd_plan(int32_t rank, const int32_t* in_shape, const int32_t* block_shape,
                              const int32_t* crops, int32_t element_bytes, SpaceBatchParams* p, int32_t* out_shape) {
  if (out_shape == nullptr) return Status::kNullPointer;
  int32_t after[2];
  const Status s = view(rank, in_shape, block_shape, crops, element_bytes, p, after);
  if (s != Status::kOk) return s;
  const int64_t blocks = int64_t{p->block_h} * p->block_w;
  if (p->input[0] % blocks != 0) return Status::kBadShape;
  const int64_t h = int64_t{p->input[1]} * p->block_h - p->top - after[0];
  const int64_t w = int64_t{p->input[2]} * p->block_w - p->left - after[1];
  if (h < 1 || w < 1 || h > INT32_MAX || w > INT32_MAX) return Status::kBadShape;
  p->output[0] = static_cast<int32_t>(p->input[0] / blocks);
  p->output[1] = static_cast<int32_t>(h);
  p->output[2] = static_cast<int32_t>(w);
  p->output[3] = p->input[3];
  shape_out(rank, *p, out_shape);
  return Status::kOk;
}

Status space_to_batch_nd_plan(int32_t rank, const int32_t* in_shape, const int32_t* block_shape,
                              const int32_t* paddings, int32_t pad_value, int32_t element_bytes, SpaceBatchParams* p,
                              int32_t* out_shape) {
  if (out_shape == nullptr) return Status::kNullPointer;
  int32_t after[2];
  const Status s = view(rank, in_shape, block_shape, paddings, element_bytes, p, after);
  if (s != Status::kOk) return s;
  p->pad_value = pad_value;
  const int64_t h = int64_t{p->input[1]} + p->top + after[0], w = int64_t{p->input[2]} + p->left + after[1];
  if (h % p->block_h != 0 || w % p->block_w != 0) return Status::kBadShape;
  const int64_t n = int64_t{p->input[0]} * p->block_h * p->block_w;
  if (n > INT32_MAX || h > INT32_MAX || w > INT32_MAX) return Status::kBadShape;
  p->output[0] = static_cast<int32_t>(n);
  p->output[1] = static_cast<int32_t>(h / p->block_h);
  p->output[2] = static_cast<int32_t>(w / p->block_w);
  p->output[3] = p->input[3];
  shape_out(rank, *p, out_shape);
  return Status::kOk;
}

}  // namespace cmnn
