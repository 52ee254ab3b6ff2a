// Helpers the op files share: constant arrays from model tensors, type checks, per-channel
// rescale arrays, and wiring a layer's tensors. Everything here throws Unsupported (a valid model
// cmnn cannot run) or ImportError (an invalid model), never crashes on a hostile file.
#pragma once
#include <string>
#include <vector>

#include "graph/derive.h"
#include "ops/op_registry.h"

namespace cmnn::tool::ops {

using tflite::TensorType;

const char* type_name(TensorType t);  // "int8", "int16", ...
// Unsupported unless the tensor has this type.
void require_type(const GraphTensor& t, TensorType type, const char* role);
// "int8", "int16x8" ... for messages.
std::string types_text(const LowerContext& ctx);

// Constant array of a model constant tensor, with its file type (int8 / int16 / int32 / int64 /
// uint8 for packed int4); Unsupported when the tensor is not constant or has another type.
ConstArray tensor_constant(const Graph& g, int tensor, TensorType type, const std::string& role);
ConstArray int8_constant(const Graph& g, int tensor, const std::string& role);
ConstArray int32_constant(const Graph& g, int tensor, const std::string& role);
template <typename T>
ConstArray values(const std::string& role, const std::vector<T>& v) { return ConstArray::of(role, v); }

// Per-channel multipliers/shifts (a per-tensor pair repeated when the kernel wants one per channel).
void add_rescale(Layer& l, const OutputRescale& r, size_t channels);

// Integer values of a small constant operand (axes, paddings, perm, begin/end ...): int32 or int64.
std::vector<int64_t> constant_ints(const GraphTensor& t, const char* role);

// Per-tensor activation quantization (scale, zero point); Unsupported when absent or per-channel.
struct Quant {
  float scale = 0.0f;
  int32_t zero_point = 0;
};
Quant activation_quant(const GraphTensor& t, const char* role);

// Type limits for activation ranges.
int32_t type_min(TensorType t);
int32_t type_max(TensorType t);

// True when the cost table (select/variant_cost.h) has both variants on the target and puts `a`
// below `b` for a layer of `macs` MACs writing `outputs` elements; false without an estimate (the
// host, cores without a fit or stand-in).
bool costs_less(Target target, const Choice& a, const Choice& b, int64_t macs, int64_t outputs);

// The layer of a two-input elementwise op: same-typed int8/int16 inputs broadcasting (up to 6-D)
// to the output; fills the padded 6-D shapes; in place only when neither input broadcasts.
Layer& broadcast_binary_layer(LowerContext& ctx, int32_t* d1, int32_t* d2, int32_t* dout, bool* is_int16);

}  // namespace cmnn::tool::ops
