#include "select/drop_int8.h"

#include <algorithm>

namespace cmnn::tool {

namespace {

bool has_packed_copy(const Layer& l) {
  return std::any_of(l.constants.begin(), l.constants.end(),
                     [](const ConstArray& a) { return a.role == "packed_filter" || a.role == "packed_weights" ||
                                                                          a.role == "pair_weights"; });
}

// True when the layer reading `tensor` may run by row bands of its producer (rows_into_fc.h): the
// producer, found through aliases among `done`, is one that LowerOptions::fuse_into_fc names.
bool fed_by_rows(const std::vector<Layer>& done, const LowerOptions& options, int tensor) {
  for (size_t i = done.size(); i-- > 0;) {
    const Layer& p = done[i];
    if (std::find(p.outputs.begin(), p.outputs.end(), tensor) == p.outputs.end()) continue;
    if (options.fuse_into_fc.count(p.node) != 0) return true;
    if (!p.is_alias() || p.inputs.empty()) return false;
    tensor = p.inputs[0];
  }
  return false;
}

}  // namespace

bool drop_unread_int8(const std::vector<Layer>& done, const LowerOptions& options, Target target, Layer& l) {
  if (options.keep_int8_weights || l.is_alias() || l.variant_id.empty() || !has_packed_copy(l)) return false;
  std::string role;
  const std::shared_ptr<const LayerCall> lean = l.call->without_int8_weights(&role);
  if (lean == nullptr) return false;
  const auto weights = std::find_if(l.constants.begin(), l.constants.end(), [&](const ConstArray& a) { return a.role == role; });
  if (weights == l.constants.end()) return false;
  const auto cap = options.scratch_cap.find(l.node);
  const Choice c = lean->choose(target, cap != options.scratch_cap.end() ? cap->second : SIZE_MAX);
  if (!c.found || c.id != l.variant_id) return false;
  if (l.rows_band > 0 && lean->rows_in_place_work(l.variant_id, l.rows_band) != l.scratch_bytes) return false;
  if (role == "weights" && !l.inputs.empty() && fed_by_rows(done, options, l.inputs[0])) return false;
  l.call = lean;
  l.int8_dropped_bytes = static_cast<int64_t>(weights->bytes());
  l.int8_dropped_role = role;
  l.constants.erase(weights);
  return true;
}

}  // namespace cmnn::tool
