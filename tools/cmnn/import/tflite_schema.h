// The subset of the TFLite schema (tensorflow/lite/schema/schema.fbs, file identifier "TFL3") that
// cmnn reads: enum values and field ids as published. A field id counts every declared field,
// deprecated ones included; a union field takes two ids (type, then value).
#pragma once
#include <cstddef>
#include <cstdint>

namespace cmnn::tool::tflite {

inline constexpr const char* kFileIdentifier = "TFL3";

enum class TensorType : int8_t {
  kFloat32 = 0, kFloat16 = 1, kInt32 = 2, kUint8 = 3, kInt64 = 4, kString = 5, kBool = 6, kInt16 = 7,
  kComplex64 = 8, kInt8 = 9, kFloat64 = 10, kComplex128 = 11, kUint64 = 12, kResource = 13, kVariant = 14,
  kUint32 = 15, kUint16 = 16, kInt4 = 17,
};
const char* tensor_type_name(TensorType type);  // "INT8", ... or "TYPE(n)"
// Bytes per element; 0 for types without a fixed size (STRING, RESOURCE, VARIANT, INT4 packing).
size_t tensor_type_bytes(TensorType type);

// BuiltinOperator values this importer gives meaning to (the rest are named by builtin_operator_name).
namespace op {
inline constexpr int32_t kAdd = 0, kAveragePool2d = 1, kConcatenation = 2, kConv2d = 3, kDepthwiseConv2d = 4,
                         kDequantize = 6, kFullyConnected = 9, kLogistic = 14, kMaxPool2d = 17, kMul = 18,
                         kRelu = 19, kRelu6 = 21, kReshape = 22, kSoftmax = 25, kSvdf = 27, kTanh = 28,
                         kCustom = 32, kPad = 34, kTranspose = 39, kMean = 40, kSub = 41, kDiv = 42, kSqueeze = 43,
                         kUnidirectionalSequenceLstm = 44, kStridedSlice = 45, kCast = 53, kMaximum = 55,
                         kMinimum = 57, kQuantize = 114, kHardSwish = 117, kPlaceholderForGreaterOpCodes = 127,
                         kDepthToSpace = 5, kL2Normalization = 11, kReluN1To1 = 20, kResizeBilinear = 23,
                         kSpaceToDepth = 26, kGather = 36, kBatchToSpaceNd = 37, kSpaceToBatchNd = 38, kExp = 47,
                         kSplit = 49, kLogSoftmax = 50, kPrelu = 54, kArgMax = 56, kNeg = 59, kPadV2 = 60,
                         kSlice = 65, kTransposeConv = 67, kExpandDims = 70, kSum = 74, kRsqrt = 76, kArgMin = 79,
                         kReduceMax = 82, kPack = 83, kUnpack = 88, kReduceMin = 89, kResizeNearestNeighbor = 97,
                         kLeakyRelu = 98, kSquaredDifference = 99, kAbs = 101, kSplitV = 102, kElu = 111,
                         kBatchMatMul = 126, kCumsum = 128, kBroadcastTo = 130;
}  // namespace op
const char* builtin_operator_name(int32_t code);  // "CONV_2D", ... or "BUILTIN(n)" when unknown

enum class Padding : int8_t { kSame = 0, kValid = 1 };
enum class Activation : int8_t { kNone = 0, kRelu = 1, kReluN1To1 = 2, kRelu6 = 3, kTanh = 4, kSignBit = 5 };
const char* padding_name(Padding p);
const char* activation_name(Activation a);

// Field ids per table.
namespace field {
namespace model { inline constexpr int kVersion = 0, kOperatorCodes = 1, kSubgraphs = 2, kDescription = 3,
                                       kBuffers = 4, kMetadataBuffer = 5, kMetadata = 6, kSignatureDefs = 7; }
namespace operator_code { inline constexpr int kDeprecatedBuiltinCode = 0, kCustomCode = 1, kVersion = 2,
                                               kBuiltinCode = 3; }
namespace subgraph { inline constexpr int kTensors = 0, kInputs = 1, kOutputs = 2, kOperators = 3, kName = 4; }
namespace tensor { inline constexpr int kShape = 0, kType = 1, kBuffer = 2, kName = 3, kQuantization = 4,
                                        kIsVariable = 5, kSparsity = 6, kShapeSignature = 7, kHasRank = 8; }
namespace quantization { inline constexpr int kMin = 0, kMax = 1, kScale = 2, kZeroPoint = 3, kDetailsType = 4,
                                              kDetails = 5, kQuantizedDimension = 6; }
namespace operator_ { inline constexpr int kOpcodeIndex = 0, kInputs = 1, kOutputs = 2, kBuiltinOptionsType = 3,
                                           kBuiltinOptions = 4, kCustomOptions = 5, kCustomOptionsFormat = 6,
                                           kMutatingVariableInputs = 7, kIntermediates = 8,
                                           kLargeCustomOptionsOffset = 9, kLargeCustomOptionsSize = 10,
                                           kBuiltinOptions2Type = 11, kBuiltinOptions2 = 12; }
namespace buffer { inline constexpr int kData = 0, kOffset = 1, kSize = 2; }
namespace metadata { inline constexpr int kName = 0, kBuffer = 1; }
}  // namespace field

// BuiltinOptions union type ids (position in the union + 1; 0 = NONE).
namespace options_type {
inline constexpr uint8_t kNone = 0, kConv2d = 1, kDepthwiseConv2d = 2, kPool2d = 5, kSvdf = 6, kFullyConnected = 8,
                         kSoftmax = 9, kConcatenation = 10, kAdd = 11, kReshape = 17, kMul = 21, kPad = 22,
                         kTranspose = 26, kReducer = 27, kSub = 28, kDiv = 29, kSqueeze = 30, kStridedSlice = 32,
                         kCast = 37, kDequantize = 38, kMaximumMinimum = 39, kUnidirectionalSequenceLstm = 71,
                         kLeakyRelu = 75, kQuantize = 89, kHardSwish = 91, kL2Norm = 12, kResizeBilinear = 15,
                         kSpaceToDepth = 19, kGather = 23, kBatchToSpaceNd = 24, kSpaceToBatchNd = 25, kSplit = 35,
                         kLogSoftmax = 36, kArgMax = 40, kPadV2 = 43, kSlice = 48, kTransposeConv = 49,
                         kExpandDims = 52, kArgMin = 57, kPack = 59, kUnpack = 64, kResizeNearestNeighbor = 74,
                         kSquaredDifference = 76, kAbs = 78, kSplitV = 79, kDepthToSpace = 94, kBatchMatMul = 101,
                         kCumsum = 102, kBroadcastTo = 104;
}  // namespace options_type

}  // namespace cmnn::tool::tflite
