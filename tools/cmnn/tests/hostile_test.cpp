// Malformed and hostile models: precise patches of real models (out-of-range indices, oversized
// counts and shapes, broken vtables, strings and identifiers) must each give the one clear error
// expected; truncations and seeded bit flips must give clean errors or valid parses (run under
// ASan/UBSan in the host-asan preset, where any out-of-bounds read aborts the test).
#include <cstdio>
#include <cstring>
#include <random>
#include <string>

#include "exercise.h"
#include "graph/graph.h"
#include "import/flatbuffer.h"
#include "import/tflite_model.h"
#include "test.h"

namespace {

using cmnn::tool::FbTable;
using cmnn::tool::FlatBuffer;
using cmnn::tool::ImportError;
namespace f = cmnn::tool::tflite::field;

std::vector<uint8_t> resnet() {
  return cmnn::tool::test::read_bytes(
      cmnn::test::shared_path("data/models/mlcommons-tiny/pretrainedResnet_quant.tflite"));
}

void put32(std::vector<uint8_t>& b, size_t pos, uint32_t v) {
  for (int i = 0; i < 4; ++i) b[pos + i] = static_cast<uint8_t>(v >> (8 * i));
}

// Error text of importing `bytes` ("" when it imports).
std::string import_error(const std::vector<uint8_t>& bytes) {
  std::string error;
  if (cmnn::tool::test::exercise_importer(bytes.data(), bytes.size(), &error)) return "";
  return error;
}

bool contains(const std::string& text, const std::string& part) {
  if (text.find(part) != std::string::npos) return true;
  std::printf("    error was: %s\n    expected to contain: %s\n", text.c_str(), part.c_str());
  return false;
}

// Navigation to patch fields of the real model.
struct Nav {
  explicit Nav(const std::vector<uint8_t>& b) : fb(b.data(), b.size()), root(fb.root("TFL3")) {}
  FbTable subgraph() const {
    return fb.vec_table(root.vector(f::model::kSubgraphs, 4, "sg"), 0, "sg");
  }
  FbTable tensor(uint32_t i) const { return fb.vec_table(subgraph().vector(f::subgraph::kTensors, 4, "t"), i, "t"); }
  FbTable op(uint32_t i) const { return fb.vec_table(subgraph().vector(f::subgraph::kOperators, 4, "o"), i, "o"); }
  // Position of the count word of the vector a uoffset field refers to.
  size_t vector_count_pos(const FbTable& t, int id) const {
    const size_t field = t.field_offset(id);
    return field + fb.load_u32(field, "field");
  }
  FlatBuffer fb;
  FbTable root;
};

}  // namespace

TEST(hostile, real_model_imports) {
  const auto bytes = resnet();
  if (bytes.empty()) SKIP("shared models not found");
  EXPECT_EQ(import_error(bytes), std::string());
}

TEST(hostile, tensor_buffer_index_out_of_range) {
  auto bytes = resnet();
  if (bytes.empty()) SKIP("shared models not found");
  const Nav nav(bytes);
  const FbTable t = nav.tensor(12);
  const std::string name = t.string(f::tensor::kName, "name");
  put32(bytes, t.field_offset(f::tensor::kBuffer), 99);
  const std::string shown = name.size() > 80 ? name.substr(0, 80) + "..." : name;
  EXPECT_EQ(import_error(bytes), "subgraph 0: tensor 12 '" + shown +
                                     "': buffer index 99 out of range (model has 40 buffers)");
}

TEST(hostile, oversized_vector_counts) {
  auto original = resnet();
  if (original.empty()) SKIP("shared models not found");
  const Nav nav(original);
  const size_t counts[] = {nav.vector_count_pos(nav.subgraph(), f::subgraph::kTensors),
                           nav.vector_count_pos(nav.root, f::model::kBuffers),
                           nav.vector_count_pos(nav.tensor(3), f::tensor::kShape),
                           nav.vector_count_pos(nav.op(0), f::operator_::kInputs)};
  for (size_t pos : counts) {
    for (uint32_t claim : {0xFFFFFFFFu, 0x40000000u, 0x00100000u}) {
      auto bytes = original;
      put32(bytes, pos, claim);
      EXPECT_TRUE(contains(import_error(bytes), "more than the file holds"));
    }
  }
}

