// transpose_conv_s8: parameter checks, the variant table and the reference variant, which
// gathers: each output value sums the (input pixel, tap) pairs that scatter onto it, so it needs
// no int32 accumulation buffer (CMSIS-NN keeps a rolling buffer of output rows instead).
#include "cmnn/transpose_conv.h"
#include "kernels/op_table/op_table.h"
#include "quant/fixed_point.h"

namespace cmnn {
namespace {

bool supports_any(const TransposeConvParams&) { return true; }
size_t no_scratch(const TransposeConvParams&) { return 0; }

// First tap k >= 0 with (o + pad - k) a non-negative multiple of stride, and the input index it
// reads; taps then step by stride while the input index steps down by one.
inline void first_tap(int32_t o, int32_t pad, int32_t stride, int32_t* k, int32_t* i) {
  const int32_t pos = o + pad;
  *k = pos % stride;
  *i = pos / stride;
}

Status ref_run(const TransposeConvParams& p, const TransposeConvS8Args& a, void*, size_t) {
  const size_t filter_row = static_cast<size_t>(p.filter_w) * p.input_c;
  for (int32_t b = 0; b < p.batches; ++b) {
    const int8_t* input = a.input + static_cast<size_t>(b) * p.input_h * p.input_w * p.input_c;
    int8_t* output = a.output + static_cast<size_t>(b) * p.output_h * p.output_w * p.output_c;
    for (int32_t oy = 0; oy < p.output_h; ++oy) {
      int32_t ky0, iy0;
      first_tap(oy, p.pad_top, p.stride_h, &ky0, &iy0);
      for (int32_t ox = 0; ox < p.output_w; ++ox) {
        int32_t kx0, ix0;
        first_tap(ox, p.pad_left, p.stride_w, &kx0, &ix0);
        for (int32_t oc = 0; oc < p.output_c; ++oc) {
          const int8_t* filter = a.filter + static_cast<size_t>(oc) * p.filter_h * filter_row;
          uint32_t acc = a.bias != nullptr ? static_cast<uint32_t>(a.bias[oc]) : 0u;  // wraps as int32
          for (int32_t ky = ky0, iy = iy0; ky < p.filter_h && iy >= 0; ky += p.stride_h, --iy) {
            if (iy >= p.input_h) continue;
            for (int32_t kx = kx0, ix = ix0; kx < p.filter_w && ix >= 0; kx += p.stride_w, --ix) {
              if (ix >= p.input_w) continue;
              const int8_t* in = input + (static_cast<size_t>(iy) * p.input_w + ix) * p.input_c;
              const int8_t* w = filter + ky * filter_row + static_cast<size_t>(kx) * p.input_c;
              int32_t dot = 0;
              for (int32_t ic = 0; ic < p.input_c; ++ic) dot += (in[ic] + p.input_offset) * w[ic];
              acc += static_cast<uint32_t>(dot);
            }
          }
          output[(static_cast<size_t>(oy) * p.output_w + ox) * p.output_c + oc] =
              quant::requantize_to_s8(static_cast<int32_t>(acc), a.multiplier[oc], a.shift[oc], p.output_offset,
                                      p.activation_min, p.activation_max);
        }
      }
    }
  }
  return Status::kOk;
}

Status check(const TransposeConvParams& p, const TransposeConvS8Args& a) {
  if (a.input == nullptr || a.filter == nullptr || a.multiplier == nullptr || a.shift == nullptr ||
      a.output == nullptr)
    return Status::kNullPointer;
  const int32_t in_dims[] = {p.batches, p.input_h, p.input_w, p.input_c};
  const int32_t out_dims[] = {p.batches, p.output_h, p.output_w, p.output_c};
  const int32_t w_dims[] = {p.output_c, p.filter_h, p.filter_w, p.input_c};
  if (!op_table::product_fits(in_dims, 4) || !op_table::product_fits(out_dims, 4) || !op_table::product_fits(w_dims, 4))
    return Status::kBadShape;
  // Worst case of one output's sum: every tap of every input channel (|x + offset| <= 255, |w| <= 128).
  if (int64_t{p.filter_h} * p.filter_w * p.input_c > 65536) return Status::kBadShape;
  if (p.stride_h <= 0 || p.stride_w <= 0 || p.stride_h > 65536 || p.stride_w > 65536 || p.pad_top < 0 || p.pad_left < 0 || p.pad_top >= p.filter_h ||
      p.pad_left >= p.filter_w)
    return Status::kBadParameter;
  if (p.input_offset < -127 || p.input_offset > 128 || p.output_offset < -128 || p.output_offset > 127)
    return Status::kBadParameter;
  if (p.activation_min > p.activation_max || p.activation_min < -128 || p.activation_max > 127)
    return Status::kBadParameter;
  for (int32_t c = 0; c < p.output_c; ++c) {
    if (!op_table::valid_requant(a.multiplier[c], a.shift[c])) return Status::kBadParameter;
  }
  return Status::kOk;
}

// ref is last and supports every valid call.
constexpr Variant<TransposeConvParams, TransposeConvS8Args> kVariants[] = {
    {"transpose_conv_s8.ref", Isa::kPortable, supports_any, no_scratch, ref_run},
};

}  // namespace

CMNN_DEFINE_OP_TABLE(transpose_conv_s8, TransposeConvParams, TransposeConvS8Args, kVariants, check)

}  // namespace cmnn
