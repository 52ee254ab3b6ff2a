#include "json_view.h"

#include <cstring>

namespace cmnn::json {
namespace {

constexpr int kMaxDepth = 64;

const char* skip_space(const char* p, const char* end) {
  while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')) ++p;
  return p;
}

const char* skip_string(const char* p, const char* end) {
  if (p >= end || *p != '"') return nullptr;
  for (++p; p < end; ++p) {
    if (*p == '\\') {
      if (++p >= end) return nullptr;
    } else if (*p == '"') {
      return p + 1;
    } else if (static_cast<unsigned char>(*p) < 0x20) {
      return nullptr;
    }
  }
  return nullptr;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

const char* skip_number(const char* p, const char* end) {
  const char* start = p;
  if (p < end && *p == '-') ++p;
  if (p >= end || !is_digit(*p)) return nullptr;
  while (p < end && is_digit(*p)) ++p;
  if (p < end && *p == '.') {
    ++p;
    if (p >= end || !is_digit(*p)) return nullptr;
    while (p < end && is_digit(*p)) ++p;
  }
  if (p < end && (*p == 'e' || *p == 'E')) {
    ++p;
    if (p < end && (*p == '+' || *p == '-')) ++p;
    if (p >= end || !is_digit(*p)) return nullptr;
    while (p < end && is_digit(*p)) ++p;
  }
  return p > start ? p : nullptr;
}

const char* skip_literal(const char* p, const char* end, const char* word) {
  const size_t n = std::strlen(word);
  if (static_cast<size_t>(end - p) < n || std::memcmp(p, word, n) != 0) return nullptr;
  return p + n;
}

// Returns the end of the value starting at p (no leading space), or nullptr if malformed.
const char* skip_value(const char* p, const char* end, int depth) {
  if (p >= end || depth > kMaxDepth) return nullptr;
  switch (*p) {
    case '"': return skip_string(p, end);
    case 't': return skip_literal(p, end, "true");
    case 'f': return skip_literal(p, end, "false");
    case 'n': return skip_literal(p, end, "null");
    case '[':
    case '{': {
      const bool object = *p == '{';
      const char close = object ? '}' : ']';
      p = skip_space(p + 1, end);
      if (p < end && *p == close) return p + 1;
      for (;;) {
        if (object) {
          p = skip_string(p, end);
          if (p == nullptr) return nullptr;
          p = skip_space(p, end);
          if (p >= end || *p != ':') return nullptr;
          p = skip_space(p + 1, end);
        }
        p = skip_value(p, end, depth + 1);
        if (p == nullptr) return nullptr;
        p = skip_space(p, end);
        if (p >= end) return nullptr;
        if (*p == close) return p + 1;
        if (*p != ',') return nullptr;
        p = skip_space(p + 1, end);
      }
    }
    default: return skip_number(p, end);
  }
}

Type type_of(char c) {
  switch (c) {
    case '"': return Type::kString;
    case 't':
    case 'f': return Type::kBool;
    case 'n': return Type::kNull;
    case '[': return Type::kArray;
    case '{': return Type::kObject;
    default: return Type::kNumber;
  }
}

// The text is validated by parse(), so the walkers below only skip well-formed values.
const char* value_end(const char* p, const char* end) { return skip_value(p, end, 0); }

}  // namespace

Value::Value(const char* begin, const char* end) : begin_(begin), end_(end), type_(type_of(*begin)) {}

Value Value::first() const {
  if (type_ != Type::kArray && type_ != Type::kObject) return {};
  const char* p = skip_space(begin_ + 1, end_);
  if (p >= end_ || *p == ']' || *p == '}') return {};
  if (type_ == Type::kObject) p = skip_space(skip_space(skip_string(p, end_), end_) + 1, end_);  // key, ':' 
  return Value(p, value_end(p, end_));
}

Value Value::next(const Value& current) const {
  if (!current.valid()) return {};
  const char* p = skip_space(current.end_, end_);
  if (p >= end_ || *p != ',') return {};
  p = skip_space(p + 1, end_);
  if (type_ == Type::kObject) {
    p = skip_space(skip_space(skip_string(p, end_), end_) + 1, end_);  // key, ':'
  }
  return Value(p, value_end(p, end_));
}

// Calls visit(key, value) for each member of the object whose text is [begin, end) until it
// returns true; returns that member's value (or the key when want_key), else an invalid Value.
template <typename Visit>
Value find_member(const char* begin, const char* end, bool want_key, Visit visit) {
  const char* p = skip_space(begin + 1, end);
  while (p < end && *p == '"') {
    const char* key_end = skip_string(p, end);
    const Value key(p, key_end);
    const char* v = skip_space(skip_space(key_end, end) + 1, end);  // past ':'
    const char* v_end = value_end(v, end);
    const Value value(v, v_end);
    if (visit(key, value)) return want_key ? key : value;
    p = skip_space(v_end, end);
    if (p >= end || *p != ',') break;
    p = skip_space(p + 1, end);
  }
  return {};
}

Value Value::key_of(const Value& member_value) const {
  if (type_ != Type::kObject || !member_value.valid()) return {};
  return find_member(begin_, end_, true,
                     [&](const Value&, const Value& v) { return v.begin() == member_value.begin(); });
}

Value Value::operator[](const char* key) const {
  if (type_ != Type::kObject) return {};
  return find_member(begin_, end_, false, [&](const Value& k, const Value&) { return k.equals(key); });
}

Value Value::at(size_t index) const {
  size_t i = 0;
  for (Value v = first(); v.valid(); v = next(v)) {
    if (i++ == index) return v;
  }
  return {};
}

size_t Value::size() const {
  size_t n = 0;
  for (Value v = first(); v.valid(); v = next(v)) ++n;
  return n;
}

bool Value::as_int(int64_t* out) const {
  if (type_ != Type::kNumber) return false;
  const char* p = begin_;
  const bool negative = *p == '-';
  if (negative) ++p;
  uint64_t magnitude = 0;
  for (; p < end_; ++p) {
    if (!is_digit(*p)) return false;
    const uint64_t digit = static_cast<uint64_t>(*p - '0');
    if (magnitude > (UINT64_MAX - digit) / 10) return false;
    magnitude = magnitude * 10 + digit;
  }
  if (magnitude > (negative ? uint64_t{1} << 63 : (uint64_t{1} << 63) - 1)) return false;
  *out = negative ? static_cast<int64_t>(0 - magnitude) : static_cast<int64_t>(magnitude);
  return true;
}

int64_t Value::int_or(int64_t fallback) const {
  int64_t v = 0;
  return as_int(&v) ? v : fallback;
}

bool Value::as_double(double* out) const {
  if (type_ != Type::kNumber) return false;
  const char* p = begin_;
  const bool negative = *p == '-';
  if (negative) ++p;
  double v = 0;
  while (p < end_ && is_digit(*p)) v = v * 10 + (*p++ - '0');
  if (p < end_ && *p == '.') {
    double scale = 0.1;
    for (++p; p < end_ && is_digit(*p); ++p, scale *= 0.1) v += (*p - '0') * scale;
  }
  if (p < end_ && (*p == 'e' || *p == 'E')) {
    ++p;
    const bool negative_exponent = *p == '-';
    if (*p == '-' || *p == '+') ++p;
    int e = 0;
    while (p < end_ && is_digit(*p) && e < 400) e = e * 10 + (*p++ - '0');
    for (int i = 0; i < e; ++i) v = negative_exponent ? v / 10 : v * 10;
  }
  *out = negative ? -v : v;
  return true;
}

bool Value::copy_string(char* buffer, size_t capacity) const {
  if (type_ != Type::kString || capacity == 0) return false;
  size_t n = 0;
  bool fits = true;
  for (const char* p = begin_ + 1; p < end_ - 1; ++p) {
    char c = *p;
    if (c == '\\') {
      ++p;
      switch (*p) {
        case 'n': c = '\n'; break;
        case 't': c = '\t'; break;
        case 'r': c = '\r'; break;
        case 'b': c = '\b'; break;
        case 'f': c = '\f'; break;
        case 'u': c = '?'; p += 4; break;
        default: c = *p; break;
      }
    }
    if (n + 1 < capacity) buffer[n++] = c;
    else fits = false;
  }
  buffer[n] = '\0';
  return fits;
}

bool Value::equals(const char* text) const {
  if (type_ != Type::kString) return false;
  const size_t n = std::strlen(text);
  return static_cast<size_t>(end_ - begin_) == n + 2 && std::memcmp(begin_ + 1, text, n) == 0;
}

Value parse(const char* text, size_t length) {
  const char* end = text + length;
  const char* p = skip_space(text, end);
  const char* value_stop = skip_value(p, end, 0);
  if (value_stop == nullptr || skip_space(value_stop, end) != end) return {};
  return Value(p, value_stop);
}

}  // namespace cmnn::json
