// convolve_hwc_q7_fast on pre-widened weights: the int8 convolution's packed multiply block
// (src/kernels/conv/mat_mult_s8_s16_dsp.cpp: 4 rows x 2 columns per SMLAD block, the Cortex-M7
// schedule on the M7) with the q7 output stage. Bit-exact with convolve_hwc_q7_fast because both
// compute the same wrapping int32 sum initial_accumulator(bias) + sum(w * x) (SMLAD wraps like
// wrap_mac; the input offset is 0) and then apply the same finish_q7.
#include <cstdint>

#include "cmnn/conv.h"
#include "cmnn/legacy/convolution.h"
#include "kernels/conv/mat_mult_s8_s16_dsp.h"
#include "legacy/common.h"
#include "legacy/im2col_conv.h"

namespace cmnn::legacy {
namespace {

constexpr size_t kColumnSlackBytes = 16;  // the M7 schedule loads up to 12 bytes past the column pair

bool packed_shape(const ConvShape& s) {
  return detail::conv_shape_valid(s) && s.in_ch % 4 == 0 && s.out_ch % 2 == 0;
}

// The packed layout depends only on the output channels and the depth (ker_y * ker_x * in_ch), so
// the int8 packer runs on a 1x1-output geometry of the same filter (its spatial checks are then
// those of a valid int8 layer whatever the q7 padding is).
Conv2dParams packing_params(const ConvShape& s) {
  Conv2dParams p;
  p.input_h = s.ker_y;
  p.input_w = s.ker_x;
  p.input_c = s.in_ch;
  p.output_h = 1;
  p.output_w = 1;
  p.output_c = s.out_ch;
  p.filter_h = s.ker_y;
  p.filter_w = s.ker_x;
  return p;
}

// Expands output pixel `pixel` into column `column` (0 or 1) of the pair layout
// mat_mult_s8_s16_dsp.h describes (groups of 4 depth steps, both columns interleaved per group).
void fill_pair_column(const ConvShape& s, const q7_t* input, int pixel, int16_t* cols, int column) {
  const int oy = pixel / s.out_x, ox = pixel % s.out_x;
  const int32_t groups_per_tap = s.in_ch / 4;
  for (int ky = 0; ky < s.ker_y; ++ky) {
    const int iy = oy * s.stride_y - s.pad_y + ky;
    for (int kx = 0; kx < s.ker_x; ++kx) {
      const int ix = ox * s.stride_x - s.pad_x + kx;
      const int32_t first_group = (ky * s.ker_x + kx) * groups_per_tap;
      if (iy < 0 || iy >= s.in_y || ix < 0 || ix >= s.in_x) {
        conv::im2col_zero_groups(s.in_ch, cols, first_group, column);
      } else {
        conv::im2col_pack_groups(input + (static_cast<int64_t>(iy) * s.in_x + ix) * s.in_ch, s.in_ch, 0, cols,
                                 first_group, column);
      }
    }
  }
}

}  // namespace

size_t conv_q7_packed_count(const ConvShape& s) {
  return packed_shape(s) ? conv2d_s8_packed_count(packing_params(s)) : 0;
}

Status conv_q7_pack(const ConvShape& s, const q7_t* weights, int16_t* packed, size_t packed_count) {
  if (weights == nullptr || packed == nullptr) return Status::kNullPointer;
  if (!detail::conv_shape_valid(s)) return Status::kBadShape;
  if (!packed_shape(s)) return Status::kUnsupported;
  return conv2d_s8_pack(packing_params(s), weights, packed, packed_count);
}

// Layout: acc (2 * out_ch int32), then the initial accumulators (out_ch int32), then the column
// pair (2 * patch int16) and its look-ahead slack.
size_t conv_q7_packed_scratch_bytes(const ConvShape& s) {
  if (!packed_shape(s)) return 0;
  return static_cast<size_t>(s.out_ch) * 12 + static_cast<size_t>(detail::patch_size(s)) * 4 + kColumnSlackBytes;
}

Status convolve_hwc_q7_fast_packed(const ConvShape& s, const q7_t* input, const int16_t* packed,
                                   size_t packed_count, const q7_t* bias, Shifts shifts, q7_t* output, void* scratch,
                                   size_t scratch_size) {
  if (input == nullptr || packed == nullptr || bias == nullptr || output == nullptr || scratch == nullptr)
    return Status::kNullPointer;
  if (!detail::conv_shape_valid(s)) return Status::kBadShape;
  if (!packed_shape(s)) return Status::kUnsupported;
  if (!detail::shifts_valid(shifts)) return Status::kBadParameter;
  if (packed_count != conv_q7_packed_count(s)) return Status::kBadParameter;
  if ((reinterpret_cast<uintptr_t>(scratch) & 3u) != 0 || (reinterpret_cast<uintptr_t>(packed) & 3u) != 0)
    return Status::kBadParameter;
  if (scratch_size < conv_q7_packed_scratch_bytes(s)) return Status::kScratchTooSmall;

  auto* acc = static_cast<int32_t*>(scratch);
  int32_t* initial = acc + 2 * s.out_ch;
  auto* cols = reinterpret_cast<int16_t*>(initial + s.out_ch);
  for (int o = 0; o < s.out_ch; ++o) initial[o] = detail::initial_accumulator(bias[o], shifts);
  const int32_t depth = static_cast<int32_t>(detail::patch_size(s));
  const int total = s.out_x * s.out_y;
  for (int pixel = 0; pixel < total; pixel += 2) {
    const bool pair = pixel + 1 < total;
    fill_pair_column(s, input, pixel, cols, 0);
    // A lone last pixel fills both columns (the block always computes two); column 1 is dropped.
    fill_pair_column(s, input, pair ? pixel + 1 : pixel, cols, 1);
    conv::accumulate_packed_2col(packed, s.out_ch, depth, cols, initial, acc);
    q7_t* out0 = output + static_cast<int64_t>(pixel) * s.out_ch;
    for (int o = 0; o < s.out_ch; ++o) out0[o] = detail::finish_q7(acc[2 * o], shifts);
    if (pair) {
      q7_t* out1 = out0 + s.out_ch;
      for (int o = 0; o < s.out_ch; ++o) out1[o] = detail::finish_q7(acc[2 * o + 1], shifts);
    }
  }
  return Status::kOk;
}

}  // namespace cmnn::legacy
