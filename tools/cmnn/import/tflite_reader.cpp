// read_model(): flatbuffer -> tflite::Model with structural validation (see tflite_model.h).
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sys/stat.h>

#include "import/flatbuffer.h"
#include "import/tflite_model.h"

namespace cmnn::tool::tflite {

namespace {

// Runs f; an ImportError escaping it gets `context: ` in front.
template <typename F>
auto in_context(const std::string& context, F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const ImportError& e) {
    throw ImportError(context + ": " + e.what());
  }
}

std::string quoted(const std::string& name) {
  constexpr size_t kShown = 80;  // long TFLite names are ';'-joined op lists: keep error lines short
  std::string shown = name.size() > kShown ? name.substr(0, kShown) + "..." : name;
  for (char& c : shown) {
    if (static_cast<unsigned char>(c) < 32 || c == 127) c = '?';
  }
  return "'" + shown + "'";
}

class Decoder {
 public:
  Decoder(const FlatBuffer& fb, const ReadLimits& limits)
      : fb_(fb), limits_(limits),
        budget_(std::max<uint64_t>(limits.decode_budget_floor, fb.size() * limits.decode_budget_factor)) {}

  void decode(Model& model) {
    const FbTable root = fb_.root(kFileIdentifier);
    namespace f = field::model;
    model.version = root.u32(f::kVersion);
    model.description = str(root, f::kDescription, "description");

    in_context("buffers", [&] { decode_buffers(root.vector(f::kBuffers, 4, "buffers vector"), model); });
    in_context("operator codes", [&] { decode_codes(root.vector(f::kOperatorCodes, 4, "vector"), model); });
    const FbVector subgraphs = root.vector(f::kSubgraphs, 4, "subgraphs vector");
    if (subgraphs.empty()) throw ImportError("model has no subgraphs");
    if (subgraphs.size() > limits_.max_subgraphs) {
      throw ImportError("model claims " + std::to_string(subgraphs.size()) + " subgraphs (limit " +
                        std::to_string(limits_.max_subgraphs) + ")");
    }
    model.subgraphs.resize(subgraphs.size());
    for (uint32_t i = 0; i < subgraphs.size(); ++i) {
      in_context("subgraph " + std::to_string(i),
                 [&] { decode_subgraph(fb_.vec_table(subgraphs, i, "table"), model, model.subgraphs[i]); });
    }
    const FbVector metadata = root.vector(f::kMetadata, 4, "metadata vector");
    charge(uint64_t{metadata.size()} * sizeof(Metadata));
    for (uint32_t i = 0; i < metadata.size(); ++i) {
      in_context("metadata " + std::to_string(i), [&] {
        const FbTable t = fb_.vec_table(metadata, i, "table");
        Metadata m{str(t, field::metadata::kName, "name"), t.u32(field::metadata::kBuffer)};
        if (m.buffer >= model.buffers.size()) {
          throw ImportError(quoted(m.name) + ": buffer index " + std::to_string(m.buffer) + " out of range (model has " +
                            std::to_string(model.buffers.size()) + " buffers)");
        }
        model.metadata.push_back(std::move(m));
      });
    }
  }

 private:
  void charge(uint64_t bytes) {
    if (bytes > budget_) {
      throw ImportError("decoding needs more memory than a model of " + std::to_string(fb_.size()) +
                        " bytes can honestly need (objects shared many times?)");
    }
    budget_ -= bytes;
  }

  std::string str(const FbTable& t, int id, const char* what) {
    std::string s = t.string(id, what);
    charge(s.size() + 32);
    return s;
  }

  std::vector<int32_t> ints(const FbTable& t, int id, const char* what) {
    const FbVector v = t.vector(id, 4, what);
    charge(uint64_t{v.size()} * 4 + 32);
    std::vector<int32_t> out(v.size());
    for (uint32_t i = 0; i < v.size(); ++i) out[i] = fb_.vec_i32(v, i);
    return out;
  }

  std::vector<float> floats(const FbTable& t, int id, const char* what) {
    const FbVector v = t.vector(id, 4, what);
    charge(uint64_t{v.size()} * 4 + 32);
    std::vector<float> out(v.size());
    for (uint32_t i = 0; i < v.size(); ++i) out[i] = fb_.vec_f32(v, i);
    return out;
  }

