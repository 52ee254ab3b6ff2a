// q7 HWC convolutions of the paper's API: basic (direct loops, the reference), fast, RGB and 1x1
// (im2col into q15 + 2x2 matrix multiply, portable or DSP micro-kernels).
#include "cmnn/legacy/convolution.h"
#include "legacy/dot_kernels.h"
#include "legacy/im2col_conv.h"

namespace cmnn::legacy {
namespace detail {

bool conv_shape_valid(const ConvShape& s) {
  constexpr int kMax = 1 << 16;  // CMSIS uses uint16_t dimensions
  const int dims[] = {s.in_x, s.in_y, s.in_ch, s.out_ch, s.ker_x, s.ker_y, s.stride_x, s.stride_y, s.out_x, s.out_y};
  for (int d : dims) {
    if (d < 1 || d >= kMax) return false;
  }
  if (s.pad_x < 0 || s.pad_y < 0 || s.pad_x >= kMax || s.pad_y >= kMax) return false;
  constexpr int64_t kLimit = int64_t{1} << 30;
  const int64_t patch = patch_size(s);
  return int64_t{s.in_x} * s.in_y * s.in_ch < kLimit && int64_t{s.out_x} * s.out_y * s.out_ch < kLimit &&
         patch * s.out_ch < kLimit && patch * s.out_x * s.out_y < kLimit;
}

}  // namespace detail

namespace {

using detail::conv_shape_valid;

int8_t finish_q7(int32_t acc, Shifts s) { return detail::finish_q7(acc, s); }

Status check_common(const ConvShape& s, const void* in, const void* wt, const void* bias, Shifts shifts,
                    const void* out) {
  if (in == nullptr || wt == nullptr || bias == nullptr || out == nullptr) return Status::kNullPointer;
  if (!conv_shape_valid(s)) return Status::kBadShape;
  if (!detail::shifts_valid(shifts)) return Status::kBadParameter;
  return Status::kOk;
}

enum class Q7Kernel { kReordered, kPlain };

Status run_im2col_q7(const ConvShape& s, const q7_t* in, const q7_t* wt, const q7_t* bias, Shifts shifts,
                     q7_t* out, void* scratch, size_t scratch_size, Path path, Im2col mode, Q7Kernel dsp_kernel) {
  const Status st = check_common(s, in, wt, bias, shifts, out);
  if (st != Status::kOk) return st;
  if (scratch == nullptr) return Status::kNullPointer;
  if (scratch_size < detail::im2col_scratch_bytes(s, mode)) return Status::kScratchTooSmall;
  Isa resolved;
  if (!resolve_isa(path, &resolved)) return Status::kUnsupported;
  auto* buffer = static_cast<int16_t*>(scratch);
  if (resolved == Isa::kPortable) {
    detail::convolve_im2col<detail::PortableQ7>(s, in, wt, bias, shifts, out, buffer, mode, finish_q7);
  } else if (dsp_kernel == Q7Kernel::kReordered) {
    detail::convolve_im2col<detail::DspReorderedQ7>(s, in, wt, bias, shifts, out, buffer, mode, finish_q7);
  } else {
    detail::convolve_im2col<detail::DspColumnReorderedQ7>(s, in, wt, bias, shifts, out, buffer, mode, finish_q7);
  }
  return Status::kOk;
}

}  // namespace

size_t conv_q7_scratch_bytes(const ConvShape& shape, Im2col mode) { return detail::im2col_scratch_bytes(shape, mode); }

Status convolve_hwc_q7_basic(const ConvShape& s, const q7_t* in, const q7_t* wt, const q7_t* bias, Shifts shifts,
                             q7_t* out) {
  const Status st = check_common(s, in, wt, bias, shifts, out);
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
            const q7_t* x = in + (static_cast<int64_t>(iy) * s.in_x + ix) * s.in_ch;
            const q7_t* w = wt + ((static_cast<int64_t>(o) * s.ker_y + ky) * s.ker_x + kx) * s.in_ch;
            for (int c = 0; c < s.in_ch; ++c) acc = detail::wrap_mac(acc, x[c], w[c]);
          }
        }
        out[(static_cast<int64_t>(oy) * s.out_x + ox) * s.out_ch + o] = detail::finish_q7(acc, shifts);
      }
    }
  }
  return Status::kOk;
}

Status convolve_hwc_q7_fast(const ConvShape& s, const q7_t* in, const q7_t* wt, const q7_t* bias, Shifts shifts,
                            q7_t* out, void* scratch, size_t scratch_size, Path path, Im2col mode) {
  if (s.in_ch % 4 != 0 || s.out_ch % 2 != 0) return Status::kUnsupported;
  return run_im2col_q7(s, in, wt, bias, shifts, out, scratch, scratch_size, path, mode, Q7Kernel::kReordered);
}

Status convolve_hwc_q7_rgb(const ConvShape& s, const q7_t* in, const q7_t* wt, const q7_t* bias, Shifts shifts,
                           q7_t* out, void* scratch, size_t scratch_size, Path path, Im2col mode) {
  if (s.in_ch != 3) return Status::kUnsupported;
  return run_im2col_q7(s, in, wt, bias, shifts, out, scratch, scratch_size, path, mode, Q7Kernel::kPlain);
}

Status convolve_1x1_hwc_q7_fast(const ConvShape& s, const q7_t* in, const q7_t* wt, const q7_t* bias,
                                Shifts shifts, q7_t* out, void* scratch, size_t scratch_size, Path path,
                                Im2col mode) {
  if (s.ker_x != 1 || s.ker_y != 1 || s.pad_x != 0 || s.pad_y != 0 || s.stride_x != 1 || s.stride_y != 1 ||
      s.in_ch % 4 != 0 || s.out_ch % 2 != 0) {
    return Status::kUnsupported;
  }
  return run_im2col_q7(s, in, wt, bias, shifts, out, scratch, scratch_size, path, mode, Q7Kernel::kReordered);
}

}  // namespace cmnn::legacy
