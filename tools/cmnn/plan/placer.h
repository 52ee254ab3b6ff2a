// Offset assignment for buffers with known lifetimes (the 2-D packing half of memory planning).
// A buffer occupies [offset, offset + bytes) from layer position `first` to `last` inclusive; two
// buffers whose lifetimes intersect must not share a byte. place_buffers() runs several greedy
// orders (TFLM's greedy by size, by size x lifetime, by first use, by lifetime length) and, on
// graphs of at most kExactLimit buffers, an exhaustive search over placement orders; it keeps the
// smallest arena. No order beats the live-bytes lower bound (the largest sum of live bytes at one
// position); when a placement reaches it the search stops, since no plan can be smaller.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace cmnn::tool {

struct Interval {
  int64_t bytes = 0;
  int first = 0, last = 0;  // layer positions, inclusive
};

struct Placement {
  std::vector<int64_t> offsets;  // per interval, aligned to `alignment`
  int64_t arena_bytes = 0;       // max(offset + bytes), aligned up
  int64_t lower_bound = 0;       // largest sum of aligned bytes live at one position
  std::string strategy;          // the order that won: "greedy by size", "exact search", ...
};

constexpr size_t kExactLimit = 8;

Placement place_buffers(const std::vector<Interval>& buffers, int64_t alignment);

// The arena of one order only: largest first (stable for equal sizes), each buffer at the lowest
// aligned offset free during its lifetime -- TFLM's GreedyMemoryPlanner (plan/tflm_arena.h).
int64_t greedy_by_size_arena(const std::vector<Interval>& buffers, int64_t alignment);

}  // namespace cmnn::tool
