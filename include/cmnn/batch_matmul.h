// Batch matrix multiply of TFLite's quantization (BATCH_MATMUL; CMSIS-NN arm_batch_matmul_s8/s16):
// out[b][h][r][c] = clamp(rq(sum_k (lhs[b][h][r][k] + lhs_offset) * (rhs_t[b][h][c][k] + rhs_offset))
//                   + output_offset), with the right-hand side given TRANSPOSED (rows = output
// columns), as CMSIS-NN takes it; a caller with adj_x / adj_y transposes beforehand. The two
// batch dimensions broadcast (a size of 1 against the other side's). int8: int32 accumulation and
// MultiplyByQuantizedMultiplier; int16: zero offsets, int64 accumulation, TFLite's 64-bit requantize.
#pragma once
#include <cstdint>

#include "cmnn/op_api.h"

namespace cmnn {

struct BatchMatmulParams {
  int32_t lhs_batch = 1, lhs_height = 1;  // outer batch dimensions of lhs
  int32_t rhs_batch = 1, rhs_height = 1;  // and of rhs_t
  int32_t rows = 0, cols = 0, depth = 0;  // lhs [rows][depth], rhs_t [cols][depth], out [rows][cols]
  int32_t lhs_offset = 0, rhs_offset = 0, output_offset = 0;
  int32_t output_multiplier = 0, output_shift = 0;
  int32_t activation_min = -128, activation_max = 127;
  // Operands stored depth-major (TFLite adj_x = true: lhs [depth][rows]; adj_y = false: rhs
  // [depth][cols], i.e. rhs_t's transpose): read with a stride instead of transposed beforehand.
  // Only the reference variants take them.
  bool lhs_depth_major = false;
  bool rhs_depth_major = false;
};

template <typename T>
struct BatchMatmulArgs {
  const T* lhs = nullptr;    // [lhs_batch][lhs_height][rows][depth] ([depth][rows] when lhs_depth_major)
  const T* rhs_t = nullptr;  // [rhs_batch][rhs_height][cols][depth] ([depth][cols] when rhs_depth_major)
  T* output = nullptr;       // [max batch][max height][rows][cols]
};

CMNN_DECLARE_OP_TABLE(batch_matmul_s8, BatchMatmulParams, BatchMatmulArgs<int8_t>)
CMNN_DECLARE_OP_TABLE(batch_matmul_s16, BatchMatmulParams, BatchMatmulArgs<int16_t>)

}  // namespace cmnn
