#include "cycle_model.h"

namespace cmnn::prof {

std::unique_ptr<CycleModel> make_m3_model();
std::unique_ptr<CycleModel> make_m4_model();
std::unique_ptr<CycleModel> make_m7_model();
std::unique_ptr<CycleModel> make_m55_model();

namespace {

// Each core's cycle model, from targets/cores.json (the generated cmnn_cores.inc).
struct CoreModel {
  const char* core;
  const char* model;
};
#define CMNN_CORE(e, name, cpu, dsp, mve, cycles, machine) CoreModel{name, cycles},
constexpr CoreModel kCoreModels[] = {
#include "cmnn_cores.inc"
};
#undef CMNN_CORE

}  // namespace

std::string core_cycle_model(const std::string& core) {
  for (const CoreModel& c : kCoreModels) {
    if (core == c.core) return c.model;
  }
  return "";
}

std::vector<std::string> model_names() { return {"lab-m4", "m3", "m4", "m7", "m55"}; }

std::unique_ptr<CycleModel> make_model(const std::string& name) {
  if (name == "lab-m4") return std::make_unique<LabM4Model>();
  if (name == "m3") return make_m3_model();
  if (name == "m4") return make_m4_model();
  if (name == "m7") return make_m7_model();
  if (name == "m55") return make_m55_model();
  return nullptr;
}

}  // namespace cmnn::prof
