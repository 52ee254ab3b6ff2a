// Bench adapter of depthwise_conv2d (int8): every variant of kDepthwiseConvS8Variants that is
// native on this core and supports the layer, each call (the variant's run(), without the entry
// point's checks) in its own profiler region.
#include <iterator>

#include "bench_op.h"
#include "cmnn/depthwise.h"
#include "conv_layer.h"

namespace cmnn::bench {
namespace {

int run_depthwise(const Layer& l) {
  DepthwiseConvParams p;
  copy_conv_fields(l, &p);
  p.ch_mult = l.ch_mult;
  const auto out_c = static_cast<size_t>(p.output_c());
  const size_t in_n = static_cast<size_t>(p.batches) * p.input_h * p.input_w * p.input_c;
  const size_t out_n = static_cast<size_t>(p.batches) * p.output_h * p.output_w * out_c;
  const size_t w_n = static_cast<size_t>(p.filter_h) * p.filter_w * out_c;
  ConvTensors t;
  if (!take_conv_tensors(l, in_n, w_n, out_c, out_n, &t)) return 1;
  const DepthwiseConvS8Args a{t.input, t.filter, t.bias, t.multiplier, t.shift, t.output};
  return measure_table(l, kDepthwiseConvS8Variants, std::size(kDepthwiseConvS8Variants), p, t.output, out_n,
                       [&](const DepthwiseConvS8Variant& v, void* scratch, size_t scratch_bytes) {
                         return v.run(p, a, scratch, scratch_bytes);
                       });
}

const AdapterRegistration kDepthwise("depthwise_conv2d", run_depthwise);

}  // namespace
}  // namespace cmnn::bench
