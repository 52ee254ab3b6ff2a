// A model lowered to cmnn library calls: per graph node, the op's library parameter struct, the
// constant arrays it reads (weights, bias, multipliers, shifts, prepared kernel sums), the tensors
// it reads and writes, and the variant chosen for one target core with the reasons for that choice.
// Produced by lower_graph() (select/lower.cpp); consumed by the reference runner (run/), the
// memory planner (plan/) and the code generator (emit/).
#pragma once
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "cmnn/conv.h"
#include "cmnn/depthwise.h"
#include "cmnn/elementwise.h"
#include "cmnn/fully_connected.h"
#include "cmnn/lstm.h"
#include "cmnn/pooling.h"
#include "cmnn/softmax.h"
#include "graph/graph.h"
#include "select/target.h"

namespace cmnn::tool {

enum class LayerKind { kConv, kDepthwise, kFullyConnected, kAvgPool, kMaxPool, kAdd, kMul, kSoftmax, kReshape, kLstm };

// Library prefix of the op ("conv2d_s8", "depthwise_conv2d_s8", ...); "reshape" for aliases.
const char* layer_kind_function(LayerKind kind);

using LibParams = std::variant<std::monostate, ::cmnn::Conv2dParams, ::cmnn::DepthwiseConvParams,
                               ::cmnn::FullyConnectedParams, ::cmnn::PoolParams, ::cmnn::AddParams, ::cmnn::MulParams,
                               ::cmnn::SoftmaxParams, ::cmnn::LstmParams>;

// One constant array of a layer. Exactly one of i8 / i32 / i16 holds the values: i16 when it is
// non-empty (offline-packed FC weights), else i32 when is_i32, else i8.
struct ConstArray {
  std::string role;  // "filter", "bias", "multiplier", "shift", "kernel_sums", "packed_weights", "forget_gate.input_weights" ...
  bool is_i32 = false;
  std::vector<int8_t> i8;
  std::vector<int32_t> i32;
  std::vector<int16_t> i16 = {};
  bool is_i16() const { return !i16.empty(); }
  size_t bytes() const { return is_i16() ? i16.size() * 2 : is_i32 ? i32.size() * 4 : i8.size(); }
};

// One variant of the op's table that was considered, in table order.
struct Candidate {
  std::string id;
  Isa isa = Isa::kPortable;
  bool chosen = false;
  std::string verdict;  // "chosen", "rejected: ISA dsp not available on cortex-m3", "rejected: supports() false",
                        // "rejected: packed copy dropped by the weight budget (393216 bytes)"
};

struct Layer {
  int node = 0;  // graph node (== TFLite operator index)
  LayerKind kind = LayerKind::kConv;
  std::string op_name;  // "CONV_2D"
  LibParams params;
  std::vector<ConstArray> constants;  // roles per kind, see lower.cpp
  std::vector<int> inputs;   // activation tensors read (graph tensor indices)
  std::vector<int> outputs;  // tensors written
  std::vector<int> states;   // variable tensors read and written (LSTM: hidden int8, cell int16)
  // Selection for the target core.
  std::string variant_id;
  size_t variant_index = 0;  // position in the op's table
  std::vector<Candidate> candidates;
  size_t scratch_bytes = 0;
  int64_t macs = 0;

  const ConstArray* constant(const std::string& role) const;
};

// A graph node cmnn cannot compile, with the reason.
struct MissingOp {
  int node = 0;
  std::string op_name;
  std::string reason;
};

struct LoweredModel {
  Target target = Target::kHost;
  std::vector<Layer> layers;      // execution order
  std::vector<MissingOp> missing; // empty when the model compiles
  bool ok() const { return missing.empty(); }
  int64_t constant_bytes() const;
  size_t max_scratch_bytes() const;
};

// Lowers every node of the graph and selects its variant for target. Never throws for an
// unsupported operator: it is listed in `missing` (all of them, not just the first).
struct LowerOptions {
  // Bytes the constants may take (weights + prepared data); packed copies that would exceed it are
  // not made, largest first. -1: no limit. default_weight_budget() gives the target's default.
  int64_t weight_budget = -1;
};
int64_t default_weight_budget(Target target);  // host: -1; cortex-m55: 384 KiB; m3/m4/m7: 3 MiB (QEMU boards)
LoweredModel lower_graph(const Graph& graph, Target target, const LowerOptions& options = {});

// "missing operators: 0 QUANTIZE (reason), 14 QUANTIZE (reason)" on one line.
std::string missing_ops_text(const LoweredModel& model);

}  // namespace cmnn::tool
