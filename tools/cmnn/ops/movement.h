// Helpers shared by the data-movement op files (SLICE, STRIDED_SLICE, TRANSPOSE, BROADCAST_TO,
// SPLIT, SPLIT_V, UNPACK, PACK, CONCATENATION, DEPTH_TO_SPACE, SPACE_TO_DEPTH, GATHER,
// BATCH_TO_SPACE_ND, SPACE_TO_BATCH_ND, RESIZE_*, PAD, PADV2): element sizes, the "same
// quantization in and out" rule, shape checks against the model, and one copy_nd layer.
// Everything throws Unsupported (valid model cmnn cannot run) or ImportError (invalid model).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "cmnn/copy_nd.h"
#include "ops/op_support.h"

namespace cmnn::tool::ops {

// 1 for int8, 2 for int16; Unsupported for any other type.
int32_t element_bytes(const GraphTensor& t, const char* role);
// Unsupported unless `b` has a's type and the same per-tensor quantization (scale and zero point):
// the data-movement kernels copy bytes and cannot requantize (TFLM requires it for int8).
void require_same_quant(const GraphTensor& a, const GraphTensor& b, const char* what);
// The tensor's shape; Unsupported when its rank exceeds max_rank.
std::vector<int32_t> shape_of(const GraphTensor& t, size_t max_rank, const char* role);
// ImportError unless t's shape is `shape` (the model's output tensor disagrees with the operator).
void require_shape(const GraphTensor& t, const std::vector<int32_t>& shape, const char* role);
// Integer values of a constant operand narrowed to int32 (Unsupported when not constant,
// ImportError when a value does not fit or when count >= 0 and the element count differs).
std::vector<int32_t> constant_i32(const GraphTensor& t, const char* role, long count = -1);
// Unsupported "<what>: <status>" unless s is kOk (a plan helper refused the attributes).
void check_plan(Status s, const std::string& what);
// Appends a copy_nd layer reading tensor `input` and writing tensor `output` (several layers may
// write boxes of one output: CONCATENATION, PACK). Checks the Params' element counts against the
// tensors so that the kernel's own bounds check covers the real buffers.
Layer& add_copy_layer(LowerContext& ctx, int input, int output, const ::cmnn::CopyNdParams& p);
// Appends a copy_nd layer that fills all of tensor `output` with one element (the constant array
// `role` of the layer, element_bytes bytes): PAD beyond the 4-D pad kernels, before the interior copy.
Layer& add_fill_layer(LowerContext& ctx, int output, const std::vector<uint8_t>& element, int32_t element_bytes);

}  // namespace cmnn::tool::ops
