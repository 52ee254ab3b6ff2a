// MUL, MAXIMUM and MINIMUM with 6-D broadcasting, int8 and int16 (reference; TFLM mul_common.cc
// EvalMulQuantizedReference / BroadcastMul6DSlow, maximum_minimum.cc).
#include "cmnn/elementwise.h"
#include "kernels/broadcast/broadcast_loop.h"
#include "kernels/elementwise/mul_variants.h"
#include "kernels/op_table/op_table.h"
#include "quant/fixed_point.h"

namespace cmnn {

namespace {
template <typename T>
Status mul_ref(const MulBroadcastParams& p, const BinaryArgs<T>& a, void*, size_t) {
  broadcast::for_each(p.input1_dims, p.input2_dims, p.output_dims, [&](int32_t i1, int32_t i2, int32_t o) {
    // |product| <= 2^30 for int16 (offsets 0) and 255 * 255 for int8: no overflow.
    const int32_t product = (a.input1[i1] + p.input1_offset) * (a.input2[i2] + p.input2_offset);
    const int32_t v = quant::multiply_by_quantized_multiplier(product, p.output_multiplier, p.output_shift) +
                      p.output_offset;
    a.output[o] = static_cast<T>(quant::clamp(v, p.activation_min, p.activation_max));
  });
  return Status::kOk;
}

template <typename T>
Status check_mul(const MulBroadcastParams& p, const BinaryArgs<T>& a) {
  if (a.input1 == nullptr || a.input2 == nullptr || a.output == nullptr) return Status::kNullPointer;
  if (!broadcast::valid_dims(p.input1_dims, p.input2_dims, p.output_dims)) return Status::kBadShape;
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

template <bool kMax, typename T>
Status max_min_ref(const MaxMinBroadcastParams& p, const BinaryArgs<T>& a, void*, size_t) {
  broadcast::for_each(p.input1_dims, p.input2_dims, p.output_dims, [&](int32_t i1, int32_t i2, int32_t o) {
    const T u = a.input1[i1], v = a.input2[i2];
    a.output[o] = kMax ? (u > v ? u : v) : (u < v ? u : v);
  });
  return Status::kOk;
}

template <typename T>
Status check_max_min(const MaxMinBroadcastParams& p, const BinaryArgs<T>& a) {
  if (a.input1 == nullptr || a.input2 == nullptr || a.output == nullptr) return Status::kNullPointer;
  if (!broadcast::valid_dims(p.input1_dims, p.input2_dims, p.output_dims)) return Status::kBadShape;
  return Status::kOk;
}

bool always_mul(const MulBroadcastParams&) { return true; }
size_t no_scratch_mul(const MulBroadcastParams&) { return 0; }
bool always_mm(const MaxMinBroadcastParams&) { return true; }
size_t no_scratch_mm(const MaxMinBroadcastParams&) { return 0; }

constexpr Variant<MulBroadcastParams, BinaryArgs<int8_t>> kMulS8[] = {
    {"mul_broadcast_s8.mve", Isa::kMve, elementwise::mul_broadcast_mve_supports, no_scratch_mul, elementwise::mul_broadcast_s8_mve},
    {"mul_broadcast_s8.ref", Isa::kPortable, always_mul, no_scratch_mul, mul_ref<int8_t>},
};
constexpr Variant<MulBroadcastParams, BinaryArgs<int16_t>> kMulS16[] = {
    {"mul_broadcast_s16.mve", Isa::kMve, elementwise::mul_broadcast_mve_supports, no_scratch_mul, elementwise::mul_broadcast_s16_mve},
    {"mul_broadcast_s16.ref", Isa::kPortable, always_mul, no_scratch_mul, mul_ref<int16_t>},
};
constexpr Variant<MaxMinBroadcastParams, BinaryArgs<int8_t>> kMaxS8[] = {
    {"maximum_broadcast_s8.ref", Isa::kPortable, always_mm, no_scratch_mm, max_min_ref<true, int8_t>},
};
constexpr Variant<MaxMinBroadcastParams, BinaryArgs<int16_t>> kMaxS16[] = {
    {"maximum_broadcast_s16.ref", Isa::kPortable, always_mm, no_scratch_mm, max_min_ref<true, int16_t>},
};
constexpr Variant<MaxMinBroadcastParams, BinaryArgs<int8_t>> kMinS8[] = {
    {"minimum_broadcast_s8.ref", Isa::kPortable, always_mm, no_scratch_mm, max_min_ref<false, int8_t>},
};
constexpr Variant<MaxMinBroadcastParams, BinaryArgs<int16_t>> kMinS16[] = {
    {"minimum_broadcast_s16.ref", Isa::kPortable, always_mm, no_scratch_mm, max_min_ref<false, int16_t>},
};
}  // namespace

CMNN_DEFINE_OP_TABLE(mul_broadcast_s8, MulBroadcastParams, BinaryArgs<int8_t>, kMulS8, check_mul<int8_t>)
CMNN_DEFINE_OP_TABLE(mul_broadcast_s16, MulBroadcastParams, BinaryArgs<int16_t>, kMulS16, check_mul<int16_t>)
CMNN_DEFINE_OP_TABLE(maximum_broadcast_s8, MaxMinBroadcastParams, BinaryArgs<int8_t>, kMaxS8, check_max_min<int8_t>)
CMNN_DEFINE_OP_TABLE(maximum_broadcast_s16, MaxMinBroadcastParams, BinaryArgs<int16_t>, kMaxS16,
                     check_max_min<int16_t>)
CMNN_DEFINE_OP_TABLE(minimum_broadcast_s8, MaxMinBroadcastParams, BinaryArgs<int8_t>, kMinS8, check_max_min<int8_t>)
CMNN_DEFINE_OP_TABLE(minimum_broadcast_s16, MaxMinBroadcastParams, BinaryArgs<int16_t>, kMinS16,
                     check_max_min<int16_t>)

}  // namespace cmnn
