// The operator registry: one line per operator file under ops/ (the order does not matter).
#include "ops/op_registry.h"

namespace cmnn::tool {

namespace ops {
extern const OpDef kConv2d, kDepthwiseConv2d, kFullyConnected, kAveragePool2d, kMaxPool2d, kAdd, kMul, kSoftmax,
    kReshape, kSqueeze, kExpandDims, kLstm;
// Data movement (movement.h): copy_nd, gather, resize, space/batch, pad.
extern const OpDef kSlice, kStridedSlice, kTranspose, kBroadcastTo, kSplit, kSplitV, kUnpack, kPack, kConcatenation,
    kDepthToSpace, kSpaceToDepth, kGather, kBatchToSpaceNd, kSpaceToBatchNd, kResizeNearestNeighbor, kResizeBilinear,
    kPad, kPadV2;
}  // namespace ops

const std::vector<OpDef>& op_registry() {
  static const std::vector<OpDef> all = {
      ops::kConv2d, ops::kDepthwiseConv2d, ops::kFullyConnected, ops::kAveragePool2d, ops::kMaxPool2d, ops::kAdd,
      ops::kMul,    ops::kSoftmax,         ops::kReshape,        ops::kSqueeze,       ops::kExpandDims,  ops::kLstm,
      ops::kSlice, ops::kStridedSlice, ops::kTranspose, ops::kBroadcastTo, ops::kSplit, ops::kSplitV, ops::kUnpack,
      ops::kPack, ops::kConcatenation, ops::kDepthToSpace, ops::kSpaceToDepth, ops::kGather, ops::kBatchToSpaceNd,
      ops::kSpaceToBatchNd, ops::kResizeNearestNeighbor, ops::kResizeBilinear, ops::kPad, ops::kPadV2,
  };
  return all;
}

const OpDef* find_op(int32_t builtin_code) {
  for (const OpDef& d : op_registry()) {
    if (d.builtin_code == builtin_code) return &d;
  }
  return nullptr;
}

}  // namespace cmnn::tool
