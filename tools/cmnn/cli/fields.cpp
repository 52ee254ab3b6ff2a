#include "cli/fields.h"

#include <cstdio>

#include "ops/op_registry.h"

namespace cmnn::tool {

namespace {

class Builder {
 public:
  void add(const char* key, int64_t v) { fields.push_back({key, v}); }
  void add(const char* key, int32_t v) { fields.push_back({key, int64_t{v}}); }
  void add(const char* key, bool v) { fields.push_back({key, int64_t{v ? 1 : 0}}); }
  void add(const char* key, double v) { fields.push_back({key, v}); }
  void add(const char* key, float v) { fields.push_back({key, static_cast<double>(v)}); }
  void add(const char* key, const char* v) { fields.push_back({key, std::string(v)}); }
  void add(const char* key, std::vector<int32_t> v) { fields.push_back({key, std::move(v)}); }
  void dims(const char* key, const Dims4& d) { add(key, std::vector<int32_t>{d.n, d.h, d.w, d.c}); }
  void window(const Window2d& w) {
    add("filter", std::vector<int32_t>{w.filter_h, w.filter_w});
    add("stride", std::vector<int32_t>{w.stride_h, w.stride_w});
    add("dilation", std::vector<int32_t>{w.dilation_h, w.dilation_w});
    add("padding", tflite::padding_name(w.padding));
    add("pad_tlbr", std::vector<int32_t>{w.pad_top, w.pad_left, w.pad_bottom, w.pad_right});
  }
  void activation(tflite::Activation a, const ActivationRange& r) {
    add("activation", tflite::activation_name(a));
    add("act_range", std::vector<int32_t>{r.min, r.max});
  }
  void rescale(const OutputRescale& r) {
    add("per_channel", r.per_channel);
    add("multiplier", r.multiplier);
    add("shift", r.shift);
  }
  void multiplier(const char* prefix, const QuantizedMultiplier& q) {
    add((std::string(prefix) + "_multiplier").c_str(), int64_t{q.multiplier});
    add((std::string(prefix) + "_shift").c_str(), int64_t{q.shift});
  }
  void add(const std::string& key, int64_t v) { fields.push_back({key, v}); }
  std::vector<Field> fields;
};

}  // namespace

std::vector<Field> param_fields(const Graph& graph, const Node& node) {
  Builder b;
  if (std::holds_alternative<DeferredParams>(node.params)) {
    // Derived while lowering: list each library call's parameter struct (for the host).
    LowerContext ctx(graph, node, Target::kHost, false, -1);
    try {
      find_op(node.builtin_code)->lower(ctx);
      for (const Layer& l : ctx.take_layers()) {
        b.add("function", l.function().c_str());
        if (!l.call) continue;
        for (const ParamField& f : l.call->fields()) {
          if (f.kind == ParamField::Kind::kFloat) b.add(f.name.c_str(), f.f);
          else b.add(f.name, f.i);
        }
      }
    } catch (const Unsupported& e) {
      b.add("unsupported", e.what());
    }
    return std::move(b.fields);
  }
  std::visit(
      [&](const auto& p) {
        using P = std::decay_t<decltype(p)>;
        if constexpr (std::is_same_v<P, ConvParams>) {
          b.dims("input", p.input);
          b.dims("output", p.output);
          if (p.depthwise) b.add("depth_multiplier", p.depth_multiplier);
          b.window(p.window);
          b.add("input_offset", p.input_offset);
          b.add("output_offset", p.output_offset);
          b.activation(p.activation, p.act);
          b.add("bias", p.bias_tensor >= 0);
          b.rescale(p.rescale);
          b.add("macs", p.macs);
          b.add("weight_bytes", p.weight_bytes);
        } else if constexpr (std::is_same_v<P, FullyConnectedParams>) {
          b.add("batches", p.batches);
          b.add("accum_depth", p.accum_depth);
          b.add("units", p.units);
          b.add("input_offset", p.input_offset);
          b.add("output_offset", p.output_offset);
          b.activation(p.activation, p.act);
          b.add("bias", p.bias_tensor >= 0);
          b.rescale(p.rescale);
          b.add("macs", p.macs);
          b.add("weight_bytes", p.weight_bytes);
        } else if constexpr (std::is_same_v<P, PoolParams>) {
          b.add("pool", p.max ? "max" : "average");
          b.dims("input", p.input);
          b.dims("output", p.output);
          b.window(p.window);
          b.add("zero_point", p.input_zero_point);
          b.activation(p.activation, p.act);
        } else if constexpr (std::is_same_v<P, SoftmaxParams>) {
          b.add("rows", p.rows);
          b.add("depth", p.depth);
          b.add("beta", p.beta);
          b.add("input_multiplier", p.scaling.input_multiplier);
          b.add("input_left_shift", int64_t{p.scaling.input_left_shift});
          b.add("diff_min", p.scaling.diff_min);
          b.add("input_zero_point", p.input_zero_point);
          b.add("output_zero_point", p.output_zero_point);
        } else if constexpr (std::is_same_v<P, SvdfParams>) {
          b.add("batches", p.batches);
          b.add("input_size", p.input_size);
          b.add("num_filters", p.num_filters);
          b.add("num_units", p.num_units);
          b.add("rank", p.rank);
          b.add("memory_size", p.memory_size);
          b.add("input_zero_point", p.input_zero_point);
          b.add("output_zero_point", p.output_zero_point);
          b.add("state_zero_point", p.state_zero_point);
          b.add("state_type", tflite::tensor_type_name(p.state_type));
          b.multiplier("effective_scale_1", p.effective_scale_1);
          b.multiplier("effective_scale_2", p.effective_scale_2);
          b.add("activation", tflite::activation_name(p.activation));
          b.add("macs", p.macs);
          b.add("weight_bytes", p.weight_bytes);
        } else if constexpr (std::is_same_v<P, LstmParams>) {
          b.add("batches", p.batches);
          b.add("time_steps", p.time_steps);
          b.add("input_size", p.input_size);
          b.add("cell_size", p.cell_size);
          b.add("output_size", p.output_size);
          b.add("time_major", p.time_major);
          b.add("cifg", p.cifg);
          b.add("cell_activation", tflite::activation_name(p.cell_activation));
          b.add("input_offset", p.input_offset);
          b.add("hidden_offset", p.hidden_offset);
          static const char* const kGate[4] = {"input_gate", "forget_gate", "cell_gate", "output_gate"};
          for (int g = p.cifg ? 1 : 0; g < 4; ++g) {
            b.multiplier((std::string(kGate[g]) + "_input").c_str(), p.gates[g].input);
            b.multiplier((std::string(kGate[g]) + "_recurrent").c_str(), p.gates[g].recurrent);
          }
          b.multiplier("forget_cell_mul", p.forget_cell_mul);
          b.multiplier("input_mul", p.input_mul);
          b.multiplier("output_mul", p.output_mul);
          b.add("cell_state_scale_power", p.cell_state_scale_power);
          b.add("quantized_cell_clip", p.quantized_cell_clip);
          b.add("macs", p.macs);
          b.add("weight_bytes", p.weight_bytes);
        }
      },
      node.params);
  return std::move(b.fields);
}

std::string field_text(const Field& field) {
  struct Text {
    std::string operator()(int64_t v) const { return std::to_string(v); }
    std::string operator()(double v) const {
      char s[32];
      std::snprintf(s, sizeof s, "%.9g", v);
      return s;
    }
    std::string operator()(const std::string& v) const { return v; }
    std::string operator()(const std::vector<int32_t>& v) const {
      std::string s = "[";
      for (size_t i = 0; i < v.size(); ++i) s += (i ? "," : "") + std::to_string(v[i]);
      return s + "]";
    }
  };
  return std::visit(Text{}, field.value);
}

}  // namespace cmnn::tool
