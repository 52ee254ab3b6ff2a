// GATHER of 1- or 2-byte elements (TFLite GATHER with axis and batch_dims; TFLM 90b983c2 serves
// int8 input with int32 indices only, int64 indices are accepted here as TFLite does).
// The input is seen as [batch][outer][axis][inner] and the indices as [batch][coords]; output
// [batch][outer][coords][inner] takes row indices[batch][coord] of the axis:
//   output[b][o][k][:] = input[b][o][indices[b * coords + k]][:]
// The check reads every index and rejects one outside [0, axis) (TFLM leaves that undefined).
#pragma once
#include <cstdint>

#include "cmnn/op_api.h"

namespace cmnn {

struct GatherParams {
  int32_t batch = 1;          // product of input dims [0, batch_dims)
  int32_t outer = 1;          // product of input dims [batch_dims, axis)
  int32_t axis_size = 1;      // input dim axis
  int32_t inner = 1;          // product of input dims after axis
  int32_t coords = 1;         // product of index dims [batch_dims, index rank)
  int32_t element_bytes = 1;  // 1 (int8) or 2 (int16)
  int32_t index_bytes = 4;    // 4: Args::indices, 8: Args::indices_i64
};

struct GatherArgs {
  const int8_t* input = nullptr;         // raw bytes, batch*outer*axis_size*inner elements
  const int32_t* indices = nullptr;      // batch*coords, when index_bytes == 4
  const int64_t* indices_i64 = nullptr;  // batch*coords, when index_bytes == 8
  int8_t* output = nullptr;              // batch*outer*coords*inner elements
};

CMNN_DECLARE_OP_TABLE(gather, GatherParams, GatherArgs)

// Host helper: TFLite GATHER attributes -> Params and output shape (*out_rank = in_rank +
// idx_rank - 1 - batch_dims entries, at most 8). axis and batch_dims may be negative (TFLite rules).
Status gather_plan(int32_t in_rank, const int32_t* in_shape, int32_t idx_rank, const int32_t* idx_shape,
                   int32_t axis, int32_t batch_dims, int32_t element_bytes, int32_t index_bytes, GatherParams* p,
                   int32_t* out_shape, int32_t* out_rank);

}  // namespace cmnn
