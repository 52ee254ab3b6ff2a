// tools/cyclemodel.py of the toolchain lab, reproduced: base cost per lab class; a single
// load/store costs 1 when the previous *listed* PC (ascending order, executed in this segment,
// found in the disassembly) is adjacent and also a single load/store; branches add P per taken
// execution, where "taken" is the plugin's flow count, or, when the segment has no taken counts at
// all, the lab's heuristic.
#include <map>

#include "cycle_model.h"
#include "lab_classify.h"

namespace cmnn::prof {

std::vector<uint64_t> LabM4Model::estimate(const Segment& segment, const Disassembly& code) const {
  std::vector<uint64_t> cycles(segment.pcs.size(), 0);
  bool have_flow = false;
  std::map<uint32_t, uint64_t> count;
  for (const PcCount& c : segment.pcs) {
    have_flow = have_flow || c.taken != 0;
    count[c.pc] = c.count;
  }
  bool have_last = false;
  uint32_t last_end = 0;
  bool last_single = false;
  for (size_t i = 0; i < segment.pcs.size(); i++) {
    const PcCount& c = segment.pcs[i];
    auto found = code.find(c.pc);
    if (found == code.end()) continue;
    const Instruction& insn = found->second;
    LabClass k = classify_lab(insn.mnemonic, insn.operands);
    uint64_t base = static_cast<uint64_t>(k.cycles);
    if (k.single_ldst && have_last && last_end == c.pc && last_single) base = 1;
    uint64_t total = base * c.count;
    if (k.branch) {
      uint64_t taken;
      const std::string m = strip_width(insn.mnemonic);
      if (have_flow) {
        taken = c.taken;
      } else if (m == "b" || m == "bl" || m == "blx" || m == "bx" || insn.mnemonic.rfind("pop", 0) == 0 ||
                 insn.mnemonic.rfind("ldm", 0) == 0 || insn.mnemonic.rfind("ldr", 0) == 0 ||
                 insn.operands.find("pc") != std::string::npos) {
        taken = c.count;
      } else {
        auto next = count.find(c.pc + c.size);
        uint64_t fall = next == count.end() ? 0 : next->second;
        taken = c.count > fall ? c.count - fall : 0;
      }
      if (taken > c.count) taken = c.count;
      total += static_cast<uint64_t>(refill_) * taken;
    }
    cycles[i] = total;
    have_last = true;
    last_end = c.pc + c.size;
    last_single = k.single_ldst;
  }
  return cycles;
}

}  // namespace cmnn::prof
