#include "lab_classify.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "text_match.h"

namespace cmnn::prof {
namespace {

bool starts(const std::string& s, std::initializer_list<const char*> prefixes) {
  for (const char* p : prefixes)
    if (s.rfind(p, 0) == 0) return true;
  return false;
}

bool contains(const std::string& s, const char* what) { return s.find(what) != std::string::npos; }

// Registers in a "{...}" list as the lab counts them: commas + 1 (the whole operand text's commas,
// so "r0!, {r1, r2}" counts 3), plus 2 when a range "-" appears; 1 without braces.
int lab_list_count(const std::string& ops, bool count_ranges) {
  int n = contains(ops, "{") ? static_cast<int>(std::count(ops.begin(), ops.end(), ',')) + 1 : 1;
  if (count_ranges && contains(ops, "-")) n += 2;
  return n;
}

}  // namespace

std::string strip_width(const std::string& mnemonic) {
  size_t n = mnemonic.size();
  if (n >= 2 && mnemonic[n - 2] == '.' && (mnemonic[n - 1] == 'w' || mnemonic[n - 1] == 'n'))
    return mnemonic.substr(0, n - 2);
  return mnemonic;
}

LabClass classify_lab(const std::string& mn, const std::string& ops) {
  static const std::set<std::string> plain_branch = product({"b", "bl", "blx", "bx"}, condition_suffixes(), {""});
  static const std::set<std::string> load_single =
      product({"ldr", "ldrex"}, {"", "b", "h", "sb", "sh", "t", "bt", "ht", "sbt", "sht"}, condition_suffixes());
  static const std::set<std::string> store_single =
      product({"str", "strex"}, {"", "b", "h", "t", "bt", "ht"}, condition_suffixes());
  const std::string m = strip_width(mn);

  if (m[0] == 'v' && (has_q_register(ops) || m == "vpst" || m == "vpt" || starts(m, {"vctp", "vpt", "vpnot"})))
    return {"mve", 1, false, false};
  if (m == "dls" || m == "dlstp" || m == "wls" || m == "wlstp" || starts(m, {"bf"})) return {"branch", 1, false, false};
  if (m == "le" || m == "letp" || m == "lctp") return {"branch", 1, true, false};
  if (plain_branch.count(m) || m == "cbz" || m == "cbnz") return {"branch", 1, true, false};
  if (m == "tbb" || m == "tbh") return {"branch", 2, true, false};
  if (starts(m, {"pop", "ldm"}) && contains(ops, "pc"))
    return {"branch", 1 + static_cast<int>(std::count(ops.begin(), ops.end(), ',')) + 1, true, false};
  if (starts(m, {"push", "pop", "ldm", "stm"}))
    return {starts(m, {"pop", "ldm"}) ? "load" : "store", 1 + lab_list_count(ops, true), false, false};
  if (starts(m, {"ldrd", "strd"})) return {starts(m, {"ldr"}) ? "load" : "store", 3, false, false};
  if (load_single.count(m)) {
    if (ops.rfind("pc", 0) == 0) return {"branch", 2, true, false};
    return {"load", 2, false, true};
  }
  if (store_single.count(m)) return {"store", 2, false, true};
  if (starts(m, {"vldm", "vstm", "vpush", "vpop"}))
    return {starts(m, {"vldm", "vpop"}) ? "load" : "store", 1 + lab_list_count(ops, false), false, false};
  if (starts(m, {"vldr"})) return {"load", 2, false, true};
  if (starts(m, {"vstr"})) return {"store", 2, false, true};
  if (starts(m, {"sdiv", "udiv"})) return {"div", 7, false, false};
  if (starts_with_any(m, mac_prefixes())) return {"mac", 1, false, false};
  if (starts_with_any(m, simd_prefixes())) return {"simd", 1, false, false};
  if (starts(m, {"vmla", "vmls", "vfma", "vfms", "vfnm", "vnmla", "vnmls"})) return {"fpu", 3, false, false};
  if (starts(m, {"vdiv", "vsqrt"})) return {"fpu", 14, false, false};
  if (m[0] == 'v') return {"fpu", 1, false, false};
  if (starts(m, {"dsb", "dmb", "isb"})) return {"alu", 2, false, false};
  if (starts(m, {"bkpt"})) return {"other", 0, false, false};
  if (ops.rfind("pc,", 0) == 0 && starts(m, {"mov", "add"})) return {"branch", 1, true, false};
  return {"alu", 1, false, false};
}

}  // namespace cmnn::prof
