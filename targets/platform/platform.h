// What a cmnn program needs from the machine it runs on. Two implementations: the host C library
// (targets/host) and Arm semihosting on the emulated Cortex-M boards (targets/cortex-m).
// Nothing here allocates.
#pragma once
#include <cstdarg>
#include <cstddef>
#include <cstdint>

namespace cmnn::platform {

// Console output (stdout on the host, the semihosting console under QEMU).
void write(const char* text, size_t length);
// printf-style output without the C library's heap: %d %i %u %x %X %c %s %p %%, the l/ll/z
// length modifiers, width, '-' and '0' flags, and %f/%.Nf for doubles.
void print(const char* format, ...) __attribute__((format(printf, 1, 2)));
void vprint(const char* format, va_list args);
// Formats into buffer (always NUL-terminated when capacity > 0); returns the length it needed.
size_t format(char* buffer, size_t capacity, const char* format, ...) __attribute__((format(printf, 3, 4)));
size_t vformat(char* buffer, size_t capacity, const char* format, va_list args);

// Size in bytes of a host file, or -1 when it cannot be opened.
long file_size(const char* path);
// Reads up to capacity bytes from offset of a host file into destination.
// Returns the number of bytes read, or -1 when the file cannot be opened or read.
long read_file(const char* path, void* destination, size_t capacity, size_t offset = 0);
// Writes (truncates) a host file. Returns false on failure.
bool write_file(const char* path, const void* data, size_t length);

// Ends the program with this exit status (the QEMU process exits with it too).
[[noreturn]] void exit(int status);

// Name of what this build runs on: "host", "host-asan", "m3", "m4", "m7" or "m55".
inline const char* target_name() { return CMNN_TARGET_NAME; }

// Measured regions for the instruction profiler (targets/cortex-m/profiler): every call of
// profile_mark() starts a new profile segment. profile_begin(name) first prints
// "@@cmnn-region <segment> <name>" so the host tools can name the segment, then marks;
// profile_end() marks again, so the code between the two calls is one segment of its own.
// Regions do not nest. On the host they only keep the same call structure.
void profile_mark();
void profile_begin(const char* name);
// Prints the name of the segment the next profile_mark() starts, without marking (for callers
// that must do work, such as painting the stack, between naming and marking).
void profile_name_next(const char* name);
void profile_end();

// Stack high-water measurement around a call (Cortex-M only; the host returns 0):
// stack_paint() fills the unused stack below the caller's frame with a pattern,
// stack_used_since_paint() returns how many bytes below that point were overwritten since.
void stack_paint();
size_t stack_used_since_paint();

}  // namespace cmnn::platform

extern "C" void cmnn_profile_mark();
