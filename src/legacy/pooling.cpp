// Max and average pooling of the legacy q7 API (HWC). Windows are clipped to the image.
// Two paths with identical results: portable (one channel at a time, plain loops) and DSP (four
// channels per 32-bit word: byte-lane max with UQSUB8/UADD8 on sign-flipped bytes, sums in 16-bit
// lanes with SXTAB16, then one division per channel as in the portable path).
#include "cmnn/legacy/pooling.h"

#include <initializer_list>

#include "arch/dsp/intrinsics.h"
#include "legacy/common.h"

namespace cmnn::legacy {
namespace {

Status check_pool(const PoolShape& s, const void* in, const void* out) {
  if (in == nullptr || out == nullptr) return Status::kNullPointer;
  constexpr int kMax = 1 << 16;
  const int dims[] = {s.in_x, s.in_y, s.ch, s.ker_x, s.ker_y, s.stride_x, s.stride_y, s.out_x, s.out_y};
  for (int d : dims) {
    if (d < 1 || d >= kMax) return Status::kBadShape;
  }
  if (s.pad_x < 0 || s.pad_y < 0 || s.pad_x >= kMax || s.pad_y >= kMax) return Status::kBadShape;
  if (int64_t{s.in_x} * s.in_y * s.ch >= (int64_t{1} << 30) || int64_t{s.out_x} * s.out_y * s.ch >= (int64_t{1} << 30)) {
    return Status::kBadShape;
  }
  // Every window must keep at least one pixel (an empty window has no max and no average).
  for (int o : {s.out_x - 1, 0}) {
    const int start = o * s.stride_x - s.pad_x;
    if (start >= s.in_x || start + s.ker_x <= 0) return Status::kBadShape;
  }
  for (int o : {s.out_y - 1, 0}) {
    const int start = o * s.stride_y - s.pad_y;
    if (start >= s.in_y || start + s.ker_y <= 0) return Status::kBadShape;
  }
  return Status::kOk;
}

// Clipped window [begin, end) of output position o along one axis.
void window(int o, int stride, int pad, int ker, int in, int* begin, int* end) {
  const int start = o * stride - pad;
  *begin = start < 0 ? 0 : start;
  *end = start + ker > in ? in : start + ker;
}

void maxpool_portable(const PoolShape& s, const q7_t* in, q7_t* out) {
  for (int oy = 0; oy < s.out_y; ++oy) {
    int y0, y1;
    window(oy, s.stride_y, s.pad_y, s.ker_y, s.in_y, &y0, &y1);
    for (int ox = 0; ox < s.out_x; ++ox) {
      int x0, x1;
      window(ox, s.stride_x, s.pad_x, s.ker_x, s.in_x, &x0, &x1);
      q7_t* o = out + (static_cast<int64_t>(oy) * s.out_x + ox) * s.ch;
      for (int c = 0; c < s.ch; ++c) {
        int32_t m = -128;
        for (int y = y0; y < y1; ++y) {
          for (int x = x0; x < x1; ++x) {
            const int32_t v = in[(static_cast<int64_t>(y) * s.in_x + x) * s.ch + c];
            m = v > m ? v : m;
          }
        }
        o[c] = static_cast<q7_t>(m);
      }
    }
  }
}

void avepool_portable(const PoolShape& s, const q7_t* in, q7_t* out, AvgRounding rounding) {
  for (int oy = 0; oy < s.out_y; ++oy) {
    int y0, y1;
    window(oy, s.stride_y, s.pad_y, s.ker_y, s.in_y, &y0, &y1);
    for (int ox = 0; ox < s.out_x; ++ox) {
      int x0, x1;
      window(ox, s.stride_x, s.pad_x, s.ker_x, s.in_x, &x0, &x1);
      q7_t* o = out + (static_cast<int64_t>(oy) * s.out_x + ox) * s.ch;
      for (int c = 0; c < s.ch; ++c) {
        int32_t total = 0;
        for (int y = y0; y < y1; ++y) {
          int32_t row = 0;
          for (int x = x0; x < x1; ++x) row += in[(static_cast<int64_t>(y) * s.in_x + x) * s.ch + c];
          // Separable: the x pass stores a truncated q7 average per row (C division truncates toward 0).
          total += rounding == AvgRounding::kSeparable ? row / (x1 - x0) : row;
        }
        const int32_t count = rounding == AvgRounding::kSeparable ? (y1 - y0) : (y1 - y0) * (x1 - x0);
        o[c] = static_cast<q7_t>(total / count);
      }
    }
  }
}

// Signed bytes compare as unsigned once their sign bits are flipped (-128 -> 0x00, 127 -> 0xFF).
constexpr uint32_t kSignBits = 0x80808080u;

// Lane-wise unsigned max of four bytes: b + max(a - b, 0).
inline uint32_t max_u8x4(uint32_t a, uint32_t b) { return cmnn::dsp::uadd8(b, cmnn::dsp::uqsub8(a, b)); }

// check_pool keeps in_x * in_y * ch and out_x * out_y * ch below 2^30, so the DSP paths index in int.
const q7_t* pixel(const PoolShape& s, const q7_t* in, int y, int x) { return in + (y * s.in_x + x) * s.ch; }

void maxpool_dsp(const PoolShape& s, const q7_t* in, q7_t* out) {
  const int words = s.ch / 4, row_step = s.in_x * s.ch;
  q7_t* o = out;
  for (int oy = 0; oy < s.out_y; ++oy) {
    int y0, y1;
    window(oy, s.stride_y, s.pad_y, s.ker_y, s.in_y, &y0, &y1);
    for (int ox = 0; ox < s.out_x; ++ox, o += s.ch) {
      int x0, x1;
      window(ox, s.stride_x, s.pad_x, s.ker_x, s.in_x, &x0, &x1);
      const q7_t* corner = pixel(s, in, y0, x0);
      const int ny = y1 - y0, nx = x1 - x0;
      // Two words (8 channels) per pass over the window halve the loop overhead per word.
      int w = 0;
      for (; w + 2 <= words; w += 2) {
        uint32_t m0 = 0, m1 = 0;  // -128 in every lane, sign-flipped
        const q7_t* row = corner + 4 * w;
        for (int y = 0; y < ny; ++y, row += row_step) {
          const q7_t* p = row;
          for (int x = 0; x < nx; ++x, p += s.ch) {
            m0 = max_u8x4(m0, cmnn::dsp::load_u32(p) ^ kSignBits);
            m1 = max_u8x4(m1, cmnn::dsp::load_u32(p + 4) ^ kSignBits);
          }
        }
        cmnn::dsp::store_u32(o + 4 * w, m0 ^ kSignBits);
        cmnn::dsp::store_u32(o + 4 * w + 4, m1 ^ kSignBits);
      }
      if (w < words) {
        uint32_t m = 0;
        const q7_t* row = corner + 4 * w;
        for (int y = 0; y < ny; ++y, row += row_step) {
          const q7_t* p = row;
          for (int x = 0; x < nx; ++x, p += s.ch) m = max_u8x4(m, cmnn::dsp::load_u32(p) ^ kSignBits);
        }
        cmnn::dsp::store_u32(o + 4 * w, m ^ kSignBits);
      }
      for (int c = 4 * words; c < s.ch; ++c) {
        int32_t m = -128;
        const q7_t* row = corner + c;
        for (int y = 0; y < ny; ++y, row += row_step) {
          for (int x = 0; x < nx; ++x) m = row[x * s.ch] > m ? row[x * s.ch] : m;
        }
        o[c] = static_cast<q7_t>(m);
      }
    }
  }
}

inline int32_t lane_lo(uint32_t x) { return static_cast<int16_t>(x & 0xFFFFu); }
inline int32_t lane_hi(uint32_t x) { return static_cast<int16_t>(x >> 16); }

// Adds channels (c, c + 2) of the nx pixels from p on (step ch) into the 16-bit lanes of `even` and
// channels (c + 1, c + 3) into `odd` (callers keep the pixels summed into a lane <= 256: no lane wraps).
inline void add_row(const q7_t* p, int nx, int ch, uint32_t* even, uint32_t* odd) {
  uint32_t e = *even, d = *odd;
  for (int x = 0; x < nx; ++x, p += ch) {
    const uint32_t v = cmnn::dsp::load_u32(p);
    e = cmnn::dsp::sxtab16(e, v);
    d = cmnn::dsp::sxtab16_ror8(d, v);
  }
  *even = e;
  *odd = d;
}

// Four channels at a time; every division is the portable path's (C's, truncating toward zero).
void avepool_dsp(const PoolShape& s, const q7_t* in, q7_t* out, AvgRounding rounding) {
  const int words = s.ch / 4, row_step = s.in_x * s.ch;
  q7_t* o = out;
  for (int oy = 0; oy < s.out_y; ++oy) {
    int y0, y1;
    window(oy, s.stride_y, s.pad_y, s.ker_y, s.in_y, &y0, &y1);
    for (int ox = 0; ox < s.out_x; ++ox, o += s.ch) {
      int x0, x1;
      window(ox, s.stride_x, s.pad_x, s.ker_x, s.in_x, &x0, &x1);
      const int32_t nx = x1 - x0, ny = y1 - y0;
      const q7_t* corner = pixel(s, in, y0, x0);
      for (int c = 0; c < 4 * words; c += 4) {
        int32_t t0, t1, t2, t3, count;
        const q7_t* row = corner + c;
        if (rounding == AvgRounding::kExact) {
          uint32_t even = 0, odd = 0;
          for (int y = 0; y < ny; ++y, row += row_step) add_row(row, nx, s.ch, &even, &odd);
          t0 = lane_lo(even), t1 = lane_lo(odd), t2 = lane_hi(even), t3 = lane_hi(odd);
          count = nx * ny;
        } else {
          t0 = t1 = t2 = t3 = 0;
          for (int y = 0; y < ny; ++y, row += row_step) {
            uint32_t even = 0, odd = 0;
            add_row(row, nx, s.ch, &even, &odd);
            t0 += lane_lo(even) / nx;
            t1 += lane_lo(odd) / nx;
            t2 += lane_hi(even) / nx;
            t3 += lane_hi(odd) / nx;
          }
          count = ny;
        }
        o[c] = static_cast<q7_t>(t0 / count);
        o[c + 1] = static_cast<q7_t>(t1 / count);
        o[c + 2] = static_cast<q7_t>(t2 / count);
        o[c + 3] = static_cast<q7_t>(t3 / count);
      }
      for (int c = 4 * words; c < s.ch; ++c) {
        int32_t total = 0;
        const q7_t* row = corner + c;
        for (int y = 0; y < ny; ++y, row += row_step) {
          int32_t sum = 0;
          for (int x = 0; x < nx; ++x) sum += row[x * s.ch];
          total += rounding == AvgRounding::kSeparable ? sum / nx : sum;
        }
        o[c] = static_cast<q7_t>(total / (rounding == AvgRounding::kSeparable ? ny : nx * ny));
      }
    }
  }
}

Status prepare(const PoolShape& s, const void* in, const void* out, Path path, Isa* resolved) {
  const Status st = check_pool(s, in, out);
  if (st != Status::kOk) return st;
  return resolve_isa(path, resolved) ? Status::kOk : Status::kUnsupported;
}

}  // namespace

Status maxpool_q7_hwc(const PoolShape& s, const q7_t* in, q7_t* out, Path path) {
  Isa resolved = Isa::kPortable;
  const Status st = prepare(s, in, out, path, &resolved);
  if (st != Status::kOk) return st;
  if (resolved == Isa::kDsp) {
    maxpool_dsp(s, in, out);
  } else {
    maxpool_portable(s, in, out);
  }
  return Status::kOk;
}

Status avepool_q7_hwc(const PoolShape& s, const q7_t* in, q7_t* out, AvgRounding rounding, Path path) {
  Isa resolved = Isa::kPortable;
  const Status st = prepare(s, in, out, path, &resolved);
  if (st != Status::kOk) return st;
  // 16-bit lane sums hold at most 256 pixels (|sum| <= 128 * 256 = 32768 reaches -32768 at worst).
  const int64_t lane_pixels = rounding == AvgRounding::kExact ? int64_t{s.ker_x} * s.ker_y : s.ker_x;
  if (resolved == Isa::kDsp && lane_pixels <= 256) {
    avepool_dsp(s, in, out, rounding);
  } else {
    avepool_portable(s, in, out, rounding);
  }
  return Status::kOk;
}

}  // namespace cmnn::legacy
