#include "vector_case.h"

#include <cstring>

#include "platform.h"
#include "test.h"

namespace cmnn::vectors {

namespace {
size_t dtype_size(const char* dtype) {
  if (std::strcmp(dtype, "int8") == 0 || std::strcmp(dtype, "uint8") == 0) return 1;
  if (std::strcmp(dtype, "int16") == 0 || std::strcmp(dtype, "uint16") == 0) return 2;
  if (std::strcmp(dtype, "int32") == 0 || std::strcmp(dtype, "uint32") == 0 || std::strcmp(dtype, "float32") == 0) return 4;
  if (std::strcmp(dtype, "int64") == 0) return 8;
  return 0;
}

bool ends_with(const char* text, const char* suffix) {
  const size_t a = std::strlen(text), b = std::strlen(suffix);
  return a >= b && std::strcmp(text + a - b, suffix) == 0;
}
}  // namespace

bool Case::load(const char* folder, const char* name) {
  platform::format(folder_, sizeof folder_, "%s/%s", folder, name);
  platform::format(name_, sizeof name_, "%s", name);
  char path[448];
  platform::format(path, sizeof path, "%s/case.json", folder_);
  const long size = platform::file_size(path);
  if (size <= 0) {
    platform::format(error_, sizeof error_, "cannot read %s", path);
    return false;
  }
  auto* text = test::arena_alloc<char>(static_cast<size_t>(size) + 1);
  if (text == nullptr || platform::read_file(path, text, static_cast<size_t>(size)) != size) {
    platform::format(error_, sizeof error_, "cannot load %s (%ld bytes)", path, size);
    return false;
  }
  root_ = json::parse(text, static_cast<size_t>(size));
  if (!root_.is_object() || !root_["arrays"].is_object()) {
    platform::format(error_, sizeof error_, "%s is not a case description", path);
    return false;
  }
  return true;
}

int64_t Case::config(const char* key, bool* found) const {
  int64_t v = 0;
  const bool ok = root_["config_unprefixed"][key].as_int(&v);
  if (found != nullptr) *found = ok;
  return ok ? v : 0;
}

bool Case::has_config(const char* key) const { return root_["config_unprefixed"][key].valid(); }

Array Case::load_array(const json::Value& key, const json::Value& record) const {
  Array a;
  char file[128];
  if (!record["file"].copy_string(file, sizeof file) || !record["dtype"].copy_string(a.dtype, sizeof a.dtype)) return {};
  key.copy_string(a.name, sizeof a.name);
  const size_t element = dtype_size(a.dtype);
  int64_t count = 0;
  if (element == 0 || !record["count"].as_int(&count) || count < 0) return {};
  char path[576];
  platform::format(path, sizeof path, "%s/%s", folder_, file);
  const size_t bytes = static_cast<size_t>(count) * element;
  void* data = test::arena_alloc_bytes(bytes == 0 ? 1 : bytes);
  if (data == nullptr || platform::read_file(path, data, bytes) != static_cast<long>(bytes)) return {};
  a.data = data;
  a.count = static_cast<size_t>(count);
  return a;
}

Array Case::array(const char* role, const char* expected_dtype) const {
  const json::Value all = arrays();
  for (json::Value record = all.first(); record.valid(); record = all.next(record)) {
    if (!record["role"].equals(role)) continue;
    if (expected_dtype != nullptr && !record["dtype"].equals(expected_dtype)) continue;
    return load_array(all.key_of(record), record);
  }
  return {};
}

Array Case::array_named(const char* name_or_suffix) const {
  const json::Value all = arrays();
  const json::Value exact = all[name_or_suffix];
  if (exact.valid()) return load_array(all.key_of(exact), exact);
  char key[96];
  for (json::Value record = all.first(); record.valid(); record = all.next(record)) {
    if (all.key_of(record).copy_string(key, sizeof key) && ends_with(key, name_or_suffix)) {
      return load_array(all.key_of(record), record);
    }
  }
  return {};
}

}  // namespace cmnn::vectors
