#include "select/target.h"

namespace cmnn::tool {

bool parse_target(const std::string& text, Target* target) {
  const std::string t = text.rfind("cortex-", 0) == 0 ? text.substr(7) : text;
  if (t == "host") *target = Target::kHost;
  else if (t == "m3") *target = Target::kCortexM3;
  else if (t == "m4") *target = Target::kCortexM4;
  else if (t == "m7") *target = Target::kCortexM7;
  else if (t == "m55") *target = Target::kCortexM55;
  else return false;
  return true;
}

const char* target_name(Target target) {
  switch (target) {
    case Target::kHost: return "host";
    case Target::kCortexM3: return "cortex-m3";
    case Target::kCortexM4: return "cortex-m4";
    case Target::kCortexM7: return "cortex-m7";
    case Target::kCortexM55: return "cortex-m55";
  }
  return "?";
}

bool isa_available(Target target, Isa isa) {
  switch (isa) {
    case Isa::kPortable: return true;
    case Isa::kDsp: return target == Target::kCortexM4 || target == Target::kCortexM7 || target == Target::kCortexM55;
    case Isa::kMve: return target == Target::kCortexM55;
  }
  return false;
}

}  // namespace cmnn::tool
