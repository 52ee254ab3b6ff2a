// cmnn-prof: instruction profile analysis for cmnn firmware images (docs/measurement.md).
//   cmnn-prof run --core m3|m4|m7|m33|m55 [options] IMAGE.elf [guest args...]
//       runs the image under QEMU with the profiler plugin, then analyses (writes JSON)
//   cmnn-prof analyze --core CORE [options] IMAGE.elf PROFILE
//   cmnn-prof lab-profile PROFILE [--segment N|all]   the lab's "<pc> <size> <count> <taken>" lines
// Options: --model NAME (repeatable; default: the core's model and lab-m4), --json FILE,
//   --stdout FILE (guest output with region names; analyze), --top N, --quiet (run: no guest echo),
//   --profile FILE (run: where the plugin writes), --plugin SO, --runner SCRIPT.
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <stdexcept>

#include "analysis.h"

#ifndef CMNN_PROF_PLUGIN
#define CMNN_PROF_PLUGIN "cmnn_prof_plugin.so"
#endif
#ifndef CMNN_PROF_RUNNER
#define CMNN_PROF_RUNNER "run-qemu.sh"
#endif

namespace cmnn::prof {
namespace {

struct Options {
  std::string command, core, json, stdout_file, profile, plugin, runner, segment = "all";
  std::vector<std::string> models, positional;
  size_t top = 8;
  bool quiet = false;
};

[[noreturn]] void usage(const std::string& why) {
  std::cerr << "cmnn-prof: " << why << "\n"
            << "usage: cmnn-prof run --core m3|m4|m7|m33|m55 [--model M]... [--json FILE] [--profile FILE] [--top N]\n"
            << "                     [--quiet] [--plugin SO] [--runner SCRIPT] IMAGE.elf [guest args...]\n"
            << "       cmnn-prof analyze --core CORE [--model M]... [--json FILE] [--stdout GUEST_OUT] [--top N]\n"
            << "                     IMAGE.elf PROFILE\n"
            << "       cmnn-prof lab-profile PROFILE [--segment N|all]\n"
            << "models: lab-m4 m3 m4 m7 m55 (all cycle figures are estimates)\n";
  std::exit(2);
}

Options parse(int argc, char** argv) {
  Options o;
  if (argc < 2) usage("missing command");
  o.command = argv[1];
  for (int i = 2; i < argc; i++) {
    std::string a = argv[i];
    // For "run", everything after the image belongs to the guest.
    if (o.command == "run" && !o.positional.empty()) {
      o.positional.push_back(a);
      continue;
    }
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage("missing value after " + a);
      return argv[++i];
    };
    if (a == "--core") o.core = value();
    else if (a == "--model") o.models.push_back(value());
    else if (a == "--json") o.json = value();
    else if (a == "--stdout") o.stdout_file = value();
    else if (a == "--profile") o.profile = value();
    else if (a == "--plugin") o.plugin = value();
    else if (a == "--runner") o.runner = value();
    else if (a == "--segment") o.segment = value();
    else if (a == "--top") o.top = std::stoul(value());
    else if (a == "--quiet") o.quiet = true;
    else if (a.size() > 1 && a[0] == '-' && a[1] == '-') usage("unknown option " + a);
    else o.positional.push_back(a);
  }
  return o;
}

std::string objdump_args(const std::string& core) { return core == "m55" ? "-marmv8.1-m.main" : core == "m33" ? "-marmv8-m.main" : ""; }

std::vector<std::unique_ptr<CycleModel>> models_for(const Options& o) {
  std::vector<std::string> names = o.models;
  if (names.empty()) names = {core_cycle_model(o.core), "lab-m4"};
  std::vector<std::unique_ptr<CycleModel>> out;
  for (const std::string& n : names) {
    auto m = make_model(n);
    if (!m) usage("unknown model " + n);
    out.push_back(std::move(m));
  }
  return out;
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream f(path, std::ios::binary);
  f << text;
  if (!f) throw std::runtime_error("cannot write " + path);
}

std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

// Address of cmnn_profile_mark, or "" when the image has none (then the run is one segment).
std::string find_mark(const std::string& elf) {
  std::string nm = run_command("arm-none-eabi-nm " + shell_quote(elf));
  size_t at = nm.find(" cmnn_profile_mark\n");
  if (at == std::string::npos) return "";
  size_t line = nm.rfind('\n', at);
  line = line == std::string::npos ? 0 : line + 1;
  return "0x" + nm.substr(line, nm.find(' ', line) - line);
}

int analyze_and_report(const Options& o, const std::string& elf, const Profile& profile, const std::string& guest_out,
                       int exit_status) {
  auto owned = models_for(o);
  std::vector<const CycleModel*> models;
  for (auto& m : owned) models.push_back(m.get());
  Disassembly code = disassemble(elf, "arm-none-eabi-objdump", objdump_args(o.core));
  Report r = analyze(profile, code, parse_region_names(guest_out), models);
  r.elf = elf;
  r.core = o.core;
  r.exit_status = exit_status;
  std::cout << format_table(r, o.top);
  if (!o.json.empty()) {
    write_file(o.json, format_json(r));
    std::cout << "cmnn-prof: JSON written to " << o.json << "\n";
  }
  return 0;
}

int run(Options o) {
  if (o.positional.empty()) usage("run: missing IMAGE.elf");
  const std::string elf = o.positional[0];
  std::string base = elf.size() > 4 && elf.compare(elf.size() - 4, 4, ".elf") == 0 ? elf.substr(0, elf.size() - 4) : elf;
  if (o.json.empty()) o.json = base + ".prof.json";
  if (o.profile.empty()) o.profile = base + ".profile.txt";
  std::string plugin = o.plugin.empty() ? (std::getenv("CMNN_PROF_PLUGIN") ? std::getenv("CMNN_PROF_PLUGIN") : CMNN_PROF_PLUGIN)
                                        : o.plugin;
  std::string runner = o.runner.empty() ? CMNN_PROF_RUNNER : o.runner;
  std::string mark = find_mark(elf);
  std::string extra = "-plugin " + plugin + ",out=" + o.profile + (mark.empty() ? "" : ",mark=" + mark);
  if (const char* old = std::getenv("CMNN_QEMU_EXTRA")) extra = std::string(old) + " " + extra;
  std::string command = "CMNN_QEMU_EXTRA=" + shell_quote(extra) + " " + shell_quote(runner) + " " + o.core + " " +
                        shell_quote(elf);
  for (size_t i = 1; i < o.positional.size(); i++) command += " " + shell_quote(o.positional[i]);
  std::remove(o.profile.c_str());
  std::cerr << "cmnn-prof: " << command << "\n";
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) throw std::runtime_error("cannot start " + command);
  std::string guest_out;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) {
    guest_out.append(buffer, n);
    if (!o.quiet) std::fwrite(buffer, 1, n, stdout);
  }
  int status = pclose(pipe);
  int exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128;
  write_file(base + ".stdout.txt", guest_out);
  if (exit_status != 0) std::cerr << "cmnn-prof: WARNING: guest exit status " << exit_status << "\n";
  Profile profile = read_profile(o.profile);
  analyze_and_report(o, elf, profile, guest_out, exit_status);
  return exit_status;
}

