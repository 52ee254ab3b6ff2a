// A TFLite model as stored in the file, decoded and structurally validated by read_model():
// every index is in range, every shape and quantization array is consistent, every constant
// buffer lies inside the file and matches its tensor's size. Meaning (what an operator
// computes, its kernel parameters) is the graph's business (graph/).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "import/tflite_options.h"
#include "import/tflite_schema.h"

namespace cmnn::tool::tflite {

struct Quantization {
  std::vector<float> min, max, scale;
  std::vector<int64_t> zero_point;
  int32_t quantized_dimension = 0;
  bool has_custom_details = false;  // QuantizationDetails present (cmnn does not support these)
  bool empty() const { return scale.empty() && zero_point.empty(); }
};

struct Tensor {
  std::string name;
  std::vector<int32_t> shape;
  std::vector<int32_t> shape_signature;
  TensorType type = TensorType::kFloat32;
  uint32_t buffer = 0;  // index into Model::buffers; 0 = the empty sentinel
  Quantization quantization;
  bool is_variable = false;
  bool is_sparse = false;
  int64_t element_count = 0;  // product of shape (1 for a scalar); checked to fit in int32
};

struct OperatorCode {
  int32_t builtin_code = 0;  // resolved: max(deprecated_builtin_code, builtin_code), as TFLite does
  int8_t deprecated_builtin_code = 0;
  int32_t extended_builtin_code = 0;
  std::string custom_code;
  int32_t version = 1;
};

struct Operator {
  uint32_t opcode_index = 0;
  std::vector<int32_t> inputs;   // -1 = optional input not given
  std::vector<int32_t> outputs;
  std::vector<int32_t> intermediates;
  uint8_t builtin_options_type = 0;
  BuiltinOptions builtin_options;
  size_t custom_options_offset = 0, custom_options_size = 0;  // byte range in Model::bytes
};

struct SubGraph {
  std::string name;
  std::vector<Tensor> tensors;
  std::vector<int32_t> inputs, outputs;
  std::vector<Operator> operators;
};

// A constant buffer: a byte range of Model::bytes (inside the flatbuffer, or after it for
// models over 2 GB that use offset/size).
struct Buffer {
  size_t offset = 0, size = 0;
  bool external = false;
};

struct Metadata {
  std::string name;
  uint32_t buffer = 0;
};

struct Model {
  std::vector<uint8_t> bytes;  // the whole file; buffers and custom options point into it
  uint32_t version = 0;
  std::string description;
  std::vector<OperatorCode> operator_codes;
  std::vector<SubGraph> subgraphs;
  std::vector<Buffer> buffers;
  std::vector<Metadata> metadata;

  const uint8_t* buffer_data(uint32_t index) const { return bytes.data() + buffers[index].offset; }
};

// Limits that keep a hostile file from costing more than a real model could.
struct ReadLimits {
  uint32_t max_rank = 8;
  uint32_t max_subgraphs = 64;
  uint64_t max_file_bytes = uint64_t{1} << 31;  // 2 GiB (the flatbuffer offset range)
  int64_t max_tensor_elements = int64_t{1} << 31;  // element counts stay below 2^31
  // Total bytes of names, shapes and arrays copied out of the file, as a multiple of the file size
  // (flatbuffers may share one object between many parents; this stops quadratic decoding).
  uint64_t decode_budget_factor = 16;
  uint64_t decode_budget_floor = uint64_t{64} << 20;
};

// Decodes and validates. Throws ImportError with a one-line message naming what and where
// ("subgraph 0: tensor 12 'conv1': buffer index 99 out of range (model has 40 buffers)").
Model read_model(std::vector<uint8_t> bytes, const ReadLimits& limits = {});

// Reads a file (at most limits.max_file_bytes) into memory and decodes it. Errors do not name the
// file; the caller prefixes it.
Model read_model_file(const std::string& path, const ReadLimits& limits = {});

}  // namespace cmnn::tool::tflite
