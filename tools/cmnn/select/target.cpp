#include "select/target.h"

namespace cmnn::tool {

namespace {

#define CMNN_CORE(e, name, cpu, dsp, mve, cycles, machine) \
  CoreInfo{Target::e, name, cpu, dsp, mve, cycles, machine},
const CoreInfo kCores[] = {
    CoreInfo{Target::kHost, "host", "host", false, false, "", ""},
#include "cmnn_cores.inc"
};
#undef CMNN_CORE

}  // namespace

const CoreInfo& core_info(Target target) {
  for (const CoreInfo& c : kCores) {
    if (c.target == target) return c;
  }
  return kCores[0];
}

std::vector<Target> all_targets() {
  std::vector<Target> all;
  for (const CoreInfo& c : kCores) all.push_back(c.target);
  return all;
}

bool parse_target(const std::string& text, Target* target) {
  const std::string t = text.rfind("cortex-", 0) == 0 ? text.substr(7) : text;
  for (const CoreInfo& c : kCores) {
    if (t == c.name) return *target = c.target, true;
  }
  return false;
}

const char* target_name(Target target) {
  const CoreInfo& c = core_info(target);
  return c.target == Target::kHost ? "host" : c.cpu;
}

std::string target_list() {
  std::string s;
  for (const CoreInfo& c : kCores) s += (s.empty() ? "" : ", ") + std::string(target_name(c.target));
  return s;
}

bool isa_available(Target target, Isa isa) {
  switch (isa) {
    case Isa::kPortable: return true;
    case Isa::kDsp: return core_info(target).dsp;
    case Isa::kMve: return core_info(target).mve;
  }
  return false;
}

}  // namespace cmnn::tool
