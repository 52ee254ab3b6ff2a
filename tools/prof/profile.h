// Execution profiles written by the QEMU plugin (targets/cortex-m/profiler/cmnn_prof_plugin.c),
// and region names printed by the guest ("@@cmnn-region <segment> <name>").
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace cmnn::prof {

struct PcCount {
  uint32_t pc = 0;
  uint32_t size = 0;    // bytes (2 or 4)
  uint64_t count = 0;   // executions
  uint64_t taken = 0;   // executions after which control did not fall through to pc + size
};

struct Segment {
  uint32_t index = 0;
  uint64_t instructions = 0;
  std::vector<PcCount> pcs;  // ascending PC, each PC once
};

struct Profile {
  std::string mark;            // hex address of cmnn_profile_mark, or "none"
  uint64_t total_instructions = 0;
  std::vector<Segment> segments;  // segments[i].index == i
};

// Parses the plugin's "cmnn-prof-profile 1" format, or the lab's plain "<pc> <size> <count>
// <taken>" lines (read as one segment). Throws std::runtime_error on malformed input.
Profile parse_profile(const std::string& text);
Profile read_profile(const std::string& path);

// All segments merged into one (PCs merged), e.g. to compare with a whole-run tool.
Segment merge_segments(const Profile& profile);

// The lab's plain format of one segment: "<pc-hex> <size> <count> <taken>" per line.
std::string to_lab_format(const Segment& segment);

// segment -> region name from guest output lines "@@cmnn-region <segment> <name>".
std::map<uint32_t, std::string> parse_region_names(const std::string& guest_stdout);

std::string read_text_file(const std::string& path);

}  // namespace cmnn::prof
