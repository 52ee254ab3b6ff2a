// Cortex-M55 cycle model. Scalar code: the M4 timings (model_common.cpp), except the Armv8.1-M
// low-overhead loop end LE/LETP, which costs 1 and no refill (the loop start is cached).
// MVE (Helium): the M55 executes a 128-bit vector instruction as 4 beats, 2 per cycle, so 2
// cycles; consecutive vector instructions using different units (load/store vs ALU/MAC) overlap
// by one cycle (the second starts while the first finishes its last two beats). VPST/VPT/VCTP
// cost 1 cycle and do not break an overlap chain. A scalar instruction between vector
// instructions ends the overlap (assumed; no scalar/vector overlap is modelled).
#include "cycle_model.h"
#include "model_common.h"

namespace cmnn::prof {
namespace {

bool vector_memory(Kind k) { return k == Kind::kMveLoad || k == Kind::kMveStore; }

class M55Model : public CycleModel {
 public:
  std::string name() const override { return "m55"; }
  std::vector<uint64_t> estimate(const Segment& segment, const Disassembly& code) const override {
    std::vector<Step> steps = build_steps(segment, code);
    std::vector<uint64_t> cycles(steps.size(), 0);
    ScalarTimings t;
    for (size_t i = 0; i < steps.size(); i++) {
      const Step& s = steps[i];
      if (!s.mapped) continue;
      const Decoded& d = s.d;
      if (d.kind == Kind::kMvePred) {
        cycles[i] = s.pc->count;
        continue;
      }
      if (!is_mve(d.kind)) {
        cycles[i] = scalar_cycles(steps, i, t);
        continue;
      }
      uint64_t c = 2 * s.pc->count;
      // Walk back over predication instructions to the previous vector instruction.
      long pi = s.prev;
      uint64_t together = s.after_prev;
      while (pi >= 0 && steps[static_cast<size_t>(pi)].d.kind == Kind::kMvePred) {
        const Step& pred = steps[static_cast<size_t>(pi)];
        if (pred.after_prev < together) together = pred.after_prev;
        pi = pred.prev;
      }
      if (pi >= 0) {
        const Decoded& p = steps[static_cast<size_t>(pi)].d;
        if (is_mve(p.kind) && vector_memory(p.kind) != vector_memory(d.kind)) c -= together;
      }
      cycles[i] = c;
    }
    return cycles;
  }
};

}  // namespace

std::unique_ptr<CycleModel> make_m55_model() { return std::make_unique<M55Model>(); }

}  // namespace cmnn::prof
