// conv2d_s8 paired variants: the DSP im2col and 1x1 drivers of conv_s8_dsp.cpp (they dispatch on
// Conv2dParams::paired_filter) with the paired micro-kernel (mat_mult_paired_dsp.h), and the offline
// interleaving of the filter (paired_filter.h).
#include "kernels/conv/conv_s8_variants.h"
#include "kernels/conv/paired_filter.h"

namespace cmnn::conv {

void pair_filter(const Conv2dParams& p, const int8_t* filter, int8_t* paired) {
  const int32_t depth = p.filter_h * p.filter_w * (p.input_c / p.groups);
  const int32_t group_out = p.output_c / p.groups;
  for (int32_t first = 0; first < p.output_c; first += group_out) {
    const size_t base = static_cast<size_t>(first) * depth;
    for (int32_t r = 0; r < group_out; ++r) {
      for (int32_t k = 0; k < depth; ++k) {
        paired[base + paired_offset(group_out, depth, r, k)] = filter[base + static_cast<size_t>(r) * depth + k];
      }
    }
  }
}

bool dsp_paired_supports(const Conv2dParams& p) {
  return p.paired_filter && !p.stacked_filter && !p.packed_filter_only && !p.x_major_filter;
}

bool dsp_1x1_paired_supports(const Conv2dParams& p) { return dsp_paired_supports(p) && dsp_1x1_supports(p); }

}  // namespace cmnn::conv
