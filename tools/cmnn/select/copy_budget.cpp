#include "select/copy_budget.h"

#include <algorithm>
#include <cstdint>
#include <vector>

#include "select/variant_cost.h"

namespace cmnn::tool {
namespace {

// Levels lowered below the first choice before the one with every copy declined: more than any
// op offers (conv2d offers two copies: an RGB first layer's own, then the packed filter).
constexpr int kLevelsWithCopies = 3;

bool is_packed_copy(const ConstArray& a) {
  return a.role == "packed_filter" || a.role == "packed_weights" || a.role == "pair_weights";
}

// One rung of a node's ladder: its layers as lowered with some copies declined.
struct Tier {
  int64_t bytes = 0;      // net flash bytes of its copies: the copies minus the int8 weights they replace
  double cycles = 0.0;    // est. cycles of its layers (select/variant_cost.h)
  bool estimated = true;  // the cost table had every layer's variant
  bool has_copy = false;
  int64_t macs = 0;
};

std::map<int, Tier> tiers_of(const Graph& graph, const LoweredModel& m) {
  std::map<int, Tier> t;
  for (const Layer& l : m.layers) {
    if (!l.call) continue;
    Tier& x = t[l.node];
    for (const ConstArray& a : l.constants) {
      if (is_packed_copy(a)) x.bytes += static_cast<int64_t>(a.bytes()), x.has_copy = true;
    }
    x.bytes -= l.int8_dropped_bytes;
    const int64_t outputs = l.outputs.empty() ? 0 : graph.tensors.at(static_cast<size_t>(l.outputs[0])).elements;
    double c = 0.0;
    if (estimate_variant_cycles(m.target, l.variant_id, l.macs, outputs, &c)) {
      x.cycles += c;
    } else {
      x.estimated = false;
    }
    x.macs += l.macs;
  }
  return t;
}

// The node's tier in one level; nullptr when that lowering refused the node (no call layer).
const Tier* tier_at(const std::map<int, Tier>& level, int node) {
  const auto it = level.find(node);
  return it == level.end() ? nullptr : &it->second;
}

bool has_any_copy(const LoweredModel& m) {
  for (const Layer& l : m.layers) {
    if (std::any_of(l.constants.begin(), l.constants.end(), is_packed_copy)) return true;
  }
  return false;
}

// A node's tiers, first choice first; the last has no copy. Rung i declines floor + i copies,
// the last every copy.
struct Ladder {
  std::vector<Tier> tiers;
  int floor = 0;
  size_t last() const { return tiers.size() - 1; }
  int declined(size_t i) const { return i == last() ? kAllCopies : floor + static_cast<int>(i); }
  // Est. cycles rung i saves against no copy, and its net bytes above it.
  double saving(size_t i) const { return tiers[last()].cycles - tiers[i].cycles; }
  int64_t bytes(size_t i) const { return tiers[i].bytes - tiers[last()].bytes; }
};

class Planner {
 public:
  Planner(const Graph& graph, const LowerOptions& options, const LowerWithDeclined& lower)
      : graph_(graph), options_(options), lower_(lower), floor_(options.copies.declined) {}

  LoweredModel run() {
    LoweredModel model = lower_(floor_);
    const int64_t budget = options_.weight_budget;
    if (budget < 0 || model.constant_bytes() <= budget) return keep_estimates(std::move(model));
    build_ladders(model);
    std::vector<int> steps;
    while (model.constant_bytes() > budget) {
      const int node = cheapest_step();
      if (node < 0) break;
      ++rung_[node];
      steps.push_back(node);
      model = lower_(declined(rung_));
    }
    // A step taken early may fit again in the room later steps freed: undone, the last first.
    for (auto it = steps.rbegin(); it != steps.rend(); ++it) {
      std::map<int, size_t> trial = rung_;
      --trial[*it];
      LoweredModel m = lower_(declined(trial));
      if (m.constant_bytes() > budget) continue;
      rung_ = std::move(trial);
      model = std::move(m);
    }
    // Greedy by value per byte can keep several small copies where one large copy saves more.
    if (estimated_ && !steps.empty()) {
      const std::map<int, size_t> best = best_rungs(budget - plain_bytes_);
      if (saved(best) > saved(rung_)) {
        LoweredModel m = lower_(declined(best));
        if (m.constant_bytes() <= budget) rung_ = best, model = std::move(m);
      }
    }
    model.copies = plan();
    return model;
  }

 private:
  LoweredModel keep_estimates(LoweredModel model) const {
    model.copies = options_.copies;
    return model;
  }

  // Every node at floor + i copies declined (kAllCopies for i < 0).
  std::map<int, int> level(int i) const {
    std::map<int, int> d;
    for (const Node& n : graph_.nodes) {
      const auto it = floor_.find(n.index);
      const int f = it == floor_.end() ? 0 : it->second;
      d[n.index] = i < 0 ? kAllCopies : std::min(kAllCopies, f + i);
    }
    return d;
  }

