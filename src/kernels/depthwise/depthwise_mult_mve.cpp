// Helium (MVE) depthwise convolution with a channel multiplier above 1, 3x3 filters (dilation 1,
// stride_w 1 or 2, any stride_h and padding). Output channel oc = ic * ch_mult + m reads input
// channel ic, so a copy of one image with every input channel repeated ch_mult times (output_c
// bytes per pixel) is a ch_mult 1 input with output_c channels for the same filter, biases,
// multipliers and shifts (all indexed by output channel): depthwise_s8.3x3.mve runs on that copy,
// image by image, with the same results as TFLite's per-channel depthwise. The copy is made per
// call in scratch, at most kExpandedBytes per image (the variant's condition): one byte written
// per output channel and input pixel, against nine MACs per output value.
#include <cstring>

#include "cmnn/depthwise.h"
#include "kernels/depthwise/depthwise_internal.h"

namespace cmnn::depthwise {
namespace {

constexpr size_t kExpandedBytes = 16384;
constexpr size_t kAlign = 16;
constexpr size_t align_up(size_t n) { return (n + kAlign - 1) & ~(kAlign - 1); }

// The ch_mult 1 layer run on the expanded copy of one image.
DepthwiseConvParams expanded_params(const DepthwiseConvParams& p) {
  DepthwiseConvParams q = p;
  q.input_c = p.input_c * p.ch_mult;  // callers have checked that this fits (image_bytes)
  q.ch_mult = 1;
  q.batches = 1;
  return q;
}

// Bytes of one expanded image, or 0 when a size is not positive or the copy would pass the limit
// (computed without an int32 product, so it is safe on unchecked parameters too).
size_t image_bytes(const DepthwiseConvParams& p) {
  if (p.input_h <= 0 || p.input_w <= 0 || p.input_c <= 0 || p.ch_mult <= 0) return 0;
  const size_t limit = kExpandedBytes;
  const auto h = static_cast<size_t>(p.input_h), w = static_cast<size_t>(p.input_w);
  const auto c = static_cast<size_t>(p.input_c), m = static_cast<size_t>(p.ch_mult);
  if (h > limit || w > limit || c > limit || m > limit) return 0;
  const size_t bytes = h * w * c * m;  // each factor <= 2^14: no wrap in 64 bits, and below in 32 bits
  return (h * w <= limit && c * m <= limit && bytes <= limit) ? bytes : 0;
}

// One image: channel ic of each pixel written ch_mult times, at [pixel][ic * ch_mult + m].
void expand(const DepthwiseConvParams& p, const int8_t* image, int8_t* out) {
  const int32_t pixels = p.input_h * p.input_w, c_n = p.input_c, mult = p.ch_mult;
  for (int32_t i = 0; i < pixels; ++i) {
    for (int32_t c = 0; c < c_n; ++c, out += mult) std::memset(out, *image++, static_cast<size_t>(mult));
  }
}

}  // namespace

// Any ch_mult (a ch_mult of 1 is a plain copy; the table lists depthwise_s8.3x3.mve first, which
// takes those calls without one, so only ch_mult > 1 reaches this variant through selection).
bool supports_mult_mve(const DepthwiseConvParams& p) {
  return image_bytes(p) != 0 && supports_3x3_mve(expanded_params(p));
}

size_t scratch_mult_mve(const DepthwiseConvParams& p) {
  if (!supports_mult_mve(p)) return 0;
  return kAlign + align_up(image_bytes(p)) + scratch_3x3_mve(expanded_params(p));
}

Status run_s8_mult_mve(const DepthwiseConvParams& p, const DepthwiseConvS8Args& a, void* scratch, size_t scratch_size) {
  const Status s = depthwise_conv_check(p, a);
  if (s != Status::kOk) return s;
  if (!supports_mult_mve(p)) return Status::kUnsupported;
  if (scratch_size < scratch_mult_mve(p)) return Status::kScratchTooSmall;
  if (scratch == nullptr) return Status::kNullPointer;
  const auto base = reinterpret_cast<uintptr_t>(scratch);
  auto* image = reinterpret_cast<int8_t*>((base + kAlign - 1) & ~uintptr_t{kAlign - 1});
  int8_t* rest = image + align_up(image_bytes(p));
  const size_t rest_size = scratch_size - static_cast<size_t>(reinterpret_cast<uintptr_t>(rest) - base);
  const DepthwiseConvParams q = expanded_params(p);
  const size_t in_image = static_cast<size_t>(p.input_h) * p.input_w * p.input_c;
  const size_t out_image = static_cast<size_t>(p.output_h) * p.output_w * q.input_c;
  DepthwiseConvS8Args qa = a;
  qa.input = image;
  for (int32_t b = 0; b < p.batches; ++b) {
    expand(p, a.input + static_cast<size_t>(b) * in_image, image);
    qa.output = a.output + static_cast<size_t>(b) * out_image;
    const Status r = run_s8_3x3_mve(q, qa, rest, rest_size);
    if (r != Status::kOk) return r;
  }
  return Status::kOk;
}

}  // namespace cmnn::depthwise
