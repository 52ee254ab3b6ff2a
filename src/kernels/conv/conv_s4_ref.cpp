// conv2d_s4: parameter checks, the variant table, the reference variant (reads nibbles in place)
// and the unpacked variant (unpacks the weights into scratch, then runs conv2d_s8's fastest
// variant on them: the int8 DSP kernels serve int4 models at the cost of the scratch).
#include "cmnn/conv_s4.h"
#include "kernels/conv/conv_s4_mve.h"
#include "kernels/conv/conv_wide_ref.h"
#include "quant/packed_s4.h"
#include "kernels/op_table/op_table.h"
#include "quant/fixed_point.h"

namespace cmnn {

void unpack_s4(const uint8_t* packed, int32_t count, int8_t* unpacked) {
  const quant::PackedS4Weights w{packed};
  for (int32_t i = 0; i < count; ++i) unpacked[i] = static_cast<int8_t>(w[i]);
}

namespace {

int32_t filter_count(const Conv2dParams& p) { return p.output_c * p.filter_h * p.filter_w * (p.input_c / p.groups); }

bool supports_any(const Conv2dParams&) { return true; }
size_t no_scratch(const Conv2dParams&) { return 0; }

Status ref_run(const Conv2dParams& p, const Conv2dS4Args& a, void*, size_t) {
  const quant::PackedS4Weights w{a.filter};
  conv::for_each_output(p, a.input, [&](int32_t i) { return w[i]; }, [&](size_t index, int32_t oc, int64_t sum) {
    auto acc = static_cast<int32_t>(sum);  // |sum| < 2^28 (depth <= 65536, |x| <= 255, |w| <= 8)
    if (a.bias != nullptr) acc = static_cast<int32_t>(static_cast<uint32_t>(acc) + static_cast<uint32_t>(a.bias[oc]));
    a.output[index] =
        quant::requantize_to_s8(acc, a.multiplier[oc], a.shift[oc], p.output_offset, p.activation_min, p.activation_max);
  });
  return Status::kOk;
}

size_t unpacked_filter_bytes(const Conv2dParams& p) { return quant::round_up4(static_cast<size_t>(filter_count(p))); }

// Scratch must be the same figure on the host (where the compiler plans it) and on every core, so
// the int8 part is the largest any conv2d_s8 entry supporting p needs, not the one this build picks.
size_t s8_scratch_any_core(const Conv2dParams& p) {
  size_t count = 0;
  const Conv2dS8Variant* table = conv2d_s8_variants(&count);
  return op_table::max_scratch_any_core(table, count, p);
}

size_t unpacked_scratch(const Conv2dParams& p) { return unpacked_filter_bytes(p) + s8_scratch_any_core(p); }

Status unpacked_run(const Conv2dParams& p, const Conv2dS4Args& a, void* scratch, size_t scratch_size) {
  auto* weights = static_cast<int8_t*>(scratch);
  const size_t used = unpacked_filter_bytes(p);
  unpack_s4(a.filter, filter_count(p), weights);
  Conv2dS8Args s8;
  s8.input = a.input;
  s8.filter = weights;
  s8.bias = a.bias;
  s8.multiplier = a.multiplier;
  s8.shift = a.shift;
  s8.output = a.output;
  const size_t rest = scratch_size - used;
  return conv2d_s8(p, s8, rest > 0 ? weights + used : nullptr, rest);
}

Status check(const Conv2dParams& p, const Conv2dS4Args& a) {
  if (a.input == nullptr || a.filter == nullptr || a.multiplier == nullptr || a.shift == nullptr ||
      a.output == nullptr)
    return Status::kNullPointer;
  const Status shape = conv2d_check_shape(p);
  if (shape != Status::kOk) return shape;
  if (p.input_offset < -127 || p.input_offset > 128 || p.output_offset < -128 || p.output_offset > 127)
    return Status::kBadParameter;
  if (p.activation_min > p.activation_max || p.activation_min < -128 || p.activation_max > 127)
    return Status::kBadParameter;
  for (int32_t c = 0; c < p.output_c; ++c) {
    if (!op_table::valid_requant(a.multiplier[c], a.shift[c])) return Status::kBadParameter;
  }
  return Status::kOk;
}

// Fastest first; ref is last and supports every valid call.
constexpr Conv2dS4Variant kVariants[] = {
    {"conv2d_s4.unpacked.dsp", Isa::kDsp, supports_any, unpacked_scratch, unpacked_run},
    // Helium without scratch: after unpacked.dsp, which on M55 runs conv2d_s8's Helium kernels on
    // the unpacked filter and is faster wherever weights are reused across pixels (16x16x16 3x3:
    // 247,752 against 1,686,357 est. m55 cycles); taken when no scratch is given (ref: 19,479,181).
    {"conv2d_s4.mve", Isa::kMve, conv::s4_mve_supports, no_scratch, conv::s4_mve_run},
    {"conv2d_s4.ref", Isa::kPortable, supports_any, no_scratch, ref_run},
};

}  // namespace

CMNN_DEFINE_OP_TABLE(conv2d_s4, Conv2dParams, Conv2dS4Args, kVariants, check)

}  // namespace cmnn
