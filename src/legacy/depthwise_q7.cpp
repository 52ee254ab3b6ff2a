// Depthwise separable q7 HWC convolution (channel multiplier 1). Weights [ker_y][ker_x][ch].
// basic: direct loops with a bounds test per tap (the reference). fast: the window is clipped once
// per output pixel and channels go in pairs; the DSP path packs the pair into 16-bit lanes and
// multiplies each lane with SMLABB/SMLATT.
#include "cmnn/legacy/convolution.h"
#include "legacy/common.h"
#include "legacy/dsp_intrinsics.h"
#include "legacy/im2col_conv.h"

namespace cmnn::legacy {
namespace {

Status check_depthwise(const ConvShape& s, const void* in, const void* wt, const void* bias, Shifts shifts,
                       const void* out) {
  if (in == nullptr || wt == nullptr || bias == nullptr || out == nullptr) return Status::kNullPointer;
  if (!detail::conv_shape_valid(s) || s.in_ch != s.out_ch) return Status::kBadShape;
  if (!detail::shifts_valid(shifts)) return Status::kBadParameter;
  return Status::kOk;
}

int32_t pack_pair(int8_t lo, int8_t hi) {
  return static_cast<int32_t>((static_cast<uint32_t>(static_cast<uint16_t>(int16_t{lo}))) |
                              (static_cast<uint32_t>(static_cast<uint16_t>(int16_t{hi})) << 16));
}

template <bool kDsp>
void depthwise_fast(const ConvShape& s, const q7_t* in, const q7_t* wt, const q7_t* bias, Shifts shifts,
                    q7_t* out) {
  const int ch = s.in_ch;
  for (int oy = 0; oy < s.out_y; ++oy) {
    const int y0 = oy * s.stride_y - s.pad_y;
    const int ky_begin = y0 < 0 ? -y0 : 0;
    const int ky_end = s.in_y - y0 < s.ker_y ? s.in_y - y0 : s.ker_y;
    for (int ox = 0; ox < s.out_x; ++ox) {
      const int x0 = ox * s.stride_x - s.pad_x;
      const int kx_begin = x0 < 0 ? -x0 : 0;
      const int kx_end = s.in_x - x0 < s.ker_x ? s.in_x - x0 : s.ker_x;
      q7_t* o = out + (static_cast<int64_t>(oy) * s.out_x + ox) * ch;
      for (int c = 0; c < ch; c += 2) {
        int32_t acc0 = detail::initial_accumulator(bias[c], shifts);
        int32_t acc1 = detail::initial_accumulator(bias[c + 1], shifts);
        for (int ky = ky_begin; ky < ky_end; ++ky) {
          const int64_t row = static_cast<int64_t>(y0 + ky) * s.in_x + x0;
          for (int kx = kx_begin; kx < kx_end; ++kx) {
            const q7_t* xp = in + (row + kx) * ch + c;
            const q7_t* wp = wt + (static_cast<int64_t>(ky) * s.ker_x + kx) * ch + c;
            if constexpr (kDsp) {
              const int32_t xv = pack_pair(xp[0], xp[1]), wv = pack_pair(wp[0], wp[1]);
              acc0 = dsp::smlabb(xv, wv, acc0);
              acc1 = dsp::smlatt(xv, wv, acc1);
            } else {
              acc0 = detail::wrap_mac(acc0, xp[0], wp[0]);
              acc1 = detail::wrap_mac(acc1, xp[1], wp[1]);
            }
          }
        }
        o[c] = detail::finish_q7(acc0, shifts);
        o[c + 1] = detail::finish_q7(acc1, shifts);
      }
    }
  }
}

}  // namespace

Status depthwise_separable_conv_hwc_q7_basic(const ConvShape& s, const q7_t* in, const q7_t* wt, const q7_t* bias,
                                             Shifts shifts, q7_t* out) {
  const Status st = check_depthwise(s, in, wt, bias, shifts, out);
  if (st != Status::kOk) return st;
  for (int oy = 0; oy < s.out_y; ++oy) {
    for (int ox = 0; ox < s.out_x; ++ox) {
      for (int c = 0; c < s.out_ch; ++c) {
        int32_t acc = detail::initial_accumulator(bias[c], shifts);
        for (int ky = 0; ky < s.ker_y; ++ky) {
          for (int kx = 0; kx < s.ker_x; ++kx) {
            const int iy = oy * s.stride_y - s.pad_y + ky, ix = ox * s.stride_x - s.pad_x + kx;
            if (iy < 0 || iy >= s.in_y || ix < 0 || ix >= s.in_x) continue;
            acc = detail::wrap_mac(acc, in[(static_cast<int64_t>(iy) * s.in_x + ix) * s.in_ch + c],
                                   wt[(static_cast<int64_t>(ky) * s.ker_x + kx) * s.out_ch + c]);
          }
        }
        out[(static_cast<int64_t>(oy) * s.out_x + ox) * s.out_ch + c] = detail::finish_q7(acc, shifts);
      }
    }
  }
  return Status::kOk;
}

Status depthwise_separable_conv_hwc_q7_fast(const ConvShape& s, const q7_t* in, const q7_t* wt, const q7_t* bias,
                                            Shifts shifts, q7_t* out, Path path) {
  const Status st = check_depthwise(s, in, wt, bias, shifts, out);
  if (st != Status::kOk) return st;
  if (s.in_ch % 2 != 0) return Status::kUnsupported;
  Isa resolved;
  if (!resolve_isa(path, &resolved)) return Status::kUnsupported;
  if (resolved == Isa::kDsp) {
    depthwise_fast<true>(s, in, wt, bias, shifts, out);
  } else {
    depthwise_fast<false>(s, in, wt, bias, shifts, out);
  }
  return Status::kOk;
}

}  // namespace cmnn::legacy