  void decode_buffers(const FbVector& buffers, Model& model) {
    charge(uint64_t{buffers.size()} * sizeof(Buffer));
    model.buffers.resize(buffers.size());
    for (uint32_t i = 0; i < buffers.size(); ++i) {
      in_context("buffer " + std::to_string(i), [&] {
        const FbTable t = fb_.vec_table(buffers, i, "table");
        Buffer& b = model.buffers[i];
        const FbVector data = t.vector(field::buffer::kData, 1, "data");
        b.offset = data.start();
        b.size = data.size();
        const uint64_t offset = t.u64(field::buffer::kOffset);
        const uint64_t size = t.u64(field::buffer::kSize);
        if (offset > 1) {  // schema: "only valid if > 1"
          if (!data.empty()) throw ImportError("has both inline data and an external offset");
          if (offset > fb_.size() || size > fb_.size() - offset) {
            throw ImportError("external data at offset " + std::to_string(offset) + " of " + std::to_string(size) +
                              " bytes runs past the end of the file (" + std::to_string(fb_.size()) + " bytes)");
          }
          b.offset = static_cast<size_t>(offset);
          b.size = static_cast<size_t>(size);
          b.external = true;
        }
      });
    }
  }

  void decode_codes(const FbVector& codes, Model& model) {
    charge(uint64_t{codes.size()} * sizeof(OperatorCode));
    model.operator_codes.resize(codes.size());
    for (uint32_t i = 0; i < codes.size(); ++i) {
      in_context("operator code " + std::to_string(i), [&] {
        namespace f = field::operator_code;
        const FbTable t = fb_.vec_table(codes, i, "table");
        OperatorCode& c = model.operator_codes[i];
        c.deprecated_builtin_code = t.i8(f::kDeprecatedBuiltinCode);
        c.extended_builtin_code = t.i32(f::kBuiltinCode);
        c.custom_code = str(t, f::kCustomCode, "custom_code");
        c.version = t.i32(f::kVersion, 1);
        // TFLite's GetBuiltinCode: the larger of the two fields (old files only set the byte).
        c.builtin_code = std::max<int32_t>(c.deprecated_builtin_code, c.extended_builtin_code);
        if (c.builtin_code < 0) throw ImportError("negative builtin code " + std::to_string(c.builtin_code));
      });
    }
  }

  void decode_subgraph(const FbTable& t, const Model& model, SubGraph& sg) {
    namespace f = field::subgraph;
    sg.name = str(t, f::kName, "name");
    const FbVector tensors = t.vector(f::kTensors, 4, "tensors vector");
    charge(uint64_t{tensors.size()} * sizeof(Tensor));
    sg.tensors.resize(tensors.size());
    for (uint32_t i = 0; i < tensors.size(); ++i) {
      decode_tensor(fb_.vec_table(tensors, i, "tensor table"), i, model, sg.tensors[i]);
    }
    const auto tensor_count = static_cast<int64_t>(sg.tensors.size());
    auto check_indices = [&](const std::vector<int32_t>& list, const std::string& what, bool allow_optional) {
      for (size_t k = 0; k < list.size(); ++k) {
        const int32_t v = list[k];
        if ((v == -1 && allow_optional) || (v >= 0 && v < tensor_count)) continue;
        throw ImportError(what + " " + std::to_string(k) + ": tensor index " + std::to_string(v) +
                          " out of range (subgraph has " + std::to_string(tensor_count) + " tensors)");
      }
    };
    sg.inputs = ints(t, f::kInputs, "inputs");
    sg.outputs = ints(t, f::kOutputs, "outputs");
    check_indices(sg.inputs, "input", false);
    check_indices(sg.outputs, "output", false);

    const FbVector ops = t.vector(f::kOperators, 4, "operators vector");
    charge(uint64_t{ops.size()} * sizeof(Operator));
    sg.operators.resize(ops.size());
    for (uint32_t i = 0; i < ops.size(); ++i) {
      in_context("operator " + std::to_string(i), [&] {
        namespace fo = field::operator_;
        const FbTable ot = fb_.vec_table(ops, i, "table");
        Operator& op = sg.operators[i];
        op.opcode_index = ot.u32(fo::kOpcodeIndex);
        if (op.opcode_index >= model.operator_codes.size()) {
          throw ImportError("opcode index " + std::to_string(op.opcode_index) + " out of range (model has " +
                            std::to_string(model.operator_codes.size()) + " operator codes)");
        }
        op.inputs = ints(ot, fo::kInputs, "inputs");
        op.outputs = ints(ot, fo::kOutputs, "outputs");
        op.intermediates = ints(ot, fo::kIntermediates, "intermediates");
        check_indices(op.inputs, "input", true);
        check_indices(op.outputs, "output", false);
        check_indices(op.intermediates, "intermediate", false);
        op.builtin_options_type = ot.u8(fo::kBuiltinOptionsType);
        const FbTable options = ot.table(fo::kBuiltinOptions, "builtin options table");
        op.builtin_options = in_context("builtin options", [&] {
          return decode_builtin_options(fb_, op.builtin_options_type, options);
        });
        charge(256);  // options structs hold at most a short list, charged there
        const FbVector custom = ot.vector(fo::kCustomOptions, 1, "custom options");
        op.custom_options_offset = custom.start();
        op.custom_options_size = custom.size();
        const uint64_t large_offset = ot.u64(fo::kLargeCustomOptionsOffset);
        const uint64_t large_size = ot.u64(fo::kLargeCustomOptionsSize);
        if (large_offset > 1) {
          if (large_offset > fb_.size() || large_size > fb_.size() - large_offset) {
            throw ImportError("large custom options at offset " + std::to_string(large_offset) + " of " +
                              std::to_string(large_size) + " bytes run past the end of the file");
          }
          op.custom_options_offset = static_cast<size_t>(large_offset);
          op.custom_options_size = static_cast<size_t>(large_size);
        }
      });
    }
  }

