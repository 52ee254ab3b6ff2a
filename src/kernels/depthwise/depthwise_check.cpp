// Parameter checks shared by every depthwise variant: they run before any memory is touched.
#include "cmnn/depthwise.h"
#include "kernels/depthwise/depthwise_internal.h"

namespace cmnn {
namespace {

bool fits_int32(int64_t v) { return v >= 0 && v <= INT32_MAX; }

Status check_shape(const DepthwiseConvParams& p) {
  const int32_t dims[] = {p.batches, p.input_h, p.input_w, p.input_c, p.ch_mult,
                          p.filter_h, p.filter_w, p.output_h, p.output_w};
  for (int32_t d : dims) {
    if (d <= 0) return Status::kBadShape;
  }
  if (p.stride_h <= 0 || p.stride_w <= 0 || p.dilation_h <= 0 || p.dilation_w <= 0) return Status::kBadParameter;
  if (p.pad_top < 0 || p.pad_left < 0) return Status::kBadParameter;
  const int64_t out_c = int64_t{p.input_c} * p.ch_mult;
  const int64_t input_elements = int64_t{p.batches} * p.input_h * p.input_w * p.input_c;
  const int64_t output_elements = int64_t{p.batches} * p.output_h * p.output_w * out_c;
  const int64_t filter_elements = int64_t{p.filter_h} * p.filter_w * out_c;
  // Largest input coordinate any tap computes (before the bounds check), per axis.
  const int64_t reach_y = int64_t{p.output_h - 1} * p.stride_h + int64_t{p.filter_h - 1} * p.dilation_h;
  const int64_t reach_x = int64_t{p.output_w - 1} * p.stride_w + int64_t{p.filter_w - 1} * p.dilation_w;
  if (!fits_int32(out_c) || !fits_int32(input_elements) || !fits_int32(output_elements) ||
      !fits_int32(filter_elements) || !fits_int32(reach_y) || !fits_int32(reach_x)) {
    return Status::kBadShape;
  }
  return Status::kOk;
}

// scan_channels false: the caller scans multiplier and shift itself (the .dsp variants, whose one
// pass also chooses their output stage: depthwise::check_s8_but_channels).
Status check_quant(const DepthwiseConvParams& p, const int32_t* multiplier, const int32_t* shift, int32_t type_min,
                   int32_t type_max, int32_t max_shift, bool scan_channels = true) {
  if (p.activation_min > p.activation_max || p.activation_min < type_min || p.activation_max > type_max) {
    return Status::kBadParameter;
  }
  if (p.output_offset < type_min || p.output_offset > type_max) return Status::kBadParameter;
  // A scratch_prepared call repeats an earlier call of the same run with the same tensors (a row
  // band of run_rows_in_place), whose check already scanned these arrays: the per-channel scan is
  // once per layer, not once per band (KWS's 25x5x64 layers: 13 bands, two checks each).
  if (p.scratch_prepared || !scan_channels) return Status::kOk;
  const int32_t out_c = p.output_c();
  for (int32_t c = 0; c < out_c; ++c) {
    if (multiplier[c] < 0 || shift[c] < -31 || shift[c] > max_shift) return Status::kBadParameter;
  }
  return Status::kOk;
}

template <typename Args>
Status check_common(const DepthwiseConvParams& p, const Args& a) {
  if (a.input == nullptr || a.filter == nullptr || a.output == nullptr || a.output_multiplier == nullptr ||
      a.output_shift == nullptr) {
    return Status::kNullPointer;
  }
  return check_shape(p);
}

}  // namespace

namespace {
Status check_s8(const DepthwiseConvParams& p, const DepthwiseConvS8Args& a, bool scan_channels) {
  Status s = check_common(p, a);
  if (s != Status::kOk) return s;
  if (p.input_offset < -127 || p.input_offset > 128) return Status::kBadParameter;
  if (p.has_prepared_records && a.prepared_records == nullptr) return Status::kNullPointer;
  return check_quant(p, a.output_multiplier, a.output_shift, INT8_MIN, INT8_MAX, 30, scan_channels);
}
}  // namespace

Status depthwise_conv_check(const DepthwiseConvParams& p, const DepthwiseConvS8Args& a) { return check_s8(p, a, true); }

Status depthwise::check_s8_but_channels(const DepthwiseConvParams& p, const DepthwiseConvS8Args& a) {
  return check_s8(p, a, false);
}

Status depthwise_conv_check(const DepthwiseConvParams& p, const DepthwiseConvS4Args& a) {
  Status s = check_common(p, a);
  if (s != Status::kOk) return s;
  if (p.input_offset < -127 || p.input_offset > 128) return Status::kBadParameter;
  if (p.has_prepared_records && a.prepared_records == nullptr) return Status::kNullPointer;
  return check_quant(p, a.output_multiplier, a.output_shift, INT8_MIN, INT8_MAX, 30);
}

Status depthwise_conv_check(const DepthwiseConvParams& p, const DepthwiseConvS16Args& a) {
  Status s = check_common(p, a);
  if (s != Status::kOk) return s;
  if (p.input_offset != 0) return Status::kBadParameter;  // TFLite 16x8: symmetric activations
  // The 64-bit requantization shifts right by 15 - shift, which must stay >= 1.
  return check_quant(p, a.output_multiplier, a.output_shift, INT16_MIN, INT16_MAX, 14);
}

}  // namespace cmnn
