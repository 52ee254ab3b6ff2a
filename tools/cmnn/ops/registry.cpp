// The operator registry: op_list.inc names one OpDef per operator file under ops/.
#include "ops/op_registry.h"

namespace cmnn::tool {

namespace ops {
#define CMNN_OP(name) extern const OpDef name;
#include "ops/op_list.inc"
#undef CMNN_OP
}  // namespace ops

const std::vector<OpDef>& op_registry() {
  static const std::vector<OpDef> all = {
#define CMNN_OP(name) ops::name,
#include "ops/op_list.inc"
#undef CMNN_OP
  };
  return all;
}

const OpDef* find_op(int32_t builtin_code) {
  for (const OpDef& d : op_registry()) {
    if (d.builtin_code == builtin_code) return &d;
  }
  return nullptr;
}

}  // namespace cmnn::tool
