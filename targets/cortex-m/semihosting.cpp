#include "semihosting.h"

#include <cstring>

namespace cmnn::semihosting {

uint32_t call(uint32_t operation, const void* argument) {
  register uint32_t r0 __asm__("r0") = operation;
  register const void* r1 __asm__("r1") = argument;
  __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
  return r0;
}

int open(const char* path, uint32_t mode) {
  const uint32_t block[3] = {reinterpret_cast<uint32_t>(path), mode, static_cast<uint32_t>(std::strlen(path))};
  return static_cast<int>(call(kOpen, block));
}

void close(int handle) {
  const uint32_t block[1] = {static_cast<uint32_t>(handle)};
  call(kClose, block);
}

uint32_t read(int handle, void* buffer, uint32_t length) {
  const uint32_t block[3] = {static_cast<uint32_t>(handle), reinterpret_cast<uint32_t>(buffer), length};
  return call(kRead, block);
}

uint32_t write(int handle, const void* buffer, uint32_t length) {
  const uint32_t block[3] = {static_cast<uint32_t>(handle), reinterpret_cast<uint32_t>(buffer), length};
  return call(kWrite, block);
}

bool seek(int handle, uint32_t position) {
  const uint32_t block[2] = {static_cast<uint32_t>(handle), position};
  return call(kSeek, block) == 0;
}

long file_length(int handle) {
  const uint32_t block[1] = {static_cast<uint32_t>(handle)};
  return static_cast<long>(static_cast<int32_t>(call(kFileLength, block)));
}

bool command_line(char* buffer, uint32_t capacity) {
  uint32_t block[2] = {reinterpret_cast<uint32_t>(buffer), capacity};
  return call(kGetCommandLine, block) == 0;
}

void write0(const char* text) { call(kWrite0, text); }

void exit(int status) {
  const uint32_t block[2] = {kApplicationExit, static_cast<uint32_t>(status)};
  call(kExitExtended, block);
  for (;;) {
  }
}

}  // namespace cmnn::semihosting
