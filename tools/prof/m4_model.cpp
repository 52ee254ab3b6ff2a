// Cortex-M4 (and Cortex-M3) cycle model: the TRM instruction timings of the 3-stage pipeline at
// zero wait states, applied per PC with the fall-through counts of the profile (model_common.cpp).
// Cortex-M3 differs only in its multiplier: MLA/MLS 2 cycles, long multiplies 3..7 (4 assumed).
#include "cycle_model.h"
#include "model_common.h"

namespace cmnn::prof {
namespace {

class ScalarModel : public CycleModel {
 public:
  ScalarModel(std::string name, ScalarTimings timings) : name_(std::move(name)), t_(timings) {}
  std::string name() const override { return name_; }
  std::vector<uint64_t> estimate(const Segment& segment, const Disassembly& code) const override {
    std::vector<Step> steps = build_steps(segment, code);
    std::vector<uint64_t> cycles(steps.size(), 0);
    for (size_t i = 0; i < steps.size(); i++)
      if (steps[i].mapped) cycles[i] = scalar_cycles(steps, i, t_);
    return cycles;
  }

 private:
  std::string name_;
  ScalarTimings t_;
};

}  // namespace

std::unique_ptr<CycleModel> make_m4_model() { return std::make_unique<ScalarModel>("m4", ScalarTimings{}); }

std::unique_ptr<CycleModel> make_m3_model() {
  ScalarTimings t;
  t.mul_accumulate = 2;
  t.mul_long = 4;
  return std::make_unique<ScalarModel>("m3", t);
}

}  // namespace cmnn::prof
