#include "emit/emit_params.h"

#include <cstdio>
#include <sstream>

namespace cmnn::tool {

namespace {

std::string literal(const ParamField& f) {
  switch (f.kind) {
    case ParamField::Kind::kBool: return f.i ? "true" : "false";
    case ParamField::Kind::kFloat: {
      char s[48];
      std::snprintf(s, sizeof s, "%.9g", f.f);
      std::string t = s;
      if (t.find_first_of(".einn") == std::string::npos) t += ".0";
      return t + "f";
    }
    case ParamField::Kind::kInt: break;
  }
  if (f.i == INT64_MIN) return "(-9223372036854775807LL - 1)";
  return std::to_string(f.i) + (f.i > INT32_MAX || f.i < INT32_MIN ? "LL" : "");
}

}  // namespace

std::string emit_params(const Layer& l, size_t pos) {
  const std::string n = std::to_string(pos);
  const std::string& type = l.call->params_type();
  std::ostringstream o;
  o << "// layer " << pos << ", operator " << l.node << " " << l.op_name << ": " << l.variant_id << " (scratch "
    << l.scratch_bytes << " B, " << l.macs << " MACs)\n"
    << "constexpr " << type << " make_p" << n << "() {\n  " << type << " p{};\n";
  for (const ParamField& f : l.call->fields()) o << "  p." << f.name << " = " << literal(f) << ";\n";
  // The layer's variant, read back from the Context where init() stored it (emit_lookup): no
  // variant pointer outside the Context, so instances share no mutable state.
  o << "  return p;\n}\nconstexpr " << type << " kP" << n << " = make_p" << n << "();\n"
    << "inline const cmnn::Variant<" << type << ", " << l.call->args_type() << ">* v" << n << "(const Context* c) {\n"
    << "  return static_cast<const cmnn::Variant<" << type << ", " << l.call->args_type() << ">*>(c->variants[" << n
    << "]);\n}\n";
  return o.str();
}

}  // namespace cmnn::tool
