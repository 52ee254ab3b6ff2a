// conv2d_s16: parameter checks, the variant table, and the reference variant.
#include "cmnn/conv_s16.h"
#include "kernels/conv/conv_s16_variants.h"
#include "kernels/conv/conv_wide_ref.h"
#include "kernels/op_table/op_table.h"
#include "quant/fixed_point.h"

namespace cmnn {
namespace conv {

bool s16_supports_any(const Conv2dParams&) { return true; }
size_t s16_no_scratch(const Conv2dParams&) { return 0; }

int16_t s16_finish(const Conv2dParams& p, const Conv2dS16Args& a, int32_t oc, int64_t sum) {
  int32_t scaled;
  if (a.bias32 != nullptr) {
    // int32 accumulator (wrapping, as TFLite's int32 arithmetic) and the 32-bit requantize.
    const auto acc = static_cast<int32_t>(static_cast<uint32_t>(static_cast<uint64_t>(sum)) +
                                          static_cast<uint32_t>(a.bias32[oc]));
    scaled = quant::multiply_by_quantized_multiplier(acc, a.multiplier[oc], a.shift[oc]);
  } else {
    const int64_t acc = quant::wrapping_add_64(sum, a.bias != nullptr ? a.bias[oc] : 0);
    scaled = quant::multiply_by_quantized_multiplier_64(acc, a.multiplier[oc], a.shift[oc]);
  }
  return static_cast<int16_t>(quant::clamp(scaled, p.activation_min, p.activation_max));
}

Status s16_ref_run(const Conv2dParams& p, const Conv2dS16Args& a, void*, size_t) {
  for_each_output(
      p, a.input, [&](int32_t i) { return static_cast<int32_t>(a.filter[i]); },
      [&](size_t index, int32_t oc, int64_t sum) { a.output[index] = s16_finish(p, a, oc, sum); });
  return Status::kOk;
}

}  // namespace conv

namespace {

Status check(const Conv2dParams& p, const Conv2dS16Args& a) {
  if (a.input == nullptr || a.filter == nullptr || a.multiplier == nullptr || a.shift == nullptr ||
      a.output == nullptr)
    return Status::kNullPointer;
  const Status shape = conv2d_check_shape(p);
  if (shape != Status::kOk) return shape;
  if (a.bias != nullptr && a.bias32 != nullptr) return Status::kBadParameter;
  if (p.input_offset != 0 || p.output_offset != 0) return Status::kBadParameter;
  if (p.activation_min > p.activation_max || p.activation_min < INT16_MIN || p.activation_max > INT16_MAX)
    return Status::kBadParameter;
  for (int32_t c = 0; c < p.output_c; ++c) {
    if (!op_table::valid_requant(a.multiplier[c], a.shift[c])) return Status::kBadParameter;
  }
  return Status::kOk;
}

// Fastest first; ref is last and supports every valid call.
constexpr Conv2dS16Variant kVariants[] = {
    {"conv2d_s16.mve", Isa::kMve, conv::s16_supports_any, conv::s16_no_scratch, conv::s16_mve_run},
    {"conv2d_s16.dsp", Isa::kDsp, conv::s16_supports_any, conv::s16_dsp_scratch_bytes, conv::s16_dsp_run},
    {"conv2d_s16.ref", Isa::kPortable, conv::s16_supports_any, conv::s16_no_scratch, conv::s16_ref_run},
};

}  // namespace

CMNN_DEFINE_OP_TABLE(conv2d_s16, Conv2dParams, Conv2dS16Args, kVariants, check)

}  // namespace cmnn
