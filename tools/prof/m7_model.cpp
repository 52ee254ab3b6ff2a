// Cortex-M7 cycle model: in-order dual issue, zero wait states (TCM), static pairing of adjacent
// instructions inside straight-line code (all instructions of a translation block run equally
// often). Rules (docs/cycle-models.md lists sources and assumptions):
//  - two instructions issue together unless: both access memory (one load/store pipe), both use
//    the MAC pipe, both use the FPU, both have a shifted/extended operand or wide immediate, the
//    second is DSP/SIMD, the first changes the PC, either is multi-cycle (LDM/STM, DIV, VDIV,
//    barriers), or the second reads or writes a register the first writes;
//  - a loaded value used by the next issue group stalls 1 cycle; a VMLA/VFMA result used by the
//    next group stalls 2 cycles;
//  - branches: the branch predictor is assumed to predict unconditional direct branches (0
//    penalty) and to mispredict a conditional branch min(taken, not-taken) times; indirect
//    branches (BX, POP {pc}, LDR pc, TBB) pay the penalty on every taken execution. Penalty 4.
#include "cycle_model.h"
#include "model_common.h"

namespace cmnn::prof {
namespace {

constexpr uint64_t kMispredictPenalty = 4;

bool memory(Kind k) {
  return k == Kind::kLoad || k == Kind::kStore || k == Kind::kLoadPair || k == Kind::kStorePair ||
         k == Kind::kFpuLoad || k == Kind::kFpuStore;
}
bool mac(Kind k) { return k == Kind::kMul || k == Kind::kMulLong; }
bool fpu(Kind k) { return k == Kind::kFpu || k == Kind::kFpuMac || k == Kind::kFpuLoad || k == Kind::kFpuStore; }
bool multi_cycle(const Decoded& d) {
  return d.kind == Kind::kLoadMulti || d.kind == Kind::kStoreMulti || d.kind == Kind::kFpuMulti ||
         d.kind == Kind::kDiv || d.kind == Kind::kFpuDiv || d.kind == Kind::kBarrier || d.kind == Kind::kOther ||
         (d.kind == Kind::kBranch && d.list_registers);
}

uint64_t issue_cycles(const Decoded& d) {
  switch (d.kind) {
    case Kind::kDiv: return 7;      // 2..12, data dependent
    case Kind::kFpuDiv: return 14;
    case Kind::kLoadMulti: case Kind::kStoreMulti: case Kind::kFpuMulti:
      return 1 + (static_cast<uint64_t>(d.list_registers) + 1) / 2;  // 64-bit transfers
    case Kind::kBranch:
      return d.list_registers ? 1 + (static_cast<uint64_t>(d.list_registers) + 1) / 2 : 1;
    default: return 1;
  }
}

class M7Model : public CycleModel {
 public:
  std::string name() const override { return "m7"; }
  std::vector<uint64_t> estimate(const Segment& segment, const Disassembly& code) const override {
    std::vector<Step> steps = build_steps(segment, code);
    std::vector<uint64_t> cycles(steps.size(), 0);
    std::vector<bool> second_slot(steps.size(), false);
    for (size_t i = 0; i < steps.size(); i++) {
      const Step& s = steps[i];
      if (!s.mapped) continue;
      const Decoded& d = s.d;
      uint64_t c = issue_cycles(d) * s.pc->count;
      if (s.prev >= 0) {
        size_t pi = static_cast<size_t>(s.prev);
        const Decoded& p = steps[pi].d;
        if (!second_slot[pi] && can_pair(p, d)) {
          second_slot[i] = true;
          c -= s.after_prev;  // issued together with the previous instruction
        } else {
          // Stalls on results of the previous issue group (the previous instruction, and the one
          // before it when the two were paired).
          uint64_t stall = result_stall(p, d);
          if (second_slot[pi] && steps[pi].prev >= 0) {
            uint64_t older = result_stall(steps[static_cast<size_t>(steps[pi].prev)].d, d);
            if (older > stall) stall = older;
          }
          c += stall * s.after_prev;
        }
      }
      if (d.kind == Kind::kBranch && d.writes_pc) {
        uint64_t taken = taken_of(s), not_taken = s.pc->count - taken;
        uint64_t mispredicted = d.indirect ? taken : d.conditional ? (taken < not_taken ? taken : not_taken) : 0;
        c += kMispredictPenalty * mispredicted;
      }
      cycles[i] = c;
    }
    return cycles;
  }

 private:
  static bool can_pair(const Decoded& a, const Decoded& b) {
    if (multi_cycle(a) || multi_cycle(b) || a.writes_pc) return false;
    if (memory(a.kind) && memory(b.kind)) return false;
    if (mac(a.kind) && mac(b.kind)) return false;
    if (fpu(a.kind) && fpu(b.kind)) return false;
    if (a.shifted_operand && b.shifted_operand) return false;
    if (b.kind == Kind::kSimd) return false;
    if (a.writes & (b.reads | b.writes)) return false;
    return true;
  }
  static uint64_t result_stall(const Decoded& producer, const Decoded& consumer) {
    if (!(producer.writes & consumer.reads)) return 0;
    if (producer.kind == Kind::kLoad || producer.kind == Kind::kLoadPair || producer.kind == Kind::kFpuLoad) return 1;
    if (producer.kind == Kind::kFpuMac) return 2;
    return 0;
  }
};

}  // namespace

std::unique_ptr<CycleModel> make_m7_model() { return std::make_unique<M7Model>(); }

}  // namespace cmnn::prof
