// fully_connected_s4: parameter checks, the variant table, the reference variant (reads nibbles
// in place) and the unpacked variant (unpacks the weights into scratch and runs
// fully_connected_s8's fastest variant: int8 DSP speed for int4 weights, at the cost of scratch).
#include "cmnn/conv_s4.h"
#include "cmnn/fully_connected_s4.h"
#include "kernels/fully_connected/fc_s4_mve.h"
#include "quant/packed_s4.h"
#include "kernels/op_table/op_table.h"
#include "quant/fixed_point.h"

namespace cmnn {
namespace {

bool supports_any(const FullyConnectedParams&) { return true; }
size_t no_scratch(const FullyConnectedParams&) { return 0; }

Status ref_run(const FullyConnectedParams& p, const FullyConnectedS4Args& a, void*, size_t) {
  const quant::PackedS4Weights w{a.weights};
  for (int32_t b = 0; b < p.batches; ++b) {
    const int8_t* input = a.input + static_cast<size_t>(b) * p.input_depth;
    for (int32_t o = 0; o < p.output_depth; ++o) {
      const int32_t row = o * p.input_depth;
      int32_t acc = 0;  // |acc| <= 255 * 8 * 32768 < 2^24
      for (int32_t k = 0; k < p.input_depth; ++k) acc += (input[k] + p.input_offset) * w[row + k];
      if (a.bias != nullptr) acc = static_cast<int32_t>(static_cast<uint32_t>(acc) + static_cast<uint32_t>(a.bias[o]));
      const int32_t q = p.per_channel ? o : 0;
      a.output[static_cast<size_t>(b) * p.output_depth + o] = quant::requantize_to_s8(
          acc, a.multiplier[q], a.shift[q], p.output_offset, p.activation_min, p.activation_max);
    }
  }
  return Status::kOk;
}

// fully_connected_s8 takes output offsets up to 127 only.
bool unpacked_supports(const FullyConnectedParams& p) { return p.output_offset <= 127; }

size_t unpacked_bytes(const FullyConnectedParams& p) {
  return quant::round_up4(static_cast<size_t>(p.input_depth) * static_cast<size_t>(p.output_depth));
}
// The same figure on the host (where the compiler plans scratch) and every core: the largest any
// fully_connected_s8 entry supporting p needs, not the one this build would pick.
size_t s8_scratch_any_core(const FullyConnectedParams& p) {
  size_t count = 0;
  const FullyConnectedS8Variant* table = fully_connected_s8_variants(&count);
  return op_table::max_scratch_any_core(table, count, p);
}
size_t unpacked_scratch(const FullyConnectedParams& p) { return unpacked_bytes(p) + s8_scratch_any_core(p); }

Status unpacked_run(const FullyConnectedParams& p, const FullyConnectedS4Args& a, void* scratch, size_t scratch_size) {
  auto* weights = static_cast<int8_t*>(scratch);
  const size_t used = unpacked_bytes(p);
  unpack_s4(a.weights, p.input_depth * p.output_depth, weights);
  FullyConnectedS8Args s8;
  s8.input = a.input;
  s8.weights = weights;
  s8.bias = a.bias;
  s8.multiplier = a.multiplier;
  s8.shift = a.shift;
  s8.output = a.output;
  const size_t rest = scratch_size - used;
  return fully_connected_s8(p, s8, rest > 0 ? weights + used : nullptr, rest);
}

Status check(const FullyConnectedParams& p, const FullyConnectedS4Args& a) {
  if (a.input == nullptr || a.weights == nullptr || a.multiplier == nullptr || a.shift == nullptr ||
      a.output == nullptr)
    return Status::kNullPointer;
  if (p.batches <= 0 || p.input_depth <= 0 || p.output_depth <= 0 || p.input_depth > 32768) return Status::kBadShape;
  if (int64_t{p.batches} * p.input_depth > INT32_MAX || int64_t{p.batches} * p.output_depth > INT32_MAX ||
      int64_t{p.input_depth} * p.output_depth > INT32_MAX)
    return Status::kBadShape;
  if (p.filter_offset != 0 || p.has_kernel_sums) return Status::kBadParameter;
  // An output offset of 128 occurs in CMSIS-NN's test data; the arithmetic (clamp after adding
  // it) is defined for it, so it is accepted here (fully_connected_s8 accepts up to 127).
  if (p.input_offset < -127 || p.input_offset > 128 || p.output_offset < -128 || p.output_offset > 128)
    return Status::kBadParameter;
  if (p.activation_min > p.activation_max || p.activation_min < -128 || p.activation_max > 127)
    return Status::kBadParameter;
  const int32_t n = p.per_channel ? p.output_depth : 1;
  for (int32_t i = 0; i < n; ++i) {
    if (!op_table::valid_requant(a.multiplier[i], a.shift[i])) return Status::kBadParameter;
  }
  return Status::kOk;
}

// Fastest first; ref is last and supports every valid call.
constexpr FullyConnectedS4Variant kVariants[] = {
    {"fully_connected_s4.mve", Isa::kMve, fc_s4::mve_supports, no_scratch, fc_s4::run_mve},
    {"fully_connected_s4.unpacked.dsp", Isa::kDsp, unpacked_supports, unpacked_scratch, unpacked_run},
    {"fully_connected_s4.ref", Isa::kPortable, supports_any, no_scratch, ref_run},
};

}  // namespace

CMNN_DEFINE_OP_TABLE(fully_connected_s4, FullyConnectedParams, FullyConnectedS4Args, kVariants, check)

}  // namespace cmnn
