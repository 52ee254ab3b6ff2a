// conv2d_s16 dsp variant (see conv_s16_variants.h).
#include "arch/dsp/dot_s16_s8.h"
#include "kernels/conv/conv_s16_variants.h"

namespace cmnn::conv {
size_t s16_dsp_scratch_bytes(const Conv2dParams&) { return 0; }

Status s16_dsp_run(const Conv2dParams& p, const Conv2dS16Args& a, void*, size_t) {
  const int32_t group_in = p.input_c / p.groups;
  const int32_t group_out = p.output_c / p.groups;
  const size_t filter_size = static_cast<size_t>(p.filter_h) * p.filter_w * group_in;
  for (int32_t b = 0; b < p.batches; ++b) {
    const int16_t* input = a.input + static_cast<size_t>(b) * p.input_h * p.input_w * p.input_c;
    int16_t* output = a.output + static_cast<size_t>(b) * p.output_h * p.output_w * p.output_c;
    for (int32_t oy = 0; oy < p.output_h; ++oy) {
      for (int32_t ox = 0; ox < p.output_w; ++ox, output += p.output_c) {
        const int32_t y0 = oy * p.stride_h - p.pad_top;
        const int32_t x0 = ox * p.stride_w - p.pad_left;
        for (int32_t oc = 0; oc < p.output_c;) {
          // Without a partner in the same group, the second lane repeats the first (discarded).
          const bool pair = oc + 1 < p.output_c && (oc + 1) / group_out == oc / group_out;
          const int32_t first_in = (oc / group_out) * group_in;
          const int8_t* f0 = a.filter + static_cast<size_t>(oc) * filter_size;
          const int8_t* f1 = pair ? f0 + filter_size : f0;
          int64_t s0 = 0, s1 = 0;
          for (int32_t fy = 0; fy < p.filter_h; ++fy) {
            const int32_t y = y0 + fy * p.dilation_h;
            if (y < 0 || y >= p.input_h) continue;
            for (int32_t fx = 0; fx < p.filter_w; ++fx) {
              const int32_t x = x0 + fx * p.dilation_w;
              if (x < 0 || x >= p.input_w) continue;
              const int16_t* in = input + (static_cast<size_t>(y) * p.input_w + x) * p.input_c + first_in;
              const size_t w = (static_cast<size_t>(fy) * p.filter_w + fx) * group_in;
              dsp::dot2_s16_s8(in, f0 + w, f1 + w, group_in, &s0, &s1);
            }
          }
          output[oc] = s16_finish(p, a, oc, s0);
          if (pair) output[oc + 1] = s16_finish(p, a, oc + 1, s1);
          oc += pair ? 2 : 1;
        }
      }
    }
  }
  return Status::kOk;
}

}  // namespace cmnn::conv
