// Per-region and per-function instructions, class histogram and ESTIMATED cycles of a profile.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "cycle_model.h"
#include "disassembly.h"
#include "profile.h"

namespace cmnn::prof {

struct Totals {
  uint64_t instructions = 0;
  std::map<std::string, uint64_t> cycles;   // model name -> estimated cycles
  std::map<std::string, uint64_t> classes;  // lab class name (+ "taken") -> executions
};

struct FunctionReport {
  std::string name;
  Totals totals;
};

struct RegionReport {
  uint32_t segment = 0;
  std::string name;    // from "@@cmnn-region", or a placeholder for unnamed segments
  bool named = false;
  uint64_t unmapped = 0;  // executions of PCs missing in the disassembly
  Totals totals;
  std::vector<FunctionReport> functions;  // most instructions first
};

struct Report {
  std::string elf, core;
  std::vector<std::string> models;
  uint64_t total_instructions = 0;
  int exit_status = 0;
  std::vector<RegionReport> segments;  // every segment, in order
  Totals all;
};

Report analyze(const Profile& profile, const Disassembly& code, const std::map<uint32_t, std::string>& names,
               const std::vector<const CycleModel*>& models);

// Human-readable tables (every cycle column says "estimated"); top = functions per region.
std::string format_table(const Report& report, size_t top);
// JSON document "cmnn-prof-report" version 1 (schema in docs/measurement.md).
std::string format_json(const Report& report);

}  // namespace cmnn::prof
