// Test data helpers shared by the unit tests and the vector handlers: a seeded xorshift32
// generator (the same sequence on every target) and guard-banded buffers that prove a kernel
// wrote nothing outside its output.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "arena.h"

namespace cmnn::test {

class Xorshift32 {
 public:
  explicit Xorshift32(uint32_t seed) : state_(seed == 0 ? 0x2545F491u : seed) {}
  uint32_t next() {
    state_ ^= state_ << 13;
    state_ ^= state_ >> 17;
    state_ ^= state_ << 5;
    return state_;
  }
  // Uniform-ish integer in [lo, hi] (hi - lo < 2^32).
  int32_t pick(int32_t lo, int32_t hi) {
    return lo + static_cast<int32_t>(next() % (static_cast<uint32_t>(hi - lo) + 1u));
  }

 private:
  uint32_t state_;
};

constexpr size_t kGuardBytes = 32;
constexpr uint8_t kGuardPattern = 0xA5;

// bytes of arena memory with kGuardBytes of kGuardPattern on each side; returns the inner
// pointer, or nullptr when the arena is exhausted.
inline uint8_t* guarded_alloc(size_t bytes) {
  auto* p = arena_alloc<uint8_t>(bytes + 2 * kGuardBytes);
  if (p == nullptr) return nullptr;
  std::memset(p, kGuardPattern, bytes + 2 * kGuardBytes);
  return p + kGuardBytes;
}

// True when both guard bands around a guarded_alloc(bytes) buffer still hold the pattern.
inline bool guards_intact(const uint8_t* inner, size_t bytes) {
  for (size_t i = 0; i < kGuardBytes; ++i) {
    if (inner[-1 - static_cast<ptrdiff_t>(i)] != kGuardPattern || inner[bytes + i] != kGuardPattern) return false;
  }
  return true;
}

// count elements of T between guard bands: guarded_alloc(count * sizeof(T)) typed.
template <typename T>
T* guarded_array(size_t count) {
  return reinterpret_cast<T*>(guarded_alloc(count * sizeof(T)));
}
template <typename T>
bool guards_intact(const T* inner, size_t count) {
  return guards_intact(reinterpret_cast<const uint8_t*>(inner), count * sizeof(T));
}

}  // namespace cmnn::test
