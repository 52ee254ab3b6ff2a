#include "import/tflite_options.h"

#include <cstdarg>
#include <cstdio>

namespace cmnn::tool::tflite {

namespace {

Padding read_padding(const FbTable& t, int id) {
  const int8_t v = t.i8(id, 0);
  if (v != 0 && v != 1) throw ImportError("padding value " + std::to_string(v) + " is not SAME (0) or VALID (1)");
  return static_cast<Padding>(v);
}

Activation read_activation(const FbTable& t, int id) {
  const int8_t v = t.i8(id, 0);
  if (v < 0 || v > 5) throw ImportError("fused activation value " + std::to_string(v) + " is not a known activation");
  return static_cast<Activation>(v);
}

std::vector<int32_t> read_int_list(const FlatBuffer& fb, const FbTable& t, int id, const char* what) {
  const FbVector v = t.vector(id, 4, what);
  constexpr uint32_t kMaxListLength = 64;  // shapes and axis lists: rank is at most a handful
  if (v.size() > kMaxListLength) {
    throw ImportError(std::string(what) + ": " + std::to_string(v.size()) + " entries (limit " +
                      std::to_string(kMaxListLength) + ")");
  }
  std::vector<int32_t> out;
  out.reserve(v.size());
  for (uint32_t i = 0; i < v.size(); ++i) out.push_back(fb.vec_i32(v, i));
  return out;
}

}  // namespace

BuiltinOptions decode_builtin_options(const FlatBuffer& fb, uint8_t type, const FbTable& t) {
  namespace ot = options_type;
  if (type == ot::kNone) return NoOptions{};
  // An absent table means "all defaults": decode through an empty view that answers defaults.
  const bool present = t.valid();
  auto i32 = [&](int id, int32_t def) { return present ? t.i32(id, def) : def; };
  auto flag = [&](int id, bool def) { return present ? t.boolean(id, def) : def; };
  auto f32 = [&](int id, float def) { return present ? t.f32(id, def) : def; };
  auto pad = [&](int id) { return present ? read_padding(t, id) : Padding::kSame; };
  auto act = [&](int id) { return present ? read_activation(t, id) : Activation::kNone; };
  switch (type) {
    case ot::kConv2d:
      return Conv2DOptions{pad(0), i32(1, 0), i32(2, 0), act(3), i32(4, 1), i32(5, 1)};
    case ot::kDepthwiseConv2d:
      return DepthwiseConv2DOptions{pad(0), i32(1, 0), i32(2, 0), i32(3, 0), act(4), i32(5, 1), i32(6, 1)};
    case ot::kPool2d:
      return Pool2DOptions{pad(0), i32(1, 0), i32(2, 0), i32(3, 0), i32(4, 0), act(5)};
    case ot::kFullyConnected: {
      FullyConnectedOptions o;
      o.activation = act(0);
      o.weights_format = present ? t.i8(1, 0) : int8_t{0};
      o.keep_num_dims = flag(2, false);
      o.asymmetric_quantize_inputs = flag(3, false);
      o.quantized_bias_type = present ? t.i8(4, 0) : int8_t{0};
      return o;
    }
    case ot::kSoftmax: return SoftmaxOptions{f32(0, 0.0f)};
    case ot::kConcatenation: return ConcatenationOptions{i32(0, 0), act(1)};
    case ot::kAdd: return AddOptions{act(0), flag(1, true)};
    case ot::kSub: return SubOptions{act(0), flag(1, true)};
    case ot::kMul: return MulOptions{act(0)};
    case ot::kDiv: return DivOptions{act(0)};
    case ot::kReshape:
      return ReshapeOptions{present ? read_int_list(fb, t, 0, "reshape new_shape") : std::vector<int32_t>{}};
    case ot::kReducer: return ReducerOptions{flag(0, false)};
    case ot::kSqueeze:
      return SqueezeOptions{present ? read_int_list(fb, t, 0, "squeeze_dims") : std::vector<int32_t>{}};
    case ot::kStridedSlice:
      return StridedSliceOptions{i32(0, 0), i32(1, 0), i32(2, 0), i32(3, 0), i32(4, 0), flag(5, false)};
    case ot::kSvdf: return SvdfOptions{i32(0, 0), act(1), flag(2, false)};
    case ot::kUnidirectionalSequenceLstm:
      return UnidirectionalSequenceLstmOptions{act(0), f32(1, 0.0f), f32(2, 0.0f), flag(3, false), flag(4, false),
                                               flag(5, false)};
    case ot::kCast: {
      const int8_t in = present ? t.i8(0, 0) : int8_t{0};
      const int8_t out = present ? t.i8(1, 0) : int8_t{0};
      return CastOptions{static_cast<TensorType>(in), static_cast<TensorType>(out)};
    }
    case ot::kLeakyRelu: return LeakyReluOptions{f32(0, 0.0f)};
    case ot::kSpaceToDepth: case ot::kDepthToSpace: return BlockSizeOptions{i32(0, 0)};
    case ot::kGather: return GatherOptions{i32(0, 0), i32(1, 0)};
    case ot::kSplit: case ot::kSplitV: return SplitOptions{i32(0, 0)};
    case ot::kPack: return PackOptions{i32(0, 0), i32(1, 0)};
    case ot::kUnpack: return UnpackOptions{i32(0, 0), i32(1, 0)};
    case ot::kArgMax: case ot::kArgMin: {
      const int8_t v = present ? t.i8(0, 0) : int8_t{0};
      if (v < 0 || v > 17) throw ImportError("arg min/max output_type " + std::to_string(v) + " is not a tensor type");
      return ArgMinMaxOptions{static_cast<TensorType>(v)};
    }
    case ot::kResizeBilinear: return ResizeOptions{flag(2, false), flag(3, false)};  // ids 0, 1 deprecated
    case ot::kResizeNearestNeighbor: return ResizeOptions{flag(0, false), flag(1, false)};
    case ot::kTransposeConv: return TransposeConvOptions{pad(0), i32(1, 0), i32(2, 0), act(3)};
    case ot::kBatchMatMul: return BatchMatMulOptions{flag(0, false), flag(1, false), flag(2, false)};
    case ot::kCumsum: return CumsumOptions{flag(0, false), flag(1, false)};
    case ot::kL2Norm: return L2NormOptions{act(0)};
    case ot::kPadV2: case ot::kLogSoftmax: case ot::kSlice: case ot::kExpandDims: case ot::kSquaredDifference:
    case ot::kAbs: case ot::kBroadcastTo: case ot::kSpaceToBatchNd: case ot::kBatchToSpaceNd:
      return EmptyOptions{type};
    case ot::kPad: case ot::kTranspose: case ot::kDequantize: case ot::kQuantize: case ot::kMaximumMinimum:
    case ot::kHardSwish:
      return EmptyOptions{type};
    default: return UndecodedOptions{type};
  }
}

namespace {
std::string fmt(const char* format, ...) __attribute__((format(printf, 1, 2)));
std::string fmt(const char* format, ...) {
  char text[256];
  va_list args;
  va_start(args, format);
  std::vsnprintf(text, sizeof text, format, args);
  va_end(args);
  return text;
}
std::string list(const std::vector<int32_t>& v) {
  std::string s = "[";
  for (size_t i = 0; i < v.size(); ++i) s += (i ? "," : "") + std::to_string(v[i]);
  return s + "]";
}
}  // namespace

std::string describe_options(const BuiltinOptions& options) {
  struct Describe {
    std::string operator()(const NoOptions&) const { return ""; }
    std::string operator()(const EmptyOptions&) const { return ""; }
    std::string operator()(const UndecodedOptions& o) const { return fmt("options=union type %d (not decoded)", o.type); }
    std::string operator()(const Conv2DOptions& o) const {
      return fmt("padding=%s stride=%dx%d dilation=%dx%d act=%s", padding_name(o.padding), o.stride_h, o.stride_w,
                 o.dilation_h, o.dilation_w, activation_name(o.activation));
    }
    std::string operator()(const DepthwiseConv2DOptions& o) const {
      return fmt("padding=%s stride=%dx%d dilation=%dx%d depth_multiplier=%d act=%s", padding_name(o.padding),
                 o.stride_h, o.stride_w, o.dilation_h, o.dilation_w, o.depth_multiplier, activation_name(o.activation));
    }
    std::string operator()(const Pool2DOptions& o) const {
      return fmt("padding=%s filter=%dx%d stride=%dx%d act=%s", padding_name(o.padding), o.filter_h, o.filter_w,
                 o.stride_h, o.stride_w, activation_name(o.activation));
    }
    std::string operator()(const FullyConnectedOptions& o) const {
      return fmt("act=%s weights_format=%d keep_num_dims=%d", activation_name(o.activation), o.weights_format,
                 o.keep_num_dims ? 1 : 0);
    }
    std::string operator()(const SoftmaxOptions& o) const { return fmt("beta=%g", static_cast<double>(o.beta)); }
    std::string operator()(const ConcatenationOptions& o) const {
      return fmt("axis=%d act=%s", o.axis, activation_name(o.activation));
    }
    std::string operator()(const AddOptions& o) const { return fmt("act=%s", activation_name(o.activation)); }
    std::string operator()(const SubOptions& o) const { return fmt("act=%s", activation_name(o.activation)); }
    std::string operator()(const MulOptions& o) const { return fmt("act=%s", activation_name(o.activation)); }
    std::string operator()(const DivOptions& o) const { return fmt("act=%s", activation_name(o.activation)); }
    std::string operator()(const ReshapeOptions& o) const { return "new_shape=" + list(o.new_shape); }
    std::string operator()(const ReducerOptions& o) const { return fmt("keep_dims=%d", o.keep_dims ? 1 : 0); }
    std::string operator()(const SqueezeOptions& o) const { return "squeeze_dims=" + list(o.squeeze_dims); }
    std::string operator()(const StridedSliceOptions& o) const {
      return fmt("begin_mask=%d end_mask=%d ellipsis_mask=%d new_axis_mask=%d shrink_axis_mask=%d offset=%d",
                 o.begin_mask, o.end_mask, o.ellipsis_mask, o.new_axis_mask, o.shrink_axis_mask, o.offset ? 1 : 0);
    }
    std::string operator()(const SvdfOptions& o) const {
      return fmt("rank=%d act=%s", o.rank, activation_name(o.activation));
    }
    std::string operator()(const UnidirectionalSequenceLstmOptions& o) const {
      return fmt("act=%s cell_clip=%g proj_clip=%g time_major=%d", activation_name(o.activation),
                 static_cast<double>(o.cell_clip), static_cast<double>(o.proj_clip), o.time_major ? 1 : 0);
    }
    std::string operator()(const CastOptions& o) const {
      return fmt("in=%s out=%s", tensor_type_name(o.in_type), tensor_type_name(o.out_type));
    }
    std::string operator()(const LeakyReluOptions& o) const { return fmt("alpha=%g", static_cast<double>(o.alpha)); }
    std::string operator()(const BlockSizeOptions& o) const { return fmt("block_size=%d", o.block_size); }
    std::string operator()(const GatherOptions& o) const { return fmt("axis=%d batch_dims=%d", o.axis, o.batch_dims); }
    std::string operator()(const SplitOptions& o) const { return fmt("num_splits=%d", o.num_splits); }
    std::string operator()(const PackOptions& o) const { return fmt("values_count=%d axis=%d", o.values_count, o.axis); }
    std::string operator()(const UnpackOptions& o) const { return fmt("num=%d axis=%d", o.num, o.axis); }
    std::string operator()(const ArgMinMaxOptions& o) const { return fmt("output_type=%s", tensor_type_name(o.output_type)); }
    std::string operator()(const ResizeOptions& o) const {
      return fmt("align_corners=%d half_pixel_centers=%d", o.align_corners ? 1 : 0, o.half_pixel_centers ? 1 : 0);
    }
    std::string operator()(const TransposeConvOptions& o) const {
      return fmt("padding=%s stride=%dx%d act=%s", padding_name(o.padding), o.stride_h, o.stride_w, activation_name(o.activation));
    }
    std::string operator()(const BatchMatMulOptions& o) const { return fmt("adj_x=%d adj_y=%d", o.adj_x ? 1 : 0, o.adj_y ? 1 : 0); }
    std::string operator()(const CumsumOptions& o) const { return fmt("exclusive=%d reverse=%d", o.exclusive ? 1 : 0, o.reverse ? 1 : 0); }
    std::string operator()(const L2NormOptions& o) const { return fmt("act=%s", activation_name(o.activation)); }
  };
  return std::visit(Describe{}, options);
}

}  // namespace cmnn::tool::tflite
