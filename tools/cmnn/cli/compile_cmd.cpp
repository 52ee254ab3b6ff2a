// cmnn compile MODEL --target T -o DIR [--name NAME]
#include <cctype>
#include <filesystem>
#include <fstream>
#include <string>

#include "cli/arg_parse.h"
#include "cli/commands.h"
#include "emit/emit_cpp.h"
#include "emit/report.h"
#include "import/flatbuffer.h"

namespace cmnn::tool {

namespace {

const char* kCompileUsage =
    "usage: cmnn compile MODEL.tflite --target host|cortex-mN -o DIR [--name NAME]\n"
    "                    [--weight-budget BYTES|none]\n"
    "  Lowers every operator to a cmnn library call, picks the variant the library would run on the\n"
    "  target core (first table entry whose ISA the core has and whose supports() holds), plans a\n"
    "  static arena, and writes DIR/NAME_model.h, DIR/NAME_model.cpp, DIR/NAME_report.md and\n"
    "  DIR/NAME_report.json. NAME defaults to the model file's stem.\n"
    "  Offline-packed int16 weight copies (faster conv/FC variants) are made only while the constants\n"
    "  fit --weight-budget (default: the core's weight_budget in targets/cores.json: 1920 KiB on\n"
    "  cortex-m55, whose QEMU board keeps weights in its 2 MB SRAM; 3 MiB on the mps2 boards; none on\n"
    "  host and cortex-m0plus); the largest packed arrays are dropped first.\n"
    "  Cores (targets/cores.json): cortex-m3, cortex-m4, cortex-m7, cortex-m33, cortex-m55, cortex-m0plus.\n"
    "  A model with operators cmnn cannot lower is refused: one line 'missing operators: ...' naming\n"
    "  each one (operator index, type, reason), exit status 1, no files written.\n";

bool write_text(const std::string& path, const std::string& text, std::ostream& err) {
  std::ofstream f(path, std::ios::binary);
  f << text;
  if (!f) {
    err << "cmnn compile: cannot write " << path << "\n";
    return false;
  }
  return true;
}

}  // namespace

int run_compile(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  std::string path, dir, name, target_text, budget_text;
  CLI::App app{"cmnn compile"};
  app.add_option("model", path, "the .tflite model")->required();
  app.add_option("--target", target_text, "host or a core")->required();
  app.add_option("-o", dir, "output directory (created)")->required();
  app.add_option("--name", name, "C identifier of the generated API");
  app.add_option("--weight-budget", budget_text, "bytes or none");
  const int status = parse_args(app, "compile", kCompileUsage, argc, argv, out, err);
  if (status >= 0) return status;
  Target target = Target::kHost;
  if (!target_text.empty() && !parse_target(target_text, &target)) {
    err << "cmnn compile: unknown --target '" << target_text
        << "' (" << target_list() << "; the short names m4, m55 ... also accepted)\n";
    return 2;
  }
  if (name.empty()) name = model_identifier(path);
  if (name.empty() || !(std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_') ||
      name.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") != std::string::npos) {
    err << "cmnn compile: --name '" << name << "' is not a C++ identifier (letters, digits, '_'; not starting with a digit)\n";
    return 2;
  }
  LowerOptions options;
  options.weight_budget = default_weight_budget(target);
  if (budget_text == "none") {
    options.weight_budget = -1;
  } else if (!budget_text.empty()) {
    if (budget_text.find_first_not_of("0123456789") != std::string::npos || budget_text.size() > 12) {
      err << "cmnn compile: --weight-budget must be a number of bytes or 'none'\n";
      return 2;
    }
    options.weight_budget = std::stoll(budget_text);
  }
  try {
    const Graph g = build_graph(tflite::read_model_file(path));
    const LoweredModel m = lower_graph(g, target, options);
    if (!m.ok()) {
      err << path << ": " << missing_ops_text(m) << "\n";
      return 1;
    }
    const MemoryPlan plan = plan_memory(g, m);
    // Generated files name the model by its file name, not this machine's path to it.
    const EmitInput in{g, m, plan, name, std::filesystem::path(path).filename().string()};
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);  // -o newdir/ is created (an error shows at the write)
    const std::string base = dir + "/" + name;
    if (!write_text(base + "_model.h", emit_header(in), err) || !write_text(base + "_model.cpp", emit_source(in), err) ||
        !write_text(base + "_report.md", report_markdown(in), err) ||
        !write_text(base + "_report.json", report_json(in), err)) {
      return 1;
    }
    out << name << " (" << target_name(target) << "): " << m.layers.size() << " layers, weights "
        << m.constant_bytes() << " B, peak RAM " << plan.peak_bytes() << " B (arena " << plan.arena_bytes
        << " + scratch " << plan.scratch_bytes << " + state " << plan.state_bytes << "; naive "
        << plan.naive_bytes + plan.state_bytes << ") -> " << base << "_model.{h,cpp}\n";
  } catch (const ImportError& e) {
    err << path << ": " << e.what() << "\n";
    return 1;
  } catch (const std::exception& e) {
    err << path << ": " << e.what() << "\n";
    return 1;
  }
  return 0;
}

}  // namespace cmnn::tool
