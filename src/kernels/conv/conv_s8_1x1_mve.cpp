// conv2d_s8 1x1 Helium (MVE) variant (Cortex-M55; the bit-exact emulation of src/arch/mve
// elsewhere): a 1x1 filter without padding in one group is a matrix product of the output pixels'
// input vectors and the filter rows. Per call, the start values bias + input_offset * sum(w) are
// computed into scratch (VADDVA per filter row); then each output pixel's input vector (read in
// place, any stride) against four filter rows per pass with VMLADAVA (mat_vec_s8_mve.h), four
// outputs requantized at once. No im2col, no int16 filter copy.
#include "kernels/conv/conv_s8_variants.h"
#include "kernels/fully_connected/mat_vec_s8_mve.h"

namespace cmnn::conv {

bool mve_1x1_supports(const Conv2dParams& p) {
  return p.filter_h == 1 && p.filter_w == 1 && p.pad_top == 0 && p.pad_left == 0 && p.groups == 1;
}

size_t mve_1x1_scratch_bytes(const Conv2dParams& p) {
  return p.output_c > 0 ? sizeof(int32_t) * static_cast<size_t>(p.output_c) : 0;
}

Status mve_1x1_run(const Conv2dParams& p, const Conv2dS8Args& a, void* scratch, size_t) {
  auto* start = static_cast<int32_t*>(scratch);
  const int32_t cin = p.input_c, cout = p.output_c;
  mve_mv::start_values(a.filter, cin, cout, a.bias, p.input_offset, 0, start);
  const mve_mv::OutputStage stage(a.multiplier, a.shift, true, p.output_offset, p.activation_min, p.activation_max);
  const size_t step_x = static_cast<size_t>(p.stride_w) * cin;
  const size_t step_y = static_cast<size_t>(p.stride_h) * p.input_w * cin;
  int8_t* out = a.output;
  for (int32_t b = 0; b < p.batches; ++b) {
    const int8_t* row = a.input + static_cast<size_t>(b) * p.input_h * p.input_w * cin;
    for (int32_t oy = 0; oy < p.output_h; ++oy, row += step_y) {
      const int8_t* x = row;
      for (int32_t ox = 0; ox < p.output_w; ++ox, x += step_x, out += cout) {
        mve_mv::mat_vec(x, a.filter, cin, cout, 0, start, stage, out);
      }
    }
  }
  return Status::kOk;
}

}  // namespace cmnn::conv
