// fully_connected_s16: parameter checks, the variant table, the reference and dsp variants (the
// Helium one: fc_s16_mve.cpp). Every variant forms the exact int64 sum of products and shares
// fc_s16::finish (fc_s16_finish.h), so both bias kinds are exact.
#include "cmnn/fully_connected_s16.h"
#include "arch/dsp/dot_s16_s8.h"
#include "kernels/fully_connected/fc_s16_finish.h"
#include "kernels/op_table/op_table.h"
#include "quant/fixed_point.h"

namespace cmnn {
namespace {

bool supports_any(const FullyConnectedParams&) { return true; }
size_t no_scratch(const FullyConnectedParams&) { return 0; }

using fc_s16::finish;

Status ref_run(const FullyConnectedParams& p, const FullyConnectedS16Args& a, void*, size_t) {
  for (int32_t b = 0; b < p.batches; ++b) {
    const int16_t* input = a.input + static_cast<size_t>(b) * p.input_depth;
    for (int32_t o = 0; o < p.output_depth; ++o) {
      const int8_t* w = a.weights + static_cast<size_t>(o) * p.input_depth;
      int64_t sum = 0;
      for (int32_t k = 0; k < p.input_depth; ++k) sum += int64_t{input[k]} * w[k];
      a.output[static_cast<size_t>(b) * p.output_depth + o] = finish(p, a, o, sum);
    }
  }
  return Status::kOk;
}

// Two weight rows per pass over the input (dsp::dot2_s16_s8: SMLAD on SXTB16-widened weights).
Status dsp_run(const FullyConnectedParams& p, const FullyConnectedS16Args& a, void*, size_t) {
  for (int32_t b = 0; b < p.batches; ++b) {
    const int16_t* input = a.input + static_cast<size_t>(b) * p.input_depth;
    int16_t* output = a.output + static_cast<size_t>(b) * p.output_depth;
    for (int32_t o = 0; o < p.output_depth; o += 2) {
      const int8_t* w0 = a.weights + static_cast<size_t>(o) * p.input_depth;
      const bool pair = o + 1 < p.output_depth;
      int64_t s0 = 0, s1 = 0;
      dsp::dot2_s16_s8(input, w0, pair ? w0 + p.input_depth : w0, p.input_depth, &s0, &s1);
      output[o] = finish(p, a, o, s0);
      if (pair) output[o + 1] = finish(p, a, o + 1, s1);
    }
  }
  return Status::kOk;
}

Status check(const FullyConnectedParams& p, const FullyConnectedS16Args& a) {
  if (a.input == nullptr || a.weights == nullptr || a.multiplier == nullptr || a.shift == nullptr ||
      a.output == nullptr)
    return Status::kNullPointer;
  if (p.batches <= 0 || p.input_depth <= 0 || p.output_depth <= 0) return Status::kBadShape;
  if (int64_t{p.batches} * p.input_depth > INT32_MAX || int64_t{p.batches} * p.output_depth > INT32_MAX ||
      int64_t{p.input_depth} * p.output_depth > INT32_MAX)
    return Status::kBadShape;
  if (a.bias != nullptr && a.bias32 != nullptr) return Status::kBadParameter;
  if (p.input_offset != 0 || p.filter_offset != 0 || p.output_offset != 0 || p.has_kernel_sums)
    return Status::kBadParameter;
  if (p.activation_min > p.activation_max || p.activation_min < INT16_MIN || p.activation_max > INT16_MAX)
    return Status::kBadParameter;
  const int32_t n = p.per_channel ? p.output_depth : 1;
  for (int32_t i = 0; i < n; ++i) {
    if (!op_table::valid_requant(a.multiplier[i], a.shift[i])) return Status::kBadParameter;
  }
  return Status::kOk;
}

// Fastest first; ref is last and supports every valid call.
constexpr FullyConnectedS16Variant kVariants[] = {
    {"fully_connected_s16.mve", Isa::kMve, supports_any, no_scratch, fc_s16::run_mve},
    {"fully_connected_s16.dsp", Isa::kDsp, supports_any, no_scratch, dsp_run},
    {"fully_connected_s16.ref", Isa::kPortable, supports_any, no_scratch, ref_run},
};

}  // namespace

CMNN_DEFINE_OP_TABLE(fully_connected_s16, FullyConnectedParams, FullyConnectedS16Args, kVariants, check)

}  // namespace cmnn
