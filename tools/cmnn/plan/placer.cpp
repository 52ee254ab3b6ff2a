#include "plan/placer.h"

#include <algorithm>
#include <functional>
#include <numeric>

namespace cmnn::tool {

namespace {

int64_t align_to(int64_t v, int64_t a) { return (v + a - 1) / a * a; }

bool intersect(const Interval& a, const Interval& b) { return a.first <= b.last && b.first <= a.last; }

// Places the buffers in `order`, each at the lowest aligned offset that overlaps no placed buffer
// whose lifetime intersects its own. Returns the arena size.
int64_t place_in_order(const std::vector<Interval>& bufs, const std::vector<size_t>& order, int64_t alignment,
                       std::vector<int64_t>* offsets) {
  offsets->assign(bufs.size(), 0);
  std::vector<size_t> placed;
  int64_t arena = 0;
  std::vector<std::pair<int64_t, int64_t>> live;  // (offset, end) of conflicting placed buffers
  for (size_t idx : order) {
    const Interval& b = bufs[idx];
    live.clear();
    for (size_t p : placed) {
      if (intersect(bufs[p], b)) live.emplace_back((*offsets)[p], (*offsets)[p] + bufs[p].bytes);
    }
    std::sort(live.begin(), live.end());
    int64_t candidate = 0;
    for (const auto& [off, end] : live) {
      if (candidate + b.bytes <= off) break;
      candidate = std::max(candidate, align_to(end, alignment));
    }
    (*offsets)[idx] = candidate;
    arena = std::max(arena, align_to(candidate + b.bytes, alignment));
    placed.push_back(idx);
  }
  return arena;
}

int64_t live_lower_bound(const std::vector<Interval>& bufs, int64_t alignment) {
  int lo = 0, hi = -1;
  for (const Interval& b : bufs) lo = std::min(lo, b.first), hi = std::max(hi, b.last);
  int64_t best = 0;
  for (int pos = lo; pos <= hi; ++pos) {
    int64_t sum = 0;
    for (const Interval& b : bufs) {
      if (b.first <= pos && pos <= b.last) sum += align_to(b.bytes, alignment);
    }
    best = std::max(best, sum);
  }
  return best;
}

}  // namespace

int64_t greedy_by_size_arena(const std::vector<Interval>& bufs, int64_t alignment) {
  std::vector<size_t> order(bufs.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return bufs[a].bytes > bufs[b].bytes; });
  std::vector<int64_t> offsets;
  return place_in_order(bufs, order, alignment, &offsets);
}

Placement place_buffers(const std::vector<Interval>& bufs, int64_t alignment) {
  Placement best;
  best.lower_bound = live_lower_bound(bufs, alignment);
  best.arena_bytes = -1;
  std::vector<int64_t> offsets;
  auto consider = [&](const std::vector<size_t>& order, const char* name) {
    const int64_t arena = place_in_order(bufs, order, alignment, &offsets);
    if (best.arena_bytes < 0 || arena < best.arena_bytes) {
      best.arena_bytes = arena;
      best.offsets = offsets;
      best.strategy = name;
    }
    return best.arena_bytes <= best.lower_bound;
  };
  auto sorted = [&](const std::function<bool(const Interval&, const Interval&)>& before) {
    std::vector<size_t> order(bufs.size());
    std::iota(order.begin(), order.end(), size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return before(bufs[a], bufs[b]); });
    return order;
  };
  auto span = [](const Interval& b) { return static_cast<int64_t>(b.last - b.first + 1); };
  // Greedy by size first: the previous planner's order, so no model gets a larger arena than before.
  if (consider(sorted([](const Interval& a, const Interval& b) { return a.bytes > b.bytes; }), "greedy by size")) return best;
  if (consider(sorted([&](const Interval& a, const Interval& b) { return a.bytes * span(a) > b.bytes * span(b); }),
               "greedy by size x lifetime")) {
    return best;
  }
  if (consider(sorted([](const Interval& a, const Interval& b) {
                 return a.first != b.first ? a.first < b.first : a.bytes > b.bytes;
               }),
               "first use")) {
    return best;
  }
  if (consider(sorted([&](const Interval& a, const Interval& b) {
                 return span(a) != span(b) ? span(a) > span(b) : a.bytes > b.bytes;
               }),
               "longest lifetime")) {
    return best;
  }
  // Small graphs: every placement order (at most 8! = 40,320 of them), lowest-offset rule each.
  if (bufs.size() <= kExactLimit) {
    std::vector<size_t> order(bufs.size());
    std::iota(order.begin(), order.end(), size_t{0});
    do {
      if (consider(order, "exact search")) break;
    } while (std::next_permutation(order.begin(), order.end()));
  }
  return best;
}

}  // namespace cmnn::tool
