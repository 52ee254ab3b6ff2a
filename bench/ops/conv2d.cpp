// Bench adapter of conv2d (int8, per-channel): every native variant of the conv2d_s8 table that
// supports the layer, called through conv2d_s8_run_variant (parameter checks included, as a
// runtime's call would be). The packed variants get the filter packed by conv2d_s8_pack before the
// measured calls, the ksum variants the kernel sums of conv2d_s8_prepare, the paired variants the
// filter interleaved by conv2d_s8_pair_filter, the stacked variants the filter stacked by
// conv2d_s8_stack_filter, the row-window variants the filter reordered by conv2d_s8_x_major_filter
// and then stacked or interleaved, the rgb3x3 variant its copy from conv2d_s8_rgb_pack (offline
// compiler steps, like the fully connected adapter's). The filter's
// random bytes are kept in TFLite's int8 weight range [-127, 127] (-128 becomes -127) for every
// variant, so that every filter has a stacked form and all variants see the same weights.
#include "bench_op.h"
#include "cmnn/conv.h"
#include "conv_layer.h"

namespace cmnn::bench {
namespace {

int run_conv2d(const Layer& l) {
  Conv2dParams p;
  copy_conv_fields(l, &p);
  p.output_c = l.out_c;
  const size_t in_n = static_cast<size_t>(l.batch) * l.in_h * l.in_w * l.in_c;
  const size_t out_n = static_cast<size_t>(l.batch) * l.out_h * l.out_w * l.out_c;
  const size_t w_n = static_cast<size_t>(l.out_c) * l.filter_h * l.filter_w * l.in_c;
  ConvTensors t;
  if (!take_conv_tensors(l, in_n, w_n, static_cast<size_t>(l.out_c), out_n, &t)) return 1;
  for (size_t i = 0; i < w_n; ++i) t.filter[i] = t.filter[i] == -128 ? int8_t{-127} : t.filter[i];
  bool ok = true;
  const size_t packed_n = conv2d_s8_packed_count(p);
  auto* packed = take<int16_t>(packed_n, &ok);
  if (!ok) return 1;
  Conv2dParams with_packed = p;
  with_packed.has_packed_filter = packed_n > 0;
  if (packed_n > 0 && conv2d_s8_pack(p, t.filter, packed, packed_n) != Status::kOk) {
    platform::print("bench: conv2d_s8_pack failed\n");
    return 1;
  }
  auto* sums = take<int32_t>(static_cast<size_t>(l.out_c), &ok);
  if (!ok || conv2d_s8_prepare(p, t.filter, t.bias, sums) != Status::kOk) {
    platform::print("bench: conv2d_s8_prepare failed\n");
    return 1;
  }
  Conv2dParams with_sums = p;
  with_sums.has_kernel_sums = true;
  auto* paired = take<int8_t>(w_n, &ok);
  if (!ok || conv2d_s8_pair_filter(p, t.filter, paired, w_n) != Status::kOk) {
    platform::print("bench: conv2d_s8_pair_filter failed\n");
    return 1;
  }
  Conv2dParams with_paired = p;
  with_paired.paired_filter = true;
  auto* stacked = take<int8_t>(w_n, &ok);
  if (!ok || conv2d_s8_stack_filter(p, t.filter, stacked, w_n) != Status::kOk) {
    platform::print("bench: conv2d_s8_stack_filter failed\n");
    return 1;
  }
  Conv2dParams with_stacked = p;
  with_stacked.stacked_filter = true;
  // The row-window variants: the taps x-major (conv2d_s8_x_major_filter), then stacked / paired.
  auto* taps = take<int8_t>(w_n, &ok);
  auto* window_stacked = take<int8_t>(w_n, &ok);
  auto* window_paired = take<int8_t>(w_n, &ok);
  if (!ok || conv2d_s8_x_major_filter(p, t.filter, taps, w_n) != Status::kOk ||
      conv2d_s8_stack_filter(p, taps, window_stacked, w_n) != Status::kOk ||
      conv2d_s8_pair_filter(p, taps, window_paired, w_n) != Status::kOk) {
    platform::print("bench: conv2d_s8_x_major_filter failed\n");
    return 1;
  }
  Conv2dParams with_window_stacked = with_stacked, with_window_paired = with_paired;
  with_window_stacked.x_major_filter = with_window_paired.x_major_filter = true;
  // The RGB first-layer variant's own packed copy (conv2d_s8_rgb_pack: filter, bias, requantization).
  const size_t rgb_n = conv2d_s8_rgb_packed_count(p);
  auto* rgb_packed = take<int16_t>(rgb_n, &ok);
  if (!ok || (rgb_n > 0 && conv2d_s8_rgb_pack(p, t.filter, t.bias, t.multiplier, t.shift, rgb_packed, rgb_n) != Status::kOk)) {
    platform::print("bench: conv2d_s8_rgb_pack failed\n");
    return 1;
  }
  Conv2dParams with_rgb = p;
  with_rgb.has_packed_filter = with_rgb.rgb_packed = rgb_n > 0;
  const Conv2dS8Args a{t.input, t.filter, t.bias, t.multiplier, t.shift, t.output, packed};
  Conv2dS8Args a_sums = a;
  a_sums.kernel_sums = sums;
  Conv2dS8Args a_paired = a;
  a_paired.filter = paired;
  Conv2dS8Args a_stacked = a;
  a_stacked.filter = stacked;
  Conv2dS8Args a_window_stacked = a, a_window_paired = a;
  a_window_stacked.filter = window_stacked;
  a_window_paired.filter = window_paired;
  Conv2dS8Args a_rgb = a;
  a_rgb.packed_filter = rgb_packed;
  size_t count = 0;
  const Conv2dS8Variant* table = conv2d_s8_variants(&count);
  // Each variant once: without offline data when it runs so, else with the kernel sums, the paired
  // or stacked filter or the packed filter, whichever it needs.
  int failures = 0;
  for (size_t i = 0; i < count; ++i) {
    const Conv2dS8Variant& v = table[i];
    const bool plain = v.supports(p);
    const bool sums_variant = !plain && v.supports(with_sums);
    const bool paired_variant = !plain && !sums_variant && v.supports(with_paired);
    const bool stacked_variant = !plain && !sums_variant && !paired_variant && v.supports(with_stacked);
    const bool other = plain || sums_variant || paired_variant || stacked_variant;
    const bool window_stacked_variant = !other && v.supports(with_window_stacked);
    const bool window_paired_variant = !other && !window_stacked_variant && v.supports(with_window_paired);
    const bool rgb_variant = !other && !window_stacked_variant && !window_paired_variant && rgb_n > 0 &&
                             v.supports(with_rgb);
    const Conv2dParams& vp = plain                    ? p
                             : sums_variant           ? with_sums
                             : paired_variant         ? with_paired
                             : stacked_variant        ? with_stacked
                             : window_stacked_variant ? with_window_stacked
                             : window_paired_variant  ? with_window_paired
                             : rgb_variant            ? with_rgb
                                                      : with_packed;
    const Conv2dS8Args& va = sums_variant             ? a_sums
                             : paired_variant         ? a_paired
                             : stacked_variant        ? a_stacked
                             : window_stacked_variant ? a_window_stacked
                             : window_paired_variant  ? a_window_paired
                             : rgb_variant            ? a_rgb
                                                      : a;
    failures += measure_table(l, &v, 1, vp, t.output, out_n, [&](const Conv2dS8Variant& w, void* s, size_t n) {
      return conv2d_s8_run_variant(w, vp, va, s, n);
    });
  }
  return failures;
}

const AdapterRegistration kConv2d("conv2d", run_conv2d);

}  // namespace
}  // namespace cmnn::bench
