// A bounds-checked reader of the FlatBuffers binary format, for files we do not trust.
// Nothing here dereferences a pointer that was not checked against the buffer first; every
// problem throws ImportError with a sentence that says what and where. The reader never
// allocates in proportion to a count read from the file: callers iterate views.
//
// Format facts relied on (flatbuffers.dev "internals"): little-endian; a uoffset is a uint32
// relative to its own position; a table starts with an int32 soffset to its vtable
// (vtable = table - soffset); a vtable is uint16 {vtable bytes, table bytes, field offsets...};
// a field offset of 0 (or a field id past the vtable) means "absent, use the default";
// vectors and strings are uint32 counts followed by elements (strings also by a 0 byte);
// a union is two fields: a ubyte type (id n) and a table uoffset (id n+1).
#pragma once
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

namespace cmnn::tool {

// The one error type of the importer: a complete, printable sentence.
class ImportError : public std::runtime_error {
 public:
  explicit ImportError(const std::string& what) : std::runtime_error(what) {}
};

class FlatBuffer;

// A vector of scalars or of uoffsets (tables / strings), already checked to lie in the buffer.
class FbVector {
 public:
  FbVector() = default;
  uint32_t size() const { return count_; }
  bool empty() const { return count_ == 0; }
  size_t element_position(uint32_t i) const { return start_ + size_t{i} * element_size_; }
  size_t start() const { return start_; }
  uint32_t element_size() const { return element_size_; }

 private:
  friend class FlatBuffer;
  size_t start_ = 0;  // position of element 0
  uint32_t count_ = 0;
  uint32_t element_size_ = 1;
};

// A table: its position and its vtable, both checked.
class FbTable {
 public:
  FbTable() = default;
  bool valid() const { return buffer_ != nullptr; }
  size_t position() const { return position_; }

  // Scalar fields (default when absent). Checked: the field lies inside the table's declared size.
  uint8_t u8(int id, uint8_t def = 0) const;
  int8_t i8(int id, int8_t def = 0) const;
  bool boolean(int id, bool def = false) const { return u8(id, def ? 1 : 0) != 0; }
  int32_t i32(int id, int32_t def = 0) const;
  uint32_t u32(int id, uint32_t def = 0) const;
  uint64_t u64(int id, uint64_t def = 0) const;
  float f32(int id, float def = 0.0f) const;

  bool has(int id) const { return field_position(id) != 0; }
  // Absolute file position of a present field (0 when absent); tests use it to patch files.
  size_t field_offset(int id) const { return field_position(id); }
  // Reference fields; absent gives an invalid table / empty vector / empty string.
  FbTable table(int id, const char* what) const;
  FbVector vector(int id, uint32_t element_size, const char* what) const;
  std::string string(int id, const char* what) const;

 private:
  friend class FlatBuffer;
  size_t field_position(int id) const;  // 0 when absent
  size_t scalar_position(int id, size_t bytes) const;
  const FlatBuffer* buffer_ = nullptr;
  size_t position_ = 0;
  size_t vtable_ = 0;
  uint32_t vtable_fields_ = 0;
  uint32_t table_bytes_ = 0;
};

class FlatBuffer {
 public:
  // The bytes stay owned by the caller and must outlive every view.
  FlatBuffer(const uint8_t* data, size_t size);

  size_t size() const { return size_; }
  const uint8_t* data() const { return data_; }

  // The root table (offset at byte 0). Checks the 4-character file identifier when given.
  FbTable root(const char* file_identifier) const;

  // Element access of a checked vector.
  uint8_t vec_u8(const FbVector& v, uint32_t i) const;
  int32_t vec_i32(const FbVector& v, uint32_t i) const;
  int64_t vec_i64(const FbVector& v, uint32_t i) const;
  float vec_f32(const FbVector& v, uint32_t i) const;
  FbTable vec_table(const FbVector& v, uint32_t i, const char* what) const;
  std::string vec_string(const FbVector& v, uint32_t i, const char* what) const;

  // Raw little-endian loads at a checked position (throw when out of range).
  uint32_t load_u32(size_t pos, const char* what) const;

  // Follows the uoffset stored at `pos` and returns the table / vector / string it refers to.
  FbTable table_at(size_t uoffset_pos, const char* what) const;
  FbVector vector_at(size_t uoffset_pos, uint32_t element_size, const char* what) const;
  std::string string_at(size_t uoffset_pos, const char* what) const;

  // Strings longer than this are rejected (names, descriptions); bounds the output we print.
  static constexpr uint32_t kMaxStringBytes = 1u << 20;

 private:
  void need(size_t pos, size_t bytes, const char* what) const;
  size_t follow(size_t uoffset_pos, const char* what) const;
  const uint8_t* data_;
  size_t size_;
};

// Little-endian loads from checked memory.
inline uint16_t le16(const uint8_t* p) { return static_cast<uint16_t>(p[0] | (p[1] << 8)); }
inline uint32_t le32(const uint8_t* p) {
  return uint32_t{p[0]} | (uint32_t{p[1]} << 8) | (uint32_t{p[2]} << 16) | (uint32_t{p[3]} << 24);
}
inline uint64_t le64(const uint8_t* p) { return uint64_t{le32(p)} | (uint64_t{le32(p + 4)} << 32); }

}  // namespace cmnn::tool
