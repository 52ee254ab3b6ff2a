// Resize nearest neighbour and bilinear (int8), reference variants; see include/cmnn/resize.h.
#include <cmath>
#include <cstring>

#include "cmnn/resize.h"
#include "kernels/op_table/op_table.h"

namespace cmnn {

namespace {
// TFLM's GetNearestNeighbor: the same float operations in the same order.
int32_t nearest_source(int32_t out_index, int32_t in_size, int32_t out_size, bool align, bool half) {
  const float scale = (align && out_size > 1) ? static_cast<float>(in_size - 1) / static_cast<float>(out_size - 1)
                                              : static_cast<float>(in_size) / static_cast<float>(out_size);
  const float offset = half ? 0.5f : 0.0f;
  const float x = (static_cast<float>(out_index) + offset) * scale;
  int32_t v = align ? static_cast<int32_t>(std::round(x)) : static_cast<int32_t>(std::floor(x));
  if (v > in_size - 1) v = in_size - 1;
  if (half && v < 0) v = 0;
  return v;
}

Status nearest_ref(const ResizeParams& p, const ResizeArgs& a, void*, size_t) {
  const size_t pixel = static_cast<size_t>(p.depth) * static_cast<size_t>(p.element_bytes);
  const size_t row = pixel * static_cast<size_t>(p.input_w);
  int8_t* out = a.output;
  for (int32_t b = 0; b < p.batches; ++b) {
    const int8_t* image = a.input + static_cast<size_t>(b) * p.input_h * row;
    for (int32_t y = 0; y < p.output_h; ++y) {
      const int8_t* src_row =
          image + static_cast<size_t>(nearest_source(y, p.input_h, p.output_h, p.align_corners, p.half_pixel_centers)) * row;
      for (int32_t x = 0; x < p.output_w; ++x) {
        const int32_t sx = nearest_source(x, p.input_w, p.output_w, p.align_corners, p.half_pixel_centers);
        std::memcpy(out, src_row + static_cast<size_t>(sx) * pixel, pixel);
        out += pixel;
      }
    }
  }
  return Status::kOk;
}

// TFLM's ComputeInterpolationValuesInteger: position in 1/1024 and the two neighbours.
struct Tap {
  int32_t pos, lo, hi;
};
Tap bilinear_tap(int32_t value, int32_t scale_10, bool half, int32_t in_size) {
  Tap t;
  t.pos = half ? value * scale_10 + scale_10 / 2 - (1 << 9) : value * scale_10;
  t.lo = t.pos / (1 << 10);
  if (t.lo < 0) t.lo = 0;
  t.hi = (t.pos + (1 << 10) - 1) / (1 << 10);
  if (t.hi > in_size - 1) t.hi = in_size - 1;
  return t;
}

int32_t scale_10(int32_t in, int32_t out, bool align) {
  if (align && out > 1) return ((1 << 10) * (in - 1) + (out - 1) / 2) / (out - 1);
  return ((1 << 10) * in + out / 2) / out;
}

Status bilinear_ref(const ResizeParams& p, const ResizeArgs& a, void*, size_t) {
  const int32_t sh = scale_10(p.input_h, p.output_h, p.align_corners);
  const int32_t sw = scale_10(p.input_w, p.output_w, p.align_corners);
  const size_t row = static_cast<size_t>(p.input_w) * p.depth;
  int8_t* out = a.output;
  for (int32_t b = 0; b < p.batches; ++b) {
    const int8_t* image = a.input + static_cast<size_t>(b) * p.input_h * row;
    for (int32_t y = 0; y < p.output_h; ++y) {
      const Tap ty = bilinear_tap(y, sh, p.half_pixel_centers, p.input_h);
      const int64_t wy1 = ty.pos - (1 << 10) * ty.lo, wy0 = (1 << 10) - wy1;
      const int8_t* r0 = image + static_cast<size_t>(ty.lo) * row;
      const int8_t* r1 = image + static_cast<size_t>(ty.hi) * row;
      for (int32_t x = 0; x < p.output_w; ++x) {
        const Tap tx = bilinear_tap(x, sw, p.half_pixel_centers, p.input_w);
        const int64_t wx1 = tx.pos - (1 << 10) * tx.lo, wx0 = (1 << 10) - wx1;
        const size_t c0 = static_cast<size_t>(tx.lo) * p.depth, c1 = static_cast<size_t>(tx.hi) * p.depth;
        for (int32_t c = 0; c < p.depth; ++c) {
          const int64_t sum = r0[c0 + c] * wy0 * wx0 + r1[c0 + c] * wy1 * wx0 + r0[c1 + c] * wy0 * wx1 +
                              r1[c1 + c] * wy1 * wx1;
          const int64_t round = sum > 0 ? (1 << 19) : -(1 << 19);
          *out++ = static_cast<int8_t>((sum + round) / (1 << 20));
        }
      }
    }
  }
  return Status::kOk;
}

Status check_common(const ResizeParams& p, const ResizeArgs& a) {
  if (a.input == nullptr || a.output == nullptr) return Status::kNullPointer;
  const int32_t in[5] = {p.batches, p.input_h, p.input_w, p.depth, p.element_bytes};
  const int32_t out[5] = {p.batches, p.output_h, p.output_w, p.depth, p.element_bytes};
  if (!op_table::product_fits(in, 5) || !op_table::product_fits(out, 5)) return Status::kBadShape;
  // Positions are formed as index * scale in int32 (TFLM) and as float; keep both exact.
  if (p.input_h > (1 << 16) || p.input_w > (1 << 16) || p.output_h > (1 << 16) || p.output_w > (1 << 16)) {
    return Status::kBadShape;
  }
  return Status::kOk;
}

Status check_nearest(const ResizeParams& p, const ResizeArgs& a) {
  if (p.element_bytes != 1 && p.element_bytes != 2) return Status::kBadParameter;
  return check_common(p, a);
}

Status check_bilinear(const ResizeParams& p, const ResizeArgs& a) {
  if (p.element_bytes != 1 || (p.align_corners && p.half_pixel_centers)) return Status::kBadParameter;
  return check_common(p, a);
}

bool always(const ResizeParams&) { return true; }
size_t no_scratch(const ResizeParams&) { return 0; }

constexpr Variant<ResizeParams, ResizeArgs> kNearest[] = {
    {"resize_nearest.ref", Isa::kPortable, always, no_scratch, nearest_ref},
};
constexpr Variant<ResizeParams, ResizeArgs> kBilinear[] = {
    {"resize_bilinear_s8.ref", Isa::kPortable, always, no_scratch, bilinear_ref},
};
}  // namespace

CMNN_DEFINE_OP_TABLE(resize_nearest, ResizeParams, ResizeArgs, kNearest, check_nearest)
CMNN_DEFINE_OP_TABLE(resize_bilinear_s8, ResizeParams, ResizeArgs, kBilinear, check_bilinear)

Status resize_plan(int32_t rank, const int32_t* in_shape, int32_t output_h, int32_t output_w, bool align_corners,
                   bool half_pixel_centers, int32_t element_bytes, ResizeParams* p, int32_t* out_shape) {
  if (p == nullptr || out_shape == nullptr || in_shape == nullptr) return Status::kNullPointer;
  if (rank < 1 || rank > 4) return Status::kBadShape;
  if (element_bytes != 1 && element_bytes != 2) return Status::kBadParameter;
  int32_t s[4] = {1, 1, 1, 1};
  for (int32_t d = 0; d < rank; ++d) s[4 - rank + d] = in_shape[d];
  if (output_h < 1 || output_w < 1 || s[1] < 1 || s[2] < 1) return Status::kBadShape;
  *p = ResizeParams{};
  p->batches = s[0];
  p->input_h = s[1];
  p->input_w = s[2];
  p->depth = s[3];
  p->output_h = output_h;
  p->output_w = output_w;
  p->align_corners = align_corners;
  p->half_pixel_centers = half_pixel_centers;
  p->element_bytes = element_bytes;
  out_shape[0] = s[0];
  out_shape[1] = output_h;
  out_shape[2] = output_w;
  out_shape[3] = s[3];
  return Status::kOk;
}

}  // namespace cmnn
