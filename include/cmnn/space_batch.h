// BATCH_TO_SPACE_ND and SPACE_TO_BATCH_ND of 3-D (N,H,C: seen as N,H,1,C with block width 1) or
// 4-D NHWC tensors of 1- or 2-byte elements (TFLM 90b983c2 serves int8), as TFLM's reference:
//   batch_to_space: input batch ib = (sh * block_w + sw) * out_batch + ob;
//                   out (ob, ih*block_h + sh - crop_top, iw*block_w + sw - crop_left) = in (ib, ih, iw)
//                   (positions cropped away are skipped).
//   space_to_batch: output batch ob = (sh * block_w + sw) * in_batch + ib;
//                   out (ob, oh, ow) = in (ib, oh*block_h + sh - pad_top, ow*block_w + sw - pad_left)
//                   or pad_value where that falls in the padding.
// pad_value: TFLM 90b983c2 pads with SpaceToBatchParams::output_offset, which its micro kernel
// never sets (a zeroed persistent buffer): the oracle cases show 0, not the zero point.
// Pass 0 to match TFLM, or the output zero point for TensorFlow's semantics.
#pragma once
#include <cstdint>

#include "cmnn/op_api.h"

namespace cmnn {

struct SpaceBatchParams {
  int32_t input[4] = {1, 1, 1, 1};   // N, H, W, C
  int32_t output[4] = {1, 1, 1, 1};  // N, H, W, C (C equal)
  int32_t block_h = 1, block_w = 1;
  int32_t top = 0, left = 0;         // crops (batch_to_space) or paddings (space_to_batch) before H, W
  int32_t pad_value = 0;             // space_to_batch only; an element value (int8 or int16 range)
  int32_t element_bytes = 1;         // 1 or 2
};

struct SpaceBatchArgs {
  const int8_t* input = nullptr;  // raw bytes
  int8_t* output = nullptr;       // raw bytes; must not overlap input
};

CMNN_DECLARE_OP_TABLE(batch_to_space_nd, SpaceBatchParams, SpaceBatchArgs)
CMNN_DECLARE_OP_TABLE(space_to_batch_nd, SpaceBatchParams, SpaceBatchArgs)

// Host helpers: the input shape (rank 3 or 4), block_shape (rank-2 entries) and crops / paddings
// ([rank-2][2] row-major: before, after per spatial dim, as the TFLite operand) -> Params and the
// output shape (rank entries).
Status batch_to_space_nd_plan(int32_t rank, const int32_t* in_shape, const int32_t* block_shape,
                              const int32_t* crops, int32_t element_bytes, SpaceBatchParams* p, int32_t* out_shape);
Status space_to_batch_nd_plan(int32_t rank, const int32_t* in_shape, const int32_t* block_shape,
                              const int32_t* paddings, int32_t pad_value, int32_t element_bytes, SpaceBatchParams* p,
                              int32_t* out_shape);

}  // namespace cmnn
