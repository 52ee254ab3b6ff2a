// depthwise_s4.unpacked.mve: int4 weights unpacked to int8 in scratch, then depthwise_conv2d_s8's
// fastest variant that fits the rest of the scratch (on a Helium core its MVE kernels: 3x3.mve for
// 3x3 filters). Listed first in the s4 table on Helium cores only; on DSP cores depthwise_s4.dsp does
// the same with the DSP kernel directly. Bit-exact with depthwise_s4.ref (the int8 kernels are).
#include "cmnn/depthwise.h"
#include "kernels/op_table/op_table.h"
#include "quant/packed_s4.h"

namespace cmnn::depthwise {
namespace {

size_t filter_count(const DepthwiseConvParams& p) {
  return static_cast<size_t>(p.filter_h) * static_cast<size_t>(p.filter_w) * static_cast<size_t>(p.output_c());
}

// The int8 part is the largest scratch any depthwise_conv2d_s8 variant supporting p needs, not the
// one this build picks, so the figure is the same on the host (where the compiler plans it) and on
// every core.
size_t s8_scratch_any_core(const DepthwiseConvParams& p) {
  size_t count = 0;
  const DepthwiseConvS8Variant* table = depthwise_conv2d_s8_variants(&count);
  return op_table::max_scratch_any_core(table, count, p);
}

}  // namespace

size_t scratch_s4_unpacked(const DepthwiseConvParams& p) { return quant::round_up4(filter_count(p)) + s8_scratch_any_core(p); }

Status run_s4_unpacked(const DepthwiseConvParams& p, const DepthwiseConvS4Args& a, void* scratch, size_t scratch_size) {
  const Status s = depthwise_conv_check(p, a);
  if (s != Status::kOk) return s;
  if (scratch_size < scratch_s4_unpacked(p)) return Status::kScratchTooSmall;
  if (scratch == nullptr) return Status::kNullPointer;
  const size_t count = filter_count(p);
  auto* weights = static_cast<int8_t*>(scratch);
  const quant::PackedS4Weights packed{a.filter};
  for (size_t i = 0; i < count; ++i) weights[i] = static_cast<int8_t>(packed[static_cast<int32_t>(i)]);
  const size_t used = quant::round_up4(count);
  const DepthwiseConvS8Args a8{a.input, weights, a.bias, a.output_multiplier, a.output_shift, a.output, nullptr};
  const size_t rest = scratch_size - used;
  return depthwise_conv2d_s8(p, a8, rest > 0 ? weights + used : nullptr, rest);
}

}  // namespace cmnn::depthwise
