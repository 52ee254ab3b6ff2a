// `cmnn bench`: one model on one emulated core. bench_cmd.cpp drives the steps (compile, cross
// build of a profiled firmware image, run under cmnn-prof); bench_report.cpp joins the compile
// report, the profiler's regions and the ELF's sizes into one table, a JSON file and an SVG plot.
#pragma once
#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

namespace cmnn::tool {

struct BenchLayer {
  int op_index = 0;           // TFLite operator index
  std::string op, variant;    // from the compile report
  std::string region;         // the profiler region's name ("" when the layer has no code: aliases)
  int64_t macs = 0, scratch_bytes = 0;
  int64_t instructions = 0;   // exact (per region)
  std::vector<int64_t> cycles;  // estimated, one per BenchResult::models entry
};

struct BenchResult {
  std::string model_path, name, core;  // core: m3|m4|m7|m55
  std::vector<std::string> models;     // cycle models of the estimates ("m4", "lab-m4")
  std::vector<BenchLayer> layers;
  int64_t run_instructions = 0;        // whole guest run (startup, input read, printing included)
  std::vector<int64_t> run_cycles;
  // Memory: the compile report's plan and the firmware image (arm-none-eabi-size, Berkeley).
  int64_t weight_bytes = 0, arena_bytes = 0, scratch_bytes = 0, state_bytes = 0, peak_ram_bytes = 0;
  int64_t elf_text = 0, elf_data = 0, elf_bss = 0;
  // The budgets the compile ran with (report JSON "fit"): RAM goal, weight budget (-1: none) and its source.
  std::string ram_goal, weight_budget_source;
  int64_t ram_budget_bytes = -1, weight_budget_bytes = -1;
  std::string reference_checksum, firmware_checksum;  // "0x...", from cmnn run and the guest

  int64_t total_macs() const;
  int64_t total_instructions() const;
  int64_t total_cycles(size_t model) const;
  int64_t flash_bytes() const { return elf_text + elf_data; }
  int64_t code_bytes() const { return flash_bytes() - weight_bytes; }  // everything but the weights
};

// Fills layers/memory from NAME_report.json and the cmnn-prof JSON (throws std::runtime_error with
// one line naming the file and what is wrong). Regions are matched to layers by operator index.
void load_bench_inputs(const std::string& report_json, const std::string& prof_json, BenchResult* r);

void print_bench_table(const BenchResult& r, std::ostream& out);
void write_bench_json(const BenchResult& r, std::ostream& out);
void write_bench_svg(const BenchResult& r, std::ostream& out);

}  // namespace cmnn::tool