  void build_ladders(const LoweredModel& first) {
    std::vector<std::map<int, Tier>> levels = {tiers_of(graph_, first)};
    for (int i = 1; i < kLevelsWithCopies; ++i) {
      const LoweredModel m = lower_(level(i));
      levels.push_back(tiers_of(graph_, m));
      if (!has_any_copy(m)) break;
    }
    const LoweredModel plain = lower_(level(-1));
    plain_bytes_ = plain.constant_bytes();
    levels.push_back(tiers_of(graph_, plain));
    for (const Layer& l : first.layers) {  // execution order: ties go to the earlier layer
      const Tier* t0 = tier_at(levels[0], l.node);
      if (t0 == nullptr || !t0->has_copy || ladders_.count(l.node) != 0) continue;
      // A node its op refuses to lower with every copy declined (lower_once lists it as missing)
      // has no rung to step down to: it keeps its first choice.
      const Tier* none = tier_at(levels.back(), l.node);
      if (none == nullptr) continue;
      Ladder lad;
      lad.floor = options_.copies.declined_at(l.node);
      // A rung its op refuses ends the ladder like a rung with no copy: the next step is to none.
      for (size_t i = 0; i + 1 < levels.size(); ++i) {
        const Tier* t = tier_at(levels[i], l.node);
        if (t == nullptr || !t->has_copy) break;
        lad.tiers.push_back(*t);
      }
      lad.tiers.push_back(*none);
      for (const Tier& t : lad.tiers) estimated_ = estimated_ && t.estimated;
      ladders_.emplace(l.node, std::move(lad));
      order_.push_back(l.node);
      rung_[l.node] = 0;
    }
  }

  std::map<int, int> declined(const std::map<int, size_t>& rungs) const {
    std::map<int, int> d = floor_;
    for (const auto& [node, i] : rungs) {
      if (i > 0) d[node] = ladders_.at(node).declined(i);
    }
    return d;
  }

  // The node whose next step down gives up the fewest est. cycles (or MACs, without estimates)
  // per net byte it frees; -1 when every node is at its last rung.
  int cheapest_step() const {
    int worst = -1;
    double worst_value = 0.0;
    for (int node : order_) {
      const Ladder& lad = ladders_.at(node);
      const size_t i = rung_.at(node);
      if (i >= lad.last()) continue;
      const double given = estimated_ ? lad.tiers[i + 1].cycles - lad.tiers[i].cycles : static_cast<double>(lad.tiers[i].macs);
      const double v = given / static_cast<double>(std::max<int64_t>(lad.tiers[i].bytes - lad.tiers[i + 1].bytes, 1));
      if (worst < 0 || v < worst_value) worst = node, worst_value = v;
    }
    return worst;
  }

  double saved(const std::map<int, size_t>& rungs) const {
    double s = 0.0;
    for (const auto& [node, i] : rungs) s += ladders_.at(node).saving(i);
    return s;
  }

  // One rung per node saving the most est. cycles within `room` net bytes: a multiple-choice
  // knapsack by dynamic programming over 16-byte units (rounded up, so the choice never needs
  // more than room). Rungs that save nothing are never chosen over the last.
  std::map<int, size_t> best_rungs(int64_t room) const {
    constexpr int64_t kUnit = 16;
    std::map<int, size_t> chosen;
    for (int node : order_) chosen[node] = ladders_.at(node).last();
    if (room < 0) return chosen;
    const size_t cap = static_cast<size_t>(std::min<int64_t>(room / kUnit, 1 << 20));
    auto units = [&](int64_t b) { return static_cast<size_t>(std::max<int64_t>(b + kUnit - 1, 0) / kUnit); };
    std::vector<double> best(cap + 1, 0.0);
    std::vector<std::vector<int8_t>> take(order_.size(), std::vector<int8_t>(cap + 1, -1));  // rung, -1: the last
    for (size_t k = 0; k < order_.size(); ++k) {
      const Ladder& lad = ladders_.at(order_[k]);
      const std::vector<double> before = best;
      for (size_t i = 0; i < lad.last(); ++i) {
        const double s = lad.saving(i);
        const size_t w = units(lad.bytes(i));
        if (s <= 0.0) continue;
        for (size_t c = w; c <= cap; ++c) {
          if (before[c - w] + s > best[c]) best[c] = before[c - w] + s, take[k][c] = static_cast<int8_t>(i);
        }
      }
    }
    for (size_t k = order_.size(), c = cap; k-- > 0;) {
      if (take[k][c] < 0) continue;
      const size_t i = static_cast<size_t>(take[k][c]);
      chosen[order_[k]] = i;
      c -= units(ladders_.at(order_[k]).bytes(i));
    }
    return chosen;
  }

  CopyPlan plan() const {
    CopyPlan p = ladders_.empty() ? options_.copies : CopyPlan{};
    p.declined = declined(rung_);
    if (ladders_.empty()) return p;
    p.estimated = estimated_;
    for (const auto& [node, lad] : ladders_) {
      p.saving[node] = lad.saving(0);
      p.bytes[node] = lad.bytes(0);
      const size_t i = rung_.at(node);
      if (i > 0 && i < lad.last()) p.kept_saving[node] = lad.saving(i), p.kept_bytes[node] = lad.bytes(i);
    }
    return p;
  }

  const Graph& graph_;
  const LowerOptions& options_;
  const LowerWithDeclined& lower_;
  const std::map<int, int> floor_;
  std::map<int, Ladder> ladders_;
  std::vector<int> order_;       // nodes with a ladder, in execution order
  std::map<int, size_t> rung_;   // node -> its current rung
  bool estimated_ = true;
  int64_t plain_bytes_ = 0;      // constants with every copy declined
};

}  // namespace

LoweredModel fit_copies_to_budget(const Graph& graph, const LowerOptions& options, const LowerWithDeclined& lower) {
  return Planner(graph, options, lower).run();
}

}  // namespace cmnn::tool
