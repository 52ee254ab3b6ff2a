// Armv7E-M pooling: four int8 channels per 32-bit word. On the host and M3 the intrinsics are the
// portable emulation, so these run (and are tested against the reference) everywhere.
#include "arch/dsp/intrinsics.h"
#include "kernels/pooling/pool_window.h"
#include "kernels/pooling/pooling_variants.h"
#include "quant/fixed_point.h"

namespace cmnn::pooling {

namespace {
constexpr uint32_t kBias = 0x80808080u;  // int8 -> uint8 order-preserving bias (x ^ 0x80)

inline uint32_t splat_biased(int32_t v) { return 0x01010101u * (static_cast<uint32_t>(v + 128) & 0xFFu); }
// Lane-wise unsigned max / min of biased bytes.
inline uint32_t umax8(uint32_t a, uint32_t b) { return dsp::uadd8(b, dsp::uqsub8(a, b)); }
inline uint32_t umin8(uint32_t a, uint32_t b) { return dsp::usub8(a, dsp::uqsub8(a, b)); }
}  // namespace

Status maxpool_s8_dsp(const PoolParams& p, const PoolArgs<int8_t>& a, void*, size_t) {
  const int32_t c = p.channels, words = c / 4;
  const uint32_t lo = splat_biased(p.activation_min), hi = splat_biased(p.activation_max);
  for (int32_t b = 0; b < p.batches; ++b) {
    const int8_t* in = a.input + static_cast<size_t>(b) * p.input_h * p.input_w * c;
    int8_t* out = a.output + static_cast<size_t>(b) * p.output_h * p.output_w * c;
    for (int32_t oy = 0; oy < p.output_h; ++oy) {
      for (int32_t ox = 0; ox < p.output_w; ++ox, out += c) {
        const Window w = window_at(p, oy, ox);
        const int8_t* corner = in + (w.y0 * p.input_w + w.x0) * c;
        const int32_t row_step = p.input_w * c;
        for (int32_t k = 0; k < words; ++k) {
          uint32_t m = 0;  // the biased minimum, so the first element always wins
          const int8_t* row = corner + 4 * k;
          for (int32_t y = w.y0; y < w.y1; ++y, row += row_step) {
            const int8_t* px = row;
            for (int32_t x = w.x0; x < w.x1; ++x, px += c) m = umax8(dsp::load_u32(px) ^ kBias, m);
          }
          m = umin8(umax8(m, lo), hi);
          dsp::store_u32(out + 4 * k, m ^ kBias);
        }
        for (int32_t ch = 4 * words; ch < c; ++ch) {
          int32_t m = -128;
          for (int32_t y = w.y0; y < w.y1; ++y) {
            for (int32_t x = w.x0; x < w.x1; ++x) {
              const int32_t v = in[(y * p.input_w + x) * c + ch];
              m = v > m ? v : m;
            }
          }
          out[ch] = static_cast<int8_t>(quant::clamp(m, p.activation_min, p.activation_max));
        }
      }
    }
  }
  return Status::kOk;
}

namespace {

// TFLite's rounded average (pool_window.h's rounded_average: sum / d rounded half away from zero)
// without a division or a sign branch, as the biased byte (average + 128):
//   x = sum + 128 d + floor(d / 2) - [sum < 0 and d even],   biased average = floor(x / d).
// For sum >= 0 this is floor((sum + h) / d) + 128 (h = floor(d / 2)), TFLite's value. For sum < 0,
// with |sum| = q d + r (0 <= r < d), TFLite gives -(q + [r >= d - h]); floor((sum + h - e) / d) =
// -(q + [r >= h + 1 - e]) with e = [d even], and d - h = h + 1 - e. The bias keeps x in [0, 2^17):
// floor(x / d) = (x * m) >> 32 with m = ceil(2^32 / d) for 2 <= d <= 256 (x m / 2^32 exceeds x / d by
// less than 2^-15 < 1 / d); m = 0 marks d = 1 (floor(x / 1) = x).
struct RoundedDivider {
  uint32_t m = 0;
  uint32_t bias = 0;       // 128 d + h
  uint32_t even_mask = 0;  // all ones when d is even
};

inline RoundedDivider divider_for(int32_t count) {
  RoundedDivider r;
  const auto d = static_cast<uint32_t>(count);
  r.bias = 128u * d + d / 2;
  r.even_mask = (d & 1u) != 0 ? 0u : 0xFFFFFFFFu;
  if (d > 1) r.m = 0xFFFFFFFFu / d + 1u;  // ceil(2^32 / d) = floor((2^32 - 1) / d) + 1 for d >= 2
  return r;
}

// The biased average (0..255) of one lane sum.
inline uint32_t biased_average(int32_t sum, const RoundedDivider& r) {
  const uint32_t x = static_cast<uint32_t>(sum) + r.bias + (static_cast<uint32_t>(sum >> 31) & r.even_mask);
  return r.m != 0 ? static_cast<uint32_t>((uint64_t{x} * r.m) >> 32) : x;
}

// Four channels of a word: lanes (0, 2) of `even` and (1, 3) of `odd` hold their 16-bit sums. The
// averages are packed as biased bytes, clamped lane-wise (UQSUB8/UADD8) and unbiased.
inline uint32_t averages_of_word(uint32_t even, uint32_t odd, const RoundedDivider& r, uint32_t lo, uint32_t hi) {
  const uint32_t packed = biased_average(static_cast<int16_t>(even & 0xFFFFu), r) |
                          (biased_average(static_cast<int16_t>(odd & 0xFFFFu), r) << 8) |
                          (biased_average(static_cast<int32_t>(even) >> 16, r) << 16) |
                          (biased_average(static_cast<int32_t>(odd) >> 16, r) << 24);
  return umin8(umax8(packed, lo), hi) ^ kBias;
}

// kWords (1 or 2) words of channels at `corner` (4 * kWords channels): their sums over the window
// (rows x cols positions, `c` bytes apart, rows `row_step` apart), in 16-bit lanes with SXTAB16 --
// kWords loads and 2 * kWords instructions per position -- then their averages stored at `out`.
template <int kWords>
inline void average_words(const int8_t* corner, int32_t rows, int32_t cols, int32_t c, size_t row_step,
                          const RoundedDivider& r, uint32_t lo, uint32_t hi, int8_t* out) {
  uint32_t even[kWords] = {}, odd[kWords] = {};
  const int8_t* row = corner;
  for (int32_t y = 0; y < rows; ++y, row += row_step) {
    const int8_t* px = row;
    for (int32_t x = 0; x < cols; ++x, px += c) {
      for (int j = 0; j < kWords; ++j) {
        const uint32_t v = dsp::load_u32(px + 4 * j);
        even[j] = dsp::sxtab16(even[j], v);
        odd[j] = dsp::sxtab16_ror8(odd[j], v);
      }
    }
  }
  for (int j = 0; j < kWords; ++j) dsp::store_u32(out + 4 * j, averages_of_word(even[j], odd[j], r, lo, hi));
}

}  // namespace

// Per window: channels eight at a time (two words, four 16-bit lane sums with SXTAB16: two loads and
// four instructions per window position), then a last word and the channels past the last word;
// the averages by a multiply with the window's reciprocal (RoundedDivider, recomputed only when the
// window's size changes at an edge).
Status avgpool_s8_dsp(const PoolParams& p, const PoolArgs<int8_t>& a, void*, size_t) {
  const int32_t c = p.channels, words = c / 4;
  const uint32_t lo = splat_biased(p.activation_min), hi = splat_biased(p.activation_max);
  const size_t row_step = static_cast<size_t>(p.input_w) * c;
  int32_t count = 0;
  RoundedDivider r;
  for (int32_t b = 0; b < p.batches; ++b) {
    const int8_t* in = a.input + static_cast<size_t>(b) * p.input_h * p.input_w * c;
    int8_t* out = a.output + static_cast<size_t>(b) * p.output_h * p.output_w * c;
    for (int32_t oy = 0; oy < p.output_h; ++oy) {
      for (int32_t ox = 0; ox < p.output_w; ++ox, out += c) {
        const Window w = window_at(p, oy, ox);
        if (w.count() != count) count = w.count(), r = divider_for(count);
        const int32_t rows = w.y1 - w.y0, cols = w.x1 - w.x0;
        const int8_t* corner = in + (static_cast<size_t>(w.y0) * p.input_w + w.x0) * c;
        int32_t k = 0;
        for (; k + 2 <= words; k += 2) average_words<2>(corner + 4 * k, rows, cols, c, row_step, r, lo, hi, out + 4 * k);
        if (k < words) average_words<1>(corner + 4 * k, rows, cols, c, row_step, r, lo, hi, out + 4 * k);
        for (int32_t ch = 4 * words; ch < c; ++ch) {
          int32_t sum = 0;
          const int8_t* row = corner + ch;
          for (int32_t y = 0; y < rows; ++y, row += row_step) {
            for (int32_t x = 0; x < cols; ++x) sum += row[static_cast<size_t>(x) * c];
          }
          const auto avg = static_cast<int32_t>(biased_average(sum, r)) - 128;
          out[ch] = static_cast<int8_t>(quant::clamp(avg, p.activation_min, p.activation_max));
        }
      }
    }
  }
  return Status::kOk;
}

}  // namespace cmnn::pooling