TEST(hostile, huge_shape_is_refused_without_allocating) {
  auto bytes = resnet();
  if (bytes.empty()) SKIP("shared models not found");
  const Nav nav(bytes);
  const FbTable t = nav.tensor(22);  // an activation tensor [1,32,32,16]
  const size_t shape = nav.vector_count_pos(t, f::tensor::kShape);
  put32(bytes, shape + 4 + 4, 0x7FFFFFFF);
  put32(bytes, shape + 4 + 8, 0x7FFFFFFF);
  EXPECT_TRUE(contains(import_error(bytes), "elements"));
  put32(bytes, shape + 4 + 8, 0xFFFFFFFF);
  EXPECT_TRUE(contains(import_error(bytes), "negative"));
}

TEST(hostile, bad_indices) {
  auto original = resnet();
  if (original.empty()) SKIP("shared models not found");
  const Nav nav(original);
  // The first operator that stores its opcode index (index 0 is the default and may be omitted).
  uint32_t k = 0;
  while (!nav.op(k).has(f::operator_::kOpcodeIndex)) ++k;
  auto bytes = original;
  put32(bytes, nav.op(k).field_offset(f::operator_::kOpcodeIndex), 1000);
  EXPECT_TRUE(contains(import_error(bytes), "subgraph 0: operator " + std::to_string(k) +
                                                ": opcode index 1000 out of range (model has 8 operator codes)"));
  bytes = original;
  put32(bytes, nav.vector_count_pos(nav.op(0), f::operator_::kInputs) + 4, 38);
  EXPECT_TRUE(contains(import_error(bytes), "operator 0: input 0: tensor index 38 out of range (subgraph has 38 tensors)"));
  bytes = original;
  put32(bytes, nav.vector_count_pos(nav.op(0), f::operator_::kOutputs) + 4, 0xFFFFFFFF);
  EXPECT_TRUE(contains(import_error(bytes), "operator 0: output 0: tensor index -1 out of range"));
}

TEST(hostile, structural_damage) {
  auto original = resnet();
  if (original.empty()) SKIP("shared models not found");
  const Nav nav(original);
  auto bytes = original;
  std::memcpy(bytes.data() + 4, "XXXX", 4);
  EXPECT_EQ(import_error(bytes), "not a TFLite model: file identifier is 'XXXX', expected 'TFL3'");
  bytes = original;
  put32(bytes, 0, static_cast<uint32_t>(bytes.size()) + 16);
  EXPECT_TRUE(contains(import_error(bytes), "root table: offset at 0x0 points to"));
  bytes = original;
  put32(bytes, nav.root.position(), 0x7FFFFFF0);  // root's vtable offset
  EXPECT_TRUE(contains(import_error(bytes), "invalid vtable offset"));
  bytes = original;
  put32(bytes, 0, 2);  // misaligned root table
  EXPECT_TRUE(contains(import_error(bytes), "not 4-byte aligned"));
  // A name without its terminating NUL.
  bytes = original;
  const FbTable t = nav.tensor(0);
  const size_t name = nav.vector_count_pos(t, f::tensor::kName);
  const uint32_t length = nav.fb.load_u32(name, "n");
  bytes[name + 4 + length] = 'x';
  EXPECT_TRUE(contains(import_error(bytes), "not NUL-terminated"));
  EXPECT_EQ(import_error({}), "file too small to be a flatbuffer (0 bytes, at least 8 needed)");
}

