// Stack high-water mark: paint the free stack, run the code, find the deepest overwritten word.
#include <cstdint>

#include "platform.h"

extern "C" {
extern uint32_t __stack_limit__;
// First word above the painted area: the SP at the call of stack_paint().
__attribute__((used)) uint32_t* cmnn_stack_paint_top = nullptr;
}

namespace cmnn::platform {

// Written in assembly so that nothing is pushed below the SP it reads: a compiled function may
// place its prologue after reading SP (shrink-wrapping) and would then paint over its own saved
// return address. Uses only the caller-saved r0-r2.
__attribute__((naked, noinline)) void stack_paint() {
  __asm__ volatile(
      "mov r0, sp\n\t"
      "ldr r1, =__stack_limit__\n\t"
      "ldr r2, =0xC5C5C5C5\n\t"
      "1:\n\t"
      "cmp r1, r0\n\t"
      "bhs 2f\n\t"
      "str r2, [r1], #4\n\t"
      "b 1b\n\t"
      "2:\n\t"
      "ldr r1, =cmnn_stack_paint_top\n\t"
      "str r0, [r1]\n\t"
      "bx lr\n\t"
      ".ltorg\n\t");
}

size_t stack_used_since_paint() {
  if (cmnn_stack_paint_top == nullptr) return 0;
  const volatile uint32_t* p = &__stack_limit__;
  while (p < cmnn_stack_paint_top && *p == 0xC5C5C5C5u) ++p;
  return static_cast<size_t>(reinterpret_cast<uintptr_t>(cmnn_stack_paint_top) - reinterpret_cast<uintptr_t>(p));
}

}  // namespace cmnn::platform
