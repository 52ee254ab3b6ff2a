// Builtin options of the operators cmnn knows, decoded from the BuiltinOptions union.
// Defaults are the schema's. Options of other union members are kept as "not decoded" (the
// operator is still listed and reported; nothing is dropped silently).
#pragma once
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "import/flatbuffer.h"
#include "import/tflite_schema.h"

namespace cmnn::tool::tflite {

struct NoOptions {};
struct UndecodedOptions { uint8_t type = 0; };  // a union member this importer does not read
struct Conv2DOptions {
  Padding padding = Padding::kSame;
  int32_t stride_w = 0, stride_h = 0;
  Activation activation = Activation::kNone;
  int32_t dilation_w = 1, dilation_h = 1;
};
struct DepthwiseConv2DOptions {
  Padding padding = Padding::kSame;
  int32_t stride_w = 0, stride_h = 0, depth_multiplier = 0;
  Activation activation = Activation::kNone;
  int32_t dilation_w = 1, dilation_h = 1;
};
struct Pool2DOptions {
  Padding padding = Padding::kSame;
  int32_t stride_w = 0, stride_h = 0, filter_w = 0, filter_h = 0;
  Activation activation = Activation::kNone;
};
struct FullyConnectedOptions {
  Activation activation = Activation::kNone;
  int8_t weights_format = 0;  // 0 DEFAULT, 1 SHUFFLED4x16INT8
  bool keep_num_dims = false, asymmetric_quantize_inputs = false;
  int8_t quantized_bias_type = 0;  // schema TensorType: 0 FLOAT32 (default), 2 INT32, 4 INT64
};
struct SoftmaxOptions { float beta = 0.0f; };
struct ConcatenationOptions { int32_t axis = 0; Activation activation = Activation::kNone; };
struct AddOptions { Activation activation = Activation::kNone; bool pot_scale_int16 = true; };
struct SubOptions { Activation activation = Activation::kNone; bool pot_scale_int16 = true; };
struct MulOptions { Activation activation = Activation::kNone; };
struct DivOptions { Activation activation = Activation::kNone; };
struct ReshapeOptions { std::vector<int32_t> new_shape; };
struct PadOptions {};
struct TransposeOptions {};
struct ReducerOptions { bool keep_dims = false; };
struct SqueezeOptions { std::vector<int32_t> squeeze_dims; };
struct StridedSliceOptions {
  int32_t begin_mask = 0, end_mask = 0, ellipsis_mask = 0, new_axis_mask = 0, shrink_axis_mask = 0;
  bool offset = false;
};
struct SvdfOptions { int32_t rank = 0; Activation activation = Activation::kNone; bool asymmetric_quantize_inputs = false; };
struct UnidirectionalSequenceLstmOptions {
  Activation activation = Activation::kNone;
  float cell_clip = 0.0f, proj_clip = 0.0f;
  bool time_major = false, asymmetric_quantize_inputs = false, diagonal_recurrent_tensors = false;
};
struct CastOptions { TensorType in_type = TensorType::kFloat32, out_type = TensorType::kFloat32; };
struct LeakyReluOptions { float alpha = 0.0f; };
struct EmptyOptions { uint8_t type = 0; };  // a known union member without fields (Quantize, Dequantize, ...)
struct BlockSizeOptions { int32_t block_size = 0; };          // DEPTH_TO_SPACE, SPACE_TO_DEPTH
struct GatherOptions { int32_t axis = 0, batch_dims = 0; };
struct SplitOptions { int32_t num_splits = 0; };             // SPLIT, SPLIT_V
struct PackOptions { int32_t values_count = 0, axis = 0; };
struct UnpackOptions { int32_t num = 0, axis = 0; };
struct ArgMinMaxOptions { TensorType output_type = TensorType::kFloat32; };
struct ResizeOptions { bool align_corners = false, half_pixel_centers = false; };  // RESIZE_BILINEAR / NEAREST_NEIGHBOR
struct TransposeConvOptions {
  Padding padding = Padding::kSame;
  int32_t stride_w = 0, stride_h = 0;
  Activation activation = Activation::kNone;
};
struct BatchMatMulOptions { bool adj_x = false, adj_y = false, asymmetric_quantize_inputs = false; };
struct CumsumOptions { bool exclusive = false, reverse = false; };
struct L2NormOptions { Activation activation = Activation::kNone; };  // a known union member without fields (Quantize, Dequantize, ...)

using BuiltinOptions =
    std::variant<NoOptions, UndecodedOptions, EmptyOptions, Conv2DOptions, DepthwiseConv2DOptions, Pool2DOptions,
                 FullyConnectedOptions, SoftmaxOptions, ConcatenationOptions, AddOptions, SubOptions, MulOptions,
                 DivOptions, ReshapeOptions, ReducerOptions, SqueezeOptions, StridedSliceOptions, SvdfOptions,
                 UnidirectionalSequenceLstmOptions, CastOptions, LeakyReluOptions, BlockSizeOptions, GatherOptions,
                 SplitOptions, PackOptions, UnpackOptions, ArgMinMaxOptions, ResizeOptions, TransposeConvOptions,
                 BatchMatMulOptions, CumsumOptions, L2NormOptions>;

// Decodes the table of union member `type` (an invalid table when the union value is absent).
// Throws ImportError on a malformed table or an out-of-range enum value.
BuiltinOptions decode_builtin_options(const FlatBuffer& fb, uint8_t type, const FbTable& table);

// "padding=SAME stride=2x2 ..." for listings; empty for options without fields.
std::string describe_options(const BuiltinOptions& options);

}  // namespace cmnn::tool::tflite
