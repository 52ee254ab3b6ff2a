// Host-side parameter derivations of the reductions, scans and arg ops, as TFLM 90b983c2's
// Prepare functions (and, for MEAN, QuantizedMeanOrSum's multiplier adjustment) compute them.
#include "cmnn/quant.h"
#include "cmnn/reduce.h"

namespace cmnn {

namespace {
// Pads shape to kMaxReduceRank (leading 1s) and sets the bits of the resolved axes.
Status resolve(const int32_t* shape, int32_t rank, const int32_t* axes, int32_t num_axes, int32_t* dims,
               uint32_t* mask) {
  if (rank < 0 || rank > kMaxReduceRank || num_axes < 0) return Status::kBadShape;
  if ((rank > 0 && shape == nullptr) || (num_axes > 0 && axes == nullptr)) return Status::kNullPointer;
  const int32_t pad = kMaxReduceRank - rank;
  for (int d = 0; d < kMaxReduceRank; ++d) {
    dims[d] = d < pad ? 1 : shape[d - pad];
    if (dims[d] <= 0) return Status::kBadShape;
  }
  *mask = 0;
  for (int32_t i = 0; i < num_axes; ++i) {
    const int32_t axis = axes[i] < 0 ? axes[i] + rank : axes[i];
    if (axis < 0 || axis >= rank) return Status::kBadShape;
    *mask |= 1u << (axis + pad);
  }
  return Status::kOk;
}

Status mean_or_sum(const int32_t* shape, int32_t rank, const int32_t* axes, int32_t num_axes, float input_scale,
                   int32_t input_zero_point, float output_scale, int32_t output_zero_point, bool mean,
                   MeanSumParams* p) {
  if (p == nullptr) return Status::kNullPointer;
  *p = MeanSumParams{};
  const Status s = resolve(shape, rank, axes, num_axes, p->dims, &p->axis_mask);
  if (s != Status::kOk) return s;
  p->input_zero_point = input_zero_point;
  p->output_zero_point = output_zero_point;
  int shift = 0;
  quantize_multiplier(static_cast<double>(input_scale) / static_cast<double>(output_scale), &p->multiplier, &shift);
  if (mean) {
    int64_t n = 1;  // reduced elements
    for (int d = 0; d < kMaxReduceRank; ++d) {
      if ((p->axis_mask >> d) & 1u) n *= p->dims[d];
    }
    // QuantizedMeanOrSum: fold 1/n into the multiplier with floor(log2 n) bits of headroom.
    int log2n = 0;
    while ((n >> (log2n + 1)) != 0) ++log2n;
    int extra = log2n < 32 ? log2n : 32;
    if (extra > 31 + shift) extra = 31 + shift;
    p->multiplier = static_cast<int32_t>((static_cast<int64_t>(p->multiplier) << extra) / n);
    shift -= extra;
  }
  p->shift = shift;
  return Status::kOk;
}
}  // namespace

Status mean_params(const int32_t* shape, int32_t rank, const int32_t* axes, int32_t num_axes, float input_scale,
                   int32_t input_zero_point, float output_scale, int32_t output_zero_point, MeanSumParams* params) {
  return mean_or_sum(shape, rank, axes, num_axes, input_scale, input_zero_point, output_scale, output_zero_point,
                     true, params);
}

Status sum_params(const int32_t* shape, int32_t rank, const int32_t* axes, int32_t num_axes, float input_scale,
                  int32_t input_zero_point, float output_scale, int32_t output_zero_point, MeanSumParams* params) {
  return mean_or_sum(shape, rank, axes, num_axes, input_scale, input_zero_point, output_scale, output_zero_point,
                     false, params);
}

Status reduce_min_max_params(const int32_t* shape, int32_t rank, const int32_t* axes, int32_t num_axes,
                             ReduceMinMaxParams* params) {
  if (params == nullptr) return Status::kNullPointer;
  *params = ReduceMinMaxParams{};
  return resolve(shape, rank, axes, num_axes, params->dims, &params->axis_mask);
}

namespace {
Status split_at_axis(const int32_t* shape, int32_t rank, int32_t axis, int32_t* outer, int32_t* axis_size,
                     int32_t* inner) {
  if (rank < 1 || rank > kMaxReduceRank) return Status::kBadShape;
  if (shape == nullptr) return Status::kNullPointer;
  const int32_t a = axis < 0 ? axis + rank : axis;
  if (a < 0 || a >= rank) return Status::kBadShape;
  int64_t before = 1, after = 1;
  for (int32_t d = 0; d < rank; ++d) {
    if (shape[d] <= 0) return Status::kBadShape;
    if (d < a) before *= shape[d];
    if (d > a) after *= shape[d];
  }
  if (before * shape[a] * after > INT32_MAX) return Status::kBadShape;
  *outer = static_cast<int32_t>(before);
  *axis_size = shape[a];
  *inner = static_cast<int32_t>(after);
  return Status::kOk;
}
}  // namespace

Status arg_min_max_params(const int32_t* shape, int32_t rank, int32_t axis, ArgMinMaxParams* params) {
  if (params == nullptr) return Status::kNullPointer;
  *params = ArgMinMaxParams{};
  return split_at_axis(shape, rank, axis, &params->outer, &params->axis_size, &params->inner);
}

Status cumsum_params(const int32_t* shape, int32_t rank, int32_t axis, bool exclusive, bool reverse,
                     float input_scale, int32_t input_zero_point, float output_scale, int32_t output_zero_point,
                     CumsumParams* params) {
  if (params == nullptr) return Status::kNullPointer;
  CumsumParams p;
  const Status s = split_at_axis(shape, rank, axis, &p.outer, &p.axis_size, &p.inner);
  if (s != Status::kOk) return s;
  p.exclusive = exclusive;
  p.reverse = reverse;
  p.input_offset = -input_zero_point;
  p.output_offset = output_zero_point;
  p.left_shift = 20;
  const double twice_max = 2 * static_cast<double>(input_scale);
  int shift = 0;
  quantize_multiplier(static_cast<double>(input_scale) / twice_max, &p.input_multiplier, &shift);
  p.input_shift = shift;
  quantize_multiplier(twice_max / ((1 << p.left_shift) * static_cast<double>(output_scale)), &p.output_multiplier,
                      &shift);
  p.output_shift = shift;
  p.activation_min = -128;
  p.activation_max = 127;
  *params = p;
  return Status::kOk;
}

}  // namespace cmnn
