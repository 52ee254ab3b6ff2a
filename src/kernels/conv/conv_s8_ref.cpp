// conv2d_s8 reference: the definition of TFLite's integer_ops::ConvPerChannel, one output value
// at a time. Taps outside the input are padding and contribute nothing (their value is the input
// zero point, i.e. 0 after adding input_offset). A paired or stacked filter
// (Conv2dParams::paired_filter, stacked_filter) is read through its layout's one definition
// (paired_filter.h, stacked_filter.h), after the x-major tap order when Conv2dParams::x_major_filter.
#include "kernels/conv/conv_s8_variants.h"
#include "kernels/conv/paired_filter.h"
#include "kernels/conv/stacked_filter.h"
#include "quant/fixed_point.h"

namespace cmnn::conv {

size_t ref_scratch_bytes(const Conv2dParams&) { return 0; }

Status ref_run(const Conv2dParams& p, const Conv2dS8Args& a, void*, size_t) {
  const int32_t group_in = p.input_c / p.groups;
  const int32_t group_out = p.output_c / p.groups;
  const int32_t depth = p.filter_h * p.filter_w * group_in;
  // Weight k (OHWI order: k = (fy * filter_w + fx) * group_in + ic) of output channel oc.
  const auto weight = [&](int32_t oc, int32_t k) -> int32_t {
    if (p.x_major_filter) {  // stored at (fx * filter_h + fy) * group_in + ic
      const int32_t tap = k / group_in, ic = k - tap * group_in, fy = tap / p.filter_w, fx = tap - fy * p.filter_w;
      k = (fx * p.filter_h + fy) * group_in + ic;
    }
    if (!p.paired_filter && !p.stacked_filter) return a.filter[static_cast<size_t>(oc) * depth + k];
    const int32_t first = oc - oc % group_out, r = oc - first;
    const int8_t* rows = a.filter + static_cast<size_t>(first) * depth;
    const int8_t stored = rows[paired_offset(group_out, depth, r, k)];
    if (!p.stacked_filter || !stacked_at(group_out, depth, r, k)) return stored;
    return unstack_byte(rows[paired_offset(group_out, depth, r - 1, k)], stored);
  };
  for (int32_t b = 0; b < p.batches; ++b) {
    const int8_t* input = a.input + static_cast<size_t>(b) * p.input_h * p.input_w * p.input_c;
    int8_t* output = a.output + static_cast<size_t>(b) * p.output_h * p.output_w * p.output_c;
    for (int32_t oy = 0; oy < p.output_h; ++oy) {
      for (int32_t ox = 0; ox < p.output_w; ++ox) {
        const int32_t y0 = oy * p.stride_h - p.pad_top;
        const int32_t x0 = ox * p.stride_w - p.pad_left;
        for (int32_t oc = 0; oc < p.output_c; ++oc) {
          const int32_t first_in = (oc / group_out) * group_in;
          int32_t acc = 0;
          for (int32_t fy = 0; fy < p.filter_h; ++fy) {
            const int32_t y = y0 + fy * p.dilation_h;
            if (y < 0 || y >= p.input_h) continue;
            for (int32_t fx = 0; fx < p.filter_w; ++fx) {
              const int32_t x = x0 + fx * p.dilation_w;
              if (x < 0 || x >= p.input_w) continue;
              const int8_t* in = input + (static_cast<size_t>(y) * p.input_w + x) * p.input_c + first_in;
              const int32_t k = (fy * p.filter_w + fx) * group_in;
              for (int32_t ic = 0; ic < group_in; ++ic) acc += (in[ic] + p.input_offset) * weight(oc, k + ic);
            }
          }
          // Bias added with two's complement wrap-around, as TFLite's int32 arithmetic on Arm.
          if (a.bias != nullptr) acc = static_cast<int32_t>(static_cast<uint32_t>(acc) + static_cast<uint32_t>(a.bias[oc]));
          output[(static_cast<size_t>(oy) * p.output_w + ox) * p.output_c + oc] = quant::requantize_to_s8(
              acc, a.multiplier[oc], a.shift[oc], p.output_offset, p.activation_min, p.activation_max);
        }
      }
    }
  }
  return Status::kOk;
}

}  // namespace cmnn::conv
