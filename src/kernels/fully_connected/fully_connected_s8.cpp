// fully_connected_s8: parameter checks, kernel-sum preparation, the variant table, entry points.

#include "kernels/fully_connected/fc_s8_variants.h"
#include "kernels/op_table/op_table.h"

namespace cmnn {
namespace {

// Variants that read the int8 weights: none of them supports a call without them
// (FullyConnectedParams::packed_weights_only), so the entry point refuses it instead of falling back.
bool with_weights(const FullyConnectedParams& p) { return !p.packed_weights_only; }
template <bool (*Supports)(const FullyConnectedParams&)>
bool with_weights_and(const FullyConnectedParams& p) { return !p.packed_weights_only && Supports(p); }
size_t no_scratch(const FullyConnectedParams&) { return 0; }

constexpr FullyConnectedS8Variant kVariants[] = {
    {"fully_connected_s8.ksum.mve", Isa::kMve, with_weights_and<fc::mve_ksum_supports>, no_scratch, fc::mve_ksum_run},
    {"fully_connected_s8.mve", Isa::kMve, with_weights, fc::mve_scratch_bytes, fc::mve_run},
    {"fully_connected_s8.pairs.dsp", Isa::kDsp, fc::dsp_pairs_supports, fc::dsp_pairs_scratch_bytes,
     fc::dsp_pairs_run},
    {"fully_connected_s8.packed.dsp", Isa::kDsp, fc::dsp_packed_supports, fc::dsp_packed_scratch_bytes,
     fc::dsp_packed_run},
    {"fully_connected_s8.ksum.dsp", Isa::kDsp, with_weights_and<fc::dsp_ksum_supports>, no_scratch, fc::dsp_ksum_run},
    {"fully_connected_s8.dsp", Isa::kDsp, with_weights, fc::dsp_scratch_bytes, fc::dsp_run},
    {"fully_connected_s8.ref", Isa::kPortable, with_weights, no_scratch, fc::ref_run},
};

// Deepest accumulation whose worst case (|x + offset| <= 255, |w + offset| <= 255) stays in int32.
constexpr int64_t kMaxDepth = 32768;

Status check_shape(const FullyConnectedParams& p) {
  if (p.batches <= 0 || p.input_depth <= 0 || p.output_depth <= 0 || p.input_depth > kMaxDepth) return Status::kBadShape;
  if (int64_t{p.batches} * p.input_depth > INT32_MAX || int64_t{p.batches} * p.output_depth > INT32_MAX ||
      int64_t{p.input_depth} * p.output_depth > INT32_MAX)
    return Status::kBadShape;
  return Status::kOk;
}

Status check_offsets(const FullyConnectedParams& p) {
  if (p.input_offset < -127 || p.input_offset > 128 || p.filter_offset < -127 || p.filter_offset > 128 ||
      p.output_offset < -128 || p.output_offset > 127)
    return Status::kBadParameter;
  if (p.activation_min > p.activation_max || p.activation_min < -128 || p.activation_max > 127)
    return Status::kBadParameter;
  return Status::kOk;
}

Status check(const FullyConnectedParams& p, const FullyConnectedS8Args& a) {
  if (a.input == nullptr || (a.weights == nullptr && !p.packed_weights_only) || a.multiplier == nullptr ||
      a.shift == nullptr || a.output == nullptr || (p.has_kernel_sums && a.kernel_sums == nullptr) ||
      (p.has_packed_weights && a.packed_weights == nullptr) || (p.has_pair_weights && a.pair_weights == nullptr))
    return Status::kNullPointer;
  if (p.packed_weights_only && !p.has_packed_weights && !p.has_pair_weights) return Status::kBadParameter;
  Status s = check_shape(p);
  if (s != Status::kOk) return s;
  s = check_offsets(p);
  if (s != Status::kOk) return s;
  const int32_t n = p.per_channel ? p.output_depth : 1;
  for (int32_t i = 0; i < n; ++i) {
    if (a.multiplier[i] < 0 || a.shift[i] < -31 || a.shift[i] > 30) return Status::kBadParameter;
  }
  return Status::kOk;
}

}  // namespace

Status fully_connected_s8_prepare(const FullyConnectedParams& p, const int8_t* weights, const int32_t* bias,
                                  int32_t* kernel_sums) {
  if (weights == nullptr || kernel_sums == nullptr) return Status::kNullPointer;
  Status s = check_shape(p);
  if (s != Status::kOk) return s;
  s = check_offsets(p);
  if (s != Status::kOk) return s;
  for (int32_t o = 0; o < p.output_depth; ++o) {
    const int8_t* w = weights + static_cast<size_t>(o) * p.input_depth;
    int32_t sum = 0;
    for (int32_t k = 0; k < p.input_depth; ++k) sum += w[k] + p.filter_offset;
    // |sum| <= 255 * 32768 and |input_offset| <= 128: the product fits int32.
    kernel_sums[o] = fc::wrapping_add(bias != nullptr ? bias[o] : 0, sum * p.input_offset);
  }
  return Status::kOk;
}

size_t fully_connected_s8_packed_count(const FullyConnectedParams& p) {
  return check_shape(p) == Status::kOk ? fc::packed_weight_count(p) : 0;
}

Status fully_connected_s8_pack(const FullyConnectedParams& p, const int8_t* weights, int16_t* packed,
                               size_t packed_count) {
  if (weights == nullptr || packed == nullptr) return Status::kNullPointer;
  Status s = check_shape(p);
  if (s != Status::kOk) return s;
  s = check_offsets(p);
  if (s != Status::kOk) return s;
  const size_t need = fc::packed_weight_count(p);
  if (need == 0) return Status::kBadShape;
  if (packed_count < need) return Status::kScratchTooSmall;
  fc::pack_weights(p, weights, packed);
  return Status::kOk;
}

Status fully_connected_s8_pair_weights(const FullyConnectedParams& p, const int8_t* weights, int8_t* pairs,
                                       size_t pairs_bytes) {
  if (weights == nullptr || pairs == nullptr) return Status::kNullPointer;
  Status s = check_shape(p);
  if (s != Status::kOk) return s;
  s = check_offsets(p);
  if (s != Status::kOk) return s;
  if (!fc::pair_layout_fits(p)) return Status::kUnsupported;
  if (pairs_bytes < static_cast<size_t>(p.output_depth) * p.input_depth) return Status::kScratchTooSmall;
  fc::pair_weights(p, weights, pairs);
  return Status::kOk;
}

namespace {
// The variants' supports() and scratch_bytes() compute int32 sizes: only for shapes that pass.
bool valid_shape(const FullyConnectedParams& p) { return check_shape(p) == Status::kOk; }
}  // namespace

CMNN_DEFINE_OP_TABLE_VALIDATED(fully_connected_s8, FullyConnectedParams, FullyConnectedS8Args, kVariants, check,
                               valid_shape)

}  // namespace cmnn
