// Reference pooling: one output element at a time, window clipped to the input.
#include "kernels/pooling/pooling_variants.h"
#include "kernels/pooling/pool_window.h"
#include "quant/fixed_point.h"

namespace cmnn::pooling {

template <typename T>
Status avgpool_ref(const PoolParams& p, const PoolArgs<T>& a, void*, size_t) {
  const int32_t c = p.channels;
  for (int32_t b = 0; b < p.batches; ++b) {
    const T* in = a.input + static_cast<size_t>(b) * p.input_h * p.input_w * c;
    T* out = a.output + static_cast<size_t>(b) * p.output_h * p.output_w * c;
    for (int32_t oy = 0; oy < p.output_h; ++oy) {
      for (int32_t ox = 0; ox < p.output_w; ++ox) {
        const Window w = window_at(p, oy, ox);
        for (int32_t ch = 0; ch < c; ++ch) {
          int32_t sum = 0;
          for (int32_t y = w.y0; y < w.y1; ++y) {
            for (int32_t x = w.x0; x < w.x1; ++x) sum += in[(y * p.input_w + x) * c + ch];
          }
          const int32_t avg = rounded_average(sum, w.count());
          out[(oy * p.output_w + ox) * c + ch] = static_cast<T>(quant::clamp(avg, p.activation_min, p.activation_max));
        }
      }
    }
  }
  return Status::kOk;
}

template <typename T>
Status maxpool_ref(const PoolParams& p, const PoolArgs<T>& a, void*, size_t) {
  const int32_t c = p.channels;
  for (int32_t b = 0; b < p.batches; ++b) {
    const T* in = a.input + static_cast<size_t>(b) * p.input_h * p.input_w * c;
    T* out = a.output + static_cast<size_t>(b) * p.output_h * p.output_w * c;
    for (int32_t oy = 0; oy < p.output_h; ++oy) {
      for (int32_t ox = 0; ox < p.output_w; ++ox) {
        const Window w = window_at(p, oy, ox);
        for (int32_t ch = 0; ch < c; ++ch) {
          int32_t m = in[(w.y0 * p.input_w + w.x0) * c + ch];
          for (int32_t y = w.y0; y < w.y1; ++y) {
            for (int32_t x = w.x0; x < w.x1; ++x) {
              const int32_t v = in[(y * p.input_w + x) * c + ch];
              m = v > m ? v : m;
            }
          }
          out[(oy * p.output_w + ox) * c + ch] = static_cast<T>(quant::clamp(m, p.activation_min, p.activation_max));
        }
      }
    }
  }
  return Status::kOk;
}

template Status avgpool_ref<int8_t>(const PoolParams&, const PoolArgs<int8_t>&, void*, size_t);
template Status avgpool_ref<int16_t>(const PoolParams&, const PoolArgs<int16_t>&, void*, size_t);
template Status maxpool_ref<int8_t>(const PoolParams&, const PoolArgs<int8_t>&, void*, size_t);
template Status maxpool_ref<int16_t>(const PoolParams&, const PoolArgs<int16_t>&, void*, size_t);

}  // namespace cmnn::pooling
