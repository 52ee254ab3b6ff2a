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
  // The paired conv variants ("conv2d_s8.<kind>.paired.dsp") have no fit yet: the int8 variant
  // they replace stands in ("conv2d_s8.<kind>.dsp"), so the packed copies rank as before they
  // existed (a copy's saving is then over-estimated by the paired block's gain).
  const std::string paired = ".paired.dsp";
  if (variant.size() > paired.size() && variant.compare(variant.size() - paired.size(), paired.size(), paired) == 0) {
    const std::string stand_in = variant.substr(0, variant.size() - paired.size()) + ".dsp";
    bool fitted = false;
    for (const VariantCost& v : kCosts) fitted = fitted || (std::strcmp(v.core, core) == 0 && variant == v.variant);
    if (!fitted) return estimate_variant_cycles(target, stand_in, macs, output_elements, cycles);
  }
  // The stacked conv variants ("conv2d_s8.<kind>.stacked.dsp") until they have a fit: on the
  // Cortex-M4 only (the one core with their assembly), the paired fit with its per-MAC term
  // scaled by 30 / 36 (est. m4 cycles per 32 MACs of the two 4x2 blocks, mat_mult_stacked_asm.h);
  // no estimate elsewhere, so the compiler does not offer them there (tools/cmnn/ops/conv2d.cpp).
  const std::string stacked = ".stacked.dsp";
  if (variant.size() > stacked.size() && variant.compare(variant.size() - stacked.size(), stacked.size(), stacked) == 0) {
    bool fitted = false;
    for (const VariantCost& v : kCosts) fitted = fitted || (std::strcmp(v.core, core) == 0 && variant == v.variant);
    if (!fitted) {
      if (std::strcmp(core, "m4") != 0) return false;
      const std::string stand_in = variant.substr(0, variant.size() - stacked.size()) + ".paired.dsp";
      double with_macs = 0.0, without = 0.0;
      if (!estimate_variant_cycles(target, stand_in, macs, output_elements, &with_macs) ||
          !estimate_variant_cycles(target, stand_in, 0, output_elements, &without))
        return false;
      *cycles = without + (with_macs - without) * (30.0 / 36.0);
      return true;
    }
  }
  for (const VariantCost& v : kCosts) {
    if (std::strcmp(v.core, core) != 0 || variant != v.variant) continue;
    *cycles = v.per_mac * static_cast<double>(macs) + v.per_output * static_cast<double>(output_elements) +
              v.per_call;
    return true;
  }
  return false;
}

}  // namespace cmnn::tool
