// lower_graph(): every node through its registry entry (ops/), constant folding, and the weight
// budget for packed copies. Operator-specific code lives in ops/<op>.cpp only.
#include <algorithm>
#include <cstring>
#include <set>
#include <stdexcept>

#include "ops/op_registry.h"
#include "run/reference.h"
#include "select/drop_int8.h"
#include "select/fold_pad.h"
#include "select/fuse_block.h"
#include "select/fuse_fc.h"
#include "select/fuse_rows.h"
#include "select/lowered.h"
#include "select/variant_cost.h"

namespace cmnn::tool {

size_t ConstArray::element_size(Type t) {
  switch (t) {
    case Type::kI8: case Type::kU8: return 1;
    case Type::kI16: return 2;
    case Type::kI32: case Type::kF32: return 4;
    case Type::kI64: return 8;
  }
  return 1;
}

const char* ConstArray::c_type(Type t) {
  switch (t) {
    case Type::kI8: return "int8_t";
    case Type::kU8: return "uint8_t";
    case Type::kI16: return "int16_t";
    case Type::kI32: return "int32_t";
    case Type::kI64: return "int64_t";
    case Type::kF32: return "float";
  }
  return "int8_t";
}

int64_t ConstArray::int_at(size_t i) const {
  switch (type) {
    case Type::kI8: return as<int8_t>()[i];
    case Type::kU8: return as<uint8_t>()[i];
    case Type::kI16: { int16_t v; std::memcpy(&v, data.data() + 2 * i, 2); return v; }
    case Type::kI32: { int32_t v; std::memcpy(&v, data.data() + 4 * i, 4); return v; }
    case Type::kI64: { int64_t v; std::memcpy(&v, data.data() + 8 * i, 8); return v; }
    case Type::kF32: return static_cast<int64_t>(float_at(i));
  }
  return 0;
}

double ConstArray::float_at(size_t i) const {
  if (type != Type::kF32) return static_cast<double>(int_at(i));
  float v;
  std::memcpy(&v, data.data() + 4 * i, 4);
  return v;
}

const ConstArray* Layer::constant(const std::string& role) const {
  for (const ConstArray& a : constants) {
    if (a.role == role) return &a;
  }
  return nullptr;
}

const uint8_t* LoweredModel::constant_data(const Graph& graph, int tensor) const {
  const auto f = folded.find(tensor);
  if (f != folded.end()) return f->second.data();
  const GraphTensor& t = graph.tensors.at(static_cast<size_t>(tensor));
  return t.constant ? t.data : nullptr;
}

std::vector<int> LoweredModel::constant_tensors_read(const Graph& graph) const {
  std::set<int> s;
  for (const Layer& l : layers) {
    for (int t : l.inputs) {
      if (constant_data(graph, t) != nullptr) s.insert(t);
    }
  }
  return {s.begin(), s.end()};
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
  for (const Layer& l : layers) m = std::max(m, l.scratch_bytes);
  return m;
}

void select_variant(Layer& l, Target target, size_t scratch_cap) {
  const Choice c = l.call->choose(target, scratch_cap);
  l.candidates = c.candidates;
  if (!c.found) throw Unsupported("no variant of " + l.call->function() + " supports these parameters");
  l.variant_id = c.id;
  l.variant_index = c.index;
  l.scratch_bytes = c.scratch_bytes;
}

namespace {

bool is_constant(const Graph& g, const LoweredModel& m, int t) { return m.constant_data(g, t) != nullptr; }

// Runs a node's layers at compile time when every tensor they read is constant; their outputs
// become constants of the model. Graph outputs and stateful layers are never folded.
bool try_fold(const Graph& g, LoweredModel& m, const std::vector<Layer>& layers) {
  std::set<int> produced;
  for (const Layer& l : layers) {
    if (!l.states.empty()) return false;
    for (int t : l.inputs) {
      if (!is_constant(g, m, t) && produced.count(t) == 0) return false;
    }
    for (int t : l.outputs) {
      if (g.tensors.at(static_cast<size_t>(t)).graph_output) return false;
      produced.insert(t);
    }
  }
  std::map<int, std::vector<uint8_t>> buffers;
  for (const Layer& l : layers) {
    for (int t : l.inputs) {
      if (buffers.count(t)) continue;
      const GraphTensor& gt = g.tensors.at(static_cast<size_t>(t));
      const uint8_t* d = m.constant_data(g, t);
      buffers[t].assign(d, d + gt.bytes);
    }
    // Several layers may write boxes of one output (CONCATENATION, PACK): keep what earlier ones wrote.
    for (int t : l.outputs) {
      if (!buffers.count(t)) buffers[t].assign(static_cast<size_t>(g.tensors.at(static_cast<size_t>(t)).bytes), 0);
    }
    run_layer_reference(l, [&](int t) { return buffers.at(t).data(); }, [&](int t) { return buffers.at(t).size(); });
  }
  for (int t : produced) m.folded[t] = std::move(buffers[t]);
  return true;
}

LoweredModel lower_once(const Graph& graph, Target target, const std::set<int>& no_pack, const LowerOptions& o) {
  LoweredModel model;
  model.target = target;
  for (const Node& n : graph.nodes) {
    if (!n.supported()) {
      model.missing.push_back({n.index, n.op_name, n.unsupported_reason()});
      continue;
    }
    const OpDef* def = find_op(n.builtin_code);
    if (def == nullptr) {
      model.missing.push_back({n.index, n.op_name, "no cmnn kernel for " + n.op_name + " yet"});
      continue;
    }
    const auto cap = o.scratch_cap.find(n.index);
    const bool capped = cap != o.scratch_cap.end();
    LowerContext ctx(graph, n, target, !capped && no_pack.count(n.index) == 0, o.weight_budget);
    ctx.records_in_flash = o.records_in_flash.count(n.index) != 0;
    try {
      def->lower(ctx);
      std::vector<Layer> layers = ctx.take_layers();
      for (Layer& l : layers) {
        l.kind = def->kind;
        if (o.fold_pad && l.call && layers.size() == 1) fold_pad_into(graph, model, l);
        if (l.call && (l.variant_id.empty() || (capped && l.scratch_bytes > cap->second))) {
          select_variant(l, target, capped ? cap->second : SIZE_MAX);
        }
        const auto rows = o.rows_in_place.find(n.index);
        if (l.call && rows != o.rows_in_place.end()) {
          const size_t work = l.call->rows_in_place_work(l.variant_id, rows->second);
          if (work > 0) l.rows_band = rows->second, l.scratch_bytes = work;
        }
      }
      if (o.fold_constants && try_fold(graph, model, layers)) continue;
      for (Layer& l : layers) {
        drop_unread_int8(model.layers, o, target, l);
        model.layers.push_back(std::move(l));
      }
    } catch (const Unsupported& e) {
      model.missing.push_back({n.index, n.op_name, e.what()});
    } catch (const ImportError& e) {
      throw ImportError("operator " + std::to_string(n.index) + " (" + n.op_name + "): " + e.what());
    } catch (const std::runtime_error& e) {  // a folded layer's kernel refused its parameters
      model.missing.push_back({n.index, n.op_name, e.what()});
    }
  }
  return model;
}


bool is_packed_copy(const ConstArray& a) {
  return a.role == "packed_filter" || a.role == "packed_weights" || a.role == "pair_weights";
}

// Est. cycles each packed copy of `packed` saves: the estimate of the variant the layer runs without
// it (`plain`, every copy dropped) minus the packed variant's; its net flash bytes: the copy minus
// the int8 weights it replaces (select/drop_int8.h). False when the cost table lacks either
// variant for some layer (the caller then ranks by MACs per byte, as before the table existed).
bool estimate_pack_savings(const Graph& graph, const LoweredModel& packed, const LoweredModel& plain,
                           std::map<int, double>* saving, std::map<int, int64_t>* bytes) {
  std::map<int, const Layer*> plain_layer;
  for (const Layer& l : plain.layers) {
    if (l.call) plain_layer.emplace(l.node, &l);
  }
  bool all = true;
  for (const Layer& l : packed.layers) {
    if (std::none_of(l.constants.begin(), l.constants.end(), is_packed_copy)) continue;
    for (const ConstArray& a : l.constants) {
      if (is_packed_copy(a)) (*bytes)[l.node] += static_cast<int64_t>(a.bytes());
    }
    (*bytes)[l.node] -= l.int8_dropped_bytes;
    const auto it = plain_layer.find(l.node);
    const int64_t outputs = l.outputs.empty() ? 0 : graph.tensors.at(static_cast<size_t>(l.outputs[0])).elements;
    double with = 0.0, without = 0.0;
    if (it == plain_layer.end() || !estimate_variant_cycles(packed.target, l.variant_id, l.macs, outputs, &with) ||
        !estimate_variant_cycles(packed.target, it->second->variant_id, l.macs, outputs, &without)) {
      all = false;
      (*saving)[l.node] = 0.0;
      continue;
    }
    (*saving)[l.node] = without - with;
  }
  return all;
}

// The packed copies (nodes outside `fixed`) that save the most est. cycles within `room` flash bytes:
// 0/1 knapsack by dynamic programming over the bytes in 16-byte units (rounded up, so the chosen set
// never needs more than `room`). Copies that save nothing are never chosen.
std::set<int> best_pack_set(const std::map<int, double>& saving, const std::map<int, int64_t>& bytes,
                            const std::set<int>& fixed, int64_t room) {
  constexpr int64_t kUnit = 16;
  std::set<int> chosen;
  if (room <= 0) return chosen;
  const size_t cap = static_cast<size_t>(std::min<int64_t>(room / kUnit, 1 << 20));
  std::vector<std::pair<int, size_t>> items;  // node, size in units
  for (const auto& [node, s] : saving) {
    const auto b = bytes.find(node);
    if (fixed.count(node) != 0 || s <= 0 || b == bytes.end()) continue;
    items.emplace_back(node, static_cast<size_t>((b->second + kUnit - 1) / kUnit));
  }
  std::vector<double> best(cap + 1, 0.0);
  std::vector<std::vector<bool>> take(items.size(), std::vector<bool>(cap + 1, false));
  for (size_t i = 0; i < items.size(); ++i) {
    const size_t w = items[i].second;
    const double s = saving.at(items[i].first);
    for (size_t c = cap; c >= w && c != SIZE_MAX; --c) {
      if (best[c - w] + s > best[c]) best[c] = best[c - w] + s, take[i][c] = true;
      if (c == w) break;
    }
  }
  for (size_t i = items.size(), c = cap; i-- > 0;) {
    if (take[i][c]) chosen.insert(items[i].first), c -= items[i].second;
  }
  return chosen;
}

}  // namespace

LoweredModel lower_graph(const Graph& graph, Target target, const LowerOptions& options) {
  // Packed arrays are dropped (that layer falls back to its unpacked variant) until the constants
  // fit the budget, the copy that buys the fewest estimated cycles per flash byte first. The cycles a
  // copy buys come from the per-core, per-variant cost table (select/variant_cost.h): unpacked
  // variant's estimate minus the packed one's for that layer's MACs and outputs, since the packed
  // variants save different shares on different layers (RGB first layers, 1x1, FC) and cores. Without
  // table entries (host, cores not benchmarked) the layer's MACs per packed byte rank the copies.
  // A copy's bytes are net: where the packed variant is all that reads a layer's int8 weights they
  // are left out (select/drop_int8.h), so that copy costs its bytes minus theirs.
  std::set<int> no_pack = options.no_pack;
  std::vector<int> drop_order;
  LoweredModel model = lower_once(graph, target, no_pack, options);
  std::map<int, double> saving;
  std::map<int, int64_t> pack_bytes;
  bool by_cycles = false;
  int64_t plain_bytes = 0;  // constants with every packed copy dropped
  if (options.weight_budget >= 0 && model.constant_bytes() > options.weight_budget) {
    std::set<int> every = no_pack;
    for (const Node& n : graph.nodes) every.insert(n.index);
    const LoweredModel plain = lower_once(graph, target, every, options);
    plain_bytes = plain.constant_bytes();
    by_cycles = estimate_pack_savings(graph, model, plain, &saving, &pack_bytes);
  }
  // Value of a layer's packed copy per flash byte: est. cycles saved, or MACs without the table.
  auto value = [&](const Layer& l, const ConstArray& a) {
    const double bought = by_cycles ? saving[l.node] : static_cast<double>(l.macs);
    const int64_t net = static_cast<int64_t>(a.bytes()) - l.int8_dropped_bytes;
    return bought / static_cast<double>(std::max<int64_t>(net, 1));
  };
  for (;;) {
    if (options.weight_budget < 0 || model.constant_bytes() <= options.weight_budget) break;
    const Layer* worst = nullptr;
    double worst_value = 0.0;
    for (const Layer& l : model.layers) {
      for (const ConstArray& a : l.constants) {
        if (!is_packed_copy(a)) continue;
        const double v = value(l, a);
        if (worst == nullptr || v < worst_value) worst = &l, worst_value = v;
      }
    }
    if (worst == nullptr) break;
    no_pack.insert(worst->node);
    drop_order.push_back(worst->node);
    model = lower_once(graph, target, no_pack, options);
  }
  // A copy dropped early may fit again in the room the later drops left: greedy refill, the most
  // est. cycles saved per packed byte first (the drop order reversed).
  for (auto it = drop_order.rbegin(); it != drop_order.rend(); ++it) {
    std::set<int> trial = no_pack;
    trial.erase(*it);
    LoweredModel m = lower_once(graph, target, trial, options);
    if (m.constant_bytes() > options.weight_budget) continue;
    no_pack = trial;
    model = std::move(m);
  }
  // Greedy by value per byte can keep several small copies where one large copy saves more: an
  // exact 0/1 knapsack on the estimates replaces it when it saves more est. cycles and really fits.
  if (by_cycles && !drop_order.empty()) {
    std::set<int> best = best_pack_set(saving, pack_bytes, options.no_pack, options.weight_budget - plain_bytes);
    double greedy_saved = 0.0, best_saved = 0.0;
    for (const auto& [node, s] : saving) {
      if (options.no_pack.count(node) != 0) continue;
      if (no_pack.count(node) == 0) greedy_saved += s;
      if (best.count(node) != 0) best_saved += s;
    }
    if (best_saved > greedy_saved) {
      std::set<int> trial = options.no_pack;
      for (const auto& [node, s] : saving) {
        if (best.count(node) == 0) trial.insert(node);
      }
      LoweredModel m = lower_once(graph, target, trial, options);
      if (m.constant_bytes() <= options.weight_budget) no_pack = trial, model = std::move(m);
    }
  }
  if (saving.empty()) {
    saving = options.pack_saving, pack_bytes = options.pack_bytes, by_cycles = options.pack_saving_estimated;
  }
  model.pack_saving = std::move(saving);
  model.pack_bytes = std::move(pack_bytes);
  model.pack_saving_estimated = by_cycles;
  model.no_pack = no_pack;
  apply_row_fusions(graph, options.fuse_with_next, model);
  apply_patch_choice(graph, options.patch, model);
  apply_fc_fusions(graph, options.fuse_into_fc, model);
  apply_block_fusions(graph, options.fuse_block, model);
  return model;
}

int64_t unpacked_constant_bytes(const Graph& graph, Target target, const LowerOptions& options) {
  LowerOptions o = options;
  o.weight_budget = 0;  // every packed copy dropped
  return lower_graph(graph, target, o).constant_bytes();
}

std::string missing_ops_text(const LoweredModel& model) {
  // A float model: one sentence instead of one entry per operator.
  size_t float_ops = 0;
  for (const MissingOp& m : model.missing) float_ops += m.reason == kFloatComputeReason;
  std::string s;
  if (float_ops > 0) {
    s = "a float model (" + std::to_string(float_ops) + " operator" + (float_ops > 1 ? "s" : "") +
        " compute in float): cmnn compiles full-integer quantized models (int8 or int16 activations; TFLite's "
        "full-integer post-training quantization makes one)";
    if (float_ops == model.missing.size()) return s;
    s += "; ";
  }
  s += "missing operators:";
  bool first = true;
  for (const MissingOp& m : model.missing) {
    if (m.reason == kFloatComputeReason) continue;
    s += (first ? " " : ", ") + std::to_string(m.node) + " " + m.op_name + " (" + m.reason + ")";
    first = false;
  }
  return s;
}

}  // namespace cmnn::tool
