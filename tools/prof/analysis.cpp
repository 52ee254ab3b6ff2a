#include "analysis.h"

#include <algorithm>

#include "lab_classify.h"

namespace cmnn::prof {
namespace {

void add(Totals* into, const Totals& from) {
  into->instructions += from.instructions;
  for (const auto& [k, v] : from.cycles) into->cycles[k] += v;
  for (const auto& [k, v] : from.classes) into->classes[k] += v;
}

std::string placeholder(uint32_t segment) {
  return segment == 0 ? "(before first mark)" : "(segment " + std::to_string(segment) + ")";
}

}  // namespace

Report analyze(const Profile& profile, const Disassembly& code, const std::map<uint32_t, std::string>& names,
               const std::vector<const CycleModel*>& models) {
  Report r;
  r.total_instructions = profile.total_instructions;
  for (const CycleModel* m : models) r.models.push_back(m->name());
  for (const Segment& seg : profile.segments) {
    RegionReport region;
    region.segment = seg.index;
    auto named = names.find(seg.index);
    region.named = named != names.end();
    region.name = region.named ? named->second : placeholder(seg.index);
    std::vector<std::vector<uint64_t>> cycles;
    for (const CycleModel* m : models) cycles.push_back(m->estimate(seg, code));
    std::map<std::string, Totals> per_function;
    for (size_t i = 0; i < seg.pcs.size(); i++) {
      const PcCount& c = seg.pcs[i];
      auto found = code.find(c.pc);
      Totals t;
      t.instructions = c.count;
      std::string function = "(unmapped)";
      if (found == code.end()) {
        region.unmapped += c.count;
      } else {
        function = found->second.function;
        LabClass k = classify_lab(found->second.mnemonic, found->second.operands);
        t.classes[k.name] += c.count;
        if (k.branch) t.classes["taken"] += std::min(c.taken, c.count);
      }
      for (size_t m = 0; m < models.size(); m++) t.cycles[models[m]->name()] += cycles[m][i];
      add(&per_function[function], t);
      add(&region.totals, t);
    }
    for (auto& [name, totals] : per_function) region.functions.push_back({name, totals});
    std::stable_sort(region.functions.begin(), region.functions.end(), [](const auto& a, const auto& b) {
      return a.totals.instructions > b.totals.instructions;
    });
    add(&r.all, region.totals);
    r.segments.push_back(std::move(region));
  }
  return r;
}

}  // namespace cmnn::prof
