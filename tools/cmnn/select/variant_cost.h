// A per-core, per-variant cycle model for ranking packed weight copies (select/lower.cpp): est.
// cycles = a * MACs + b * output elements + c, fitted by scripts/fit_variant_costs.py from the
// kernel benchmarks (`make bench`, build/bench/bench.json) into variant_costs.inc. The cycles are
// cmnn-prof ESTIMATES (instructions exact, cycles modelled); docs/memory.md says how they were measured.
#pragma once
#include <cstdint>
#include <string>

#include "select/target.h"

namespace cmnn::tool {

// Estimated cycles of one call of `variant` on `target` for a layer of `macs` MACs writing
// `output_elements` elements; false (cycles untouched) when the table has no entry for that core
// and variant (the host, cores not benchmarked, variants without a fit).
bool estimate_variant_cycles(Target target, const std::string& variant, int64_t macs, int64_t output_elements,
                             double* cycles);

}  // namespace cmnn::tool
