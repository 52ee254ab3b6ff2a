// A read-only JSON view for the shared data's JSON files (vector cases, layer lists) on any target:
// no heap, no copies. parse() validates the whole text once; a Value is a [begin, end) slice of it.
// Lookups scan linearly, which is fine for the small documents this reads; walk big arrays with
// first()/next() rather than by index.
#pragma once
#include <cstddef>
#include <cstdint>

namespace cmnn::json {

enum class Type : uint8_t { kInvalid, kNull, kBool, kNumber, kString, kArray, kObject };

class Value {
 public:
  Value() = default;
  Value(const char* begin, const char* end);

  Type type() const { return type_; }
  bool valid() const { return type_ != Type::kInvalid; }
  bool is_object() const { return type_ == Type::kObject; }
  bool is_array() const { return type_ == Type::kArray; }

  // Object member by key (invalid Value when absent or not an object).
  Value operator[](const char* key) const;
  // Array element / object member value by position (invalid when out of range).
  Value at(size_t index) const;
  // Number of elements (array) or members (object); 0 otherwise.
  size_t size() const;
  // Iteration: first() is the first element (array) or first member value (object); next(v)
  // the one after v; key_of(v) the key of member value v, as a string Value.
  Value first() const;
  Value next(const Value& current) const;
  Value key_of(const Value& member_value) const;

  // Integer value (a number without fraction or exponent that fits int64). False otherwise.
  bool as_int(int64_t* out) const;
  int64_t int_or(int64_t fallback) const;
  bool as_double(double* out) const;
  // String contents, unescaped (\" \\ \/ \n \t, \uXXXX as '?'), NUL-terminated, cut at capacity.
  // Returns false when not a string or when it did not fit.
  bool copy_string(char* buffer, size_t capacity) const;
  // True when this is a string equal to text (no escapes compared).
  bool equals(const char* text) const;

  const char* begin() const { return begin_; }
  const char* end() const { return end_; }

 private:
  const char* begin_ = nullptr;
  const char* end_ = nullptr;
  Type type_ = Type::kInvalid;
};

// Validates text as one JSON value (nesting depth <= 64) and returns it; invalid Value on error.
Value parse(const char* text, size_t length);

}  // namespace cmnn::json
