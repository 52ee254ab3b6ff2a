// Graph node -> library call: the op's parameter struct from the node's derived parameters, its
// constant arrays, and the variant chosen for the target (select/choose.h).
#include <cstring>
#include <iterator>
#include <set>
#include <stdexcept>

#include "select/choose.h"
#include "select/lowered.h"

namespace cmnn::tool {

namespace {

namespace lib = ::cmnn;
using tflite::TensorType;

// Thrown inside lowering for an operator the library cannot run; becomes a MissingOp.
struct Missing : std::runtime_error {
  using std::runtime_error::runtime_error;
};

const char* type_name(TensorType t) {
  switch (t) {
    case TensorType::kInt8: return "int8";
    case TensorType::kInt16: return "int16";
    case TensorType::kInt32: return "int32";
    case TensorType::kFloat32: return "float32";
    default: return "other";
  }
}

void require_int8(const Graph& g, int tensor, const char* what) {
  const GraphTensor& t = g.tensors.at(static_cast<size_t>(tensor));
  if (t.type != TensorType::kInt8) {
    throw Missing(std::string(what) + " tensor is " + type_name(t.type) + " (only int8 activations are lowered)");
  }
}

ConstArray int8_constant(const Graph& g, int tensor, const std::string& role) {
  const GraphTensor& t = g.tensors.at(static_cast<size_t>(tensor));
  if (t.data == nullptr || t.type != TensorType::kInt8) throw Missing(role + " is not a constant int8 tensor");
  ConstArray a{role, false, {}, {}};
  a.i8.resize(static_cast<size_t>(t.bytes));
  std::memcpy(a.i8.data(), t.data, a.i8.size());
  return a;
}

ConstArray int32_constant(const Graph& g, int tensor, const std::string& role) {
  const GraphTensor& t = g.tensors.at(static_cast<size_t>(tensor));
  if (t.data == nullptr || t.type != TensorType::kInt32) throw Missing(role + " is not a constant int32 tensor");
  ConstArray a{role, true, {}, {}};
  a.i32.resize(static_cast<size_t>(t.elements));
  std::memcpy(a.i32.data(), t.data, a.i32.size() * 4);  // little-endian file, little-endian hosts and targets
  return a;
}

ConstArray values(const std::string& role, std::vector<int32_t> v) { return ConstArray{role, true, {}, std::move(v)}; }

// Per-channel multipliers/shifts, a per-tensor pair repeated when the kernel wants one per channel.
void add_rescale(Layer& l, const OutputRescale& r, size_t channels) {
  std::vector<int32_t> m = r.multiplier, s = r.shift;
  if (m.size() == 1 && channels > 1) {
    m.assign(channels, r.multiplier[0]);
    s.assign(channels, r.shift[0]);
  }
  if (m.size() != channels) throw Missing("rescale has " + std::to_string(m.size()) + " channels, expected " + std::to_string(channels));
  l.constants.push_back(values("multiplier", std::move(m)));
  l.constants.push_back(values("shift", std::move(s)));
}

template <typename Params, typename Args>
void apply(Layer& l, const Choice& c) {
  if (!c.found) throw Missing("no variant of " + std::string(layer_kind_function(l.kind)) + " supports these parameters");
  l.variant_id = c.id;
  l.variant_index = c.index;
  l.scratch_bytes = c.scratch_bytes;
  l.candidates = c.candidates;
}

template <typename Params, typename Args>
void select_from(Layer& l, const lib::Variant<Params, Args>* table, size_t n, const Params& p, Target t) {
  apply<Params, Args>(l, choose_variant(table, n, p, t));
}

// Whether a layer may carry a packed weight copy; when not, the weight budget (bytes) that dropped it.
struct PackRule {
  bool may_pack = true;
  int64_t budget = -1;
};

// The report's verdict for the packed entry that would have run had the budget left its copy (the
// layer runs a later entry, whose parameters say "no packed copy", so supports() alone would mislead).
void note_dropped_pack(Layer& l, const Choice& packed, const PackRule& rule) {
  if (packed.index >= l.candidates.size()) return;
  l.candidates[packed.index].verdict =
      "rejected: packed copy dropped by the weight budget (" + std::to_string(rule.budget) + " bytes)";
}

void lower_conv(const Graph& g, const Node& n, const ConvParams& c, Target t, const PackRule& rule, Layer& l) {
  require_int8(g, n.inputs[0], "input");
  require_int8(g, n.outputs[0], "output");
  l.inputs = {n.inputs[0]};
  l.outputs = {n.outputs[0]};
  l.macs = c.macs;
  const GraphTensor& filter = g.tensors.at(static_cast<size_t>(c.filter_tensor));
  if (c.filter_offset != 0) throw Missing("filter zero point is not 0");
  l.constants.push_back(int8_constant(g, c.filter_tensor, "filter"));
  if (c.bias_tensor >= 0) l.constants.push_back(int32_constant(g, c.bias_tensor, "bias"));
  add_rescale(l, c.rescale, static_cast<size_t>(c.output.c));
  if (c.depthwise) {
    l.kind = LayerKind::kDepthwise;
    lib::DepthwiseConvParams p;
    p.batches = c.input.n;
    p.input_h = c.input.h, p.input_w = c.input.w, p.input_c = c.input.c;
    p.ch_mult = c.depth_multiplier;
    p.filter_h = c.filter_h, p.filter_w = c.filter_w;
    p.output_h = c.output.h, p.output_w = c.output.w;
    p.stride_h = c.window.stride_h, p.stride_w = c.window.stride_w;
    p.dilation_h = c.window.dilation_h, p.dilation_w = c.window.dilation_w;
    p.pad_top = c.window.pad_top, p.pad_left = c.window.pad_left;
    p.input_offset = c.input_offset, p.output_offset = c.output_offset;
    p.activation_min = c.act.min, p.activation_max = c.act.max;
    if (p.output_c() != c.output.c) throw Missing("depthwise output channels != input channels x multiplier");
    l.params = p;
    select_from(l, lib::kDepthwiseConvS8Variants, std::size(lib::kDepthwiseConvS8Variants), p, t);
    return;
  }
  l.kind = LayerKind::kConv;
  lib::Conv2dParams p;
  p.batches = c.input.n;
  p.input_h = c.input.h, p.input_w = c.input.w, p.input_c = c.input.c;
  p.output_h = c.output.h, p.output_w = c.output.w, p.output_c = c.output.c;
  p.filter_h = c.filter_h, p.filter_w = c.filter_w;
  p.stride_h = c.window.stride_h, p.stride_w = c.window.stride_w;
  p.dilation_h = c.window.dilation_h, p.dilation_w = c.window.dilation_w;
  p.pad_top = c.window.pad_top, p.pad_left = c.window.pad_left;
  const int32_t filter_in = filter.shape.size() == 4 ? filter.shape[3] : 0;
  if (filter_in <= 0 || c.input.c % filter_in != 0) throw Missing("filter input depth does not divide the input's");
  p.groups = c.input.c / filter_in;
  p.input_offset = c.input_offset, p.output_offset = c.output_offset;
  p.activation_min = c.act.min, p.activation_max = c.act.max;
  size_t count = 0;
  const auto* table = lib::conv2d_s8_variants(&count);
  // The filter is packed to int16 at compile time only when a packed entry is the fastest this
  // core can run for these parameters (conv2d_s8_pack; the int8 filter stays, the library reads both).
  const Choice plain = choose_variant(table, count, p, t);
  lib::Conv2dParams with_packed = p;
  with_packed.has_packed_filter = true;
  const Choice packed =
      lib::conv2d_s8_packed_count(with_packed) > 0 ? choose_variant(table, count, with_packed, t) : Choice{};
  const bool packed_wins = packed.found && (!plain.found || packed.index < plain.index);
  if (packed_wins && rule.may_pack) {
    std::vector<int16_t> w(lib::conv2d_s8_packed_count(with_packed));
    const lib::Status s = lib::conv2d_s8_pack(with_packed, l.constants[0].i8.data(), w.data(), w.size());
    if (s != lib::Status::kOk) throw Missing(std::string("conv2d_s8_pack: ") + lib::status_name(s));
    l.constants.push_back(ConstArray{"packed_filter", false, {}, {}, std::move(w)});
    l.params = with_packed;
    apply<lib::Conv2dParams, lib::Conv2dS8Args>(l, packed);
    return;
  }
  l.params = p;
  apply<lib::Conv2dParams, lib::Conv2dS8Args>(l, plain);
  if (packed_wins) note_dropped_pack(l, packed, rule);
}

void lower_fc(const Graph& g, const Node& n, const FullyConnectedParams& f, Target t, const PackRule& rule, Layer& l) {
  l.kind = LayerKind::kFullyConnected;
  require_int8(g, n.inputs[0], "input");
  require_int8(g, n.outputs[0], "output");
  l.inputs = {n.inputs[0]};
  l.outputs = {n.outputs[0]};
  l.macs = f.macs;
  lib::FullyConnectedParams p;
  p.batches = f.batches, p.input_depth = f.accum_depth, p.output_depth = f.units;
  p.input_offset = f.input_offset, p.filter_offset = f.filter_offset, p.output_offset = f.output_offset;
  p.activation_min = f.act.min, p.activation_max = f.act.max;
  p.per_channel = f.rescale.per_channel;
  l.constants.push_back(int8_constant(g, f.filter_tensor, "weights"));
  if (f.bias_tensor >= 0) l.constants.push_back(int32_constant(g, f.bias_tensor, "bias"));
  l.constants.push_back(values("multiplier", f.rescale.multiplier));
  l.constants.push_back(values("shift", f.rescale.shift));
  size_t count = 0;
  const auto* table = lib::fully_connected_s8_variants(&count);
  // Offline data (kernel sums, packed int16 weights) is prepared only when it unlocks a faster
  // variant on this core: select without it, with sums, with packed weights; the earliest table
  // entry (fastest first) wins, and only the data that entry reads is emitted.
  const Choice plain = choose_variant(table, count, p, t);
  lib::FullyConnectedParams with_sums = p;
  with_sums.has_kernel_sums = true;
  const Choice summed = choose_variant(table, count, with_sums, t);
  lib::FullyConnectedParams with_packed = p;
  with_packed.has_packed_weights = true;
  const Choice packed = choose_variant(table, count, with_packed, t);
  auto earlier = [](const Choice& a, const Choice& b) { return a.found && (!b.found || a.index < b.index); };
  const bool packed_wins = earlier(packed, plain) && !earlier(summed, packed);
  if (packed_wins && rule.may_pack) {
    std::vector<int16_t> w(lib::fully_connected_s8_packed_count(with_packed));
    const lib::Status s = lib::fully_connected_s8_pack(with_packed, l.constants[0].i8.data(), w.data(), w.size());
    if (s != lib::Status::kOk) throw Missing(std::string("fully_connected_s8_pack: ") + lib::status_name(s));
    ConstArray a{"packed_weights", false, {}, {}, std::move(w)};
    l.constants.push_back(std::move(a));
    l.params = with_packed;
    apply<lib::FullyConnectedParams, lib::FullyConnectedS8Args>(l, packed);
    return;
  }
  if (earlier(summed, plain)) {
    const ConstArray* bias = nullptr;
    for (const ConstArray& a : l.constants) {
      if (a.role == "bias") bias = &a;
    }
    std::vector<int32_t> sums(static_cast<size_t>(p.output_depth));
    const lib::Status s = lib::fully_connected_s8_prepare(with_sums, l.constants[0].i8.data(),
                                                          bias ? bias->i32.data() : nullptr, sums.data());
    if (s != lib::Status::kOk) throw Missing(std::string("fully_connected_s8_prepare: ") + lib::status_name(s));
    l.constants.push_back(values("kernel_sums", std::move(sums)));
    l.params = with_sums;
    apply<lib::FullyConnectedParams, lib::FullyConnectedS8Args>(l, summed);
    if (packed_wins) note_dropped_pack(l, packed, rule);
    return;
  }
  l.params = p;
  apply<lib::FullyConnectedParams, lib::FullyConnectedS8Args>(l, plain);
  if (packed_wins) note_dropped_pack(l, packed, rule);
}

void lower_pool(const Graph& g, const Node& n, const PoolParams& q, Target t, Layer& l) {
  require_int8(g, n.inputs[0], "input");
  require_int8(g, n.outputs[0], "output");
  l.inputs = {n.inputs[0]};
  l.outputs = {n.outputs[0]};
  if (q.input_zero_point != q.output_zero_point) throw Missing("pooling with different input and output zero points");
  lib::PoolParams p;
  p.batches = q.input.n;
  p.input_h = q.input.h, p.input_w = q.input.w, p.channels = q.input.c;
  p.output_h = q.output.h, p.output_w = q.output.w;
  p.filter_h = q.window.filter_h, p.filter_w = q.window.filter_w;
  p.stride_h = q.window.stride_h, p.stride_w = q.window.stride_w;
  p.pad_top = q.window.pad_top, p.pad_left = q.window.pad_left;
  p.activation_min = q.act.min, p.activation_max = q.act.max;
  l.params = p;
  l.macs = int64_t{q.output.n} * q.output.h * q.output.w * q.output.c * q.window.filter_h * q.window.filter_w;
  size_t count = 0;
  l.kind = q.max ? LayerKind::kMaxPool : LayerKind::kAvgPool;
  const auto* table = q.max ? lib::maxpool_s8_variants(&count) : lib::avgpool_s8_variants(&count);
  select_from(l, table, count, p, t);
}

void lower_add(const Graph& g, const Node& n, const AddParams& a, Target t, Layer& l) {
  l.kind = LayerKind::kAdd;
  if (a.subtract) throw Missing("SUB has no cmnn kernel");
  if (a.broadcast) throw Missing("ADD with broadcasting has no cmnn kernel");
  for (int i : {n.inputs[0], n.inputs[1]}) {
    require_int8(g, i, "input");
    if (g.tensors.at(static_cast<size_t>(i)).constant) throw Missing("ADD of a constant tensor is not lowered");
  }
  require_int8(g, n.outputs[0], "output");
  l.inputs = {n.inputs[0], n.inputs[1]};
  l.outputs = {n.outputs[0]};
  lib::AddParams p;
  p.size = static_cast<int32_t>(a.elements);
  p.input1_offset = a.input1_offset, p.input1_multiplier = a.input1.multiplier, p.input1_shift = a.input1.shift;
  p.input2_offset = a.input2_offset, p.input2_multiplier = a.input2.multiplier, p.input2_shift = a.input2.shift;
  p.left_shift = a.left_shift;
  p.output_offset = a.output_offset, p.output_multiplier = a.output.multiplier, p.output_shift = a.output.shift;
  p.activation_min = a.act.min, p.activation_max = a.act.max;
  l.params = p;
  l.macs = a.elements;
  size_t count = 0;
  const auto* table = lib::add_s8_variants(&count);
  select_from(l, table, count, p, t);
}

void lower_mul(const Graph& g, const Node& n, const MulParams& m, Target t, Layer& l) {
  l.kind = LayerKind::kMul;
  if (m.broadcast) throw Missing("MUL with broadcasting has no cmnn kernel");
  for (int i : {n.inputs[0], n.inputs[1]}) {
    require_int8(g, i, "input");
    if (g.tensors.at(static_cast<size_t>(i)).constant) throw Missing("MUL of a constant tensor is not lowered");
  }
  require_int8(g, n.outputs[0], "output");
  l.inputs = {n.inputs[0], n.inputs[1]};
  l.outputs = {n.outputs[0]};
  lib::MulParams p;
  p.size = static_cast<int32_t>(m.elements);
  p.input1_offset = m.input1_offset, p.input2_offset = m.input2_offset;
  p.output_offset = m.output_offset, p.output_multiplier = m.output.multiplier, p.output_shift = m.output.shift;
  p.activation_min = m.act.min, p.activation_max = m.act.max;
  l.params = p;
  l.macs = m.elements;
  size_t count = 0;
  const auto* table = lib::mul_s8_variants(&count);
  select_from(l, table, count, p, t);
}

void lower_softmax(const Graph& g, const Node& n, const SoftmaxParams& s, Target t, Layer& l) {
  l.kind = LayerKind::kSoftmax;
  require_int8(g, n.inputs[0], "input");
  require_int8(g, n.outputs[0], "output");
  l.inputs = {n.inputs[0]};
  l.outputs = {n.outputs[0]};
  lib::SoftmaxParams p;
  p.rows = s.rows, p.row_size = s.depth;
  p.input_multiplier = s.scaling.input_multiplier;
  p.input_left_shift = s.scaling.input_left_shift;
  p.diff_min = s.scaling.diff_min;
  l.params = p;
  size_t count = 0;
  const auto* table = lib::softmax_s8_variants(&count);
  select_from(l, table, count, p, t);
}

void lower_lstm(const Graph& g, const Node& n, const LstmParams& s, Target t, Layer& l) {
  l.kind = LayerKind::kLstm;
  if (s.cifg) throw Missing("CIFG LSTM (no input gate) is not lowered");
  require_int8(g, n.inputs[0], "input");
  require_int8(g, n.outputs[0], "output");
  l.inputs = {n.inputs[0]};
  l.outputs = {n.outputs[0]};
  l.states = {s.hidden_state, s.cell_state};
  l.macs = s.macs;
  lib::LstmParams p;
  p.time_major = s.time_major;
  p.batches = s.batches, p.time_steps = s.time_steps, p.input_size = s.input_size, p.hidden_size = s.cell_size;
  p.input_offset = s.input_offset;
  p.output_offset = s.hidden_zero_point;
  p.forget_to_cell_multiplier = s.forget_cell_mul.multiplier, p.forget_to_cell_shift = s.forget_cell_mul.shift;
  p.input_to_cell_multiplier = s.input_mul.multiplier, p.input_to_cell_shift = s.input_mul.shift;
  p.cell_clip = s.quantized_cell_clip > 0 ? s.quantized_cell_clip : 32767;
  p.cell_scale_power = s.cell_state_scale_power;
  p.output_multiplier = s.output_mul.multiplier, p.output_shift = s.output_mul.shift;
  lib::LstmGateQuant* quant[4] = {&p.input_gate, &p.forget_gate, &p.cell_gate, &p.output_gate};
  static const char* const names[4] = {"input_gate", "forget_gate", "cell_gate", "output_gate"};
  for (int i = 0; i < 4; ++i) {
    const LstmGate& gate = s.gates[i];
    quant[i]->input_multiplier = gate.input.multiplier, quant[i]->input_shift = gate.input.shift;
    quant[i]->hidden_multiplier = gate.recurrent.multiplier, quant[i]->hidden_shift = gate.recurrent.shift;
    l.constants.push_back(int8_constant(g, gate.input_weights, std::string(names[i]) + ".input_weights"));
    l.constants.push_back(int8_constant(g, gate.recurrent_weights, std::string(names[i]) + ".hidden_weights"));
    if (gate.bias >= 0) l.constants.push_back(int32_constant(g, gate.bias, std::string(names[i]) + ".bias"));
  }
  l.params = p;
  size_t count = 0;
  const auto* table = lib::lstm_s8_variants(&count);
  select_from(l, table, count, p, t);
}

void lower_node(const Graph& g, const Node& n, Target t, const PackRule& rule, Layer& l) {
  if (const auto* c = std::get_if<ConvParams>(&n.params)) return lower_conv(g, n, *c, t, rule, l);
  if (const auto* f = std::get_if<FullyConnectedParams>(&n.params)) return lower_fc(g, n, *f, t, rule, l);
  if (const auto* p = std::get_if<PoolParams>(&n.params)) return lower_pool(g, n, *p, t, l);
  if (const auto* a = std::get_if<AddParams>(&n.params)) return lower_add(g, n, *a, t, l);
  if (const auto* m = std::get_if<MulParams>(&n.params)) return lower_mul(g, n, *m, t, l);
  if (const auto* s = std::get_if<SoftmaxParams>(&n.params)) return lower_softmax(g, n, *s, t, l);
  if (const auto* s = std::get_if<LstmParams>(&n.params)) return lower_lstm(g, n, *s, t, l);
  if (std::holds_alternative<ReshapeParams>(n.params)) {
    l.kind = LayerKind::kReshape;  // no call: the planner makes the output alias the input
    l.inputs = {n.inputs[0]};
    l.outputs = {n.outputs[0]};
    l.variant_id = "alias";
    return;
  }
  if (const auto* q = std::get_if<QuantizeParams>(&n.params)) {
    throw Missing(std::string("QUANTIZE ") + type_name(q->from) + " -> " + type_name(q->to) + " has no cmnn kernel");
  }
  if (std::holds_alternative<SvdfParams>(n.params)) throw Missing("SVDF is not lowered yet");
  throw Missing("no lowering for this operator");
}

}  // namespace

const char* layer_kind_function(LayerKind kind) {
  switch (kind) {
    case LayerKind::kConv: return "conv2d_s8";
    case LayerKind::kDepthwise: return "depthwise_conv2d_s8";
    case LayerKind::kFullyConnected: return "fully_connected_s8";
    case LayerKind::kAvgPool: return "avgpool_s8";
    case LayerKind::kMaxPool: return "maxpool_s8";
    case LayerKind::kAdd: return "add_s8";
    case LayerKind::kMul: return "mul_s8";
    case LayerKind::kSoftmax: return "softmax_s8";
    case LayerKind::kReshape: return "reshape";
    case LayerKind::kLstm: return "lstm_s8";
  }
  return "?";
}

const ConstArray* Layer::constant(const std::string& role) const {
  for (const ConstArray& a : constants) {
    if (a.role == role) return &a;
  }
  return nullptr;
}

int64_t LoweredModel::constant_bytes() const {
  int64_t total = 0;
  for (const Layer& l : layers) {
    for (const ConstArray& a : l.constants) total += static_cast<int64_t>(a.bytes());
  }
  return total;
}

size_t LoweredModel::max_scratch_bytes() const {
  size_t m = 0;
  for (const Layer& l : layers) m = l.scratch_bytes > m ? l.scratch_bytes : m;
  return m;
}

namespace {

LoweredModel lower_once(const Graph& graph, Target target, const std::set<int>& no_pack, int64_t budget) {
  LoweredModel model;
  model.target = target;
  for (const Node& n : graph.nodes) {
    if (!n.supported()) {
      model.missing.push_back({n.index, n.op_name, n.unsupported_reason()});
      continue;
    }
    Layer l;
    l.node = n.index;
    l.op_name = n.op_name;
    try {
      lower_node(graph, n, target, PackRule{no_pack.count(n.index) == 0, budget}, l);
      model.layers.push_back(std::move(l));
    } catch (const Missing& e) {
      model.missing.push_back({n.index, n.op_name, e.what()});
    }
  }
  return model;
}

}  // namespace

int64_t default_weight_budget(Target target) {
  switch (target) {
    case Target::kHost: return -1;
    case Target::kCortexM55: return 384 * 1024;  // mps3-an547: code and read-only data share a 512 KB ITCM
    default: return 3 * 1024 * 1024;             // mps2 boards: 4 MB code region
  }
}

LoweredModel lower_graph(const Graph& graph, Target target, const LowerOptions& options) {
  // Packed arrays are dropped largest first (that layer falls back to its unpacked variant) until
  // the constants fit the budget; the int8 weights themselves are never dropped.
  std::set<int> no_pack;
  for (;;) {
    LoweredModel model = lower_once(graph, target, no_pack, options.weight_budget);
    if (options.weight_budget < 0 || model.constant_bytes() <= options.weight_budget) return model;
    const Layer* largest = nullptr;
    size_t largest_bytes = 0;
    for (const Layer& l : model.layers) {
      for (const ConstArray& a : l.constants) {
        if ((a.role == "packed_filter" || a.role == "packed_weights") && a.bytes() > largest_bytes) {
          largest = &l;
          largest_bytes = a.bytes();
        }
      }
    }
    if (largest == nullptr) return model;
    no_pack.insert(largest->node);
  }
}

std::string missing_ops_text(const LoweredModel& model) {
  std::string s = "missing operators:";
  for (size_t i = 0; i < model.missing.size(); ++i) {
    const MissingOp& m = model.missing[i];
    s += (i ? ", " : " ") + std::to_string(m.node) + " " + m.op_name + " (" + m.reason + ")";
  }
  return s;
}

}  // namespace cmnn::tool
