#include "decode.h"

#include <cctype>
#include <cstdlib>
#include <set>
#include <vector>

#include "lab_classify.h"
#include "text_match.h"

namespace cmnn::prof {
namespace {

bool starts(const std::string& s, std::initializer_list<const char*> prefixes) {
  for (const char* p : prefixes)
    if (s.rfind(p, 0) == 0) return true;
  return false;
}

// Register name -> bits (see Decoded::reads). 0 for anything else (immediates, labels, d16+).
uint64_t register_bits(const std::string& t) {
  if (t == "sp") return 1ull << 13;
  if (t == "lr") return 1ull << 14;
  if (t == "pc") return 1ull << 15;
  if (t == "ip") return 1ull << 12;
  if (t == "fp") return 1ull << 11;
  if (t == "sl") return 1ull << 10;
  if (t == "sb") return 1ull << 9;
  if (t.size() < 2 || t.size() > 3 || !std::isdigit(static_cast<unsigned char>(t[1]))) return 0;
  for (size_t i = 1; i < t.size(); i++)
    if (!std::isdigit(static_cast<unsigned char>(t[i]))) return 0;
  int n = std::atoi(t.c_str() + 1);
  switch (t[0]) {
    case 'r': return n < 16 ? 1ull << n : 0;
    case 's': return n < 32 ? 1ull << (16 + n) : 0;
    case 'd': return n < 16 ? 3ull << (16 + 2 * n) : 0;
    case 'q': return n < 8 ? 15ull << (16 + 4 * n) : 0;
    default: return 0;
  }
}

struct Operands {
  std::vector<uint64_t> plain;  // registers outside [] and {}, in order
  uint64_t address = 0;         // registers inside []
  uint64_t list = 0;            // registers inside {}
  int list_count = 0;
  bool writeback = false;
  uint64_t widest_immediate = 0;
};

// Splits operand text into registers. "{r4-r7}" ranges are expanded; branch labels "<...>" dropped.
Operands parse_operands(const std::string& text) {
  Operands o;
  std::string s = text.substr(0, text.find('<'));
  int depth_square = 0, depth_brace = 0;
  uint64_t range_start = 0;
  bool in_range = false;
  for (size_t i = 0; i < s.size();) {
    char c = s[i];
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '_') {
      size_t b = i;
      while (i < s.size() && (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == '_')) i++;
      std::string token = s.substr(b, i - b);
      bool immediate = b > 0 && s[b - 1] == '#';
      if (immediate) {
        uint64_t v = std::strtoull(token.c_str(), nullptr, 0);
        if (v > o.widest_immediate) o.widest_immediate = v;
        continue;
      }
      uint64_t bits = register_bits(token);
      if (!bits) continue;
      if (depth_brace) {
        if (in_range && range_start) {
          // Expand r4-r7 / d8-d15 / s16-s31: every bit from the first end's lowest to the last's highest.
          uint64_t lo = range_start & (~range_start + 1);
          int top = 63 - __builtin_clzll(bits);
          uint64_t upto = top == 63 ? ~0ull : ((1ull << (top + 1)) - 1);
          o.list |= upto & ~(lo - 1);
        }
        o.list |= bits;
        range_start = bits;
        in_range = false;
      } else if (depth_square) {
        o.address |= bits;
      } else {
        o.plain.push_back(bits);
      }
      continue;
    }
    if (c == '[') depth_square++;
    if (c == ']') {
      depth_square--;
      // Post-index "[rn], #4" / "[rn], rm": the base is written back.
      size_t j = i + 1;
      while (j < s.size() && s[j] == ' ') j++;
      if (j < s.size() && s[j] == ',') o.writeback = true;
    }
    if (c == '{') depth_brace++;
    if (c == '}') depth_brace--;
    if (c == '-' && depth_brace) in_range = true;
    if (c == '!') o.writeback = true;
    i++;
  }
  // Count listed registers: core registers and s registers one each, d registers two s bits.
  for (uint64_t b = o.list; b; b &= b - 1) o.list_count++;
  return o;
}

uint64_t all(const std::vector<uint64_t>& v, size_t from = 0) {
  uint64_t r = 0;
  for (size_t i = from; i < v.size(); i++) r |= v[i];
  return r;
}

bool is_condition(const std::string& c) {
  static const char* kConds[] = {"eq", "ne", "cs", "hs", "cc", "lo", "mi", "pl", "vs",
                                 "vc", "hi", "ls", "ge", "lt", "gt", "le", "al"};
  for (const char* k : kConds)
    if (c == k) return true;
  return false;
}

}  // namespace

