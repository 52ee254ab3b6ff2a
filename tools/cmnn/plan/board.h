// Real parts a model can be compiled for (`cmnn compile --board NAME`): the core, the RAM the
// model's arena and state may take, and the flash its weights and code may take. Figures are the
// parts' documented on-chip memories (docs/memory.md cites them); the RAM budget is the whole SRAM
// the core can use for data, so leave room for your stack and buffers (use --ram-budget to say less).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "select/target.h"

namespace cmnn::tool {

struct Board {
  const char* name;     // "stm32f746"
  const char* part;     // "STM32F746NG (Cortex-M7, 216 MHz)"
  Target core;
  int64_t ram_bytes;    // SRAM for the arena and state
  int64_t flash_bytes;  // non-volatile memory for weights and code
  const char* memory;   // where the figures come from
};

const std::vector<Board>& boards();
const Board* find_board(const std::string& name);  // nullptr when unknown
std::string board_names();                          // "stm32f746, stm32l4r5, ..."

// Flash reserved for code (the library's kernels, the generated calls, startup) when a board's
// flash budget is split: weights and packed copies get the rest. Measured cmnn firmware images of
// the visible models carry 40-70 KB of code (docs/models.md), so 96 KiB leaves a margin.
constexpr int64_t kCodeReserveBytes = 96 * 1024;

// Default weight budget without a board: the unpacked constants (int8 weights, bias, rescale)
// x 1.25, so packed int16 copies may add at most a quarter.
inline int64_t default_weight_budget(int64_t unpacked_bytes) { return unpacked_bytes + unpacked_bytes / 4; }

}  // namespace cmnn::tool
