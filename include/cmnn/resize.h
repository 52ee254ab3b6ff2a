// RESIZE_NEAREST_NEIGHBOR (1- or 2-byte elements) and RESIZE_BILINEAR (int8) of NHWC tensors,
// bit-exact with TFLM 90b983c2: nearest uses reference_ops::GetNearestNeighbor (float scale,
// floor, or round-half-away when align_corners; clamped to the input); bilinear uses
// reference_ops::ResizeBilinearInteger (scales in 1/1024 steps, weights in 1/2^20, rounding half
// away from zero: TFLM's default build without TFLITE_SINGLE_ROUNDING), which is what TFLM's
// resize_bilinear.cc calls for int8.
#pragma once
#include <cstdint>

#include "cmnn/op_api.h"

namespace cmnn {

struct ResizeParams {
  int32_t batches = 1;
  int32_t input_h = 1, input_w = 1;
  int32_t depth = 1;
  int32_t output_h = 1, output_w = 1;
  bool align_corners = false;
  bool half_pixel_centers = false;  // bilinear: not together with align_corners
  int32_t element_bytes = 1;        // nearest: 1 or 2; bilinear: 1 (int8)
};

struct ResizeArgs {
  const int8_t* input = nullptr;  // raw bytes [batches][input_h][input_w][depth]
  int8_t* output = nullptr;       // raw bytes [batches][output_h][output_w][depth]; must not overlap input
};

CMNN_DECLARE_OP_TABLE(resize_nearest, ResizeParams, ResizeArgs)
CMNN_DECLARE_OP_TABLE(resize_bilinear_s8, ResizeParams, ResizeArgs)

// Host helper: input shape (rank <= 4, extended to NHWC with leading 1s as TFLM does), the size
// operand (new height, width) and the options -> Params; out_shape gets 4 entries.
Status resize_plan(int32_t rank, const int32_t* in_shape, int32_t output_h, int32_t output_w, bool align_corners,
                   bool half_pixel_centers, int32_t element_bytes, ResizeParams* p, int32_t* out_shape);

}  // namespace cmnn
