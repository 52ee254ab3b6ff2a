// The table comes from variant_costs.inc (generated data, see variant_cost.h).
#include "select/variant_cost.h"

#include <cstring>
#include <iterator>
#include <string>

namespace cmnn::tool {
namespace {

struct VariantCost {
  const char* core;     // cores.json name: "m4"
  const char* variant;  // "conv2d_s8.im2col.packed.dsp"
  double per_mac;
  double per_output;
  double per_call;
};

#define CMNN_VARIANT_COST(core, variant, a, b, c) {core, variant, a, b, c},
constexpr VariantCost kCosts[] = {
#include "select/variant_costs.inc"
};
#undef CMNN_VARIANT_COST

}  // namespace

bool estimate_variant_cycles(Target target, const std::string& variant, int64_t macs, int64_t output_elements,
                             double* cycles) {
  const char* core = core_info(target).name;
  for (const VariantCost& v : kCosts) {
    if (std::strcmp(v.core, core) != 0 || variant != v.variant) continue;
    *cycles = v.per_mac * static_cast<double>(macs) + v.per_output * static_cast<double>(output_elements) +
              v.per_call;
    return true;
  }
  return false;
}

}  // namespace cmnn::tool
