// Variant table of the legacy q7 convolutions (see include/cmnn/legacy/conv_variants.h).
#include "cmnn/legacy/conv_variants.h"

namespace cmnn::legacy {
namespace {

bool supports_any(const ConvQ7Params&) { return true; }
bool supports_fast(const ConvQ7Params& p) { return p.shape.in_ch % 4 == 0 && p.shape.out_ch % 2 == 0; }
bool supports_rgb(const ConvQ7Params& p) { return p.shape.in_ch == 3; }
bool supports_1x1(const ConvQ7Params& p) {
  const ConvShape& s = p.shape;
  return s.ker_x == 1 && s.ker_y == 1 && s.pad_x == 0 && s.pad_y == 0 && s.stride_x == 1 && s.stride_y == 1 &&
         supports_fast(p);
}

size_t no_scratch(const ConvQ7Params&) { return 0; }
size_t im2col_scratch(const ConvQ7Params& p) { return conv_q7_scratch_bytes(p.shape, p.im2col); }

Status run_basic(const ConvQ7Params& p, const ConvQ7Args& a, void*, size_t) {
  return convolve_hwc_q7_basic(p.shape, a.input, a.weights, a.bias, p.shifts, a.output);
}

template <Isa kIsa>
Status run_fast(const ConvQ7Params& p, const ConvQ7Args& a, void* scratch, size_t size) {
  return convolve_hwc_q7_fast(p.shape, a.input, a.weights, a.bias, p.shifts, a.output, scratch, size, kIsa, p.im2col);
}
template <Isa kIsa>
Status run_rgb(const ConvQ7Params& p, const ConvQ7Args& a, void* scratch, size_t size) {
  return convolve_hwc_q7_rgb(p.shape, a.input, a.weights, a.bias, p.shifts, a.output, scratch, size, kIsa, p.im2col);
}
template <Isa kIsa>
Status run_1x1(const ConvQ7Params& p, const ConvQ7Args& a, void* scratch, size_t size) {
  return convolve_1x1_hwc_q7_fast(p.shape, a.input, a.weights, a.bias, p.shifts, a.output, scratch, size, kIsa,
                                  p.im2col);
}

}  // namespace

const ConvQ7Variant kConvQ7Variants[kConvQ7VariantCount] = {
    {"legacy.conv_q7.1x1.dsp", Isa::kDsp, supports_1x1, im2col_scratch, run_1x1<Isa::kDsp>},
    {"legacy.conv_q7.fast.dsp", Isa::kDsp, supports_fast, im2col_scratch, run_fast<Isa::kDsp>},
    {"legacy.conv_q7.rgb.dsp", Isa::kDsp, supports_rgb, im2col_scratch, run_rgb<Isa::kDsp>},
    {"legacy.conv_q7.1x1.portable", Isa::kPortable, supports_1x1, im2col_scratch, run_1x1<Isa::kPortable>},
    {"legacy.conv_q7.fast.portable", Isa::kPortable, supports_fast, im2col_scratch, run_fast<Isa::kPortable>},
    {"legacy.conv_q7.rgb.portable", Isa::kPortable, supports_rgb, im2col_scratch, run_rgb<Isa::kPortable>},
    {"legacy.conv_q7.basic.portable", Isa::kPortable, supports_any, no_scratch, run_basic},
};

}  // namespace cmnn::legacy
