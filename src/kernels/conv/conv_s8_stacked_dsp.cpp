// conv2d_s8 stacked variants: the DSP im2col and 1x1 drivers of conv_s8_dsp.cpp (they dispatch on
// Conv2dParams::stacked_filter) with the stacked micro-kernel (mat_mult_stacked_dsp.h), and the
// offline stacking of the filter (stacked_filter.h).
#include "kernels/conv/conv_s8_variants.h"
#include "kernels/conv/stacked_filter.h"

namespace cmnn::conv {

Status stack_filter(const Conv2dParams& p, const int8_t* filter, int8_t* stacked) {
  const int32_t depth = p.filter_h * p.filter_w * (p.input_c / p.groups);
  const int32_t group_out = p.output_c / p.groups;
  // Checked before anything is written, so a refused filter leaves `stacked` untouched.
  for (int32_t first = 0; first < p.output_c; first += group_out) {
    const int8_t* rows = filter + static_cast<size_t>(first) * depth;
    for (int32_t r = 1; r < group_out; r += 2) {
      for (int32_t k = 0; k < depth; ++k) {
        int8_t stored = 0;
        if (stacked_at(group_out, depth, r, k) &&
            !stack_byte(rows[static_cast<size_t>(r - 1) * depth + k], rows[static_cast<size_t>(r) * depth + k], &stored))
          return Status::kBadParameter;
      }
    }
  }
  for (int32_t first = 0; first < p.output_c; first += group_out) {
    const size_t base = static_cast<size_t>(first) * depth;
    for (int32_t r = 0; r < group_out; ++r) {
      for (int32_t k = 0; k < depth; ++k) {
        int8_t v = filter[base + static_cast<size_t>(r) * depth + k];
        if (stacked_at(group_out, depth, r, k)) stack_byte(filter[base + static_cast<size_t>(r - 1) * depth + k], v, &v);
        stacked[base + paired_offset(group_out, depth, r, k)] = v;
      }
    }
  }
  return Status::kOk;
}

bool dsp_stacked_supports(const Conv2dParams& p) {
  return p.stacked_filter && !p.paired_filter && !p.packed_filter_only && !p.x_major_filter;
}

bool dsp_1x1_stacked_supports(const Conv2dParams& p) { return dsp_stacked_supports(p) && dsp_1x1_supports(p); }

}  // namespace cmnn::conv
