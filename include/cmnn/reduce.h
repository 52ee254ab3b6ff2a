// Reductions and scans over tensor axes (TFLM 90b983c2 reduce.cc / reduce_common.cc,
// arg_min_max.cc, cumsum.cc reference arithmetic):
//   mean_s8 / mean_s16     out = clamp(rq(sum - zp_in * n, multiplier, shift) + zp_out); the 1/n of
//                          the mean is folded into multiplier/shift by mean_params exactly as TFLM's
//                          QuantizedMeanOrSum does (n = number of reduced elements)
//   sum_s8 / sum_s16       the same without the 1/n (sum_params)
//   reduce_max_s8 / reduce_min_s8  max / min over the axes (input and output share quantization)
//   arg_max_s8 / arg_min_s8 (int32 indices), arg_max_s8_i64 / arg_min_s8_i64 (int64 indices):
//                          index of the first maximum / minimum along one axis
//   cumsum_s8              running sum along one axis, exclusive / reverse options
// Shapes are row-major (outermost first); rank up to kMaxReduceRank. int16 zero points are 0.
#pragma once
#include <cstdint>

#include "cmnn/op_api.h"

namespace cmnn {

constexpr int kMaxReduceRank = 6;

// MEAN and SUM. The output holds the kept dimensions in order (keep_dims only changes the output's
// shape, not its layout), so keep_dims is not a kernel parameter.
struct MeanSumParams {
  int32_t dims[kMaxReduceRank] = {1, 1, 1, 1, 1, 1};  // input shape padded with leading 1s
  uint32_t axis_mask = 0;          // bit d set: dims[d] is reduced (bits 0..5)
  int32_t input_zero_point = 0;    // int8 [-128, 127]; int16 0
  int32_t output_zero_point = 0;
  int32_t multiplier = 0;          // final Q31 multiplier (MEAN: already divided by n, may be < 2^30)
  int32_t shift = 0;               // final shift, [-31, 30], positive = left
};

// REDUCE_MAX / REDUCE_MIN (int8 only in TFLM).
struct ReduceMinMaxParams {
  int32_t dims[kMaxReduceRank] = {1, 1, 1, 1, 1, 1};
  uint32_t axis_mask = 0;
};

// ARG_MAX / ARG_MIN over one axis: the input viewed as [outer, axis_size, inner]; the output is
// [outer, inner]. Ties resolve to the lowest index (TFLite compares with > / <).
struct ArgMinMaxParams {
  int32_t outer = 1;      // product of the dimensions before the axis
  int32_t axis_size = 1;  // the reduced dimension
  int32_t inner = 1;      // product of the dimensions after the axis
};

// CUMSUM int8 along one axis viewed as [outer, axis_size, inner] (TFLite's ArithmeticParams with
// left_shift 20; note TFLM starts every running sum at rescale(input_offset), which cumsum_params
// and the kernel reproduce).
struct CumsumParams {
  int32_t outer = 1, axis_size = 1, inner = 1;
  bool exclusive = false;  // output i holds the sum of the elements before i (the start value first)
  bool reverse = false;    // sum from the end of the axis
  int32_t input_offset = 0;      // -input zero point, [-127, 128]
  int32_t input_multiplier = 0;  // Q31
  int32_t input_shift = 0;       // <= 0
  int32_t left_shift = 20;
  int32_t output_offset = 0;     // output zero point
  int32_t output_multiplier = 0; // Q31
  int32_t output_shift = 0;      // <= 0
  int32_t activation_min = -128, activation_max = 127;
};

template <typename T>
struct ReduceArgs {
  const T* input = nullptr;
  T* output = nullptr;
};

template <typename Index>
struct ArgMinMaxArgs {
  const int8_t* input = nullptr;
  Index* output = nullptr;  // int32_t or int64_t indices
};

// Host-side helpers (the single place of these derivations). shape/rank: the input tensor;
// axes: the axis operand's values (negative counts from the end, duplicates ignored as TFLite's
// ResolveAxis does). Return kBadShape for rank > 6, a non-positive dimension or an axis out of range.
// mean_params / sum_params: TFLM PrepareMeanOrSumHelper (real multiplier = input_scale / output_scale
// in double, QuantizeMultiplier), plus for MEAN QuantizedMeanOrSum's division by n. Same for int8/int16.
Status mean_params(const int32_t* shape, int32_t rank, const int32_t* axes, int32_t num_axes, float input_scale,
                   int32_t input_zero_point, float output_scale, int32_t output_zero_point, MeanSumParams* params);
Status sum_params(const int32_t* shape, int32_t rank, const int32_t* axes, int32_t num_axes, float input_scale,
                  int32_t input_zero_point, float output_scale, int32_t output_zero_point, MeanSumParams* params);
Status reduce_min_max_params(const int32_t* shape, int32_t rank, const int32_t* axes, int32_t num_axes,
                             ReduceMinMaxParams* params);
// axis: the axis operand's single value (negative counts from the end).
Status arg_min_max_params(const int32_t* shape, int32_t rank, int32_t axis, ArgMinMaxParams* params);
// cumsum.cc CalculateOpData: input multiplier from input_scale / (2 * input_scale), output from
// 2 * input_scale / (2^20 * output_scale), activation range = int8 range.
Status cumsum_params(const int32_t* shape, int32_t rank, int32_t axis, bool exclusive, bool reverse,
                     float input_scale, int32_t input_zero_point, float output_scale, int32_t output_zero_point,
                     CumsumParams* params);

CMNN_DECLARE_OP_TABLE(mean_s8, MeanSumParams, ReduceArgs<int8_t>)
CMNN_DECLARE_OP_TABLE(mean_s16, MeanSumParams, ReduceArgs<int16_t>)
CMNN_DECLARE_OP_TABLE(sum_s8, MeanSumParams, ReduceArgs<int8_t>)
CMNN_DECLARE_OP_TABLE(sum_s16, MeanSumParams, ReduceArgs<int16_t>)
CMNN_DECLARE_OP_TABLE(reduce_max_s8, ReduceMinMaxParams, ReduceArgs<int8_t>)
CMNN_DECLARE_OP_TABLE(reduce_min_s8, ReduceMinMaxParams, ReduceArgs<int8_t>)
CMNN_DECLARE_OP_TABLE(arg_max_s8, ArgMinMaxParams, ArgMinMaxArgs<int32_t>)
CMNN_DECLARE_OP_TABLE(arg_min_s8, ArgMinMaxParams, ArgMinMaxArgs<int32_t>)
CMNN_DECLARE_OP_TABLE(arg_max_s8_i64, ArgMinMaxParams, ArgMinMaxArgs<int64_t>)
CMNN_DECLARE_OP_TABLE(arg_min_s8_i64, ArgMinMaxParams, ArgMinMaxArgs<int64_t>)
CMNN_DECLARE_OP_TABLE(cumsum_s8, CumsumParams, ReduceArgs<int8_t>)

}  // namespace cmnn
