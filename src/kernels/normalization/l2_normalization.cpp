// L2 normalization s8 (reference): one pass for the sum of squares, one to scale.
#include "cmnn/normalization.h"
#include "kernels/op_table/op_table.h"
#include "quant/fixed_point.h"
#include "quant/inv_sqrt.h"

namespace cmnn {

namespace {
constexpr int kOutputShift = 7;         // output scale 1/128
constexpr int32_t kMaxDepth = 33025;    // 33025 * 255^2 < 2^31

Status l2_normalization_ref(const L2NormalizationParams& p, const L2NormalizationS8Args& a, void*, size_t) {
  for (int32_t r = 0; r < p.rows; ++r) {
    const size_t at = static_cast<size_t>(r) * static_cast<size_t>(p.depth);
    const int8_t* in = a.input + at;
    int8_t* out = a.output + at;
    int32_t sum = 0;
    for (int32_t i = 0; i < p.depth; ++i) {
      const int32_t x = in[i] - p.input_zero_point;
      sum += x * x;
    }
    const quant::InvSqrt inv = quant::inv_sqrt_quantized_multiplier(sum, -1);
    for (int32_t i = 0; i < p.depth; ++i) {
      const int32_t v = quant::multiply_by_quantized_multiplier(in[i] - p.input_zero_point, inv.multiplier,
                                                                inv.shift + kOutputShift);
      out[i] = static_cast<int8_t>(quant::clamp(v, -128, 127));
    }
  }
  return Status::kOk;
}

Status check_l2_normalization(const L2NormalizationParams& p, const L2NormalizationS8Args& a) {
  if (a.input == nullptr || a.output == nullptr) return Status::kNullPointer;
  const int32_t dims[2] = {p.rows, p.depth};
  if (!op_table::product_fits(dims, 2) || p.depth > kMaxDepth) return Status::kBadShape;
  if (p.input_zero_point < -128 || p.input_zero_point > 127) return Status::kBadParameter;
  return Status::kOk;
}

bool always(const L2NormalizationParams&) { return true; }
size_t no_scratch(const L2NormalizationParams&) { return 0; }

constexpr Variant<L2NormalizationParams, L2NormalizationS8Args> kL2S8[] = {
    {"l2_normalization_s8.ref", Isa::kPortable, always, no_scratch, l2_normalization_ref},
};
}  // namespace

CMNN_DEFINE_OP_TABLE(l2_normalization_s8, L2NormalizationParams, L2NormalizationS8Args, kL2S8, check_l2_normalization)

L2NormalizationParams l2_normalization_s8_params(int32_t input_zero_point, int32_t rows, int32_t depth) {
  L2NormalizationParams p;
  p.rows = rows;
  p.depth = depth;
  p.input_zero_point = input_zero_point;
  return p;
}

}  // namespace cmnn
