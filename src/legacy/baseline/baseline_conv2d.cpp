// 2-D HWC q7 convolution through 1-D full-length convolutions (baseline, see
// include/cmnn/legacy/baseline.h for the arithmetic and why it equals the paper's kernels).
#include "cmnn/legacy/baseline.h"
#include "legacy/common.h"
#include "legacy/im2col_conv.h"

namespace cmnn::legacy::baseline {
namespace {

// Scratch layout, each part 4-byte aligned: accumulator plane int32[out_y * out_x], 1-D output
// int32[in_x + ker_x - 1], input as per-channel rows q7[in_ch][in_y][in_x], reversed kernel row q7[ker_x].
struct Layout {
  size_t acc, row_out, chw, kernel_row, total;
};

size_t align4(size_t n) { return (n + 3) & ~size_t{3}; }

Layout layout(const ConvShape& s) {
  Layout l{};
  l.acc = 0;
  l.row_out = l.acc + sizeof(int32_t) * static_cast<size_t>(s.out_x) * static_cast<size_t>(s.out_y);
  l.chw = l.row_out + sizeof(int32_t) * static_cast<size_t>(s.in_x + s.ker_x - 1);
  l.kernel_row = l.chw + align4(static_cast<size_t>(s.in_x) * static_cast<size_t>(s.in_y) * static_cast<size_t>(s.in_ch));
  l.total = l.kernel_row + align4(static_cast<size_t>(s.ker_x));
  return l;
}

}  // namespace

size_t conv_q7_scratch_bytes(const ConvShape& s) { return detail::conv_shape_valid(s) ? layout(s).total : 0; }

Status convolve_hwc_q7(const ConvShape& s, const q7_t* in, const q7_t* wt, const q7_t* bias, Shifts shifts,
                       q7_t* out, void* scratch, size_t scratch_size) {
  if (in == nullptr || wt == nullptr || bias == nullptr || out == nullptr || scratch == nullptr) {
    return Status::kNullPointer;
  }
  if (!detail::conv_shape_valid(s)) return Status::kBadShape;
  if (!detail::shifts_valid(shifts)) return Status::kBadParameter;
  const Layout l = layout(s);
  if (scratch_size < l.total) return Status::kScratchTooSmall;
  if ((reinterpret_cast<uintptr_t>(scratch) & 3) != 0) return Status::kBadParameter;
  uint8_t* base = static_cast<uint8_t*>(scratch);
  int32_t* acc = reinterpret_cast<int32_t*>(base + l.acc);
  int32_t* row_out = reinterpret_cast<int32_t*>(base + l.row_out);
  q7_t* chw = reinterpret_cast<q7_t*>(base + l.chw);
  q7_t* kernel_row = reinterpret_cast<q7_t*>(base + l.kernel_row);

  // HWC -> per-channel rows, so every 1-D convolution reads one contiguous row.
  const int plane = s.in_x * s.in_y;
  for (int p = 0; p < plane; ++p) {
    for (int c = 0; c < s.in_ch; ++c) chw[c * plane + p] = in[p * s.in_ch + c];
  }
  // Output column ox reads input columns ox * stride - pad + [0, ker_x), i.e. full 1-D output
  // n = ox * stride - pad + ker_x - 1; the columns with 0 <= n < in_x + ker_x - 1 (the window meets the
  // row) are [ox_begin, ox_end), the same for every row, so the accumulation loop has no bounds checks.
  int ox_begin = 0;
  while (ox_begin < s.out_x && ox_begin * s.stride_x - s.pad_x + s.ker_x - 1 < 0) ++ox_begin;
  int ox_end = ox_begin;
  while (ox_end < s.out_x && ox_end * s.stride_x - s.pad_x < s.in_x) ++ox_end;
  const int n_begin = ox_begin < ox_end ? ox_begin * s.stride_x - s.pad_x + s.ker_x - 1 : 0;
  for (int oc = 0; oc < s.out_ch; ++oc) {
    for (int i = 0; i < s.out_x * s.out_y; ++i) acc[i] = 0;
    for (int ic = 0; ic < s.in_ch; ++ic) {
      for (int ky = 0; ky < s.ker_y; ++ky) {
        // Reversed kernel row: convolving with it correlates with the kernel row.
        const q7_t* w = wt + ((static_cast<int64_t>(oc) * s.ker_y + ky) * s.ker_x) * s.in_ch + ic;
        for (int j = 0; j < s.ker_x; ++j) kernel_row[j] = w[(s.ker_x - 1 - j) * s.in_ch];
        for (int oy = 0; oy < s.out_y; ++oy) {
          const int iy = oy * s.stride_y - s.pad_y + ky;
          if (iy < 0 || iy >= s.in_y) continue;  // a padding row contributes zero
          conv1d_q7_full(chw + ic * plane + iy * s.in_x, s.in_x, kernel_row, s.ker_x, row_out);
          int32_t* a = acc + oy * s.out_x + ox_begin;
          const int32_t* r = row_out + n_begin;
          for (int ox = ox_begin; ox < ox_end; ++ox, ++a, r += s.stride_x) *a = detail::wrap_add(*a, *r);
        }
      }
    }
    const int32_t start = detail::initial_accumulator(bias[oc], shifts);
    for (int i = 0; i < s.out_x * s.out_y; ++i) {
      out[static_cast<int64_t>(i) * s.out_ch + oc] = detail::finish_q7(detail::wrap_add(start, acc[i]), shifts);
    }
  }
  return Status::kOk;
}

}  // namespace cmnn::legacy::baseline
