#include "plan/board.h"

namespace cmnn::tool {

const std::vector<Board>& boards() {
  static const std::vector<Board> list = {
      {"stm32f746", "STM32F746NG (Cortex-M7)", Target::kCortexM7, 320 * 1024, 1024 * 1024,
       "ST datasheet: 320 KB SRAM (incl. 64 KB DTCM), 1 MB flash"},
      {"stm32l4r5", "STM32L4R5ZI (Cortex-M4F)", Target::kCortexM4, 640 * 1024, 2048 * 1024,
       "ST datasheet: 640 KB SRAM, 2 MB flash"},
      {"nrf52840", "nRF52840 (Cortex-M4F)", Target::kCortexM4, 256 * 1024, 1024 * 1024,
       "Nordic product specification: 256 KB RAM, 1 MB flash"},
      {"alif-e3-hp", "Alif Ensemble E3, RTSS-HP core (Cortex-M55 + Helium)", Target::kCortexM55, 1024 * 1024,
       5632 * 1024,
       "Alif: the HP core's 1 MB DTCM (SRAM3; bulk SRAM0/1 not counted), 5.5 MB MRAM"},
  };
  return list;
}

const Board* find_board(const std::string& name) {
  for (const Board& b : boards()) {
    if (name == b.name) return &b;
  }
  return nullptr;
}

std::string board_names() {
  std::string s;
  for (const Board& b : boards()) s += (s.empty() ? "" : ", ") + std::string(b.name);
  return s;
}

}  // namespace cmnn::tool
