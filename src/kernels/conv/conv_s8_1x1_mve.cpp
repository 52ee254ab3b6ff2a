// conv2d_s8 1x1 Helium (MVE) variant (Cortex-M55; the bit-exact emulation of src/arch/mve
// elsewhere): a 1x1 filter without padding in one group is a matrix product of the output pixels'
// input vectors and the filter rows. Per call, the start values bias + input_offset * sum(w) are
// computed into scratch (VADDVA per filter row); then per output pixel, its input vector (read in
// place, any stride) against every filter row with VMLADAVA, the input held in registers
// (conv_s8_mve_core.h), the raw sums into scratch, requantized four channels at a time.
// No im2col, no int16 filter copy. Scratch: 8 * output_c (start values, sums).
#include "kernels/conv/conv_s8_mve_core.h"
#include "kernels/conv/conv_s8_variants.h"

namespace cmnn::conv {

bool mve_1x1_supports(const Conv2dParams& p) {
  return p.filter_h == 1 && p.filter_w == 1 && p.pad_top == 0 && p.pad_left == 0 && p.groups == 1;
}

size_t mve_1x1_scratch_bytes(const Conv2dParams& p) {
  return p.output_c > 0 ? 2 * sizeof(int32_t) * static_cast<size_t>(p.output_c) : 0;
}

Status mve_1x1_run(const Conv2dParams& p, const Conv2dS8Args& a, void* scratch, size_t) {
  const int32_t cin = p.input_c, cout = p.output_c;
  if (cout <= 0) return Status::kOk;
  auto* start = static_cast<int32_t*>(scratch);
  int32_t* sums = start + cout;
  mve_conv::start_values(a.filter, cin, cout, a.bias, p.input_offset, start);
  const mve_conv::Requant rq(start, a.multiplier, a.shift, cout, p.output_offset, p.activation_min, p.activation_max);
  const size_t step_x = static_cast<size_t>(p.stride_w) * cin;
  const size_t step_y = static_cast<size_t>(p.stride_h) * p.input_w * cin;
  int8_t* out = a.output;
  for (int32_t b = 0; b < p.batches; ++b) {
    const int8_t* row = a.input + static_cast<size_t>(b) * p.input_h * p.input_w * cin;
    for (int32_t oy = 0; oy < p.output_h; ++oy, row += step_y) {
      const int8_t* x = row;
      for (int32_t ox = 0; ox < p.output_w; ++ox, x += step_x, out += cout) {
        mve_conv::dot_rows(x, a.filter, cin, cout, sums);
        rq.run(sums, 0, cout, out);
      }
    }
  }
  return Status::kOk;
}

}  // namespace cmnn::conv
