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

Status avgpool_s8_dsp(const PoolParams& p, const PoolArgs<int8_t>& a, void*, size_t) {
  const int32_t c = p.channels, words = c / 4;
  for (int32_t b = 0; b < p.batches; ++b) {
    const int8_t* in = a.input + static_cast<size_t>(b) * p.input_h * p.input_w * c;
    int8_t* out = a.output + static_cast<size_t>(b) * p.output_h * p.output_w * c;
    for (int32_t oy = 0; oy < p.output_h; ++oy) {
      for (int32_t ox = 0; ox < p.output_w; ++ox, out += c) {
        const Window w = window_at(p, oy, ox);
        const int32_t count = w.count();
        const int8_t* corner = in + (w.y0 * p.input_w + w.x0) * c;
        const int32_t row_step = p.input_w * c;
        for (int32_t k = 0; k < words; ++k) {
          // Channels 0,2 and 1,3 of the word in two 16-bit lanes each; |sum| <= 256 * 128 fits.
          uint32_t even = 0, odd = 0;
          const int8_t* row = corner + 4 * k;
          for (int32_t y = w.y0; y < w.y1; ++y, row += row_step) {
            const int8_t* px = row;
            for (int32_t x = w.x0; x < w.x1; ++x, px += c) {
              const uint32_t v = dsp::load_u32(px);
              even = dsp::sadd16(even, dsp::sxtb16(v));
              odd = dsp::sadd16(odd, dsp::sxtb16_ror8(v));
            }
          }
          const int32_t sums[4] = {static_cast<int16_t>(even & 0xFFFFu), static_cast<int16_t>(odd & 0xFFFFu),
                                   static_cast<int16_t>(even >> 16), static_cast<int16_t>(odd >> 16)};
          uint32_t packed = 0;
          for (int lane = 0; lane < 4; ++lane) {
            const int32_t v = quant::clamp(rounded_average(sums[lane], count), p.activation_min, p.activation_max);
            packed |= (static_cast<uint32_t>(v) & 0xFFu) << (8 * lane);
          }
          dsp::store_u32(out + 4 * k, packed);
        }
        for (int32_t ch = 4 * words; ch < c; ++ch) {
          int32_t sum = 0;
          for (int32_t y = w.y0; y < w.y1; ++y) {
            for (int32_t x = w.x0; x < w.x1; ++x) sum += in[(y * p.input_w + x) * c + ch];
          }
          out[ch] = static_cast<int8_t>(quant::clamp(rounded_average(sum, count), p.activation_min, p.activation_max));
        }
      }
    }
  }
  return Status::kOk;
}

}  // namespace cmnn::pooling
