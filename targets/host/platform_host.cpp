// Host implementation of cmnn::platform on the C library.
#include <cstdio>
#include <cstdlib>

#include "platform.h"

namespace cmnn::platform {

void write(const char* text, size_t length) {
  std::fwrite(text, 1, length, stdout);
  std::fflush(stdout);
}

long file_size(const char* path) {
  std::FILE* f = std::fopen(path, "rb");
  if (f == nullptr) return -1;
  long size = -1;
  if (std::fseek(f, 0, SEEK_END) == 0) size = std::ftell(f);
  std::fclose(f);
  return size;
}

long read_file(const char* path, void* destination, size_t capacity, size_t offset) {
  std::FILE* f = std::fopen(path, "rb");
  if (f == nullptr) return -1;
  long result = -1;
  if (std::fseek(f, static_cast<long>(offset), SEEK_SET) == 0) {
    const size_t n = std::fread(destination, 1, capacity, f);
    if (n == capacity || !std::ferror(f)) result = static_cast<long>(n);
  }
  std::fclose(f);
  return result;
}

bool write_file(const char* path, const void* data, size_t length) {
  std::FILE* f = std::fopen(path, "wb");
  if (f == nullptr) return false;
  const bool ok = std::fwrite(data, 1, length, f) == length;
  return std::fclose(f) == 0 && ok;
}

void exit(int status) {
  std::fflush(stdout);
  std::exit(status);
}

}  // namespace cmnn::platform

namespace cmnn::platform {
// The host has no painted stack; stack depth is measured on the Cortex-M targets only.
void stack_paint() {}
size_t stack_used_since_paint() { return 0; }
}  // namespace cmnn::platform
