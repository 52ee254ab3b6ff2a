#include "arena.h"

#include <cstring>

#if !defined(CMNN_TARGET_CORTEX_M)
#include <cstdlib>
#endif

namespace cmnn::test {

#if defined(CMNN_TARGET_CORTEX_M)
namespace {
constexpr size_t kPoolBytes = 12u << 20;
alignas(16) CMNN_BIG_BSS uint8_t g_pool[kPoolBytes];
size_t g_used = 0;
}  // namespace

void* arena_alloc_bytes(size_t bytes) {
  const size_t rounded = (bytes + 15u) & ~size_t{15};
  if (rounded < bytes || rounded > kPoolBytes - g_used) return nullptr;
  void* p = g_pool + g_used;
  g_used += rounded;
  std::memset(p, 0, bytes);
  return p;
}

void arena_reset() { g_used = 0; }
size_t arena_mark() { return g_used; }
void arena_rewind(size_t mark) {
  if (mark <= g_used) g_used = mark;
}
size_t arena_capacity() { return kPoolBytes; }

#else
namespace {
constexpr size_t kMaxBlocks = 4096;
constexpr size_t kCapacity = 256u << 20;
void* g_blocks[kMaxBlocks];
size_t g_sizes[kMaxBlocks];
size_t g_count = 0;
size_t g_used = 0;
}  // namespace

void* arena_alloc_bytes(size_t bytes) {
  if (g_count == kMaxBlocks || bytes > kCapacity - g_used) return nullptr;
  // Exactly 'bytes' long (at least 1) so that AddressSanitizer flags the first byte past the end.
  void* p = std::calloc(bytes == 0 ? 1 : bytes, 1);
  if (p == nullptr) return nullptr;
  g_sizes[g_count] = bytes;
  g_blocks[g_count++] = p;
  g_used += bytes;
  return p;
}

size_t arena_mark() { return g_count; }
void arena_rewind(size_t mark) {
  while (g_count > mark) {
    --g_count;
    g_used -= g_sizes[g_count];
    std::free(g_blocks[g_count]);
  }
}
void arena_reset() { arena_rewind(0); }
size_t arena_capacity() { return kCapacity; }
#endif

}  // namespace cmnn::test
