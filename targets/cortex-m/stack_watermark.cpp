// Stack high-water mark: paint the free stack, run the code, find the deepest overwritten word.
#include <cstdint>

#include "platform.h"

extern "C" uint32_t __stack_limit__;

namespace cmnn::platform {
namespace {
constexpr uint32_t kPaint = 0xC5C5C5C5u;
uint32_t* g_paint_top = nullptr;  // first word below the painting caller's frame
}  // namespace

// Not inlined, so that its own small frame sits above the painted area.
__attribute__((noinline)) void stack_paint() {
  uint32_t here;
  __asm__ volatile("mov %0, sp" : "=r"(here));
  // The loop runs in registers (volatile stores keep GCC from calling memset, whose own frame
  // would sit inside the painted area), so nothing below SP is in use.
  auto* top = reinterpret_cast<uint32_t*>(here & ~3u);
  for (volatile uint32_t* p = &__stack_limit__; p < top; ++p) *p = kPaint;
  g_paint_top = top;
}

size_t stack_used_since_paint() {
  if (g_paint_top == nullptr) return 0;
  uint32_t* p = &__stack_limit__;
  while (p < g_paint_top && *p == kPaint) ++p;
  return static_cast<size_t>(reinterpret_cast<uintptr_t>(g_paint_top) - reinterpret_cast<uintptr_t>(p));
}

}  // namespace cmnn::platform
