// Kernel parameters of each operator, derived from the model exactly as TFLite(-Micro) prepares
// them. These are what kernel selection, code generation and the tests consume: everything a
// cmnn kernel call needs except the tensors' memory.
// Conventions (those of CMSIS-NN and cmnn's kernels): offsets are input_offset = -input zero point,
// output_offset = +output zero point; shifts are positive-left; shapes are NHWC, conv filters OHWI,
// depthwise filters 1HW(C*multiplier).
#pragma once
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "graph/quant_math.h"
#include "import/tflite_schema.h"

namespace cmnn::tool {

struct Dims4 {
  int32_t n = 1, h = 1, w = 1, c = 1;
};

struct Window2d {
  int32_t filter_h = 1, filter_w = 1, stride_h = 1, stride_w = 1, dilation_h = 1, dilation_w = 1;
  tflite::Padding padding = tflite::Padding::kValid;
  int32_t pad_top = 0, pad_left = 0, pad_bottom = 0, pad_right = 0;
};

// Per output channel (one entry when per-tensor).
struct OutputRescale {
  std::vector<int32_t> multiplier;
  std::vector<int32_t> shift;
  bool per_channel = false;
};

struct ConvParams {  // CONV_2D and DEPTHWISE_CONV_2D
  bool depthwise = false;
  Dims4 input, output;
  int32_t filter_h = 1, filter_w = 1, depth_multiplier = 1;
  Window2d window;
  int32_t input_offset = 0, filter_offset = 0, output_offset = 0;
  tflite::Activation activation = tflite::Activation::kNone;
  ActivationRange act;
  OutputRescale rescale;
  int filter_tensor = -1, bias_tensor = -1;  // -1 = no bias
  int64_t macs = 0, weight_bytes = 0;
};

struct FullyConnectedParams {
  int32_t batches = 1, accum_depth = 0, units = 0;
  int32_t input_offset = 0, filter_offset = 0, output_offset = 0;
  tflite::Activation activation = tflite::Activation::kNone;
  ActivationRange act;
  OutputRescale rescale;
  int filter_tensor = -1, bias_tensor = -1;
  bool keep_num_dims = false;
  int64_t macs = 0, weight_bytes = 0;
};

struct PoolParams {  // AVERAGE_POOL_2D and MAX_POOL_2D
  bool max = false;
  Dims4 input, output;
  Window2d window;
  int32_t input_zero_point = 0, output_zero_point = 0;
  tflite::Activation activation = tflite::Activation::kNone;
  ActivationRange act;
};

struct SoftmaxParams {
  int32_t rows = 1, depth = 0;
  float beta = 1.0f;
  SoftmaxScaling scaling;
  int32_t input_zero_point = 0, output_zero_point = 0;
};

struct SvdfParams {  // int8 SVDF (TFLM svdf_common): two rescales, state in int16
  int32_t batches = 0, input_size = 0, num_filters = 0, num_units = 0, rank = 0, memory_size = 0;
  int32_t input_zero_point = 0, output_zero_point = 0, state_zero_point = 0;
  QuantizedMultiplier effective_scale_1;  // input * weights_feature / activation_state
  QuantizedMultiplier effective_scale_2;  // activation_state * weights_time / output
  tflite::Activation activation = tflite::Activation::kNone;
  tflite::TensorType state_type = tflite::TensorType::kInt16;
  int64_t macs = 0, weight_bytes = 0;
};

// One LSTM gate's two matrix products, rescaled to the gate's int16 pre-activation (scale 2^-12).
struct LstmGate {
  QuantizedMultiplier input;      // input_scale * input_weight_scale / 2^-12
  QuantizedMultiplier recurrent;  // hidden_scale * recurrent_weight_scale / 2^-12
  int input_weights = -1, recurrent_weights = -1, bias = -1;  // tensor indices
};

// UNIDIRECTIONAL_SEQUENCE_LSTM, int8 activations x int8 weights -> int16 cell (TFLM's integer LSTM:
// Keras-style, no peephole / projection / layer norm; PrepareGateParametersInteger).
struct LstmParams {
  int32_t batches = 0, time_steps = 0, input_size = 0, cell_size = 0, output_size = 0;
  bool time_major = false, cifg = false;
  tflite::Activation cell_activation = tflite::Activation::kTanh;
  float cell_clip = 0.0f;
  LstmGate gates[4];  // input, forget, cell, output (the input gate is unused with CIFG)
  int32_t input_offset = 0, hidden_offset = 0;  // -zero points of the input and the hidden (output) state
  int32_t hidden_zero_point = 0;
  QuantizedMultiplier forget_cell_mul;  // forget gate (2^-15) x cell (s_c) -> cell (s_c)
  QuantizedMultiplier input_mul;        // input gate (2^-15) x cell gate (2^-15) -> cell (s_c)
  QuantizedMultiplier output_mul;       // output gate (2^-15) x tanh(cell) (2^-15) -> hidden
  int32_t cell_state_scale_power = 0;   // s_c = 2^cell_state_scale_power
  int32_t quantized_cell_clip = 0;      // int16, 0 = no clipping
  int hidden_state = -1, cell_state = -1;
  int64_t macs = 0, weight_bytes = 0;
};

// Operators that are imported and listed but that cmnn cannot compile. `reason` says why
// (custom operator, float tensors, operator without a cmnn kernel ...).
// The reason of a node that computes in float (missing_ops_text folds them into one sentence).
inline constexpr const char* kFloatComputeReason = "float tensors (cmnn compiles full-integer quantized models)";

struct UnsupportedParams {
  std::string reason;
};

// Operators whose file under ops/ validates and derives everything while lowering (the registry's
// newer ops): nothing is derived in graph/.
struct DeferredParams {};

using OpParams = std::variant<UnsupportedParams, DeferredParams, ConvParams, FullyConnectedParams, PoolParams, SoftmaxParams,
                              SvdfParams, LstmParams>;

}  // namespace cmnn::tool
