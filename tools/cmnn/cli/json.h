// JSON in the host tools: nlohmann/json (Debian's nlohmann-json3-dev), keys kept in insertion order.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

namespace cmnn::tool {

using Json = nlohmann::ordered_json;

// Pretty text (two-space indent, one trailing newline). Strings from a model file may be invalid
// UTF-8: they are written with U+FFFD in place of the bad bytes, never an exception.
inline std::string json_text(const Json& j) {
  return j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace cmnn::tool
