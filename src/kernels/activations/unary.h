// Shared pieces of the elementwise activation tables: the pointer / size check every entry point
// runs first, and the trivial supports / scratch functions of the reference variants.
#pragma once
#include <cstddef>
#include <cstdint>

#include "cmnn/status.h"

namespace cmnn::activations {

template <typename T>
Status check_unary(const T* input, const void* output, int32_t size) {
  if (input == nullptr || output == nullptr) return Status::kNullPointer;
  if (size <= 0) return Status::kBadShape;
  return Status::kOk;
}

template <typename P>
bool always(const P&) {
  return true;
}

template <typename P>
size_t no_scratch(const P&) {
  return 0;
}

inline bool valid_shift(int32_t shift) { return shift >= -31 && shift <= 30; }

template <typename T>
constexpr int32_t type_min() {
  return sizeof(T) == 1 ? INT8_MIN : INT16_MIN;
}
template <typename T>
constexpr int32_t type_max() {
  return sizeof(T) == 1 ? INT8_MAX : INT16_MAX;
}

}  // namespace cmnn::activations
