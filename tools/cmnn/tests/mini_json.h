// A small JSON reader for the tests (layers.json, the --json output): objects, arrays, strings
// (escapes \" \\ \/ \n \t \uXXXX as Latin-1), numbers as double, true/false/null. Throws
// std::runtime_error on malformed input. Test code only; not hardened for hostile input.
#pragma once
#include <cstdlib>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace cmnn::tool::test {

struct Json {
  enum class Kind { kNull, kBool, kNumber, kString, kArray, kObject } kind = Kind::kNull;
  bool boolean = false;
  double number = 0.0;
  std::string text;
  std::vector<Json> items;
  std::map<std::string, Json> members;

  const Json& at(const std::string& key) const {
    auto it = members.find(key);
    if (it == members.end()) throw std::runtime_error("json: no member '" + key + "'");
    return it->second;
  }
  bool has(const std::string& key) const { return members.count(key) != 0; }
  long long integer() const { return static_cast<long long>(number); }

  static Json parse(const std::string& s) {
    size_t i = 0;
    Json j = parse_value(s, i);
    skip(s, i);
    if (i != s.size()) throw std::runtime_error("json: trailing characters");
    return j;
  }

 private:
  static void skip(const std::string& s, size_t& i) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t')) ++i;
  }
  static void expect(const std::string& s, size_t& i, char c) {
    skip(s, i);
    if (i >= s.size() || s[i] != c) throw std::runtime_error(std::string("json: expected '") + c + "'");
    ++i;
  }
  static std::string parse_string(const std::string& s, size_t& i) {
    expect(s, i, '"');
    std::string out;
    while (i < s.size() && s[i] != '"') {
      char c = s[i++];
      if (c == '\\') {
        if (i >= s.size()) break;
        const char e = s[i++];
        if (e == 'n') c = '\n';
        else if (e == 't') c = '\t';
        else if (e == 'u') {
          if (i + 4 > s.size()) throw std::runtime_error("json: short \\u escape");
          c = static_cast<char>(std::strtol(s.substr(i, 4).c_str(), nullptr, 16));
          i += 4;
        } else c = e;
      }
      out += c;
    }
    expect(s, i, '"');
    return out;
  }
  static Json parse_value(const std::string& s, size_t& i) {
    skip(s, i);
    if (i >= s.size()) throw std::runtime_error("json: unexpected end");
    Json j;
    const char c = s[i];
    if (c == '{') {
      j.kind = Kind::kObject;
      ++i;
      skip(s, i);
      if (i < s.size() && s[i] == '}') return ++i, j;
      for (;;) {
        std::string key = parse_string(s, i);
        expect(s, i, ':');
        j.members[key] = parse_value(s, i);
        skip(s, i);
        if (i < s.size() && s[i] == ',') { ++i; continue; }
        expect(s, i, '}');
        return j;
      }
    }
    if (c == '[') {
      j.kind = Kind::kArray;
      ++i;
      skip(s, i);
      if (i < s.size() && s[i] == ']') return ++i, j;
      for (;;) {
        j.items.push_back(parse_value(s, i));
        skip(s, i);
        if (i < s.size() && s[i] == ',') { ++i; continue; }
        expect(s, i, ']');
        return j;
      }
    }
    if (c == '"') {
      j.kind = Kind::kString;
      j.text = parse_string(s, i);
      return j;
    }
    if (s.compare(i, 4, "true") == 0) { i += 4; j.kind = Kind::kBool; j.boolean = true; return j; }
    if (s.compare(i, 5, "false") == 0) { i += 5; j.kind = Kind::kBool; return j; }
    if (s.compare(i, 4, "null") == 0) { i += 4; return j; }
    char* end = nullptr;
    j.number = std::strtod(s.c_str() + i, &end);
    if (end == s.c_str() + i) throw std::runtime_error("json: bad value");
    i = static_cast<size_t>(end - s.c_str());
    j.kind = Kind::kNumber;
    return j;
  }
};

}  // namespace cmnn::tool::test