  void decode_tensor(const FbTable& t, uint32_t index, const Model& model, Tensor& tensor) {
    namespace f = field::tensor;
    const std::string plain = "tensor " + std::to_string(index);
    tensor.name = in_context(plain, [&] { return str(t, f::kName, "name"); });
    in_context(plain + " " + quoted(tensor.name), [&] {
      tensor.shape = ints(t, f::kShape, "shape");
      tensor.shape_signature = ints(t, f::kShapeSignature, "shape_signature");
      if (tensor.shape.size() > limits_.max_rank || tensor.shape_signature.size() > limits_.max_rank) {
        throw ImportError("rank " + std::to_string(std::max(tensor.shape.size(), tensor.shape_signature.size())) +
                          " exceeds the limit of " + std::to_string(limits_.max_rank));
      }
      int64_t elements = 1;
      for (size_t d = 0; d < tensor.shape.size(); ++d) {
        const int32_t dim = tensor.shape[d];
        if (dim < 0) throw ImportError("shape dimension " + std::to_string(d) + " is negative (" + std::to_string(dim) + ")");
        elements *= dim;  // no overflow: each step is checked against a limit below 2^31
        if (elements > limits_.max_tensor_elements) {
          throw ImportError("shape has more than " + std::to_string(limits_.max_tensor_elements) + " elements");
        }
      }
      tensor.element_count = elements;
      const int8_t type = t.i8(f::kType);
      if (type < 0 || type > static_cast<int8_t>(TensorType::kInt4)) {
        throw ImportError("unknown tensor type " + std::to_string(type));
      }
      tensor.type = static_cast<TensorType>(type);
      tensor.buffer = t.u32(f::kBuffer);
      if (tensor.buffer >= model.buffers.size()) {
        throw ImportError("buffer index " + std::to_string(tensor.buffer) + " out of range (model has " +
                          std::to_string(model.buffers.size()) + " buffers)");
      }
      tensor.is_variable = t.boolean(f::kIsVariable);
      tensor.is_sparse = t.has(f::kSparsity);
      const FbTable q = t.table(f::kQuantization, "quantization table");
      if (q.valid()) in_context("quantization", [&] { decode_quantization(q, tensor); });
      check_buffer_size(model, tensor);
    });
  }

