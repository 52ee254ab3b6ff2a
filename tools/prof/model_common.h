// Shared by the detailed models: the segment's PCs decoded once, with how often each instruction
// ran right after the previous PC (fall-through), which is what pairing/pipelining rules need.
#pragma once
#include <cstdint>
#include <vector>

#include "cycle_model.h"
#include "decode.h"

namespace cmnn::prof {

struct Step {
  const PcCount* pc = nullptr;
  bool mapped = false;   // found in the disassembly
  Decoded d;
  long prev = -1;        // index of the previous instruction in the same straight line, or -1
  uint64_t after_prev = 0;  // executions that directly followed an execution of prev (fall-through)
};

// Decodes every PC of the segment. prev/after_prev: the PC just below, when it ends at this PC,
// was executed and is not an unconditional control transfer; after_prev = its executions that
// fell through (count - taken), at most this PC's count.
std::vector<Step> build_steps(const Segment& segment, const Disassembly& code);

// Taken executions of a branch, bounded by its count.
inline uint64_t taken_of(const Step& s) { return s.pc->taken < s.pc->count ? s.pc->taken : s.pc->count; }

// Timing tables shared by the M3/M4-class scalar pipeline (Cortex-M3/M4 TRM, zero wait states).
struct ScalarTimings {
  int branch_refill = 2;   // P in 1+P for a taken branch (TRM: 1..3 depending on alignment/width)
  int mul_accumulate = 1;  // MLA/MLS (M3: 2)
  int mul_long = 1;        // SMULL/UMLAL ... (M3: 3..7, early termination)
  int divide = 7;          // SDIV/UDIV 2..12, data dependent
};

// Estimated cycles per step for the M3/M4 scalar pipeline (also the scalar part of the M55 model).
// Loads/stores pipeline behind a preceding single LDR; address registers written by the
// immediately preceding instruction stall 1 cycle (no forwarding path to address generation).
uint64_t scalar_cycles(const std::vector<Step>& steps, size_t i, const ScalarTimings& t);

}  // namespace cmnn::prof
