// Bench adapter of fully_connected (int8, per-tensor as in the models). The kernel sums a runtime
// computes once (fully_connected_s8_prepare) are prepared before the measured calls, as TFLM does
// in Prepare; variants that use them get them, the others run without. Likewise the int16 packed
// weights (fully_connected_s8_pack, an offline step of the compiler) for the packed variant, and
// the pair-reordered weights (fully_connected_s8_pair_weights, with the sums) for the pairs variant.
#include "arch/dsp/schedule.h"
#include "bench_op.h"
#include "cmnn/fully_connected.h"

namespace cmnn::bench {
namespace {

int run_fully_connected(const Layer& l) {
  FullyConnectedParams p;
  p.batches = l.batch;
  p.input_depth = l.in_c;
  p.output_depth = l.out_c;
  p.input_offset = -l.input_zp;
  p.filter_offset = -l.filter_zp;
  p.output_offset = l.output_zp;
  p.activation_min = l.act_min;
  p.activation_max = l.act_max;
  p.per_channel = l.per_channel;
  const size_t in_n = static_cast<size_t>(l.batch) * l.in_c;
  const size_t out_n = static_cast<size_t>(l.batch) * l.out_c;
  const size_t w_n = static_cast<size_t>(l.out_c) * l.in_c;
  const auto oc = static_cast<size_t>(l.out_c);
  const size_t q_n = p.per_channel ? oc : 1;
  bool ok = true;
  auto* input = take<int8_t>(in_n, &ok);
  auto* weights = take<int8_t>(w_n, &ok);
  auto* bias = take<int32_t>(oc, &ok);
  auto* mult = take<int32_t>(q_n, &ok);
  auto* shift = take<int32_t>(q_n, &ok);
  auto* sums = take<int32_t>(oc, &ok);
  auto* output = take<int8_t>(out_n, &ok);
  const size_t packed_n = fully_connected_s8_packed_count(p);
  auto* packed = take<int16_t>(packed_n, &ok);
  auto* pairs = take<int8_t>(w_n, &ok);
  if (!ok) return 1;
  Random r(static_cast<uint32_t>(l.idx) + 1u);
  r.fill_s8(input, in_n);
  r.fill_s8(weights, w_n);
  r.fill_bias(bias, oc);
  r.fill_requant(mult, shift, q_n);
  const int32_t* b = l.has_bias != 0 ? bias : nullptr;
  if (fully_connected_s8_prepare(p, weights, b, sums) != Status::kOk) {
    platform::print("bench: fully_connected_s8_prepare failed\n");
    return 1;
  }
  if (fully_connected_s8_pack(p, weights, packed, packed_n) != Status::kOk) {
    platform::print("bench: fully_connected_s8_pack failed\n");
    return 1;
  }
  // The pair layout has conditions of its own (kUnsupported when the shape does not fit it).
  const bool pairs_ok = fully_connected_s8_pair_weights(p, weights, pairs, w_n) == Status::kOk;
  FullyConnectedParams with_sums = p;
  with_sums.has_kernel_sums = true;
  FullyConnectedParams with_packed = p;
  with_packed.has_packed_weights = true;
  const FullyConnectedS8Args a{input, weights, b, mult, shift, nullptr, output};
  FullyConnectedS8Args a_sums = a;
  a_sums.kernel_sums = sums;
  FullyConnectedS8Args a_packed = a;
  a_packed.packed_weights = packed;
  FullyConnectedParams with_pairs = with_sums;
  with_pairs.has_pair_weights = true;
  // As the compiler calls it: the input lanes (scratch) only where the kernel builds its
  // single-issue DSP loops (the M4 and M33: the same test as fc_s8_pairs_dsp.cpp's).
#if defined(__ARM_FEATURE_DSP) && !CMNN_DUAL_ISSUE_SCHEDULE
  with_pairs.pairs_raw_input = false;
#else
  with_pairs.pairs_raw_input = true;
#endif
  FullyConnectedS8Args a_pairs = a_sums;
  a_pairs.pair_weights = pairs;
  size_t count = 0;
  const FullyConnectedS8Variant* table = fully_connected_s8_variants(&count);
  // Each variant is measured once: with kernel sums, packed or pair weights when it needs them, else without.
  int failures = 0;
  for (size_t i = 0; i < count; ++i) {
    const FullyConnectedS8Variant& v = table[i];
    const bool plain = v.supports(p);
    const bool sums_variant = !plain && v.supports(with_sums);
    const bool packed_variant = !plain && !sums_variant && v.supports(with_packed);
    const bool pairs_variant = !plain && !sums_variant && !packed_variant && pairs_ok && v.supports(with_pairs);
    const FullyConnectedParams& vp = sums_variant ? with_sums : packed_variant ? with_packed : pairs_variant ? with_pairs : p;
    const FullyConnectedS8Args& va = sums_variant ? a_sums : packed_variant ? a_packed : pairs_variant ? a_pairs : a;
    failures += measure_table(l, &v, 1, vp, output, out_n, [&](const FullyConnectedS8Variant& w, void* s, size_t n) {
      return fully_connected_s8_run_variant(w, vp, va, s, n);
    });
  }
  return failures;
}

const AdapterRegistration kFullyConnected("fully_connected", run_fully_connected);

}  // namespace
}  // namespace cmnn::bench
