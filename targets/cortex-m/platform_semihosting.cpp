// cmnn::platform on Arm semihosting (QEMU mps2/mps3 boards).
#include "platform.h"
#include "semihosting.h"

namespace cmnn::platform {

void write(const char* text, size_t length) {
  // SYS_WRITE0 needs no open handle (QEMU has no pre-opened stdout); send NUL-terminated chunks.
  char chunk[129];
  while (length > 0) {
    const size_t n = length < sizeof chunk - 1 ? length : sizeof chunk - 1;
    for (size_t i = 0; i < n; ++i) chunk[i] = text[i] == '\0' ? ' ' : text[i];
    chunk[n] = '\0';
    semihosting::write0(chunk);
    text += n;
    length -= n;
  }
}

long file_size(const char* path) {
  const int handle = semihosting::open(path, semihosting::kModeReadBinary);
  if (handle < 0) return -1;
  const long size = semihosting::file_length(handle);
  semihosting::close(handle);
  return size;
}

long read_file(const char* path, void* destination, size_t capacity, size_t offset) {
  const int handle = semihosting::open(path, semihosting::kModeReadBinary);
  if (handle < 0) return -1;
  long result = -1;
  const long size = semihosting::file_length(handle);
  if (size >= 0 && (offset == 0 || semihosting::seek(handle, static_cast<uint32_t>(offset)))) {
    const size_t available = offset < static_cast<size_t>(size) ? static_cast<size_t>(size) - offset : 0;
    const auto wanted = static_cast<uint32_t>(capacity < available ? capacity : available);
    const uint32_t missing = semihosting::read(handle, destination, wanted);
    if (missing <= wanted) result = static_cast<long>(wanted - missing);
  }
  semihosting::close(handle);
  return result;
}

bool write_file(const char* path, const void* data, size_t length) {
  const int handle = semihosting::open(path, semihosting::kModeWriteBinary);
  if (handle < 0) return false;
  const bool ok = semihosting::write(handle, data, static_cast<uint32_t>(length)) == 0;
  semihosting::close(handle);
  return ok;
}

void exit(int status) { semihosting::exit(status); }

}  // namespace cmnn::platform
