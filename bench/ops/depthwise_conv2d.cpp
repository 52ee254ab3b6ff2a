// Bench adapter of depthwise_conv2d (int8): every variant of kDepthwiseConvS8Variants that is
// native on this core and supports the layer, each call in its own profiler region.
#include "arena.h"
#include "bench_op.h"
#include "cmnn/depthwise.h"

namespace cmnn::bench {
namespace {

int run_depthwise(const Layer& l) {
  DepthwiseConvParams p;
  p.batches = l.batch;
  p.input_h = l.in_h;
  p.input_w = l.in_w;
  p.input_c = l.in_c;
  p.ch_mult = l.ch_mult;
  p.filter_h = l.filter_h;
  p.filter_w = l.filter_w;
  p.output_h = l.out_h;
  p.output_w = l.out_w;
  p.stride_h = l.stride_h;
  p.stride_w = l.stride_w;
  p.dilation_h = l.dilation_h;
  p.dilation_w = l.dilation_w;
  p.pad_top = l.pad_top;
  p.pad_left = l.pad_left;
  p.input_offset = -l.input_zp;
  p.output_offset = l.output_zp;
  p.activation_min = l.act_min;
  p.activation_max = l.act_max;
  const auto out_c = static_cast<size_t>(p.output_c());
  const size_t in_n = static_cast<size_t>(p.batches) * p.input_h * p.input_w * p.input_c;
  const size_t out_n = static_cast<size_t>(p.batches) * p.output_h * p.output_w * out_c;
  const size_t w_n = static_cast<size_t>(p.filter_h) * p.filter_w * out_c;
  auto* input = test::arena_alloc<int8_t>(in_n);
  auto* filter = test::arena_alloc<int8_t>(w_n);
  auto* bias = test::arena_alloc<int32_t>(out_c);
  auto* mult = test::arena_alloc<int32_t>(out_c);
  auto* shift = test::arena_alloc<int32_t>(out_c);
  auto* output = test::arena_alloc<int8_t>(out_n);
  if (!input || !filter || !bias || !mult || !shift || !output) {
    platform::print("bench: arena exhausted for %s/%ld\n", l.model, static_cast<long>(l.idx));
    return 1;
  }
  Random r(static_cast<uint32_t>(l.idx) + 1u);
  r.fill_s8(input, in_n);
  r.fill_s8(filter, w_n);
  r.fill_bias(bias, out_c);
  r.fill_requant(mult, shift, out_c);
  const DepthwiseConvS8Args a{input, filter, l.has_bias != 0 ? bias : nullptr, mult, shift, output};
  int failures = 0;
  for (const auto& v : kDepthwiseConvS8Variants) {
    if (!isa_native(v.isa) || !v.supports(p)) continue;
    const size_t scratch_bytes = v.scratch_bytes(p);
    void* scratch = scratch_bytes > 0 ? test::arena_alloc<uint8_t>(scratch_bytes) : nullptr;
    const Measurement m = measure(l, v.id, scratch_bytes, output, out_n,
                                  [&] { return v.run(p, a, scratch, scratch_bytes); });
    if (m.status != Status::kOk) ++failures;
  }
  return failures;
}

const AdapterRegistration kDepthwise("depthwise_conv2d", run_depthwise);

}  // namespace
}  // namespace cmnn::bench
