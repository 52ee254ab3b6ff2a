// transpose_conv_s16: parameter checks, the variant table and the reference variant. Like
// transpose_conv_s8's reference it gathers: each output value sums, in int64, the (input pixel,
// tap) products that TFLite's reference scatters onto it. The int64 sum of int16 x int8 products
// is exact in either order, so the result equals TFLite's int64 scratch image.
#include "cmnn/transpose_conv.h"
#include "kernels/op_table/op_table.h"
#include "quant/fixed_point.h"

namespace cmnn {
namespace {

bool supports_any(const TransposeConvParams&) { return true; }
size_t no_scratch(const TransposeConvParams&) { return 0; }

// For output coordinate o: the first tap k >= 0 whose input index i = (o + pad - k) / stride is
// exact; later taps step by stride while i steps down by one.
inline void first_tap(int32_t o, int32_t pad, int32_t stride, int32_t* k, int32_t* i) {
  const int32_t pos = o + pad;
  *k = pos % stride;
  *i = pos / stride;
}

int64_t sum_of_products(const TransposeConvParams& p, const int16_t* input, const int8_t* filter, int32_t ky0,
                        int32_t iy0, int32_t kx0, int32_t ix0) {
  const size_t filter_row = static_cast<size_t>(p.filter_w) * p.input_c;
  int64_t sum = 0;
  for (int32_t ky = ky0, iy = iy0; ky < p.filter_h && iy >= 0; ky += p.stride_h, --iy) {
    if (iy >= p.input_h) continue;
    for (int32_t kx = kx0, ix = ix0; kx < p.filter_w && ix >= 0; kx += p.stride_w, --ix) {
      if (ix >= p.input_w) continue;
      const int16_t* in = input + (static_cast<size_t>(iy) * p.input_w + ix) * p.input_c;
      const int8_t* w = filter + static_cast<size_t>(ky) * filter_row + static_cast<size_t>(kx) * p.input_c;
      for (int32_t ic = 0; ic < p.input_c; ++ic) sum += int32_t{in[ic]} * w[ic];
    }
  }
  return sum;
}

Status ref_run(const TransposeConvParams& p, const TransposeConvS16Args& a, void*, size_t) {
  const size_t filter_size = static_cast<size_t>(p.filter_h) * p.filter_w * p.input_c;
  for (int32_t b = 0; b < p.batches; ++b) {
    const int16_t* input = a.input + static_cast<size_t>(b) * p.input_h * p.input_w * p.input_c;
    int16_t* output = a.output + static_cast<size_t>(b) * p.output_h * p.output_w * p.output_c;
    for (int32_t oy = 0; oy < p.output_h; ++oy) {
      int32_t ky0, iy0;
      first_tap(oy, p.pad_top, p.stride_h, &ky0, &iy0);
      for (int32_t ox = 0; ox < p.output_w; ++ox) {
        int32_t kx0, ix0;
        first_tap(ox, p.pad_left, p.stride_w, &kx0, &ix0);
        int16_t* out = output + (static_cast<size_t>(oy) * p.output_w + ox) * p.output_c;
        for (int32_t oc = 0; oc < p.output_c; ++oc) {
          const int64_t acc = quant::wrapping_add_64(
              sum_of_products(p, input, a.filter + oc * filter_size, ky0, iy0, kx0, ix0), a.bias != nullptr ? a.bias[oc] : 0);
          const int32_t scaled = quant::multiply_by_quantized_multiplier_64(acc, a.multiplier[oc], a.shift[oc]);
          out[oc] = static_cast<int16_t>(quant::clamp(scaled, p.activation_min, p.activation_max));
        }
      }
    }
  }
  return Status::kOk;
}

Status check(const TransposeConvParams& p, const TransposeConvS16Args& a) {
  if (a.input == nullptr || a.filter == nullptr || a.multiplier == nullptr || a.shift == nullptr ||
      a.output == nullptr)
    return Status::kNullPointer;
  const int32_t in_dims[] = {p.batches, p.input_h, p.input_w, p.input_c};
  const int32_t out_dims[] = {p.batches, p.output_h, p.output_w, p.output_c};
  const int32_t w_dims[] = {p.output_c, p.filter_h, p.filter_w, p.input_c};
  if (!op_table::product_fits(in_dims, 4) || !op_table::product_fits(out_dims, 4) || !op_table::product_fits(w_dims, 4))
    return Status::kBadShape;
  // |sum| <= taps * 2^15 * 2^7 stays far inside int64 for any int32 tap count; TFLite's int64
  // requantize assumes |acc| < 2^47, i.e. at most 2^25 taps per output (plus the bias).
  if (int64_t{p.filter_h} * p.filter_w * p.input_c > (int64_t{1} << 25)) return Status::kBadShape;
  if (p.stride_h <= 0 || p.stride_w <= 0 || p.stride_h > 65536 || p.stride_w > 65536 || p.pad_top < 0 || p.pad_left < 0 || p.pad_top >= p.filter_h ||
      p.pad_left >= p.filter_w)
    return Status::kBadParameter;
  if (p.input_offset != 0 || p.output_offset != 0) return Status::kBadParameter;
  if (p.activation_min > p.activation_max || p.activation_min < INT16_MIN || p.activation_max > INT16_MAX)
    return Status::kBadParameter;
  for (int32_t c = 0; c < p.output_c; ++c) {
    if (!op_table::valid_requant(a.multiplier[c], a.shift[c])) return Status::kBadParameter;
  }
  return Status::kOk;
}

// ref is last and supports every valid call.
constexpr Variant<TransposeConvParams, TransposeConvS16Args> kVariants[] = {
    {"transpose_conv_s16.ref", Isa::kPortable, supports_any, no_scratch, ref_run},
};

}  // namespace

CMNN_DEFINE_OP_TABLE(transpose_conv_s16, TransposeConvParams, TransposeConvS16Args, kVariants, check)

}  // namespace cmnn
