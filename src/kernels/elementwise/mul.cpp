// Quantized multiply: reference (int8 and int16) and Helium variants for int8 and int16
// (mul_mve.cpp).
#include "cmnn/elementwise.h"
#include "kernels/elementwise/mul_variants.h"
#include "kernels/op_table/op_table.h"
#include "quant/fixed_point.h"

namespace cmnn {

namespace {
template <typename T>
Status mul_ref(const MulParams& p, const BinaryArgs<T>& a, void*, size_t) {
  for (int32_t i = 0; i < p.size; ++i) {
    const int32_t product = (a.input1[i] + p.input1_offset) * (a.input2[i] + p.input2_offset);
    // The offset add wraps around in int32, as the MVE lanes do (no signed overflow when a large
    // left shift saturates the rescale; inside TFLite's range it is its add).
    const auto v = static_cast<int32_t>(
        static_cast<uint32_t>(quant::multiply_by_quantized_multiplier(product, p.output_multiplier, p.output_shift)) +
        static_cast<uint32_t>(p.output_offset));
    a.output[i] = static_cast<T>(quant::clamp(v, p.activation_min, p.activation_max));
  }
  return Status::kOk;
}

template <typename T>
Status check_mul(const MulParams& p, const BinaryArgs<T>& a) {
  if (a.input1 == nullptr || a.input2 == nullptr || a.output == nullptr) return Status::kNullPointer;
  if (p.size <= 0) return Status::kBadShape;
  constexpr int32_t kLo = sizeof(T) == 1 ? -128 : -32768, kHi = sizeof(T) == 1 ? 127 : 32767;
  if (!op_table::valid_requant(p.output_multiplier, p.output_shift) || p.activation_min < kLo ||
      p.activation_max > kHi || p.activation_min > p.activation_max) {
    return Status::kBadParameter;
  }
  if constexpr (sizeof(T) == 1) {
    if (p.input1_offset < -127 || p.input1_offset > 128 || p.input2_offset < -127 || p.input2_offset > 128 ||
        p.output_offset < -128 || p.output_offset > 127) {
      return Status::kBadParameter;
    }
  } else if (p.input1_offset != 0 || p.input2_offset != 0 || p.output_offset != 0) {
    return Status::kBadParameter;
  }
  return Status::kOk;
}

bool always(const MulParams&) { return true; }
size_t no_scratch(const MulParams&) { return 0; }

constexpr Variant<MulParams, BinaryArgs<int8_t>> kMulS8[] = {
    {"mul_s8.mve", Isa::kMve, always, no_scratch, elementwise::mul_s8_mve},
    {"mul_s8.ref", Isa::kPortable, always, no_scratch, mul_ref<int8_t>},
};
constexpr Variant<MulParams, BinaryArgs<int16_t>> kMulS16[] = {
    {"mul_s16.mve", Isa::kMve, always, no_scratch, elementwise::mul_s16_mve},
    {"mul_s16.ref", Isa::kPortable, always, no_scratch, mul_ref<int16_t>},
};
}  // namespace

CMNN_DEFINE_OP_TABLE(mul_s8, MulParams, BinaryArgs<int8_t>, kMulS8, check_mul<int8_t>)
CMNN_DEFINE_OP_TABLE(mul_s16, MulParams, BinaryArgs<int16_t>, kMulS16, check_mul<int16_t>)

}  // namespace cmnn