  void decode_quantization(const FbTable& q, Tensor& tensor) {
    namespace f = field::quantization;
    Quantization& qp = tensor.quantization;
    qp.min = floats(q, f::kMin, "min");
    qp.max = floats(q, f::kMax, "max");
    qp.scale = floats(q, f::kScale, "scale");
    const FbVector zp = q.vector(f::kZeroPoint, 8, "zero_point");
    charge(uint64_t{zp.size()} * 8 + 32);
    qp.zero_point.resize(zp.size());
    for (uint32_t i = 0; i < zp.size(); ++i) qp.zero_point[i] = fb_.vec_i64(zp, i);
    qp.quantized_dimension = q.i32(f::kQuantizedDimension);
    qp.has_custom_details = q.u8(f::kDetailsType) != 0;
    for (size_t i = 0; i < qp.scale.size(); ++i) {
      if (!std::isfinite(qp.scale[i]) || qp.scale[i] < 0.0f) {
        throw ImportError("scale " + std::to_string(i) + " is " + std::to_string(qp.scale[i]) +
                          " (must be finite and not negative)");
      }
    }
    if (!qp.zero_point.empty() && qp.zero_point.size() != qp.scale.size()) {
      throw ImportError(std::to_string(qp.scale.size()) + " scales but " + std::to_string(qp.zero_point.size()) +
                        " zero points");
    }
    if (qp.scale.size() > 1) {
      if (tensor.shape.size() == 1 && static_cast<int64_t>(qp.scale.size()) == tensor.shape[0]) {
        // Real converters write rank-1 per-channel biases with the filter's axis (person_detect.tflite
        // has quantized_dimension 3 on [8] biases); TFLM ignores it, so the only axis is meant.
        qp.quantized_dimension = 0;
      }
      const int32_t dim = qp.quantized_dimension;
      if (dim < 0 || static_cast<size_t>(dim) >= tensor.shape.size()) {
        throw ImportError("quantized_dimension " + std::to_string(dim) + " out of range for rank " +
                          std::to_string(tensor.shape.size()));
      }
      if (static_cast<int64_t>(qp.scale.size()) != tensor.shape[static_cast<size_t>(dim)]) {
        throw ImportError(std::to_string(qp.scale.size()) + " per-channel scales for dimension " +
                          std::to_string(dim) + " of size " + std::to_string(tensor.shape[static_cast<size_t>(dim)]));
      }
    }
  }

  void check_buffer_size(const Model& model, const Tensor& tensor) {
    const Buffer& b = model.buffers[tensor.buffer];
    if (b.size == 0 || tensor.is_sparse) return;
    uint64_t expected = 0;
    if (tensor.type == TensorType::kInt4) {
      expected = (static_cast<uint64_t>(tensor.element_count) + 1) / 2;
    } else {
      const size_t bytes = tensor_type_bytes(tensor.type);
      if (bytes == 0) return;  // strings and resources: variable-length payloads
      expected = static_cast<uint64_t>(tensor.element_count) * bytes;
    }
    if (b.size != expected) {
      throw ImportError("buffer " + std::to_string(tensor.buffer) + " holds " + std::to_string(b.size) +
                        " bytes but the tensor's shape and type need " + std::to_string(expected));
    }
  }

  const FlatBuffer& fb_;
  const ReadLimits& limits_;
  uint64_t budget_;
};

}  // namespace

Model read_model(std::vector<uint8_t> bytes, const ReadLimits& limits) {
  if (bytes.size() > limits.max_file_bytes) {
    throw ImportError("file of " + std::to_string(bytes.size()) + " bytes exceeds the limit of " +
                      std::to_string(limits.max_file_bytes));
  }
  Model model;
  model.bytes = std::move(bytes);
  const FlatBuffer fb(model.bytes.data(), model.bytes.size());
  Decoder(fb, limits).decode(model);
  return model;
}

Model read_model_file(const std::string& path, const ReadLimits& limits) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) throw ImportError("no such file");
  if (S_ISDIR(st.st_mode)) throw ImportError("is a directory, not a .tflite file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ImportError("cannot open file");
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  if (size < 0) throw ImportError("cannot determine the file size");
  if (static_cast<uint64_t>(size) > limits.max_file_bytes) {
    throw ImportError("file of " + std::to_string(size) + " bytes exceeds the limit of " +
                      std::to_string(limits.max_file_bytes));
  }
  in.seekg(0, std::ios::beg);
  std::vector<uint8_t> bytes(static_cast<size_t>(size));
  if (size > 0 && !in.read(reinterpret_cast<char*>(bytes.data()), size)) throw ImportError("read error");
  return read_model(std::move(bytes), limits);
}

}  // namespace cmnn::tool::tflite