Decoded decode(const std::string& mnemonic, const std::string& operands) {
  static const std::vector<std::string> mul_long = {"smull", "umull", "smlal", "umlal", "umaal", "smlsld"};
  static const std::vector<std::string> mul = {"mul",   "mla",   "mls",   "smla",  "smul",  "smlsd",
                                               "smuad", "smusd", "smmul", "smmla", "smmls", "smlad"};
  static const std::set<std::string> it_block = product({"it"}, {"", "t", "e", "tt", "te", "et", "ee"}, {"", "t", "e"});
  static const std::set<std::string> load_single =
      product({"ldr", "ldrex"}, {"", "b", "h", "sb", "sh", "t", "bt", "ht", "sbt", "sht"}, condition_suffixes());
  static const std::set<std::string> store_single =
      product({"str", "strex"}, {"", "b", "h", "t", "bt", "ht"}, condition_suffixes());
  const std::string m = strip_width(mnemonic);
  Operands o = parse_operands(operands);
  Decoded d;
  d.writeback = o.writeback;
  d.address_reads = o.address;
  d.list_registers = o.list_count;
  const uint64_t first = o.plain.empty() ? 0 : o.plain[0];
  const uint64_t rest = all(o.plain, 1);
  auto default_regs = [&] {
    d.writes = first;
    d.reads = rest | o.address;
  };

  if (m.empty() || m[0] == '.' || starts(m, {"bkpt", "svc", "wfi", "wfe", "udf", "sev"})) {
    d.kind = Kind::kOther;
    return d;
  }
  if (it_block.count(m) || m == "nop") {
    d.kind = Kind::kAlu;
    return d;
  }
  if (starts(m, {"dsb", "dmb", "isb"})) {
    d.kind = Kind::kBarrier;
    return d;
  }
  if (m[0] == 'v' && (has_q_register(operands) || starts(m, {"vpst", "vpt", "vctp", "vpnot"}))) {
    if (starts(m, {"vpst", "vpt", "vctp", "vpnot"})) d.kind = Kind::kMvePred;
    else if (starts(m, {"vldr", "vld2", "vld4"})) d.kind = Kind::kMveLoad;
    else if (starts(m, {"vstr", "vst2", "vst4"})) d.kind = Kind::kMveStore;
    else if (starts(m, {"vmla", "vmls", "vmul", "vqdmul", "vqrdmul", "vrmlal", "vrmlsl", "vfma", "vfms", "vrmulh",
                        "vqdmla", "vqrdmla", "vqdmls", "vqrdmls", "vmlal", "vmlsl"}))
      d.kind = Kind::kMveMac;
    else d.kind = Kind::kMveAlu;
    if (d.kind == Kind::kMveStore) d.reads = all(o.plain) | o.address;
    else default_regs();
    if (d.kind == Kind::kMveMac && (m.find("a.") != std::string::npos || starts(m, {"vmla.", "vfma", "vfms"})))
      d.reads |= first;  // accumulating forms read their destination
    if (o.writeback) d.writes |= o.address & 0xffff;
    return d;
  }
  if (m == "dls" || m == "dlstp" || m == "wls" || m == "wlstp") {
    d.kind = Kind::kBranch;
    d.writes = 1ull << 14;
    d.reads = rest;
    d.conditional = m[0] == 'w';
    d.writes_pc = m[0] == 'w';
    return d;
  }
  if (m == "le" || m == "letp" || m == "lctp") {
    d.kind = Kind::kBranch;
    d.loop_end = m != "lctp";
    d.writes_pc = d.conditional = d.loop_end;
    d.reads = d.writes = 1ull << 14;
    return d;
  }
  const bool plain_b = m == "b" || m == "bl" || m == "bx" || m == "blx";
  const bool cond_b = m.size() == 3 && m[0] == 'b' && is_condition(m.substr(1));
  const bool cond_bx = (m.size() == 4 && starts(m, {"bx", "bl"}) && is_condition(m.substr(2)));
  if (plain_b || cond_b || cond_bx || m == "cbz" || m == "cbnz" || m == "tbb" || m == "tbh") {
    d.kind = Kind::kBranch;
    d.writes_pc = true;
    d.conditional = cond_b || cond_bx || m == "cbz" || m == "cbnz";
    d.indirect = starts(m, {"bx", "tbb", "tbh"}) || (starts(m, {"blx"}) && first != 0);
    d.reads = all(o.plain) | o.address;
    if (starts(m, {"bl"})) d.writes = 1ull << 14;
    return d;
  }
  if (starts(m, {"push", "pop", "ldm", "stm"})) {
    const bool load = starts(m, {"pop", "ldm"});
    const uint64_t base = starts(m, {"push", "pop"}) ? 1ull << 13 : first;
    d.kind = load ? Kind::kLoadMulti : Kind::kStoreMulti;
    d.reads = base | (load ? 0 : o.list);
    d.writes = (load ? o.list : 0) | (starts(m, {"push", "pop"}) || o.writeback ? base : 0);
    d.address_reads = base;
    if (load && (o.list & (1ull << 15))) {
      d.kind = Kind::kBranch;
      d.writes_pc = d.indirect = true;
    }
    return d;
  }
  if (starts(m, {"ldrd", "strd"})) {
    const bool load = m[0] == 'l';
    d.kind = load ? Kind::kLoadPair : Kind::kStorePair;
    uint64_t pair = o.plain.size() >= 2 ? o.plain[0] | o.plain[1] : first;
    d.reads = o.address | (load ? 0 : pair);
    d.writes = (load ? pair : 0) | (o.writeback ? o.address & 0xffff : 0);
    return d;
  }
  if (load_single.count(m) || store_single.count(m)) {
    const bool load = m[0] == 'l';
    d.kind = load ? Kind::kLoad : Kind::kStore;
    d.shifted_operand = operands.find("lsl") != std::string::npos;
    if (load) {
      d.writes = first | (o.writeback ? o.address & 0xffff : 0);
      d.reads = rest | o.address;
      if (first == (1ull << 15)) {
        d.kind = Kind::kBranch;
        d.writes_pc = d.indirect = true;
      }
    } else {
      d.reads = all(o.plain) | o.address;  // strex: the status register is written
      d.writes = (starts(m, {"strex"}) ? first : 0) | (o.writeback ? o.address & 0xffff : 0);
      if (starts(m, {"strex"})) d.reads &= ~first;
    }
    return d;
  }
  if (starts(m, {"vldm", "vstm", "vpush", "vpop"})) {
    const bool load = starts(m, {"vldm", "vpop"});
    const uint64_t base = starts(m, {"vpush", "vpop"}) ? 1ull << 13 : first;
    d.kind = Kind::kFpuMulti;
    d.reads = base | (load ? 0 : o.list);
    d.writes = (load ? o.list : 0) | (starts(m, {"vpush", "vpop"}) || o.writeback ? base : 0);
    return d;
  }
  if (starts(m, {"vldr", "vstr"})) {
    d.kind = m[1] == 'l' ? Kind::kFpuLoad : Kind::kFpuStore;
    if (d.kind == Kind::kFpuLoad) default_regs();
    else d.reads = all(o.plain) | o.address;
    return d;
  }
  if (starts(m, {"sdiv", "udiv"})) {
    d.kind = Kind::kDiv;
    default_regs();
    return d;
  }
  if (starts_with_any(m, mul_long)) {
    d.kind = Kind::kMulLong;
    uint64_t pair = o.plain.size() >= 2 ? o.plain[0] | o.plain[1] : first;
    d.writes = pair;
    d.reads = all(o.plain, 2) | (starts(m, {"smull", "umull"}) ? 0 : pair);
    return d;
  }
  if (starts_with_any(m, mul)) {
    d.kind = Kind::kMul;
    default_regs();
    return d;
  }
  if (starts_with_any(m, simd_prefixes())) {
    d.kind = Kind::kSimd;
    default_regs();
    return d;
  }
  if (m[0] == 'v') {
    if (starts(m, {"vmla", "vmls", "vfma", "vfms", "vfnm", "vnmla", "vnmls"})) {
      d.kind = Kind::kFpuMac;
      default_regs();
      d.reads |= first;
    } else if (starts(m, {"vdiv", "vsqrt"})) {
      d.kind = Kind::kFpuDiv;
      default_regs();
    } else {
      d.kind = Kind::kFpu;
      if (starts(m, {"vcmp"})) d.reads = all(o.plain);
      else default_regs();
    }
    return d;
  }
  if (starts(m, {"cmp", "cmn", "tst", "teq"})) {
    d.kind = Kind::kAlu;
    d.reads = all(o.plain);
  } else {
    d.kind = Kind::kAlu;
    default_regs();
    if (starts(m, {"movt", "bfi", "bfc"})) d.reads |= first;
  }
  d.shifted_operand = operands.find("lsl") != std::string::npos || operands.find("lsr") != std::string::npos ||
                      operands.find("asr") != std::string::npos || operands.find("ror") != std::string::npos ||
                      operands.find("rrx") != std::string::npos ||
                      starts(m, {"sxt", "uxt", "ubfx", "sbfx", "bfi", "bfc", "rbit", "rev"}) || o.widest_immediate > 255;
  if (first == (1ull << 15) && starts(m, {"mov", "add"})) {
    d.kind = Kind::kBranch;
    d.writes_pc = d.indirect = true;
  }
  return d;
}

}  // namespace cmnn::prof
