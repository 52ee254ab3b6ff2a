// Strided N-D box copy of 1- or 2-byte elements: the one kernel behind SLICE, STRIDED_SLICE,
// TRANSPOSE, BROADCAST_TO, SPLIT / SPLIT_V / UNPACK (one call per output), CONCATENATION / PACK
// (one call per input, writing its box of the output), DEPTH_TO_SPACE and SPACE_TO_DEPTH.
//
// For every index (i0 .. i{rank-1}) of the box dims[]:
//   output[out_offset + sum(i_d * out_strides[d])] = input[in_offset + sum(i_d * in_strides[d])]
// in elements of element_bytes bytes. in_strides may be negative (reversed strided slice) or 0
// (broadcast). The check rejects any box whose extreme indices fall outside [0, input_elements)
// or [0, output_elements). A box with a zero extent copies nothing.
//
// The plan helpers below turn TFLite operator attributes into Params on the host (pure functions,
// no allocation); each returns kOk or the Status the compiler should report, and the shape of the
// output tensor it writes. They merge dimensions the copy can treat as one, so the Params differ
// from a naive transcription but copy the same elements.
#pragma once
#include <cstdint>

#include "cmnn/op_api.h"

namespace cmnn {

constexpr int32_t kCopyNdMaxRank = 6;

struct CopyNdParams {
  int32_t rank = 1;                         // 1..6
  int32_t dims[kCopyNdMaxRank] = {1, 1, 1, 1, 1, 1};        // box extents, >= 0
  int32_t in_strides[kCopyNdMaxRank] = {0, 0, 0, 0, 0, 0};  // elements, any sign
  int32_t out_strides[kCopyNdMaxRank] = {0, 0, 0, 0, 0, 0}; // elements, any sign
  int32_t in_offset = 0;                    // element index of the box origin in the input
  int32_t out_offset = 0;                   // and in the output
  int32_t input_elements = 0;               // size of the input buffer, for the bounds check
  int32_t output_elements = 0;              // size of the output buffer
  int32_t element_bytes = 1;                // 1 (int8) or 2 (int16)
};

struct CopyNdArgs {
  const int8_t* input = nullptr;  // raw bytes of input_elements elements
  int8_t* output = nullptr;       // raw bytes of output_elements elements; must not overlap input
};

CMNN_DECLARE_OP_TABLE(copy_nd, CopyNdParams, CopyNdArgs)

// ---- Plan helpers (host side). Shapes are row-major (NHWC), rank <= 6 unless stated. ----

// Drops extent-1 dimensions and merges neighbours that are contiguous in both tensors.
// Every helper below already calls it; exposed for callers that fill Params themselves.
void copy_nd_simplify(CopyNdParams* p);

// SLICE: begin[d], size[d] per dimension, size -1 = to the end (TFLite). out_shape gets rank entries.
Status copy_nd_plan_slice(int32_t rank, const int32_t* in_shape, const int32_t* begin, const int32_t* size,
                          int32_t element_bytes, CopyNdParams* p, int32_t* out_shape);

// STRIDED_SLICE with TFLite's full mask semantics (begin/end/ellipsis/new_axis/shrink_axis masks,
// offset = end is relative to begin). count = length of begin/end/strides (the sparse spec).
// TFLM 90b983c2 implements only begin/end/shrink masks (it ignores ellipsis, new_axis and offset,
// and then rejects models whose output shape disagrees); with those three unset this is exactly
// TFLM's strided_slice_logic (StartForAxis/StopForAxis, output dim = ceil((stop-start)/stride)).
// out_shape receives *out_rank entries (<= 6): shrunk axes removed, new axes inserted as 1.
struct StridedSliceSpec {
  int32_t rank = 0;                    // input rank, 1..6
  int32_t shape[kCopyNdMaxRank] = {};  // input shape
  int32_t count = 0;                   // entries of begin/end/strides, 1..6 (+ new axes)
  int32_t begin[8] = {}, end[8] = {}, strides[8] = {};
  int32_t begin_mask = 0, end_mask = 0, ellipsis_mask = 0, new_axis_mask = 0, shrink_axis_mask = 0;
  bool offset = false;
  int32_t element_bytes = 1;
};
Status copy_nd_plan_strided_slice(const StridedSliceSpec& spec, CopyNdParams* p, int32_t* out_shape,
                                  int32_t* out_rank);

// TRANSPOSE: output dimension i is input dimension perm[i]; out_shape gets rank entries.
Status copy_nd_plan_transpose(int32_t rank, const int32_t* in_shape, const int32_t* perm, int32_t element_bytes,
                              CopyNdParams* p, int32_t* out_shape);

// BROADCAST_TO: in_shape is right-aligned against out_shape (in_rank <= out_rank); each input
// dimension must equal the output's or be 1.
Status copy_nd_plan_broadcast_to(int32_t in_rank, const int32_t* in_shape, int32_t out_rank,
                                 const int32_t* out_shape, int32_t element_bytes, CopyNdParams* p);

// SPLIT (size_splits = nullptr: num_outputs equal parts) and SPLIT_V (size_splits[num_outputs],
// at most one -1 = the rest): Params for output `index`. axis may be negative.
Status copy_nd_plan_split(int32_t rank, const int32_t* in_shape, int32_t axis, int32_t num_outputs,
                          const int32_t* size_splits, int32_t index, int32_t element_bytes, CopyNdParams* p,
                          int32_t* out_shape);

// UNPACK: output `index` of in_shape[axis] outputs; out_shape gets rank-1 entries.
Status copy_nd_plan_unpack(int32_t rank, const int32_t* in_shape, int32_t axis, int32_t index,
                           int32_t element_bytes, CopyNdParams* p, int32_t* out_shape);

// CONCATENATION: input k (shape in_shape, rank dims) written into the output at axis position
// axis_offset (sum of the axis sizes of inputs 0..k-1); output_axis_size = the output's axis size.
Status copy_nd_plan_concat(int32_t rank, const int32_t* in_shape, int32_t axis, int32_t axis_offset,
                           int32_t output_axis_size, int32_t element_bytes, CopyNdParams* p);

// PACK: input `index` of `count` inputs of shape in_shape (rank dims), stacked along output axis
// `axis` (-(rank+1) .. rank); out_shape gets rank+1 entries.
Status copy_nd_plan_pack(int32_t rank, const int32_t* in_shape, int32_t axis, int32_t index, int32_t count,
                         int32_t element_bytes, CopyNdParams* p, int32_t* out_shape);

// DEPTH_TO_SPACE / SPACE_TO_DEPTH of an NHWC tensor (in_shape has 4 entries), TFLite's DCR order.
Status copy_nd_plan_depth_to_space(const int32_t* in_shape, int32_t block_size, int32_t element_bytes,
                                   CopyNdParams* p, int32_t* out_shape);
Status copy_nd_plan_space_to_depth(const int32_t* in_shape, int32_t block_size, int32_t element_bytes,
                                   CopyNdParams* p, int32_t* out_shape);

}  // namespace cmnn
