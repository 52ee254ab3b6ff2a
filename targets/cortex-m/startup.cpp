// Reset handler and vector table for the QEMU MPS2/MPS3 boards. No CMSIS headers: the few system
// registers used are named below (Armv7-M / Armv8-M Architecture Reference Manuals).
#include <cstdint>

#include "platform.h"
#include "semihosting.h"

extern "C" {
extern uint32_t __data_load__, __data_start__, __data_end__;
extern uint32_t __bss_start__, __bss_end__, __big_bss_start__, __big_bss_end__, __stack_top__;
extern void (*__preinit_array_start[])();
extern void (*__preinit_array_end[])();
extern void (*__init_array_start[])();
extern void (*__init_array_end[])();
int main(int argc, char** argv);
[[noreturn]] void Reset_Handler();
void HardFault_Handler();  // fault.cpp
void Unexpected_Handler();
}

namespace {

#if defined(__ARM_FP) || defined(__ARM_FEATURE_MVE)
constexpr uintptr_t kCpacr = 0xE000ED88;  // Coprocessor Access Control: CP10/CP11 = FPU and MVE
volatile uint32_t& reg(uintptr_t address) { return *reinterpret_cast<volatile uint32_t*>(address); }
#endif

// argv from the semihosting command line: argv[0] is the image path, then the -append words.
constexpr int kMaxArgs = 32;
char g_command_line[1024];
char* g_argv[kMaxArgs + 1];

int split_command_line() {
  if (!cmnn::semihosting::command_line(g_command_line, sizeof g_command_line)) return 0;
  g_command_line[sizeof g_command_line - 1] = '\0';
  int argc = 0;
  char* p = g_command_line;
  while (*p != '\0' && argc < kMaxArgs) {
    while (*p == ' ') *p++ = '\0';
    if (*p == '\0') break;
    g_argv[argc++] = p;
    while (*p != '\0' && *p != ' ') ++p;
  }
  g_argv[argc] = nullptr;
  return argc;
}

}  // namespace

extern "C" [[noreturn]] void Reset_Handler() {
#if defined(__ARM_FP) || defined(__ARM_FEATURE_MVE)
  // Grant full access to CP10/CP11 before the first floating-point or MVE instruction.
  reg(kCpacr) |= (0xFu << 20);
  __asm__ volatile("dsb\n\tisb" ::: "memory");
#endif
  for (uint32_t *src = &__data_load__, *dst = &__data_start__; dst < &__data_end__;) *dst++ = *src++;
  for (uint32_t* dst = &__bss_start__; dst < &__bss_end__;) *dst++ = 0;
  for (uint32_t* dst = &__big_bss_start__; dst < &__big_bss_end__;) *dst++ = 0;
  for (auto f = __preinit_array_start; f < __preinit_array_end; ++f) (*f)();
  for (auto f = __init_array_start; f < __init_array_end; ++f) (*f)();
  const int argc = split_command_line();
  cmnn::platform::exit(main(argc, g_argv));
}

extern "C" void Unexpected_Handler() {
  cmnn::platform::print("cmnn: unexpected exception or interrupt\n");
  cmnn::platform::exit(121);
}

using Vector = void (*)();
__attribute__((section(".vectors"), used)) const Vector g_vector_table[16 + 32] = {
    reinterpret_cast<Vector>(&__stack_top__),
    Reset_Handler,
    HardFault_Handler,   // NMI
    HardFault_Handler,   // HardFault
    HardFault_Handler,   // MemManage
    HardFault_Handler,   // BusFault
    HardFault_Handler,   // UsageFault
    HardFault_Handler,   // SecureFault (Armv8-M)
    nullptr, nullptr, nullptr,
    Unexpected_Handler,  // SVCall
    Unexpected_Handler,  // DebugMonitor
    nullptr,
    Unexpected_Handler,  // PendSV
    Unexpected_Handler,  // SysTick
    Unexpected_Handler, Unexpected_Handler, Unexpected_Handler, Unexpected_Handler,
    Unexpected_Handler, Unexpected_Handler, Unexpected_Handler, Unexpected_Handler,
    Unexpected_Handler, Unexpected_Handler, Unexpected_Handler, Unexpected_Handler,
    Unexpected_Handler, Unexpected_Handler, Unexpected_Handler, Unexpected_Handler,
    Unexpected_Handler, Unexpected_Handler, Unexpected_Handler, Unexpected_Handler,
    Unexpected_Handler, Unexpected_Handler, Unexpected_Handler, Unexpected_Handler,
    Unexpected_Handler, Unexpected_Handler, Unexpected_Handler, Unexpected_Handler,
    Unexpected_Handler, Unexpected_Handler, Unexpected_Handler, Unexpected_Handler,
};
