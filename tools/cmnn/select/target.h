// The cores cmnn compiles for and the instruction sets each one runs natively. Kernel selection
// reads this instead of the build's own isa_native(), so the host tool can choose for any core.
// The cores and their properties come from targets/cores.json (through the generated
// cmnn_cores.inc): adding a core there adds it here.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "cmnn/variant.h"

namespace cmnn::tool {

#define CMNN_CORE(e, name, cpu, dsp, mve, cycles, machine) e,
enum class Target {
  kHost,
#include "cmnn_cores.inc"
};
#undef CMNN_CORE

// One core's record (targets/cores.json); the host has name "host", no ISAs beyond portable.
struct CoreInfo {
  Target target;
  const char* name;          // "m4"
  const char* cpu;           // "cortex-m4"
  bool dsp;
  bool mve;
  const char* cycle_model;   // cmnn-prof model name, "" = none
  const char* qemu_machine;  // "" = build-only core
};
const CoreInfo& core_info(Target target);
std::vector<Target> all_targets();  // host first, then the cores in cores.json order

// "host", "cortex-m4" (or "m4"), ...; false when unknown.
bool parse_target(const std::string& text, Target* target);
const char* target_name(Target target);  // "cortex-m4", "host"
// "host, cortex-m3, cortex-m4, ..." for messages.
std::string target_list();
// host: portable only (the DSP variants run there only through a slow emulation of the
// intrinsics, meant for tests); a core: portable + the ISAs its record lists.
bool isa_available(Target target, Isa isa);

}  // namespace cmnn::tool
