// The reference convolution loop shared by the int16 and int4 conv2d variants (internal): TFLite's
// ConvPerChannel summation with the element types as template parameters. Taps outside the input
// are padding and contribute nothing.
#pragma once
#include <cstddef>
#include <cstdint>

#include "cmnn/conv.h"

namespace cmnn::conv {

// For every output value in NHWC order calls emit(index, oc, sum), where sum (int64) is
// Σ (input + input_offset) * weight(flat OHWI filter index) over the taps inside the input.
template <typename In, typename WeightAt, typename Emit>
void for_each_output(const Conv2dParams& p, const In* input_all, WeightAt weight, Emit emit) {
  const int32_t group_in = p.input_c / p.groups;
  const int32_t group_out = p.output_c / p.groups;
  size_t index = 0;
  for (int32_t b = 0; b < p.batches; ++b) {
    const In* input = input_all + static_cast<size_t>(b) * p.input_h * p.input_w * p.input_c;
    for (int32_t oy = 0; oy < p.output_h; ++oy) {
      for (int32_t ox = 0; ox < p.output_w; ++ox) {
        const int32_t y0 = oy * p.stride_h - p.pad_top;
        const int32_t x0 = ox * p.stride_w - p.pad_left;
        for (int32_t oc = 0; oc < p.output_c; ++oc, ++index) {
          const int32_t first_in = (oc / group_out) * group_in;
          const int32_t filter_base = oc * p.filter_h * p.filter_w * group_in;
          int64_t sum = 0;
          for (int32_t fy = 0; fy < p.filter_h; ++fy) {
            const int32_t y = y0 + fy * p.dilation_h;
            if (y < 0 || y >= p.input_h) continue;
            for (int32_t fx = 0; fx < p.filter_w; ++fx) {
              const int32_t x = x0 + fx * p.dilation_w;
              if (x < 0 || x >= p.input_w) continue;
              const In* in = input + (static_cast<size_t>(y) * p.input_w + x) * p.input_c + first_in;
              const int32_t w0 = filter_base + (fy * p.filter_w + fx) * group_in;
              int64_t tap = 0;
              for (int32_t ic = 0; ic < group_in; ++ic) {
                tap += static_cast<int64_t>(in[ic] + p.input_offset) * weight(w0 + ic);
              }
              sum += tap;
            }
          }
          emit(index, oc, sum);
        }
      }
    }
  }
}

}  // namespace cmnn::conv
