// The guest program's instructions, read from `arm-none-eabi-objdump -d -C` output.
#pragma once
#include <cstdint>
#include <map>
#include <string>

namespace cmnn::prof {

struct Instruction {
  std::string mnemonic;  // lower case, as objdump prints it ("ldr.w", "vldrb.s8", ...)
  std::string operands;  // lower case, comments (@ ...) removed, trimmed
  std::string function;  // demangled name of the enclosing symbol
};

// PC -> instruction. A PC listed twice keeps the last listing (as the lab's cyclemodel.py does).
using Disassembly = std::map<uint32_t, Instruction>;

// Parses objdump -d text. Data lines (.word, literal pools) are kept too; they are never executed.
Disassembly parse_objdump(const std::string& text);

// Runs `objdump -d -C [extra_args] elf` and parses it. Throws std::runtime_error on failure.
Disassembly disassemble(const std::string& elf, const std::string& objdump = "arm-none-eabi-objdump",
                        const std::string& extra_args = "");

// Output of a shell command (stdout); throws std::runtime_error when it cannot run or fails.
std::string run_command(const std::string& command);

}  // namespace cmnn::prof
