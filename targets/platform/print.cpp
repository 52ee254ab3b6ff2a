#include "platform.h"

namespace cmnn::platform {

void vprint(const char* fmt, va_list args) {
  char line[512];
  va_list copy;
  va_copy(copy, args);
  const size_t needed = vformat(line, sizeof line, fmt, copy);
  va_end(copy);
  // Long texts are cut at the buffer: console output is for humans and logs, not data.
  write(line, needed < sizeof line ? needed : sizeof line - 1);
}

void print(const char* fmt, ...) {
  va_list args;
  va_start(args, fmt);
  vprint(fmt, args);
  va_end(args);
}

unsigned g_segment = 0;  // segments started so far; mirrors the profiler's own count

void profile_name_next(const char* name) { print("@@cmnn-region %u %s\n", g_segment + 1, name); }

void profile_begin(const char* name) {
  profile_name_next(name);
  profile_mark();
}

void profile_end() { profile_mark(); }

void profile_mark() { cmnn_profile_mark(); }

}  // namespace cmnn::platform

// The profiler plugin starts a new segment each time this function's first instruction executes;
// it finds the address by this unmangled name. Never inlined.
extern "C" __attribute__((noinline, used)) void cmnn_profile_mark() {
  ++cmnn::platform::g_segment;
  __asm__ volatile("" ::: "memory");
}
