// CUMSUM int8 along one axis (reference; TFLite reference_ops::CumSum with ArithmeticParams).
// Every element is rescaled to the left-shifted int32 domain, the running sum starts at the
// rescaled input offset (TFLM's quirk, kept for bit-exactness) and wraps in int32; each output
// is the running sum requantized.
#include "cmnn/reduce.h"
#include "kernels/op_table/op_table.h"
#include "quant/fixed_point.h"

namespace cmnn {

namespace {
using quant::multiply_by_quantized_multiplier;

inline int32_t rescale(int32_t v, const CumsumParams& p) {
  return multiply_by_quantized_multiplier(static_cast<int32_t>(static_cast<uint32_t>(v) << p.left_shift),
                                          p.input_multiplier, p.input_shift);
}

// In place is fine: each element is read before it is written and never read again.
Status cumsum_ref(const CumsumParams& p, const ReduceArgs<int8_t>& a, void*, size_t) {
  const int32_t start = rescale(p.input_offset, p);
  for (int32_t o = 0; o < p.outer; ++o) {
    for (int32_t i = 0; i < p.inner; ++i) {
      uint32_t acc = static_cast<uint32_t>(start);
      for (int32_t k = 0; k < p.axis_size; ++k) {
        const int32_t kk = p.reverse ? p.axis_size - 1 - k : k;
        const int32_t index = (o * p.axis_size + kk) * p.inner + i;
        const uint32_t y = static_cast<uint32_t>(rescale(a.input[index] + p.input_offset, p));
        uint32_t value;
        if (p.exclusive) {
          value = acc;
          acc += y;
        } else {
          acc += y;
          value = acc;
        }
        const int32_t v = multiply_by_quantized_multiplier(static_cast<int32_t>(value), p.output_multiplier,
                                                           p.output_shift) +
                          p.output_offset;
        a.output[index] = static_cast<int8_t>(quant::clamp(v, p.activation_min, p.activation_max));
      }
    }
  }
  return Status::kOk;
}

Status check_cumsum(const CumsumParams& p, const ReduceArgs<int8_t>& a) {
  if (a.input == nullptr || a.output == nullptr) return Status::kNullPointer;
  const int32_t dims[3] = {p.outer, p.axis_size, p.inner};
  if (!op_table::product_fits(dims, 3)) return Status::kBadShape;
  if (!op_table::valid_requant(p.input_multiplier, p.input_shift) || p.input_shift > 0 ||
      !op_table::valid_requant(p.output_multiplier, p.output_shift) || p.output_shift > 0 || p.left_shift < 0 ||
      p.left_shift > 22 || p.input_offset < -127 || p.input_offset > 128 || p.output_offset < -128 ||
      p.output_offset > 127 || p.activation_min < -128 || p.activation_max > 127 ||
      p.activation_min > p.activation_max) {
    return Status::kBadParameter;
  }
  return Status::kOk;
}

bool always(const CumsumParams&) { return true; }
size_t no_scratch(const CumsumParams&) { return 0; }

constexpr Variant<CumsumParams, ReduceArgs<int8_t>> kCumsum[] = {
    {"cumsum_s8.ref", Isa::kPortable, always, no_scratch, cumsum_ref},
};
}  // namespace

CMNN_DEFINE_OP_TABLE(cumsum_s8, CumsumParams, ReduceArgs<int8_t>, kCumsum, check_cumsum)

}  // namespace cmnn