TEST(hostile, truncated_at_many_lengths) {
  int cases = 0, errors = 0;
  for (const std::string& path : cmnn::tool::test::shared_model_paths()) {
    const auto bytes = cmnn::tool::test::read_bytes(cmnn::test::shared_path(path.c_str()));
    if (bytes.empty()) continue;
    // Every length up to 1 KiB, then 300 lengths spread over the file, then the last 64 bytes.
    std::vector<size_t> lengths;
    for (size_t n = 0; n < bytes.size() && n < 1024; ++n) lengths.push_back(n);
    for (size_t k = 1; k <= 300; ++k) lengths.push_back(bytes.size() * k / 301);
    for (size_t n = bytes.size() > 64 ? bytes.size() - 64 : 0; n < bytes.size(); ++n) lengths.push_back(n);
    for (size_t n : lengths) {
      std::vector<uint8_t> cut(bytes.begin(), bytes.begin() + static_cast<long>(n));
      std::string error;
      if (!cmnn::tool::test::exercise_importer(cut.data(), cut.size(), &error)) {
        ++errors;
        EXPECT_FALSE(error.empty());
        EXPECT_TRUE(error.find('\n') == std::string::npos);
      }
      ++cases;
    }
  }
  if (cases == 0) SKIP("shared models not found");
  std::printf("    %d truncated files, %d rejected cleanly, %d still valid\n", cases, errors, cases - errors);
  EXPECT_GT(errors, cases * 9 / 10);
}

TEST(hostile, seeded_bit_flips) {
  std::mt19937 rng(20261121);
  int cases = 0, errors = 0;
  for (const std::string& path : cmnn::tool::test::shared_model_paths()) {
    const auto bytes = cmnn::tool::test::read_bytes(cmnn::test::shared_path(path.c_str()));
    if (bytes.empty()) continue;
    // Most of a model is weights; flips are aimed at the flatbuffer structure half the time
    // (the first and last 4 KiB hold the tables and vtables of these files).
    for (int k = 0; k < 400; ++k) {
      auto mutant = bytes;
      const int flips = 1 + static_cast<int>(rng() % 4);
      for (int i = 0; i < flips; ++i) {
        size_t pos = rng() % mutant.size();
        if (k % 2 == 0 && mutant.size() > 8192) {
          const size_t r = rng() % 8192;
          pos = r < 4096 ? r : mutant.size() - 1 - (r - 4096);
        }
        mutant[pos] ^= static_cast<uint8_t>(1u << (rng() % 8));
      }
      std::string error;
      if (!cmnn::tool::test::exercise_importer(mutant.data(), mutant.size(), &error)) {
        ++errors;
        EXPECT_FALSE(error.empty());
        EXPECT_TRUE(error.find('\n') == std::string::npos);
      }
      ++cases;
    }
  }
  if (cases == 0) SKIP("shared models not found");
  std::printf("    %d mutants, %d rejected cleanly, %d parsed\n", cases, errors, cases - errors);
}

TEST(hostile, decode_budget_limits_shared_objects) {
  // A file whose objects are shared many times could decode to far more than its size; the reader
  // charges every copied byte to a budget. With a tiny budget the real model must be refused.
  auto bytes = resnet();
  if (bytes.empty()) SKIP("shared models not found");
  cmnn::tool::tflite::ReadLimits limits;
  limits.decode_budget_floor = 1000;
  limits.decode_budget_factor = 0;
  std::string error;
  try {
    cmnn::tool::tflite::read_model(bytes, limits);
  } catch (const ImportError& e) {
    error = e.what();
  }
  EXPECT_TRUE(contains(error, "decoding needs more memory than a model of 98496 bytes"));
  limits = cmnn::tool::tflite::ReadLimits{};
  limits.max_rank = 2;
  error.clear();
  try {
    cmnn::tool::tflite::read_model(bytes, limits);
  } catch (const ImportError& e) {
    error = e.what();
  }
  EXPECT_TRUE(contains(error, "rank 4 exceeds the limit of 2"));
}
