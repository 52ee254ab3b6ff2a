// ADD, SUB and SQUARED_DIFFERENCE with 6-D broadcasting, int8 and int16 (reference). TFLite's
// ArithmeticParams scheme: both inputs rescaled to a common left-shifted domain, combined in
// int32, requantized to the output (TFLM add.cc / sub.cc / squared_difference.cc reference paths;
// int16 ADD takes the general-scale path, as TFLM 90b983c2 calls Add(..., pot_scale = false)).
#include "cmnn/elementwise.h"
#include "kernels/broadcast/broadcast_loop.h"
#include "kernels/elementwise/add_variants.h"
#include "kernels/op_table/op_table.h"
#include "quant/fixed_point.h"

namespace cmnn {

namespace {
using quant::multiply_by_quantized_multiplier;

enum class Combine { kAdd, kSub, kSquaredDifference };

inline int32_t scaled(int32_t x, int32_t offset, int32_t multiplier, int32_t shift, int32_t left_shift) {
  return multiply_by_quantized_multiplier(static_cast<int32_t>(static_cast<uint32_t>(x + offset) << left_shift),
                                          multiplier, shift);
}

template <Combine kOp, typename T>
Status arithmetic_ref(const ArithmeticBroadcastParams& p, const BinaryArgs<T>& a, void*, size_t) {
  broadcast::for_each(p.input1_dims, p.input2_dims, p.output_dims, [&](int32_t i1, int32_t i2, int32_t o) {
    const int32_t x1 = scaled(a.input1[i1], p.input1_offset, p.input1_multiplier, p.input1_shift, p.left_shift);
    const int32_t x2 = scaled(a.input2[i2], p.input2_offset, p.input2_multiplier, p.input2_shift, p.left_shift);
    int32_t raw;
    if constexpr (kOp == Combine::kAdd) {
      raw = x1 + x2;
    } else if constexpr (kOp == Combine::kSub) {
      raw = x1 - x2;
    } else {
      // int32 product as TFLite computes it (wraps instead of overflowing; no real case gets there).
      const int32_t diff = x1 - x2;
      raw = static_cast<int32_t>(static_cast<uint32_t>(diff) * static_cast<uint32_t>(diff));
    }
    const int32_t v = multiply_by_quantized_multiplier(raw, p.output_multiplier, p.output_shift) + p.output_offset;
    a.output[o] = static_cast<T>(quant::clamp(v, p.activation_min, p.activation_max));
  });
  return Status::kOk;
}

template <Combine kOp, typename T>
Status check_arithmetic(const ArithmeticBroadcastParams& p, const BinaryArgs<T>& a) {
  if (a.input1 == nullptr || a.input2 == nullptr || a.output == nullptr) return Status::kNullPointer;
  if (!broadcast::valid_dims(p.input1_dims, p.input2_dims, p.output_dims)) return Status::kBadShape;
  constexpr int32_t kLo = sizeof(T) == 1 ? -128 : -32768, kHi = sizeof(T) == 1 ? 127 : 32767;
  // (x + offset) << left_shift must fit int32: 255 << 22 and 32767 << 15 (int16 offsets are 0) do.
  constexpr int32_t kMaxLeftShift = sizeof(T) == 1 ? 22 : 15;
  const int32_t max_output_shift = kOp == Combine::kSquaredDifference ? 30 : 0;
  if (!op_table::valid_requant(p.input1_multiplier, p.input1_shift) || p.input1_shift > 0 ||
      !op_table::valid_requant(p.input2_multiplier, p.input2_shift) || p.input2_shift > 0 ||
      !op_table::valid_requant(p.output_multiplier, p.output_shift) || p.output_shift > max_output_shift ||
      p.left_shift < 0 || p.left_shift > kMaxLeftShift || p.activation_min < kLo || p.activation_max > kHi ||
      p.activation_min > p.activation_max) {
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

bool always(const ArithmeticBroadcastParams&) { return true; }
size_t no_scratch(const ArithmeticBroadcastParams&) { return 0; }

template <typename T>
using V = Variant<ArithmeticBroadcastParams, BinaryArgs<T>>;

constexpr V<int8_t> kAddS8[] = {
    {"add_broadcast_s8.mve", Isa::kMve, elementwise::add_broadcast_mve_supports, no_scratch, elementwise::add_broadcast_s8_mve},
    {"add_broadcast_s8.ref", Isa::kPortable, always, no_scratch, arithmetic_ref<Combine::kAdd, int8_t>},
};
constexpr V<int16_t> kAddS16[] = {
    {"add_broadcast_s16.mve", Isa::kMve, elementwise::add_broadcast_mve_supports, no_scratch, elementwise::add_broadcast_s16_mve},
    {"add_broadcast_s16.ref", Isa::kPortable, always, no_scratch, arithmetic_ref<Combine::kAdd, int16_t>},
};
constexpr V<int8_t> kSubS8[] = {
    {"sub_s8.ref", Isa::kPortable, always, no_scratch, arithmetic_ref<Combine::kSub, int8_t>},
};
constexpr V<int16_t> kSubS16[] = {
    {"sub_s16.ref", Isa::kPortable, always, no_scratch, arithmetic_ref<Combine::kSub, int16_t>},
};
constexpr V<int8_t> kSqDiffS8[] = {
    {"squared_difference_s8.ref", Isa::kPortable, always, no_scratch,
     arithmetic_ref<Combine::kSquaredDifference, int8_t>},
};
constexpr V<int16_t> kSqDiffS16[] = {
    {"squared_difference_s16.ref", Isa::kPortable, always, no_scratch,
     arithmetic_ref<Combine::kSquaredDifference, int16_t>},
};
}  // namespace

CMNN_DEFINE_OP_TABLE(add_broadcast_s8, ArithmeticBroadcastParams, BinaryArgs<int8_t>, kAddS8,
                     (check_arithmetic<Combine::kAdd, int8_t>))
CMNN_DEFINE_OP_TABLE(add_broadcast_s16, ArithmeticBroadcastParams, BinaryArgs<int16_t>, kAddS16,
                     (check_arithmetic<Combine::kAdd, int16_t>))
CMNN_DEFINE_OP_TABLE(sub_s8, ArithmeticBroadcastParams, BinaryArgs<int8_t>, kSubS8,
                     (check_arithmetic<Combine::kSub, int8_t>))
CMNN_DEFINE_OP_TABLE(sub_s16, ArithmeticBroadcastParams, BinaryArgs<int16_t>, kSubS16,
                     (check_arithmetic<Combine::kSub, int16_t>))
CMNN_DEFINE_OP_TABLE(squared_difference_s8, ArithmeticBroadcastParams, BinaryArgs<int8_t>, kSqDiffS8,
                     (check_arithmetic<Combine::kSquaredDifference, int8_t>))
CMNN_DEFINE_OP_TABLE(squared_difference_s16, ArithmeticBroadcastParams, BinaryArgs<int16_t>, kSqDiffS16,
                     (check_arithmetic<Combine::kSquaredDifference, int16_t>))

}  // namespace cmnn
