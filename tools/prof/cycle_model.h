// A cycle model turns one segment's per-PC execution counts into ESTIMATED cycles per PC.
// All models assume zero wait states and no caches/bus contention (docs/cycle-models.md).
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "disassembly.h"
#include "profile.h"

namespace cmnn::prof {

class CycleModel {
 public:
  virtual ~CycleModel() = default;
  // Short name used on the command line and in JSON keys: "lab-m4", "m3", "m4", "m7", "m55".
  virtual std::string name() const = 0;
  // Estimated cycles of each entry of segment.pcs (same order); 0 for PCs missing in the
  // disassembly (reported as "unmapped" by the caller).
  virtual std::vector<uint64_t> estimate(const Segment& segment, const Disassembly& code) const = 0;
};

// The cycle model a core's record (targets/cores.json) names: "m4" for m33 (no model of its own),
// "" for a core without one or an unknown core.
std::string core_cycle_model(const std::string& core);
// Names accepted by make_model().
std::vector<std::string> model_names();
// nullptr for an unknown name.
std::unique_ptr<CycleModel> make_model(const std::string& name);

// The toolchain lab's tools/cyclemodel.py applied to one segment (P = 2 by default).
class LabM4Model : public CycleModel {
 public:
  explicit LabM4Model(int branch_refill = 2) : refill_(branch_refill) {}
  std::string name() const override { return "lab-m4"; }
  std::vector<uint64_t> estimate(const Segment& segment, const Disassembly& code) const override;

 private:
  int refill_;
};

}  // namespace cmnn::prof
