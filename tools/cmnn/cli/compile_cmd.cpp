// cmnn compile MODEL --target T -o DIR [--name NAME]
#include <cctype>
#include <filesystem>
#include <fstream>
#include <string>

#include "cli/arg_parse.h"
#include "cli/commands.h"
#include "emit/emit_cpp.h"
#include "emit/memory_report.h"
#include "emit/report.h"
#include "import/flatbuffer.h"
#include "plan/board.h"
#include "plan/ram_fit.h"
#include "plan/tflm_arena.h"
#include "select/narrow.h"

namespace cmnn::tool {

namespace {

const char* kCompileUsage =
    "usage: cmnn compile MODEL.tflite --target host|cortex-mN -o DIR [--name NAME]\n"
    "                    [--board NAME] [--ram-budget BYTES|lean|min|fastest] [--weight-budget BYTES|none]\n"
    "  Lowers every operator to a cmnn library call, picks the variant the library would run on the\n"
    "  target core (first table entry whose ISA the core has and whose supports() holds), plans a\n"
    "  static arena, and writes DIR/NAME_model.h, DIR/NAME_model.cpp, DIR/NAME_report.md and\n"
    "  DIR/NAME_report.json. NAME defaults to the model file's stem.\n"
    "  Each layer's scratch is planned in the arena, live during that layer only. --ram-budget: 'lean'\n"
    "  (default without a board, except on Helium cores such as cortex-m55: 'fastest') runs conv/depthwise layers in place, fused with the next layer,\n"
    "  into the FC that reads them or as whole residual blocks (conv, conv, ADD over the block input) by\n"
    "  row bands, and keeps depthwise weight records in flash, wherever that lowers the peak (same variants; output rows copied once more; 1-row\n"
    "  bands only for >= 5 % of the peak), then gives every layer that does not set the peak its\n"
    "  fastest form back (no fusion, not in place, or the widest bands that keep the peak); 'min'\n"
    "  also takes slower variants needing less scratch (each for >= 5 % of the peak); BYTES does both\n"
    "  only until the peak fits (a peak above it is an error); 'fastest' changes nothing (docs/memory.md).\n"
    "  'min' and BYTES may also run the first conv/depthwise layers and the residual ADDs between them\n"
    "  patch by patch (MCUNetV2: tiles of the stage's output, halos recomputed; the report gives the\n"
    "  MACs recomputed); so does the default when lean's peak stays above half of TFLM's arena for the\n"
    "  model (estimated from below, plan/tflm_arena.h) and a patch stage at least halves it: it then fits\n"
    "  that half as a byte budget. A PAD before a\n"
    "  conv/depthwise is folded into its padding.\n"
    "  Offline-packed int16 weight copies (faster conv/FC variants) are made only while the constants\n"
    "  fit --weight-budget (default: the unpacked constants x 1.25; with --board, the board's flash\n"
    "  minus a 96 KiB code reserve); the copies buying the fewest est. cycles per byte (per-core\n"
    "  per-variant cost table from make bench; MACs per byte on cores without one) are left out first,\n"
    "  an exact knapsack on the estimates replaces that greedy choice when it saves more; the report\n"
    "  lists the est. cycles each left-out copy gives up and their total against no budget.\n"
    "  --board NAME (stm32f746, stm32l4r5, nrf52840, alif-e3-hp) sets the core (unless --target),\n"
    "  the RAM budget and the flash budget; a model that cannot fit is refused in one line.\n"
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
  std::string path, dir, name, target_text, budget_text, board_text, ram_text;
  CLI::App app{"cmnn compile"};
  app.add_option("model", path, "the .tflite model")->required();
  app.add_option("--target", target_text, "host or a core (required unless --board)");
  app.add_option("-o", dir, "output directory (created)")->required();
  app.add_option("--name", name, "C identifier of the generated API");
  app.add_option("--board", board_text, "a board profile: core, RAM and flash budgets");
  app.add_option("--ram-budget", ram_text, "BYTES, lean, min or fastest");
  app.add_option("--weight-budget", budget_text, "bytes or none");
  const int status = parse_args(app, "compile", kCompileUsage, argc, argv, out, err);
  if (status >= 0) return status;
  const Board* board = nullptr;
  if (!board_text.empty() && (board = find_board(board_text)) == nullptr) {
    err << "cmnn compile: unknown --board '" << board_text << "' (" << board_names() << ")\n";
    return 2;
  }
  if (target_text.empty() && board == nullptr) {
    err << "cmnn compile: --target is required (or --board) (see cmnn compile --help)\n";
    return 2;
  }
  Target target = board ? board->core : Target::kHost;
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
  auto is_bytes = [](const std::string& s) { return !s.empty() && s.size() <= 12 && s.find_first_not_of("0123456789") == std::string::npos; };
  if (!budget_text.empty() && budget_text != "none" && !is_bytes(budget_text)) {
    err << "cmnn compile: --weight-budget must be a number of bytes or 'none'\n";
    return 2;
  }
  FitSummary fit;
  fit.board = board;
  if (ram_text.empty()) {
    fit.goal.kind = RamGoal::Kind::kFastest;  // set from the model below (default_ram_goal)
  } else if (ram_text == "lean") {
    fit.goal = {RamGoal::Kind::kLean, 0};
  } else if (ram_text == "min") {
    fit.goal = {RamGoal::Kind::kMinimize, 0};
  } else if (ram_text == "fastest") {
    fit.goal = {RamGoal::Kind::kFastest, 0};
  } else if (is_bytes(ram_text)) {
    fit.goal = {RamGoal::Kind::kBudget, std::stoll(ram_text)};
  } else {
    err << "cmnn compile: --ram-budget must be a number of bytes, 'lean', 'min' or 'fastest'\n";
    return 2;
  }
  try {
    const Graph g = build_graph(tflite::read_model_file(path));
    LowerOptions options;
    options.fold_pad = true;
    fit.unpacked_bytes = unpacked_constant_bytes(g, target, options);
    if (budget_text == "none") {
      fit.weight_budget_source = "--weight-budget none";
    } else if (!budget_text.empty()) {
      fit.weight_budget = std::stoll(budget_text);
      fit.weight_budget_source = "--weight-budget";
    } else if (board) {
      fit.weight_budget = board->flash_bytes - kCodeReserveBytes;
      fit.weight_budget_source = std::string("board ") + board->name + " flash minus the code reserve";
    } else {
      fit.weight_budget = default_weight_budget(fit.unpacked_bytes);
      fit.weight_budget_source = "default: unpacked constants x 1.25";
    }
    if (board && fit.unpacked_bytes + kCodeReserveBytes > board->flash_bytes) {
      err << path << ": does not fit " << board->name << ": flash needs " << fit.unpacked_bytes + kCodeReserveBytes
          << " B (weights " << fit.unpacked_bytes << " + code reserve " << kCodeReserveBytes << ") > "
          << board->flash_bytes << " B\n";
      return 1;
    }
    options.weight_budget = fit.weight_budget;
    fit.tflm_arena = estimate_tflm_arena(g);
    if (ram_text.empty()) fit.goal = default_ram_goal(target, board, fit.tflm_arena);
    RamFit r = fit_ram(g, target, options, fit.goal);
    if (!r.model.ok()) {
      err << path << ": " << missing_ops_text(r.model) << "\n";
      return 1;
    }
    narrow_variants(r.model, r.plan);  // last: names the code paths the plan's calls take
    const LoweredModel& m = r.model;
    const MemoryPlan& plan = r.plan;
    fit.fastest_peak = r.fastest_peak;
    fit.swaps = r.swaps;
    fit.lean_peak = r.lean_peak;
    if (fit.goal.kind == RamGoal::Kind::kBudget && plan.peak_bytes() > fit.goal.bytes) {
      err << path << ": does not fit " << (board ? board->name : "--ram-budget") << ": peak RAM " << plan.peak_bytes()
          << " B (the least the planner reaches with scratch-free variants) > " << fit.goal.bytes << " B\n";
      return 1;
    }
    // Generated files name the model by its file name, not this machine's path to it.
    const EmitInput in{g, m, plan, name, std::filesystem::path(path).filename().string()};
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);  // -o newdir/ is created (an error shows at the write)
    const std::string base = dir + "/" + name;
    if (!write_text(base + "_model.h", emit_header(in), err) || !write_text(base + "_model.cpp", emit_source(in), err) ||
        !write_text(base + "_report.md", report_markdown(in, &fit), err) ||
        !write_text(base + "_report.json", report_json(in, &fit), err) ||
        !write_text(base + "_memory.svg", memory_svg(in, &fit), err)) {
      return 1;
    }
    out << name << " (" << target_name(target) << (board ? std::string(", ") + board->name : std::string()) << "): "
        << m.layers.size() << " layers, weights " << m.constant_bytes() << " B, peak RAM " << plan.peak_bytes()
        << " B (arena " << plan.arena_bytes << " incl. per-layer scratch up to " << plan.largest_scratch_bytes
        << " + state " << plan.state_bytes << "; naive " << plan.naive_bytes + plan.state_bytes << "; TFLM arena >= "
        << fit.tflm_arena.total() << ")";
    if (board) {
      out << ", " << (100 * plan.peak_bytes() + board->ram_bytes - 1) / board->ram_bytes << "% of RAM, "
          << (100 * (m.constant_bytes() + kCodeReserveBytes) + board->flash_bytes - 1) / board->flash_bytes
          << "% of flash with the code reserve";
    }
    out << " -> " << base << "_model.{h,cpp}\n";
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
