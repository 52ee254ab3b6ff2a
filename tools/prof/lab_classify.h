// The instruction classification of the toolchain lab's tools/cyclemodel.py, reproduced rule for
// rule (same order, same string tests), so that the "lab-m4" model and the class histogram match
// the figures the project compares with (../shared/bench/anchors.json).
#pragma once
#include <string>

namespace cmnn::prof {

struct LabClass {
  const char* name = "alu";  // load store mac simd mve fpu branch alu div other
  int cycles = 1;            // base cycles per execution
  bool branch = false;       // may change the PC: adds P per taken execution
  bool single_ldst = false;  // single load/store: 1 cycle when right behind another one
};

LabClass classify_lab(const std::string& mnemonic, const std::string& operands);

// Mnemonic without a trailing ".w" / ".n" width suffix.
std::string strip_width(const std::string& mnemonic);

}  // namespace cmnn::prof
