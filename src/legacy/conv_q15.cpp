// q15 HWC convolution of the paper's API: basic (direct loops) and fast (im2col + 2x2 multiply).
#include "cmnn/legacy/convolution.h"
#include "legacy/dot_kernels.h"
#include "legacy/im2col_conv.h"

namespace cmnn::legacy {
namespace {

int16_t finish_q15(int32_t acc, Shifts s) { return detail::finish_q15(acc, s); }

Status check_q15(const ConvShape& s, const void* in, const void* wt, const void* bias, Shifts shifts,
                 const void* out) {
  if (in == nullptr || wt == nullptr || bias == nullptr || out == nullptr) return Status::kNullPointer;
  if (!detail::conv_shape_valid(s)) return Status::kBadShape;
  if (!detail::shifts_valid(shifts)) return Status::kBadParameter;
  return Status::kOk;
}

}  // namespace

size_t conv_q15_scratch_bytes(const ConvShape& shape, Im2col mode) {
  return detail::im2col_scratch_bytes(shape, mode);
}

Status convolve_hwc_q15_basic(const ConvShape& s, const q15_t* in, const q15_t* wt, const q15_t* bias,
                              Shifts shifts, q15_t* out) {
  const Status st = check_q15(s, in, wt, bias, shifts, out);
  if (st != Status::kOk) return st;
  for (int oy = 0; oy < s.out_y; ++oy) {
    for (int ox = 0; ox < s.out_x; ++ox) {
      for (int o = 0; o < s.out_ch; ++o) {
        int32_t acc = detail::initial_accumulator(bias[o], shifts);
        for (int ky = 0; ky < s.ker_y; ++ky) {
          const int iy = oy * s.stride_y - s.pad_y + ky;
          if (iy < 0 || iy >= s.in_y) continue;
          for (int kx = 0; kx < s.ker_x; ++kx) {
            const int ix = ox * s.stride_x - s.pad_x + kx;
            if (ix < 0 || ix >= s.in_x) continue;
            const q15_t* x = in + (static_cast<int64_t>(iy) * s.in_x + ix) * s.in_ch;
            const q15_t* w = wt + ((static_cast<int64_t>(o) * s.ker_y + ky) * s.ker_x + kx) * s.in_ch;
            for (int c = 0; c < s.in_ch; ++c) acc = detail::wrap_mac(acc, x[c], w[c]);
          }
        }
        out[(static_cast<int64_t>(oy) * s.out_x + ox) * s.out_ch + o] = detail::finish_q15(acc, shifts);
      }
    }
  }
  return Status::kOk;
}

Status convolve_hwc_q15_fast(const ConvShape& s, const q15_t* in, const q15_t* wt, const q15_t* bias,
                             Shifts shifts, q15_t* out, void* scratch, size_t scratch_size, Path path, Im2col mode) {
  const Status st = check_q15(s, in, wt, bias, shifts, out);
  if (st != Status::kOk) return st;
  if (s.in_ch % 2 != 0 || s.out_ch % 2 != 0) return Status::kUnsupported;
  if (scratch == nullptr) return Status::kNullPointer;
  if (scratch_size < detail::im2col_scratch_bytes(s, mode)) return Status::kScratchTooSmall;
  Isa resolved;
  if (!resolve_isa(path, &resolved)) return Status::kUnsupported;
  auto* buffer = static_cast<int16_t*>(scratch);
  if (resolved == Isa::kPortable) {
    detail::convolve_im2col<detail::PortableQ15>(s, in, wt, bias, shifts, out, buffer, mode, finish_q15);
  } else {
    detail::convolve_im2col<detail::DspQ15>(s, in, wt, bias, shifts, out, buffer, mode, finish_q15);
  }
  return Status::kOk;
}

}  // namespace cmnn::legacy
