// lower_graph(): every node through its registry entry (ops/), constant folding, and the weight
// budget for packed copies (select/copy_budget.h). Operator-specific code lives in ops/<op>.cpp only.
#include <algorithm>
#include <cstring>
#include <set>
#include <stdexcept>

#include "ops/op_registry.h"
#include "run/reference.h"
#include "select/copy_budget.h"
#include "select/drop_int8.h"
#include "select/fold_pad.h"
#include "select/fuse_block.h"
#include "select/fuse_fc.h"
#include "select/fuse_rows.h"
#include "select/lowered.h"

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

std::vector<void*> Layer::binding_ptrs(const std::function<void*(const ArgSource&)>& tensor) const {
  std::vector<void*> ptrs;
  for (const auto& binding : call->bindings()) {
    const ArgSource& src = binding.second;
    if (src.kind == ArgSource::Kind::kConstant) {
      const ConstArray* a = constant(src.role);
      ptrs.push_back(a != nullptr ? const_cast<void*>(a->ptr()) : nullptr);
    } else {
      ptrs.push_back(src.kind == ArgSource::Kind::kNull ? nullptr : tensor(src));
    }
  }
  return ptrs;
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

LoweredModel lower_once(const Graph& graph, Target target, const std::map<int, int>& declined, const LowerOptions& o) {
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
    const auto d = declined.find(n.index);
    const int copies_declined = capped ? kAllCopies : d == declined.end() ? 0 : d->second;
    LowerContext ctx(graph, n, target, copies_declined, o.weight_budget);
    ctx.records_in_flash = o.records_in_flash.count(n.index) != 0;
    ctx.depthwise_as_conv = o.depthwise_as_conv;
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

}  // namespace

LoweredModel lower_graph(const Graph& graph, Target target, const LowerOptions& options) {
  // Packed copies that do not fit the weight budget are declined (select/copy_budget.h).
  LoweredModel model = fit_copies_to_budget(
      graph, options, [&](const std::map<int, int>& declined) { return lower_once(graph, target, declined, options); });
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
