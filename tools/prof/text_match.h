// Small string tests used instead of <regex> (GCC 12's <regex> trips -Wmaybe-uninitialized
// under the sanitizer builds, and plain tests are faster).
#pragma once
#include <initializer_list>
#include <set>
#include <string>
#include <vector>

namespace cmnn::prof {

inline bool starts_with_any(const std::string& s, const std::vector<std::string>& prefixes) {
  for (const std::string& p : prefixes)
    if (s.compare(0, p.size(), p) == 0) return true;
  return false;
}

// Every concatenation a + b + c of one string from each list ("" allowed in a list).
inline std::set<std::string> product(const std::vector<std::string>& a, const std::vector<std::string>& b,
                                     const std::vector<std::string>& c) {
  std::set<std::string> out;
  for (const auto& x : a)
    for (const auto& y : b)
      for (const auto& z : c) out.insert(x + y + z);
  return out;
}

inline const std::vector<std::string>& condition_suffixes() {  // "" and the 17 condition codes
  static const std::vector<std::string> c = {"",   "eq", "ne", "cs", "hs", "cc", "lo", "mi", "pl",
                                             "vs", "vc", "hi", "ls", "ge", "lt", "gt", "le", "al"};
  return c;
}

// Python's re.search(r"\bq[0-7]\b", text).
inline bool has_q_register(const std::string& t) {
  auto word = [](char ch) { return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_'; };
  for (size_t i = 0; i + 1 < t.size(); i++)
    if (t[i] == 'q' && t[i + 1] >= '0' && t[i + 1] <= '7' && (i == 0 || !word(t[i - 1])) &&
        (i + 2 == t.size() || !word(t[i + 2])))
      return true;
  return false;
}

// The lab's multiply prefixes and Armv7E-M SIMD prefixes (re.match semantics: prefix).
inline const std::vector<std::string>& mac_prefixes() {
  static const std::vector<std::string> p = {"mul",   "mla",   "mls",   "smull",  "umull", "smlal", "umlal",
                                             "umaal", "smla",  "smlal", "smul",   "smlsd", "smlsld", "smuad",
                                             "smusd", "smmul", "smmla", "smmls", "smlad", "smlald"};
  return p;
}
inline const std::vector<std::string>& simd_prefixes() {
  static const std::vector<std::string> p = [] {
    std::vector<std::string> v = {"sxtb16", "sxtab16", "uxtb16", "uxtab16", "qasx",  "qsax",  "uqasx", "uqsax",
                                  "pkhbt",  "pkhtb",   "sel",    "ssat16",  "usat16", "usad8", "usada8"};
    for (const char* su : {"s", "u"}) {
      for (const char* op : {"add8", "add16", "sub8", "sub16", "asx", "sax", "hadd8", "hadd16", "hsub8", "hsub16",
                             "hasx", "hsax"})
        v.push_back(std::string(su) + op);
    }
    for (const char* op : {"qadd8", "qadd16", "qsub8", "qsub16", "uqadd8", "uqadd16", "uqsub8", "uqsub16"})
      v.push_back(op);
    return v;
  }();
  return p;
}

}  // namespace cmnn::prof