int main_checked(int argc, char** argv) {
  Options o = parse(argc, argv);
  if (o.command == "lab-profile") {
    if (o.positional.size() != 1) usage("lab-profile: expected PROFILE");
    Profile p = read_profile(o.positional[0]);
    if (o.segment == "all") std::cout << to_lab_format(merge_segments(p));
    else {
      size_t s = std::stoul(o.segment);
      if (s >= p.segments.size()) usage("no such segment");
      std::cout << to_lab_format(p.segments[s]);
    }
    return 0;
  }
  if (o.command != "run" && o.command != "analyze") usage("unknown command " + o.command);
  if (core_cycle_model(o.core).empty()) usage("--core must name a core of targets/cores.json with a cycle model");
  if (o.command == "run") return run(o);
  if (o.positional.size() != 2) usage("analyze: expected IMAGE.elf PROFILE");
  std::string guest_out = o.stdout_file.empty() ? "" : read_text_file(o.stdout_file);
  return analyze_and_report(o, o.positional[0], read_profile(o.positional[1]), guest_out, 0);
}

}  // namespace
}  // namespace cmnn::prof

int main(int argc, char** argv) {
  try {
    return cmnn::prof::main_checked(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "cmnn-prof: error: " << e.what() << "\n";
    return 2;
  }
}
