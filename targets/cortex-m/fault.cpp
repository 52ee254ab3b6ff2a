// Fault handler: prints the fault status registers and the stacked frame, then exits with
// status 120 so that a faulting test fails the run with the reason on the console.
#include <cstdint>

#include "platform.h"

namespace {
constexpr uintptr_t kCfsr = 0xE000ED28;   // Configurable Fault Status (MMFSR | BFSR << 8 | UFSR << 16)
constexpr uintptr_t kHfsr = 0xE000ED2C;   // HardFault Status
constexpr uintptr_t kMmfar = 0xE000ED34;  // MemManage Fault Address
constexpr uintptr_t kBfar = 0xE000ED38;   // BusFault Address
constexpr uintptr_t kIcsr = 0xE000ED04;   // VECTACTIVE in bits [8:0]
uint32_t read(uintptr_t address) { return *reinterpret_cast<volatile uint32_t*>(address); }
}  // namespace

extern "C" [[noreturn]] __attribute__((used)) void cmnn_fault_report(const uint32_t* frame) {
  const uint32_t cfsr = read(kCfsr);
  cmnn::platform::print(
      "FAULT: exception %lu CFSR=0x%08lx HFSR=0x%08lx MMFAR=0x%08lx BFAR=0x%08lx\n"
      "FAULT: pc=0x%08lx lr=0x%08lx xpsr=0x%08lx r0=0x%08lx r1=0x%08lx r2=0x%08lx r3=0x%08lx r12=0x%08lx\n",
      static_cast<unsigned long>(read(kIcsr) & 0x1FFu), static_cast<unsigned long>(cfsr),
      static_cast<unsigned long>(read(kHfsr)), static_cast<unsigned long>(read(kMmfar)),
      static_cast<unsigned long>(read(kBfar)), static_cast<unsigned long>(frame[6]),
      static_cast<unsigned long>(frame[5]), static_cast<unsigned long>(frame[7]),
      static_cast<unsigned long>(frame[0]), static_cast<unsigned long>(frame[1]),
      static_cast<unsigned long>(frame[2]), static_cast<unsigned long>(frame[3]),
      static_cast<unsigned long>(frame[4]));
  if (cfsr & (1u << 16)) cmnn::platform::print("FAULT: undefined instruction (UFSR.UNDEFINSTR)\n");
  if (cfsr & (1u << 25)) cmnn::platform::print("FAULT: divide by zero (UFSR.DIVBYZERO)\n");
  if (cfsr & (1u << 24)) cmnn::platform::print("FAULT: unaligned access (UFSR.UNALIGNED)\n");
  if (cfsr & (1u << 15)) cmnn::platform::print("FAULT: bus fault at BFAR\n");
  if (cfsr & (1u << 7)) cmnn::platform::print("FAULT: memory management fault at MMFAR\n");
  cmnn::platform::exit(120);
}

// Picks the stack the exception frame was pushed on (EXC_RETURN bit 2) and reports.
extern "C" __attribute__((naked)) void HardFault_Handler() {
  __asm__ volatile(
      "tst lr, #4\n\t"
      "ite eq\n\t"
      "mrseq r0, msp\n\t"
      "mrsne r0, psp\n\t"
      "b cmnn_fault_report\n\t");
}
