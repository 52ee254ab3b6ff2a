#include "emit/emit_params.h"

#include <sstream>
#include <utility>
#include <vector>

namespace cmnn::tool {

namespace {

namespace lib = ::cmnn;
using Fields = std::vector<std::pair<std::string, long long>>;

Fields fields_of(const lib::Conv2dParams& p) {
  return {{"batches", p.batches}, {"input_h", p.input_h}, {"input_w", p.input_w}, {"input_c", p.input_c},
          {"output_h", p.output_h}, {"output_w", p.output_w}, {"output_c", p.output_c}, {"filter_h", p.filter_h},
          {"filter_w", p.filter_w}, {"stride_h", p.stride_h}, {"stride_w", p.stride_w}, {"dilation_h", p.dilation_h},
          {"dilation_w", p.dilation_w}, {"pad_top", p.pad_top}, {"pad_left", p.pad_left}, {"groups", p.groups},
          {"input_offset", p.input_offset}, {"output_offset", p.output_offset},
          {"activation_min", p.activation_min}, {"activation_max", p.activation_max},
          {"has_packed_filter", p.has_packed_filter}};
}

Fields fields_of(const lib::DepthwiseConvParams& p) {
  return {{"batches", p.batches}, {"input_h", p.input_h}, {"input_w", p.input_w}, {"input_c", p.input_c},
          {"ch_mult", p.ch_mult}, {"filter_h", p.filter_h}, {"filter_w", p.filter_w}, {"output_h", p.output_h},
          {"output_w", p.output_w}, {"stride_h", p.stride_h}, {"stride_w", p.stride_w}, {"dilation_h", p.dilation_h},
          {"dilation_w", p.dilation_w}, {"pad_top", p.pad_top}, {"pad_left", p.pad_left},
          {"input_offset", p.input_offset}, {"output_offset", p.output_offset},
          {"activation_min", p.activation_min}, {"activation_max", p.activation_max}};
}

Fields fields_of(const lib::FullyConnectedParams& p) {
  return {{"batches", p.batches}, {"input_depth", p.input_depth}, {"output_depth", p.output_depth},
          {"input_offset", p.input_offset}, {"filter_offset", p.filter_offset}, {"output_offset", p.output_offset},
          {"activation_min", p.activation_min}, {"activation_max", p.activation_max},
          {"per_channel", p.per_channel}, {"has_kernel_sums", p.has_kernel_sums},
          {"has_packed_weights", p.has_packed_weights}};
}

Fields fields_of(const lib::PoolParams& p) {
  return {{"batches", p.batches}, {"input_h", p.input_h}, {"input_w", p.input_w}, {"channels", p.channels},
          {"output_h", p.output_h}, {"output_w", p.output_w}, {"filter_h", p.filter_h}, {"filter_w", p.filter_w},
          {"stride_h", p.stride_h}, {"stride_w", p.stride_w}, {"pad_top", p.pad_top}, {"pad_left", p.pad_left},
          {"activation_min", p.activation_min}, {"activation_max", p.activation_max}};
}

Fields fields_of(const lib::AddParams& p) {
  return {{"size", p.size}, {"input1_offset", p.input1_offset}, {"input1_multiplier", p.input1_multiplier},
          {"input1_shift", p.input1_shift}, {"input2_offset", p.input2_offset},
          {"input2_multiplier", p.input2_multiplier}, {"input2_shift", p.input2_shift}, {"left_shift", p.left_shift},
          {"output_offset", p.output_offset}, {"output_multiplier", p.output_multiplier},
          {"output_shift", p.output_shift}, {"activation_min", p.activation_min}, {"activation_max", p.activation_max}};
}

Fields fields_of(const lib::MulParams& p) {
  return {{"size", p.size}, {"input1_offset", p.input1_offset}, {"input2_offset", p.input2_offset},
          {"output_offset", p.output_offset}, {"output_multiplier", p.output_multiplier},
          {"output_shift", p.output_shift}, {"activation_min", p.activation_min}, {"activation_max", p.activation_max}};
}

Fields fields_of(const lib::SoftmaxParams& p) {
  return {{"rows", p.rows}, {"row_size", p.row_size}, {"input_multiplier", p.input_multiplier},
          {"input_left_shift", p.input_left_shift}, {"diff_min", p.diff_min}};
}

void add_gate(Fields& f, const std::string& name, const lib::LstmGateQuant& g) {
  f.push_back({name + ".input_multiplier", g.input_multiplier});
  f.push_back({name + ".input_shift", g.input_shift});
  f.push_back({name + ".hidden_multiplier", g.hidden_multiplier});
  f.push_back({name + ".hidden_shift", g.hidden_shift});
}

Fields fields_of(const lib::LstmParams& p) {
  Fields f = {{"time_major", p.time_major}, {"batches", p.batches}, {"time_steps", p.time_steps},
              {"input_size", p.input_size}, {"hidden_size", p.hidden_size}, {"input_offset", p.input_offset},
              {"output_offset", p.output_offset}, {"forget_to_cell_multiplier", p.forget_to_cell_multiplier},
              {"forget_to_cell_shift", p.forget_to_cell_shift}, {"input_to_cell_multiplier", p.input_to_cell_multiplier},
              {"input_to_cell_shift", p.input_to_cell_shift}, {"cell_clip", p.cell_clip},
              {"cell_scale_power", p.cell_scale_power}, {"output_multiplier", p.output_multiplier},
              {"output_shift", p.output_shift}};
  add_gate(f, "input_gate", p.input_gate);
  add_gate(f, "forget_gate", p.forget_gate);
  add_gate(f, "cell_gate", p.cell_gate);
  add_gate(f, "output_gate", p.output_gate);
  return f;
}

struct TypeNames {
  const char* params;
  const char* variant;
};

TypeNames type_names(LayerKind k) {
  switch (k) {
    case LayerKind::kConv: return {"cmnn::Conv2dParams", "cmnn::Conv2dS8Variant"};
    case LayerKind::kDepthwise: return {"cmnn::DepthwiseConvParams", "cmnn::DepthwiseConvS8Variant"};
    case LayerKind::kFullyConnected: return {"cmnn::FullyConnectedParams", "cmnn::FullyConnectedS8Variant"};
    case LayerKind::kAvgPool:
    case LayerKind::kMaxPool: return {"cmnn::PoolParams", "cmnn::PoolS8Variant"};
    case LayerKind::kAdd: return {"cmnn::AddParams", "cmnn::Variant<cmnn::AddParams, cmnn::BinaryArgs<int8_t>>"};
    case LayerKind::kMul: return {"cmnn::MulParams", "cmnn::Variant<cmnn::MulParams, cmnn::BinaryArgs<int8_t>>"};
    case LayerKind::kSoftmax: return {"cmnn::SoftmaxParams", "cmnn::Variant<cmnn::SoftmaxParams, cmnn::SoftmaxS8Args>"};
    case LayerKind::kLstm: return {"cmnn::LstmParams", "cmnn::Variant<cmnn::LstmParams, cmnn::LstmS8Args>"};
    case LayerKind::kReshape: break;
  }
  return {"void", "void"};
}

std::string literal(const std::string& name, long long v) {
  if (name == "per_channel" || name == "has_kernel_sums" || name == "has_packed_weights" || name == "has_packed_filter" || name == "time_major") {
    return v ? "true" : "false";
  }
  return std::to_string(v);
}

}  // namespace

std::string emit_params(const Layer& l) {
  Fields f;
  std::visit(
      [&](const auto& p) {
        using T = std::decay_t<decltype(p)>;
        if constexpr (!std::is_same_v<T, std::monostate>) f = fields_of(p);
      },
      l.params);
  const TypeNames t = type_names(l.kind);
  const std::string n = std::to_string(l.node);
  std::ostringstream o;
  o << "// operator " << l.node << " " << l.op_name << ": " << l.variant_id << " (scratch " << l.scratch_bytes
    << " B, " << l.macs << " MACs)\n"
    << "constexpr " << t.params << " make_p" << n << "() {\n  " << t.params << " p{};\n";
  for (const auto& [name, value] : f) o << "  p." << name << " = " << literal(name, value) << ";\n";
  o << "  return p;\n}\nconstexpr " << t.params << " kP" << n << " = make_p" << n << "();\n"
    << "const " << t.variant << "* g_v" << n << " = nullptr;\n";
  return o.str();
}

}  // namespace cmnn::tool
