// The cores cmnn compiles for and the instruction sets each one runs natively. Kernel selection
// reads this instead of the build's own isa_native(), so the host tool can choose for any core.
#pragma once
#include <string>

#include "cmnn/variant.h"

namespace cmnn::tool {

enum class Target { kHost, kCortexM3, kCortexM4, kCortexM7, kCortexM55 };

// "host", "cortex-m3" (or "m3"), "cortex-m4", "cortex-m7", "cortex-m55"; false when unknown.
bool parse_target(const std::string& text, Target* target);
const char* target_name(Target target);  // "cortex-m4", "host"
// host: portable only (the DSP variants run there only through a slow emulation of the
// intrinsics, meant for tests); m3: portable; m4/m7: + dsp; m55: + dsp + mve.
bool isa_available(Target target, Isa isa);

}  // namespace cmnn::tool
