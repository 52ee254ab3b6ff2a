// A minimal streaming JSON writer (pretty enough to diff: one member per line at depth <= 2,
// nested arrays/objects deeper on one line). Strings are escaped; non-finite numbers become null.
#pragma once
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <ostream>
#include <string>
#include <vector>

namespace cmnn::tool {

class JsonWriter {
 public:
  explicit JsonWriter(std::ostream& out) : out_(out) {}

  void begin_object() { open('{'); }
  void end_object() { close('}'); }
  void begin_array() { open('['); }
  void end_array() { close(']'); }
  void key(const std::string& k) {
    separate();
    string_literal(k);
    out_ << ": ";
    after_key_ = true;
  }
  void value(int64_t v) { scalar(std::to_string(v)); }
  void value(int32_t v) { value(int64_t{v}); }
  void value(bool v) { scalar(v ? "true" : "false"); }
  void value(double v) {
    if (!std::isfinite(v)) return scalar("null");
    char s[40];
    std::snprintf(s, sizeof s, "%.9g", v);
    scalar(s);
  }
  void value(const std::string& v) {
    separate();
    string_literal(v);
  }
  void value(const char* v) { value(std::string(v)); }
  void value(const std::vector<int32_t>& v) {
    begin_array();
    for (int32_t x : v) value(int64_t{x});
    end_array();
  }
  template <typename T>
  void member(const std::string& k, const T& v) {
    key(k);
    value(v);
  }
  void finish() { out_ << "\n"; }

 private:
  void scalar(const std::string& text) {
    separate();
    out_ << text;
  }
  void separate() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (!first_.empty()) {
      if (!first_.back()) out_ << ",";
      first_.back() = false;
      newline();
    }
  }
  void newline() {
    if (first_.size() <= 3) {
      out_ << "\n" << std::string(2 * first_.size(), ' ');
    } else {
      out_ << " ";
    }
  }
  void open(char c) {
    separate();
    out_ << c;
    first_.push_back(true);
  }
  void close(char c) {
    const bool empty = first_.back();
    first_.pop_back();
    if (!empty && first_.size() < 3) {
      out_ << "\n" << std::string(2 * first_.size(), ' ');
    }
    out_ << c;
  }
  void string_literal(const std::string& s) {
    out_ << '"';
    for (unsigned char c : s) {
      if (c == '"' || c == '\\') {
        out_ << '\\' << c;
      } else if (c < 0x20 || c >= 0x7f) {  // non-ASCII as \u00XX: always valid JSON, whatever the bytes
        char e[8];
        std::snprintf(e, sizeof e, "\\u%04x", c);
        out_ << e;
      } else {
        out_ << c;
      }
    }
    out_ << '"';
  }
  std::ostream& out_;
  std::vector<bool> first_;
  bool after_key_ = false;
};

}  // namespace cmnn::tool
