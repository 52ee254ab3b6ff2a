// Arm semihosting calls (BKPT 0xAB), as QEMU implements them with
// -semihosting-config enable=on,target=native. Reference: Arm "Semihosting for AArch32 and
// AArch64", operation numbers below. Every call blocks the guest until the host has answered.
#pragma once
#include <cstddef>
#include <cstdint>

namespace cmnn::semihosting {

enum Operation : uint32_t {
  kOpen = 0x01,
  kClose = 0x02,
  kWrite0 = 0x04,
  kWrite = 0x05,
  kRead = 0x06,
  kSeek = 0x0A,
  kFileLength = 0x0C,
  kGetCommandLine = 0x15,
  kExitExtended = 0x20,
};

// SYS_OPEN modes: index into the ISO C fopen mode list ("r", "rb", "r+", "r+b", "w", "wb", ...).
constexpr uint32_t kModeReadBinary = 1;
constexpr uint32_t kModeWriteBinary = 5;
// SYS_EXIT reason code for a normal application exit; SYS_EXIT_EXTENDED adds the status.
constexpr uint32_t kApplicationExit = 0x20026;

uint32_t call(uint32_t operation, const void* argument);

// Returns a handle, or -1.
int open(const char* path, uint32_t mode);
void close(int handle);
// Returns the number of bytes NOT read/written (0 = all), as the protocol does.
uint32_t read(int handle, void* buffer, uint32_t length);
uint32_t write(int handle, const void* buffer, uint32_t length);
bool seek(int handle, uint32_t position);
long file_length(int handle);
// Fills buffer with the command line (QEMU: the -kernel path, a space, then the -append text).
bool command_line(char* buffer, uint32_t capacity);
void write0(const char* text);
[[noreturn]] void exit(int status);

}  // namespace cmnn::semihosting
