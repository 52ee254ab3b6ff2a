// A small printf-style formatter: the C library's printf family may pull in malloc on newlib,
// which firmware images must not contain (see cmake/link_check.cmake).
#include "platform.h"

namespace cmnn::platform {
namespace {

struct Sink {
  char* buffer;
  size_t capacity;
  size_t length = 0;
  void put(char c) {
    if (length + 1 < capacity) buffer[length] = c;
    ++length;
  }
  void pad(size_t count, char c) {
    for (size_t i = 0; i < count; ++i) put(c);
  }
};

void put_unsigned(Sink& out, unsigned long long value, unsigned base, bool upper, bool negative,
                  int width, bool left, char fill) {
  char digits[24];
  int n = 0;
  const char* set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  do {
    digits[n++] = set[value % base];
    value /= base;
  } while (value != 0);
  const int total = n + (negative ? 1 : 0);
  const size_t padding = width > total ? static_cast<size_t>(width - total) : 0;
  if (!left && fill == ' ') out.pad(padding, ' ');
  if (negative) out.put('-');
  if (!left && fill == '0') out.pad(padding, '0');
  while (n > 0) out.put(digits[--n]);
  if (left) out.pad(padding, ' ');
}

void put_double(Sink& out, double value, int precision, int width, bool left) {
  char text[48];
  Sink local{text, sizeof text};
  if (value != value) {
    for (const char* s = "nan"; *s; ++s) local.put(*s);
  } else {
    if (value < 0) {
      local.put('-');
      value = -value;
    }
    double scale = 1;
    for (int i = 0; i < precision; ++i) scale *= 10;
    if (value * scale > 1.8e19) {
      for (const char* s = "inf"; *s; ++s) local.put(*s);
    } else {
      const auto scaled = static_cast<unsigned long long>(value * scale + 0.5);
      const auto whole = static_cast<unsigned long long>(scaled / static_cast<unsigned long long>(scale));
      const auto frac = scaled - whole * static_cast<unsigned long long>(scale);
      put_unsigned(local, whole, 10, false, false, 0, false, ' ');
      if (precision > 0) {
        local.put('.');
        put_unsigned(local, frac, 10, false, false, precision, false, '0');
      }
    }
  }
  const int n = static_cast<int>(local.length < sizeof text ? local.length : sizeof text - 1);
  if (!left && width > n) out.pad(static_cast<size_t>(width - n), ' ');
  for (int i = 0; i < n; ++i) out.put(text[i]);
  if (left && width > n) out.pad(static_cast<size_t>(width - n), ' ');
}

}  // namespace

size_t vformat(char* buffer, size_t capacity, const char* fmt, va_list args) {
  Sink out{buffer, capacity};
  for (const char* p = fmt; *p != '\0'; ++p) {
    if (*p != '%') {
      out.put(*p);
      continue;
    }
    ++p;
    bool left = false;
    char fill = ' ';
    for (;; ++p) {
      if (*p == '-') left = true;
      else if (*p == '0') fill = '0';
      else break;
    }
    int width = 0;
    while (*p >= '0' && *p <= '9') width = width * 10 + (*p++ - '0');
    int precision = 6;
    if (*p == '.') {
      precision = 0;
      ++p;
      while (*p >= '0' && *p <= '9') precision = precision * 10 + (*p++ - '0');
    }
    int longs = 0;
    bool size = false;
    for (;; ++p) {
      if (*p == 'l') ++longs;
      else if (*p == 'z') size = true;
      else break;
    }
    switch (*p) {
      case 'd':
      case 'i': {
        long long v = size ? static_cast<long long>(va_arg(args, ptrdiff_t))
                      : longs >= 2 ? va_arg(args, long long)
                      : longs == 1 ? va_arg(args, long)
                                   : va_arg(args, int);
        const unsigned long long magnitude = v < 0 ? 0ull - static_cast<unsigned long long>(v)
                                                   : static_cast<unsigned long long>(v);
        put_unsigned(out, magnitude, 10, false, v < 0, width, left, fill);
        break;
      }
      case 'u':
      case 'x':
      case 'X': {
        unsigned long long v = size ? va_arg(args, size_t)
                               : longs >= 2 ? va_arg(args, unsigned long long)
                               : longs == 1 ? va_arg(args, unsigned long)
                                            : va_arg(args, unsigned);
        put_unsigned(out, v, *p == 'u' ? 10 : 16, *p == 'X', false, width, left, fill);
        break;
      }
      case 'p':
        out.put('0');
        out.put('x');
        put_unsigned(out, reinterpret_cast<uintptr_t>(va_arg(args, void*)), 16, false, false, 0, false, ' ');
        break;
      case 'f':
        put_double(out, va_arg(args, double), precision, width, left);
        break;
      case 'c':
        out.put(static_cast<char>(va_arg(args, int)));
        break;
      case 's': {
        const char* s = va_arg(args, const char*);
        if (s == nullptr) s = "(null)";
        size_t n = 0;
        while (s[n] != '\0') ++n;
        if (!left && width > static_cast<int>(n)) out.pad(static_cast<size_t>(width) - n, ' ');
        for (size_t i = 0; i < n; ++i) out.put(s[i]);
        if (left && width > static_cast<int>(n)) out.pad(static_cast<size_t>(width) - n, ' ');
        break;
      }
      case '%':
        out.put('%');
        break;
      case '\0':
        --p;  // a trailing '%': stop at the terminator
        break;
      default:
        out.put('%');
        out.put(*p);
        break;
    }
  }
  if (capacity > 0) buffer[out.length < capacity ? out.length : capacity - 1] = '\0';
  return out.length;
}

size_t format(char* buffer, size_t capacity, const char* fmt, ...) {
  va_list args;
  va_start(args, fmt);
  const size_t n = vformat(buffer, capacity, fmt, args);
  va_end(args);
  return n;
}

}  // namespace cmnn::platform
