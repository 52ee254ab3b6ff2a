// Test memory without a heap on the target. A test takes buffers from the arena; the framework
// empties it before each test. On the host every buffer is a separate malloc block so that
// AddressSanitizer sees any access outside it; on Cortex-M it is a bump allocator over a static
// pool in the board's large RAM (.big_bss).
#pragma once
#include <cstddef>
#include <cstdint>

#if defined(CMNN_TARGET_CORTEX_M)
#define CMNN_BIG_BSS __attribute__((section(".big_bss")))
#else
#define CMNN_BIG_BSS
#endif

namespace cmnn::test {

// Returns zeroed, 16-byte aligned memory, or nullptr when the arena is exhausted.
void* arena_alloc_bytes(size_t bytes);
// Frees everything (called by the framework before each test).
void arena_reset();
size_t arena_capacity();
// A position to rewind to: everything allocated after arena_mark() is freed by arena_rewind().
size_t arena_mark();
void arena_rewind(size_t mark);

template <typename T>
T* arena_alloc(size_t count) {
  return static_cast<T*>(arena_alloc_bytes(count * sizeof(T)));
}

}  // namespace cmnn::test
