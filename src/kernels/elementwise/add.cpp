// Quantized add: reference, Helium variants for int8 and int16 (add_mve.cpp, four 32-bit lanes), a DSP
// variant (SIMD unpacking and offsets, four lanes per word) and a table variant for int8
// (add_table.cpp: each input's rescale tabulated per byte value).
#include "arch/dsp/intrinsics.h"
#include "cmnn/elementwise.h"
#include "kernels/elementwise/add_variants.h"
#include "kernels/op_table/op_table.h"
#include "quant/fixed_point.h"

namespace cmnn {

namespace {
using quant::multiply_by_quantized_multiplier;

inline int32_t rescale(int32_t x, int32_t offset, int32_t multiplier, int32_t shift, int32_t left_shift) {
  return multiply_by_quantized_multiplier(static_cast<int32_t>(static_cast<uint32_t>(x + offset) << left_shift),
                                          multiplier, shift);
}

// x1 + x2 requantized, offset, clamped; both adds wrap around in int32 as the DSP/MVE lanes do (no
// signed overflow for extreme multipliers; inside TFLite's range they are its adds).
inline int32_t finish_sum(const AddParams& p, int32_t x1, int32_t x2) {
  const auto sum = static_cast<int32_t>(static_cast<uint32_t>(x1) + static_cast<uint32_t>(x2));
  const auto v = static_cast<int32_t>(
      static_cast<uint32_t>(multiply_by_quantized_multiplier(sum, p.output_multiplier, p.output_shift)) +
      static_cast<uint32_t>(p.output_offset));
  return quant::clamp(v, p.activation_min, p.activation_max);
}

template <typename T>
Status add_ref(const AddParams& p, const BinaryArgs<T>& a, void*, size_t) {
  for (int32_t i = 0; i < p.size; ++i) {
    const int32_t x1 = rescale(a.input1[i], p.input1_offset, p.input1_multiplier, p.input1_shift, p.left_shift);
    const int32_t x2 = rescale(a.input2[i], p.input2_offset, p.input2_multiplier, p.input2_shift, p.left_shift);
    a.output[i] = static_cast<T>(finish_sum(p, x1, x2));
  }
  return Status::kOk;
}

Status add_s8_dsp(const AddParams& p, const BinaryArgs<int8_t>& a, void*, size_t) {
  const uint32_t off1 = dsp::pkhbt(static_cast<uint32_t>(p.input1_offset), static_cast<uint32_t>(p.input1_offset) << 16);
  const uint32_t off2 = dsp::pkhbt(static_cast<uint32_t>(p.input2_offset), static_cast<uint32_t>(p.input2_offset) << 16);
  int32_t i = 0;
  for (; i + 4 <= p.size; i += 4) {
    const uint32_t w1 = dsp::load_u32(a.input1 + i), w2 = dsp::load_u32(a.input2 + i);
    // Lanes (x + offset) as 16-bit values: bytes 0,2 and 1,3.
    const uint32_t e1 = dsp::sadd16(dsp::sxtb16(w1), off1), o1 = dsp::sadd16(dsp::sxtb16_ror8(w1), off1);
    const uint32_t e2 = dsp::sadd16(dsp::sxtb16(w2), off2), o2 = dsp::sadd16(dsp::sxtb16_ror8(w2), off2);
    const int32_t l1[4] = {static_cast<int16_t>(e1), static_cast<int16_t>(o1), static_cast<int16_t>(e1 >> 16),
                           static_cast<int16_t>(o1 >> 16)};
    const int32_t l2[4] = {static_cast<int16_t>(e2), static_cast<int16_t>(o2), static_cast<int16_t>(e2 >> 16),
                           static_cast<int16_t>(o2 >> 16)};
    uint32_t packed = 0;
    for (int lane = 0; lane < 4; ++lane) {
      const int32_t x1 = rescale(l1[lane], 0, p.input1_multiplier, p.input1_shift, p.left_shift);
      const int32_t x2 = rescale(l2[lane], 0, p.input2_multiplier, p.input2_shift, p.left_shift);
      packed |= (static_cast<uint32_t>(finish_sum(p, x1, x2)) & 0xFFu) << (8 * lane);
    }
    dsp::store_u32(a.output + i, packed);
  }
  for (; i < p.size; ++i) {
    const int32_t x1 = rescale(a.input1[i], p.input1_offset, p.input1_multiplier, p.input1_shift, p.left_shift);
    const int32_t x2 = rescale(a.input2[i], p.input2_offset, p.input2_multiplier, p.input2_shift, p.left_shift);
    a.output[i] = static_cast<int8_t>(finish_sum(p, x1, x2));
  }
  return Status::kOk;
}

constexpr size_t kTableBytes = 2 * 256 * sizeof(int32_t);  // add_s8.table (add_table.cpp)

template <typename T>
Status check_add(const AddParams& p, const BinaryArgs<T>& a) {
  if (a.input1 == nullptr || a.input2 == nullptr || a.output == nullptr) return Status::kNullPointer;
  if (p.size <= 0) return Status::kBadShape;
  constexpr int32_t kLo = sizeof(T) == 1 ? -128 : -32768, kHi = sizeof(T) == 1 ? 127 : 32767;
  constexpr int32_t kMaxLeftShift = sizeof(T) == 1 ? 22 : 15;  // (x + offset) << left_shift fits int32
  if (!op_table::valid_requant(p.input1_multiplier, p.input1_shift) ||
      !op_table::valid_requant(p.input2_multiplier, p.input2_shift) ||
      !op_table::valid_requant(p.output_multiplier, p.output_shift) || p.left_shift < 0 ||
      p.left_shift > kMaxLeftShift || p.activation_min < kLo || p.activation_max > kHi ||
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

bool always(const AddParams&) { return true; }
size_t no_scratch(const AddParams&) { return 0; }
// The tables cost 512 rescales: worth it from a few hundred elements on.
bool table_pays(const AddParams& p) { return p.size >= 256; }
size_t table_scratch(const AddParams&) { return kTableBytes; }

constexpr Variant<AddParams, BinaryArgs<int8_t>> kAddS8[] = {
    {"add_s8.mve", Isa::kMve, always, no_scratch, elementwise::add_s8_mve},
    {"add_s8.table", Isa::kPortable, table_pays, table_scratch, elementwise::add_s8_table},
    {"add_s8.dsp", Isa::kDsp, always, no_scratch, add_s8_dsp},
    {"add_s8.ref", Isa::kPortable, always, no_scratch, add_ref<int8_t>},
};
constexpr Variant<AddParams, BinaryArgs<int16_t>> kAddS16[] = {
    {"add_s16.mve", Isa::kMve, always, no_scratch, elementwise::add_s16_mve},
    {"add_s16.ref", Isa::kPortable, always, no_scratch, add_ref<int16_t>},
};
}  // namespace

CMNN_DEFINE_OP_TABLE(add_s8, AddParams, BinaryArgs<int8_t>, kAddS8, check_add<int8_t>)
CMNN_DEFINE_OP_TABLE(add_s16, AddParams, BinaryArgs<int16_t>, kAddS16, check_add<int16_t>)

}  // namespace cmnn
