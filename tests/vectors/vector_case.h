// One case of a bit-exact vector folder (format: ../shared/data/README.md, "vectors/"): its
// config scalars and its arrays, loaded lazily into the test arena through cmnn::platform, so the
// same code reads the files on the host and, through semihosting, on an emulated core.
#pragma once
#include <cstddef>
#include <cstdint>

#include "json_view.h"

namespace cmnn::vectors {

struct Array {
  const void* data = nullptr;  // nullptr when absent or unreadable
  size_t count = 0;            // elements
  char dtype[8] = {};          // "int8", "int16", "int32", "int64", "uint8", ...
  char name[64] = {};          // array name in case.json (e.g. "basic_weights")
  bool present() const { return data != nullptr; }
  const int8_t* s8() const { return static_cast<const int8_t*>(data); }
  const int16_t* s16() const { return static_cast<const int16_t*>(data); }
  const int32_t* s32() const { return static_cast<const int32_t*>(data); }
  const int64_t* s64() const { return static_cast<const int64_t*>(data); }
};

class Case {
 public:
  // folder: the vectors folder; name: the case (a subfolder). Reads and validates case.json.
  bool load(const char* folder, const char* name);
  const char* name() const { return name_; }
  const char* error() const { return error_; }

  // config_unprefixed scalar by key (e.g. "OUT_CH"); found is false when absent.
  int64_t config(const char* key, bool* found = nullptr) const;
  bool has_config(const char* key) const;
  // Any config_unprefixed value (e.g. the array "PERM"), invalid when absent.
  json::Value config_value(const char* key) const { return root_["config_unprefixed"][key]; }

  // First array whose role is role (e.g. "input", "weights", "output_ref"); dtype checked
  // when expected_dtype is not null. Not present when absent, unreadable or of another dtype.
  Array array(const char* role, const char* expected_dtype = nullptr) const;
  // Array by its exact name in case.json (e.g. "add_input1"), or by name suffix when the exact
  // name is absent (e.g. "_input1").
  Array array_named(const char* name_or_suffix) const;
  json::Value arrays() const { return root_["arrays"]; }

 private:
  Array load_array(const json::Value& key, const json::Value& record) const;
  char folder_[384] = {};
  char name_[96] = {};
  char error_[160] = {};
  json::Value root_;
};

}  // namespace cmnn::vectors
