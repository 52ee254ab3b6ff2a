// Bench adapter of conv2d (int8, per-channel): every native variant of the conv2d_s8 table that
// supports the layer, called through conv2d_s8_run_variant (parameter checks included, as a
// runtime's call would be). The packed variants get the filter packed by conv2d_s8_pack before the
// measured calls (an offline compiler step, like the kernel sums of the fully connected adapter).
#include "bench_op.h"
#include "cmnn/conv.h"

namespace cmnn::bench {
namespace {

int run_conv2d(const Layer& l) {
  Conv2dParams p;
  p.batches = l.batch;
  p.input_h = l.in_h;
  p.input_w = l.in_w;
  p.input_c = l.in_c;
  p.output_h = l.out_h;
  p.output_w = l.out_w;
  p.output_c = l.out_c;
  p.filter_h = l.filter_h;
  p.filter_w = l.filter_w;
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
  const size_t in_n = static_cast<size_t>(l.batch) * l.in_h * l.in_w * l.in_c;
  const size_t out_n = static_cast<size_t>(l.batch) * l.out_h * l.out_w * l.out_c;
  const size_t w_n = static_cast<size_t>(l.out_c) * l.filter_h * l.filter_w * l.in_c;
  const auto oc = static_cast<size_t>(l.out_c);
  bool ok = true;
  auto* input = take<int8_t>(in_n, &ok);
  auto* filter = take<int8_t>(w_n, &ok);
  auto* bias = take<int32_t>(oc, &ok);
  auto* mult = take<int32_t>(oc, &ok);
  auto* shift = take<int32_t>(oc, &ok);
  auto* output = take<int8_t>(out_n, &ok);
  const size_t packed_n = conv2d_s8_packed_count(p);
  auto* packed = take<int16_t>(packed_n, &ok);
  if (!ok) return 1;
  Random r(static_cast<uint32_t>(l.idx) + 1u);
  r.fill_s8(input, in_n);
  r.fill_s8(filter, w_n);
  r.fill_bias(bias, oc);
  r.fill_requant(mult, shift, oc);
  Conv2dParams with_packed = p;
  with_packed.has_packed_filter = packed_n > 0;
  if (packed_n > 0 && conv2d_s8_pack(p, filter, packed, packed_n) != Status::kOk) {
    platform::print("bench: conv2d_s8_pack failed\n");
    return 1;
  }
  const Conv2dS8Args a{input, filter, l.has_bias != 0 ? bias : nullptr, mult, shift, output, packed};
  size_t count = 0;
  const Conv2dS8Variant* table = conv2d_s8_variants(&count);
  // Each variant once: without the packed filter when it runs so, else with it.
  int failures = 0;
  for (size_t i = 0; i < count; ++i) {
    const Conv2dS8Variant& v = table[i];
    const Conv2dParams& vp = v.supports(p) ? p : with_packed;
    failures += measure_table(l, &v, 1, vp, output, out_n, [&](const Conv2dS8Variant& w, void* s, size_t n) {
      return conv2d_s8_run_variant(w, vp, a, s, n);
    });
  }
  return failures;
}

const AdapterRegistration kConv2d("conv2d", run_conv2d);

}  // namespace
}  // namespace cmnn::bench
