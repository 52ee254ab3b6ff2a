// Variant choice for a target core, the way the library's entry points choose on that core:
// walk the op's table (fastest first), skip entries whose ISA the core lacks or whose supports()
// rejects the parameters, take the first left. Every entry's verdict is kept for the report.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "select/lowered.h"

namespace cmnn::tool {

struct Choice {
  bool found = false;
  size_t index = 0;
  std::string id;
  size_t scratch_bytes = 0;
  std::vector<Candidate> candidates;
};

template <typename Params, typename Args>
Choice choose_variant(const ::cmnn::Variant<Params, Args>* table, size_t count, const Params& params, Target target) {
  Choice c;
  for (size_t i = 0; i < count; ++i) {
    const auto& v = table[i];
    Candidate cand{v.id, v.isa, false, ""};
    if (c.found) {
      cand.verdict = "not considered (an earlier entry was chosen)";
    } else if (!isa_available(target, v.isa)) {
      cand.verdict = std::string("rejected: ISA ") + isa_name(v.isa) + " not available on " + target_name(target);
    } else if (!v.supports(params)) {
      cand.verdict = "rejected: supports() is false for these parameters";
    } else {
      cand.verdict = "chosen";
      cand.chosen = true;
      c.found = true;
      c.index = i;
      c.id = v.id;
      c.scratch_bytes = v.scratch_bytes(params);
    }
    c.candidates.push_back(cand);
  }
  return c;
}

}  // namespace cmnn::tool
