#include "import/flatbuffer.h"

#include <cstdio>
#include <cstring>

namespace cmnn::tool {

namespace {
std::string hex(size_t v) {
  char text[32];
  std::snprintf(text, sizeof text, "0x%zx", v);
  return text;
}
}  // namespace

FlatBuffer::FlatBuffer(const uint8_t* data, size_t size) : data_(data), size_(size) {}

void FlatBuffer::need(size_t pos, size_t bytes, const char* what) const {
  if (pos > size_ || bytes > size_ - pos) {
    throw ImportError(std::string(what) + ": " + std::to_string(bytes) + " bytes at offset " + hex(pos) +
                      " run past the end of the file (" + std::to_string(size_) + " bytes)");
  }
}

uint32_t FlatBuffer::load_u32(size_t pos, const char* what) const {
  need(pos, 4, what);
  return le32(data_ + pos);
}

size_t FlatBuffer::follow(size_t uoffset_pos, const char* what) const {
  if (uoffset_pos % 4 != 0) throw ImportError(std::string(what) + ": misaligned offset field at " + hex(uoffset_pos));
  const uint32_t offset = load_u32(uoffset_pos, what);
  if (offset == 0) throw ImportError(std::string(what) + ": null offset at " + hex(uoffset_pos));
  const size_t target = uoffset_pos + offset;  // no overflow: both < 2^32 + size_ on 64-bit hosts
  if (target >= size_) {
    throw ImportError(std::string(what) + ": offset at " + hex(uoffset_pos) + " points to " + hex(target) +
                      ", past the end of the file (" + std::to_string(size_) + " bytes)");
  }
  return target;
}

FbTable FlatBuffer::table_at(size_t uoffset_pos, const char* what) const {
  const size_t t = follow(uoffset_pos, what);
  if (t % 4 != 0) throw ImportError(std::string(what) + ": table at " + hex(t) + " is not 4-byte aligned");
  need(t, 4, what);
  const auto soffset = static_cast<int32_t>(le32(data_ + t));
  const int64_t vtable = static_cast<int64_t>(t) - soffset;
  if (vtable < 0 || vtable > static_cast<int64_t>(size_) - 4 || vtable % 2 != 0) {
    throw ImportError(std::string(what) + ": table at " + hex(t) + " has an invalid vtable offset " +
                      std::to_string(soffset));
  }
  const auto vt = static_cast<size_t>(vtable);
  const uint16_t vt_bytes = le16(data_ + vt);
  const uint16_t table_bytes = le16(data_ + vt + 2);
  if (vt_bytes < 4 || vt_bytes % 2 != 0) {
    throw ImportError(std::string(what) + ": vtable at " + hex(vt) + " has an invalid size " + std::to_string(vt_bytes));
  }
  need(vt, vt_bytes, what);
  if (table_bytes < 4) {
    throw ImportError(std::string(what) + ": table at " + hex(t) + " declares " + std::to_string(table_bytes) +
                      " bytes (at least 4 needed)");
  }
  need(t, table_bytes, what);
  FbTable table;
  table.buffer_ = this;
  table.position_ = t;
  table.vtable_ = vt;
  table.vtable_fields_ = (vt_bytes - 4u) / 2u;
  table.table_bytes_ = table_bytes;
  return table;
}

FbVector FlatBuffer::vector_at(size_t uoffset_pos, uint32_t element_size, const char* what) const {
  const size_t v = follow(uoffset_pos, what);
  if (v % 4 != 0) throw ImportError(std::string(what) + ": vector at " + hex(v) + " is not 4-byte aligned");
  const uint32_t count = load_u32(v, what);
  const uint64_t bytes = uint64_t{count} * element_size;
  if (bytes > size_ - v - 4 + 0 || v + 4 > size_) {
    throw ImportError(std::string(what) + ": vector at " + hex(v) + " claims " + std::to_string(count) +
                      " elements of " + std::to_string(element_size) + " bytes, more than the file holds (" +
                      std::to_string(size_) + " bytes)");
  }
  const uint32_t align = element_size >= 8 ? 8 : element_size;
  if (align > 1 && (v + 4) % align != 0) {
    throw ImportError(std::string(what) + ": elements at " + hex(v + 4) + " are not " + std::to_string(align) +
                      "-byte aligned");
  }
  FbVector vec;
  vec.start_ = v + 4;
  vec.count_ = count;
  vec.element_size_ = element_size;
  return vec;
}

std::string FlatBuffer::string_at(size_t uoffset_pos, const char* what) const {
  const FbVector v = vector_at(uoffset_pos, 1, what);
  if (v.size() > kMaxStringBytes) {
    throw ImportError(std::string(what) + ": string of " + std::to_string(v.size()) + " bytes is longer than the " +
                      std::to_string(kMaxStringBytes) + "-byte limit");
  }
  need(v.start(), size_t{v.size()} + 1, what);
  if (data_[v.start() + v.size()] != 0) {
    throw ImportError(std::string(what) + ": string at " + hex(v.start()) + " is not NUL-terminated");
  }
  return std::string(reinterpret_cast<const char*>(data_ + v.start()), v.size());
}

FbTable FlatBuffer::root(const char* file_identifier) const {
  if (size_ < 8) {
    throw ImportError("file too small to be a flatbuffer (" + std::to_string(size_) + " bytes, at least 8 needed)");
  }
  if (file_identifier != nullptr && std::memcmp(data_ + 4, file_identifier, 4) != 0) {
    char got[5] = {};
    for (int i = 0; i < 4; ++i) {
      const uint8_t c = data_[4 + i];
      got[i] = (c >= 32 && c < 127) ? static_cast<char>(c) : '?';
    }
    throw ImportError(std::string("not a TFLite model: file identifier is '") + got + "', expected '" +
                      file_identifier + "'");
  }
  return table_at(0, "root table");
}

uint8_t FlatBuffer::vec_u8(const FbVector& v, uint32_t i) const { return data_[v.element_position(i)]; }
int32_t FlatBuffer::vec_i32(const FbVector& v, uint32_t i) const {
  return static_cast<int32_t>(le32(data_ + v.element_position(i)));
}
int64_t FlatBuffer::vec_i64(const FbVector& v, uint32_t i) const {
  return static_cast<int64_t>(le64(data_ + v.element_position(i)));
}
float FlatBuffer::vec_f32(const FbVector& v, uint32_t i) const {
  const uint32_t bits = le32(data_ + v.element_position(i));
  float f;
  std::memcpy(&f, &bits, sizeof f);
  return f;
}
FbTable FlatBuffer::vec_table(const FbVector& v, uint32_t i, const char* what) const {
  return table_at(v.element_position(i), what);
}
std::string FlatBuffer::vec_string(const FbVector& v, uint32_t i, const char* what) const {
  return string_at(v.element_position(i), what);
}

// ---- FbTable ----

size_t FbTable::field_position(int id) const {
  if (id < 0 || static_cast<uint32_t>(id) >= vtable_fields_) return 0;
  const uint16_t offset = le16(buffer_->data() + vtable_ + 4 + 2 * static_cast<size_t>(id));
  return offset == 0 ? 0 : position_ + offset;
}

size_t FbTable::scalar_position(int id, size_t bytes) const {
  const size_t pos = field_position(id);
  if (pos == 0) return 0;
  if (pos - position_ + bytes > table_bytes_) {
    throw ImportError("field " + std::to_string(id) + " of the table at " + hex(position_) +
                      " lies outside the table's " + std::to_string(table_bytes_) + " bytes");
  }
  return pos;
}

uint8_t FbTable::u8(int id, uint8_t def) const {
  const size_t p = scalar_position(id, 1);
  return p == 0 ? def : buffer_->data()[p];
}
int8_t FbTable::i8(int id, int8_t def) const {
  const size_t p = scalar_position(id, 1);
  return p == 0 ? def : static_cast<int8_t>(buffer_->data()[p]);
}
int32_t FbTable::i32(int id, int32_t def) const {
  const size_t p = scalar_position(id, 4);
  return p == 0 ? def : static_cast<int32_t>(le32(buffer_->data() + p));
}
uint32_t FbTable::u32(int id, uint32_t def) const {
  const size_t p = scalar_position(id, 4);
  return p == 0 ? def : le32(buffer_->data() + p);
}
uint64_t FbTable::u64(int id, uint64_t def) const {
  const size_t p = scalar_position(id, 8);
  return p == 0 ? def : le64(buffer_->data() + p);
}
float FbTable::f32(int id, float def) const {
  const size_t p = scalar_position(id, 4);
  if (p == 0) return def;
  const uint32_t bits = le32(buffer_->data() + p);
  float f;
  std::memcpy(&f, &bits, sizeof f);
  return f;
}

FbTable FbTable::table(int id, const char* what) const {
  const size_t p = scalar_position(id, 4);
  return p == 0 ? FbTable{} : buffer_->table_at(p, what);
}
FbVector FbTable::vector(int id, uint32_t element_size, const char* what) const {
  const size_t p = scalar_position(id, 4);
  return p == 0 ? FbVector{} : buffer_->vector_at(p, element_size, what);
}
std::string FbTable::string(int id, const char* what) const {
  const size_t p = scalar_position(id, 4);
  return p == 0 ? std::string{} : buffer_->string_at(p, what);
}

}  // namespace cmnn::tool
