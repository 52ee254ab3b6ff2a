#include "disassembly.h"

#include <cctype>
#include <cstdio>
#include <sstream>
#include <stdexcept>

namespace cmnn::prof {
namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string trim(const std::string& s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) b++;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) e--;
  return s.substr(b, e - b);
}

bool is_hex(char c) { return std::isdigit(static_cast<unsigned char>(c)) || (c >= 'a' && c <= 'f'); }

// "00000abc <name>:" -> name
bool parse_symbol_line(const std::string& line, std::string* name) {
  if (line.size() < 13 || line.compare(line.size() - 2, 2, ">:") != 0) return false;
  for (size_t i = 0; i < 8; i++)
    if (!is_hex(line[i])) return false;
  if (line.compare(8, 2, " <") != 0) return false;
  *name = line.substr(10, line.size() - 12);
  return true;
}

// "  c2:\tf000 b90b \tb.w\t2dc <f>" -> pc, mnemonic, operands (same rule as the lab's regex:
// address, colon, tab, hex bytes and spaces, tab, mnemonic, operands up to '@' or ';').
bool parse_instruction_line(const std::string& line, uint32_t* pc, Instruction* insn) {
  size_t i = 0;
  while (i < line.size() && std::isspace(static_cast<unsigned char>(line[i]))) i++;
  size_t a = i;
  while (i < line.size() && is_hex(line[i])) i++;
  if (i == a || i + 1 >= line.size() || line[i] != ':' || line[i + 1] != '\t') return false;
  *pc = static_cast<uint32_t>(std::stoul(line.substr(a, i - a), nullptr, 16));
  i += 2;
  size_t bytes = i;
  while (i < line.size() && (is_hex(line[i]) || line[i] == ' ')) i++;
  if (i == bytes || i >= line.size() || line[i] != '\t') return false;
  i++;
  size_t m = i;
  while (i < line.size() && !std::isspace(static_cast<unsigned char>(line[i]))) i++;
  if (i == m) return false;
  insn->mnemonic = lower(line.substr(m, i - m));
  while (i < line.size() && std::isspace(static_cast<unsigned char>(line[i]))) i++;
  size_t o = i;
  while (i < line.size() && line[i] != '@' && line[i] != ';') i++;
  insn->operands = lower(trim(line.substr(o, i - o)));
  return true;
}

}  // namespace

Disassembly parse_objdump(const std::string& text) {
  Disassembly out;
  std::istringstream in(text);
  std::string line, function = "?";
  while (std::getline(in, line)) {
    std::string name;
    if (parse_symbol_line(line, &name)) {
      function = name;
      continue;
    }
    uint32_t pc = 0;
    Instruction insn;
    if (parse_instruction_line(line, &pc, &insn)) {
      insn.function = function;
      out[pc] = insn;
    }
  }
  return out;
}

std::string run_command(const std::string& command) {
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) throw std::runtime_error("cannot run: " + command);
  std::string out;
  char buffer[65536];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
  int status = pclose(pipe);
  if (status != 0) throw std::runtime_error("command failed: " + command);
  return out;
}

Disassembly disassemble(const std::string& elf, const std::string& objdump, const std::string& extra_args) {
  return parse_objdump(run_command(objdump + " -d -C " + extra_args + " '" + elf + "'"));
}

}  // namespace cmnn::prof
